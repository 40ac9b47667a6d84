import django_filters
from django.utils.translation import gettext_lazy as _

from campaigns.models import CampaignPage, PlanningStatus, Priority
from cms.filters import TargetingFilterSet


class CampaignFilterSet(TargetingFilterSet):
    planning_status = django_filters.ChoiceFilter(
        choices=PlanningStatus.choices, label=_("Planning status"), method="filter_planning_status"
    )
    priority = django_filters.ChoiceFilter(choices=Priority.choices, label=_("Priority"))

    class Meta:
        model = CampaignPage
        fields = []

    def filter_planning_status(self, queryset, name, value):
        # The listing annotates planning_status already (see CampaignIndexView).
        return queryset.filter(planning_status=value)
