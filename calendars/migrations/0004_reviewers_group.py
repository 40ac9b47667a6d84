"""A read-only "Reviewers" group for marketing, and the calendar for everyone who plans.

Reviewers may log in to the admin and open the marketing calendar, nothing
else; Editors and Moderators may open it too.
"""

from django.db import migrations

from cms.migration_support import create_app_permissions

REVIEWERS = "Reviewers"
PLANNERS = ["Editors", "Moderators", REVIEWERS]
CODENAME = "view_marketing_calendar"


def grant(apps, schema_editor):
    create_app_permissions(apps, "calendars")
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
