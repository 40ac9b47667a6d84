"""Let the planning groups work with experiments: Editors and Moderators run them, Reviewers (marketing) read reports."""

from django.db import migrations

from cms.migration_support import create_app_permissions

GROUP_ACTIONS = {
    "Editors": ["add", "change", "view"],
    "Moderators": ["add", "change", "delete", "view"],
    "Reviewers": ["view"],
}


def grant(apps, schema_editor):
    create_app_permissions(apps, "campaigns")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name__in=GROUP_ACTIONS):
        codenames = [f"{action}_experiment" for action in GROUP_ACTIONS[group.name]]
        group.permissions.add(*Permission.objects.filter(content_type__app_label="campaigns", codename__in=codenames))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name__in=GROUP_ACTIONS):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="campaigns", content_type__model="experiment"))


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0003_experiments"),
        ("calendars", "0004_reviewers_group"),  # creates the Reviewers group
        ("cms", "0002_editor_and_moderator_permissions"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
