from django.urls import path
from django.utils.translation import gettext_lazy as _, pgettext_lazy
from wagtail import hooks
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from campaigns import experiment_actions
from campaigns.experiment_views import (
    ExperimentEditView,
    ExperimentIndexView,
    PromoteView,
    ReportCSVView,
    ReportView,
    StartView,
    StopView,
)
from campaigns.filters import CampaignFilterSet
from campaigns.models import CampaignPage, Experiment, PlanningStatus
from campaigns.views import CampaignIndexView, PlaceInCampaignBulkAction


class PlanningStatusColumn(Column):
    def get_value(self, instance):
        return PlanningStatus(instance.planning_status).label


class CampaignListingViewSet(PageListingViewSet):
    model = CampaignPage
    icon = "pick"
    menu_label = _("Campaigns")
    menu_order = 190
    add_to_admin_menu = True
    index_view_class = CampaignIndexView
    filterset_class = CampaignFilterSet
    columns = PageListingViewSet.columns + [
        PlanningStatusColumn("planning_status", label=_("Planning status")),
        Column("get_priority_display", label=_("Priority")),
        DateColumn("go_live_at", label=_("Goes live"), sort_key="go_live_at"),
        DateColumn("expire_at", label=_("Expires"), sort_key="expire_at"),
    ]


@hooks.register("register_admin_viewset")
def register_campaign_listing():
    return CampaignListingViewSet("campaigns")


hooks.register("register_bulk_action", PlaceInCampaignBulkAction)


class ExperimentViewSet(SnippetViewSet):
    model = Experiment
    icon = "tasks"
    menu_label = _("Experiments")
    menu_order = 195
    add_to_admin_menu = True
    index_view_class = ExperimentIndexView
    edit_view_class = ExperimentEditView
    list_display = ["name", "campaign", "state", DateColumn("started_at", label=pgettext_lazy("experiment time", "Started"), sort_key="started_at")]
    list_filter = ["state"]
    ordering = ["-started_at", "name"]

    def get_urlpatterns(self):
        views = {"start": StartView, "stop": StopView, "promote": PromoteView, "report": ReportView, "report_csv": ReportCSVView}
        return super().get_urlpatterns() + [
            path(f"{name.replace('_', '/')}/<int:pk>/", view.as_view(), name=name) for name, view in views.items()
        ]


register_snippet(ExperimentViewSet)


@hooks.register("register_log_actions")
def register_experiment_log_actions(actions):
    actions.register_action(experiment_actions.START_ACTION, _("Start experiment"), _("Started"))
    actions.register_action(experiment_actions.STOP_ACTION, _("Stop experiment"), _("Stopped"))
    actions.register_action(experiment_actions.PROMOTE_ACTION, _("Promote the experiment's winner"), _("Winner promoted"))
    actions.register_action(experiment_actions.BANDIT_ACTION, _("Bandit set traffic shares"), _("Traffic shares updated"))
