from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.viewsets.pages import PageListingViewSet

from campaigns.filters import CampaignFilterSet
from campaigns.models import CampaignPage, PlanningStatus
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
