from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import Button

from frontend_api.admin_views import app_preview, is_previewable


@hooks.register("register_admin_urls")
def register_app_preview_url():
    return [path("app-preview/<int:page_id>/", app_preview, name="app_preview")]


@hooks.register("register_page_header_buttons")
def app_preview_button(page, user, view_name, next_url=None):
    if is_previewable(page) and page.permissions_for_user(user).can_edit():
        yield Button(_("Preview in the app"), reverse("app_preview", args=[page.pk]), icon_name="mobile-alt", priority=25)
