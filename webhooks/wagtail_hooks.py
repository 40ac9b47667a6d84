from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cms.forms import ChoiceSetWidget
from webhooks import views
from webhooks.models import Event, WebhookEndpoint


class WebhookEndpointViewSet(SnippetViewSet):
    model = WebhookEndpoint
    icon = "link-external"
    menu_label = _("Webhooks")
    add_to_settings_menu = True
    list_display = ["name", "url", "events", "active"]
    panels = [
        FieldPanel("name"),
        FieldPanel("url"),
        FieldPanel("events", widget=ChoiceSetWidget(choices=Event.choices, separator=" ")),
        FieldPanel("secret"),
        FieldPanel("active"),
    ]


register_snippet(WebhookEndpointViewSet)


@hooks.register("register_admin_urls")
def register_delivery_log_urls():
    return [
        path("webhooks/deliveries/", views.delivery_log, name="webhook_deliveries"),
        path("webhooks/deliveries/<int:delivery_id>/send-again/", views.send_again, name="webhook_send_again"),
    ]


class DeliveryLogMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(views.PERMISSION)


@hooks.register("register_settings_menu_item")
def register_delivery_log_menu_item():
    return DeliveryLogMenuItem(_("Webhook deliveries"), reverse("webhook_deliveries"), icon_name="list-ul", order=900)
