"""Admin views of the API: draft previews in the app, and creating API keys."""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page
from wagtail.snippets.views.snippets import CreateView

from frontend_api import preview

PREVIEWABLE = ("cms.articlepage", "campaigns.campaignpage", "calendars.tastecalendarpage")


def is_previewable(page: Page) -> bool:
    return page.specific_class is not None and page.specific_class._meta.label_lower in PREVIEWABLE


def app_preview(request, page_id: int) -> TemplateResponse:
    page = get_object_or_404(Page, pk=page_id).specific
    if not is_previewable(page) or not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    token = preview.issue_token(page)
    expires_at = timezone.now() + datetime.timedelta(seconds=settings.MOMENTS_PREVIEW_TTL_SECONDS)
    return TemplateResponse(
        request,
        "frontend_api/app_preview.html",
        {
            "page": page,
            "token": token,
            "preview_url": preview.preview_url(token),
            "endpoint": request.build_absolute_uri("/graphql/preview/"),
            "expires_at": expires_at,
            "header_title": _("Preview in the app: %(title)s") % {"title": page.get_admin_display_title()},
        },
    )


class ApiKeyCreateView(CreateView):
    """Creates the key, then shows it once instead of redirecting to the listing."""

    def save_instance(self):
        self.key = self.form.instance.generate_key()
        self.form.instance.created_by = self.request.user
        return super().save_instance()

    def save_action(self):
        return TemplateResponse(
            self.request,
            "frontend_api/admin/api_key_created.html",
            {
                "api_key": self.object,
                "key": self.key,
                "index_url": self.get_success_url(),
                "header_title": _("API key created: %(name)s") % {"name": self.object.name},
            },
        )
