"""Let Editors and Moderators, who moderate UGC, keep the sensitive-word list."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = ["Editors", "Moderators"]
CODENAME = "change_moderationsettings"


def grant(apps, schema_editor):
    # As in 0002: permissions are created after migrations unless asked for now.
    app_config = apps.get_app_config("cms")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
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
