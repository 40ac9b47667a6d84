from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    name = "webhooks"
    verbose_name = _("Publish webhooks")

    def ready(self):
        from webhooks import events

        events.connect()
