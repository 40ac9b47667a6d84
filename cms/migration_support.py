"""Helpers for data migrations that hand permissions to groups."""

from django.contrib.auth.management import create_permissions


def create_app_permissions(apps, app_label: str) -> None:
    """Create an app's permissions now, so a migration can grant them.

    Django creates permissions after all migrations have run; the historical
    app config needs ``models_module`` set for ``create_permissions`` to work.
    """
    app_config = apps.get_app_config(app_label)
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
