"""The marketing calendar in the admin menu, for everyone allowed to view it."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from calendars import dashboard, views
from cms.models import ModerationState


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


class TodayPanel(Component):
    """The admin home's first panel: what needs the user today (:mod:`calendars.dashboard`)."""

    name = "moments_today"
    template_name = "calendars/admin/today_panel.html"
    order = 10

    def __init__(self, user):
        self.user = user
        self.show_plan = user.has_perm(views.VIEW_PERMISSION)
        self.show_posts = user.has_perm("cms.change_ugcpost")

    def get_context_data(self, parent_context=None) -> dict:
        today = dashboard.today()
        campaigns = [*today.live, *today.going_live, *(c for clash in today.clashes for c in (clash.first, clash.second))]
        return {
            "today": today, "show_plan": self.show_plan, "show_posts": self.show_posts,
            "editable": views.editable_page_ids(self.user, [campaign.id for campaign in campaigns]),
            "moderation_url": f"{reverse('wagtailsnippets_cms_ugcpost:list')}?moderation_state={ModerationState.PENDING}",
            "report_url": reverse("marketing_calendar_report"),
        }


@hooks.register("construct_homepage_panels")
def add_today_panel(request, panels) -> None:
    panel = TodayPanel(request.user)
    if panel.show_plan or panel.show_posts:
        panels.insert(0, panel)
