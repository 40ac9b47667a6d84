"""The marketing calendar in the admin menu, for everyone allowed to view it."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from calendars import views


class MarketingCalendarMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return request.user.has_perm(views.VIEW_PERMISSION)


@hooks.register("register_admin_urls")
def register_marketing_calendar_urls():
    return [
        path("marketing-calendar/", views.TimelineView.as_view(), name="marketing_calendar"),
        path("marketing-calendar/coverage/", views.CoverageView.as_view(), name="marketing_calendar_coverage"),
        path("marketing-calendar/report/", views.ReportView.as_view(), name="marketing_calendar_report"),
        path("marketing-calendar/export/", views.export_calendar, name="marketing_calendar_export"),
        path("marketing-calendar/import/", views.ImportView.as_view(), name="marketing_calendar_import"),
        path("marketing-calendar/feed/reset/", views.reset_feed, name="marketing_calendar_feed_reset"),
    ]


@hooks.register("register_admin_menu_item")
def register_marketing_calendar_menu_item():
    return MarketingCalendarMenuItem(
        _("Marketing calendar"), reverse("marketing_calendar"), icon_name="date", order=180, name="marketing-calendar",
    )
