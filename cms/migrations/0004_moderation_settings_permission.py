"""Let Editors and Moderators, who moderate UGC, keep the sensitive-word list."""

from django.db import migrations

from cms.migration_support import create_app_permissions

GROUPS = ["Editors", "Moderators"]
CODENAME = "change_moderationsettings"


def grant(apps, schema_editor):
    create_app_permissions(apps, "cms")
    permission = apps.get_model("auth", "Permission").objects.get(content_type__app_label="cms", codename=CODENAME)
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GROUPS):
        group.permissions.add(permission)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GROUPS):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="cms", codename=CODENAME))


class Migration(migrations.Migration):
    dependencies = [("cms", "0003_ugc_intake")]

    operations = [migrations.RunPython(grant, revoke)]
