"""Let Wagtail's Editors and Moderators groups work with the taxonomy and UGC.

Editors maintain the taxonomy and moderate UGC; Moderators may also delete.
"""

from django.db import migrations

from cms.migration_support import create_app_permissions

MODELS = ["scene", "persona", "region", "channel", "ugcpost"]
GROUP_ACTIONS = {
    "Editors": ["add", "change", "view"],
    "Moderators": ["add", "change", "delete", "view"],
}


def grant(apps, schema_editor):
    create_app_permissions(apps, "cms")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, actions in GROUP_ACTIONS.items():
        group = Group.objects.filter(name=group_name).first()
        if group is None:
            continue
        codenames = [f"{action}_{model}" for model in MODELS for action in actions]
        group.permissions.add(*Permission.objects.filter(content_type__app_label="cms", codename__in=codenames))


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name__in=GROUP_ACTIONS):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="cms", content_type__model__in=MODELS))


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0001_initial"),
        ("wagtailcore", "0002_initial_data"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
