"""The campaign listing, annotated with each campaign's planning status."""

from wagtail.admin.views.pages.listing import IndexView


class CampaignIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().with_planning_status()
