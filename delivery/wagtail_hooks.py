"""The app preview in the admin menu, for everyone allowed to open it."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from delivery.admin_views import VIEW_PERMISSION, AppPreviewView


class AppPreviewMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return request.user.has_perm(VIEW_PERMISSION)


@hooks.register("register_admin_urls")
def register_app_preview_url():
    return [path("moment-preview/", AppPreviewView.as_view(), name="moment_preview")]


@hooks.register("register_admin_menu_item")
def register_app_preview_menu_item():
    return AppPreviewMenuItem(_("App preview"), reverse("moment_preview"), icon_name="mobile-alt", order=190, name="app-preview")
