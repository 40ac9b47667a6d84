"""The app preview for everyone who plans: Editors, Moderators and Reviewers (marketing), as the marketing calendar."""

from django.db import migrations, models

from cms.migration_support import create_app_permissions

PLANNERS = ["Editors", "Moderators", "Reviewers"]
CODENAME = "view_app_preview"


def grant(apps, schema_editor):
    create_app_permissions(apps, "delivery")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    preview = Permission.objects.get(content_type__app_label="delivery", codename=CODENAME)
    for group in Group.objects.filter(name__in=PLANNERS):
        group.permissions.add(preview)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(content_type__app_label="delivery", codename=CODENAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("delivery", "0001_delivery_index"),
        ("calendars", "0004_reviewers_group"),  # creates the Reviewers group
    ]

    operations = [
        migrations.CreateModel(
            name="AppPreview",
            fields=[("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID"))],
            options={
                "permissions": [("view_app_preview", "Can preview what the app shows at a moment")],
                "managed": False,
                "default_permissions": (),
            },
        ),
        migrations.RunPython(grant, revoke),
    ]
