"""Absolute links for places outside the browser: calendar apps, spreadsheets, emails."""

from django.conf import settings
from django.urls import reverse


def absolute_url(path: str) -> str:
    """``path`` on the site's public address (``BASE_URL``)."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def page_edit_url(page_id: int) -> str:
    return absolute_url(reverse("wagtailadmin_pages:edit", args=[page_id]))
