"""A read-only "Reviewers" group for marketing, and the calendar for everyone who plans.

Reviewers may log in to the admin and open the marketing calendar, nothing
else; Editors and Moderators may open it too.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

REVIEWERS = "Reviewers"
PLANNERS = ["Editors", "Moderators", REVIEWERS]
CODENAME = "view_marketing_calendar"


def grant(apps, schema_editor):
    # As in cms 0002: permissions are created after migrations unless asked for now.
    app_config = apps.get_app_config("calendars")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    reviewers, _ = Group.objects.get_or_create(name=REVIEWERS)
    reviewers.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    calendar = Permission.objects.get(content_type__app_label="calendars", codename=CODENAME)
    for group in Group.objects.filter(name__in=PLANNERS):
        group.permissions.add(calendar)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name__in=PLANNERS):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="calendars", codename=CODENAME))
    Group.objects.filter(name=REVIEWERS, user__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("calendars", "0003_marketing_calendar"),
        ("cms", "0004_moderation_settings_permission"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
