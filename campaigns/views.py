"""Campaign admin views: the listing with planning status, and placing posts in a campaign."""

from django import forms
from django.contrib import messages
from django.db.models import Case, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin import messages as wagtail_messages
from wagtail.admin.views.pages.listing import IndexView
from wagtail.permission_policies.pages import PagePermissionPolicy

from campaigns.models import CampaignPage, PlanningStatus
from campaigns.placement import place_posts
from cms.views import ModerationBulkAction


class CampaignIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().with_planning_status()


# The order campaigns are offered in: where a post shows soonest first.
PLACEMENT_ORDER = [
    PlanningStatus.LIVE, PlanningStatus.APPROVED, PlanningStatus.IN_REVIEW, PlanningStatus.PLANNED, PlanningStatus.IDEA, PlanningStatus.ENDED,
]


class CampaignChoiceField(forms.ModelChoiceField):
    """Each campaign with what a moderator places by: its status, its dates and its regions."""

    def label_from_instance(self, campaign: CampaignPage) -> str:
        return _("%(title)s · %(status)s · %(dates)s · %(regions)s") % {
            "title": campaign.title,
            "status": PlanningStatus(campaign.planning_status).label,
            "dates": campaign_dates(campaign),
            "regions": ", ".join(region.name for region in campaign.regions.all()) or _("all regions"),
        }


def campaign_dates(campaign: CampaignPage) -> str:
    start, end = (date_format(timezone.localtime(moment)) if moment else None for moment in (campaign.go_live_at, campaign.expire_at))
    if start and end:
        return _("%(start)s – %(end)s") % {"start": start, "end": end}
    if start:
        return _("from %(start)s") % {"start": start}
    if end:
        return _("until %(end)s") % {"end": end}
    return _("no dates set")


class PlaceInCampaignForm(forms.Form):
    campaign = CampaignChoiceField(
        label=_("Campaign"),
        queryset=CampaignPage.objects.none(),
        widget=forms.RadioSelect,
        help_text=_(
            "The posts are added to the end of its content slots, in a new revision: it goes live at once only if you "
            "may publish the campaign and it is live with no other unpublished changes; otherwise an editor publishes it."
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        running_or_planned = Q(expire_at__isnull=True) | Q(expire_at__gt=timezone.now())
        order = Case(*(When(planning_status=status, then=Value(rank)) for rank, status in enumerate(PLACEMENT_ORDER)))
        editable = PagePermissionPolicy().instances_user_has_permission_for(user, "change").values("pk")
        self.fields["campaign"].queryset = (
            CampaignPage.objects.filter(running_or_planned, expired=False, pk__in=editable)
            .with_planning_status()
            .prefetch_related("regions")
            .order_by(order, "go_live_at", "title")
        )


class PlaceInCampaignBulkAction(ModerationBulkAction):
    display_name = _("Place in campaign")
    action_type = "place_in_campaign"
    aria_label = _("Place selected posts in a campaign's content slots")
    action_priority = 30
    form_class = PlaceInCampaignForm

    def get_form_kwargs(self) -> dict:
        """Only campaigns the moderator may edit are offered: placing posts adds a revision to the campaign."""
        return {**super().get_form_kwargs(), "user": self.request.user}

    @classmethod
    def execute_action(cls, objects, **kwargs):
        action = kwargs["self"]
        action.campaign = action.cleaned_form.cleaned_data["campaign"]
        action.placement = place_posts(action.campaign, objects, action.request.user)
        return len(action.placement.added), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        placement, title = self.placement, self.campaign.title
        for post in placement.not_approved:
            messages.error(self.request, _("%(post)s: only approved posts can be placed in a campaign.") % {"post": post})
        if placement.already_there:
            messages.info(self.request, ngettext(
                "%(count)d post was already in %(campaign)s.", "%(count)d posts were already in %(campaign)s.", len(placement.already_there),
            ) % {"count": len(placement.already_there), "campaign": title})
        count = len(placement.added)
        if count:
            edit = wagtail_messages.button(reverse("wagtailadmin_pages:edit", args=[self.campaign.pk]), _("Open the campaign"))
            wagtail_messages.success(self.request, self.placed_message(count), buttons=[edit])
        return None

    def placed_message(self, count: int) -> str:
        """Says whether the posts went live or wait in a draft, as :func:`cms.revisions.save_change` decided."""
        if self.placement.published:
            return ngettext("%(count)d post placed in %(campaign)s and published.", "%(count)d posts placed in %(campaign)s and published.", count) % {
                "count": count, "campaign": self.campaign.title,
            }
        return ngettext(
            "%(count)d post added to a draft of %(campaign)s; publish the campaign to show it.",
            "%(count)d posts added to a draft of %(campaign)s; publish the campaign to show them.", count,
        ) % {"count": count, "campaign": self.campaign.title}
