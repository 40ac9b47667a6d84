"""Admin registration of the API: draft previews in the app, and API keys."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cms.forms import ChoiceSetWidget
from frontend_api.admin_views import ApiKeyCreateView, app_preview, is_previewable
from frontend_api.models import ApiKey, Scope


@hooks.register("register_admin_urls")
def register_app_preview_url():
    return [path("app-preview/<int:page_id>/", app_preview, name="app_preview")]


@hooks.register("register_page_header_buttons")
def app_preview_button(page, user, view_name, next_url=None):
    if is_previewable(page) and page.permissions_for_user(user).can_edit():
        yield Button(_("Preview in the app"), reverse("app_preview", args=[page.pk]), icon_name="mobile-alt", priority=25)


class ApiKeyViewSet(SnippetViewSet):
    model = ApiKey
    icon = "key"
    menu_label = _("API keys")
    add_to_settings_menu = True
    add_view_class = ApiKeyCreateView
    list_display = ["__str__", "scopes", "is_active", "created_at", "last_used_at"]
    list_filter = ["is_active"]
    panels = [
        FieldPanel("name"),
        FieldPanel("scopes", widget=ChoiceSetWidget(choices=Scope.choices, separator=" ")),
        FieldPanel("is_active"),
    ]


register_snippet(ApiKeyViewSet)
