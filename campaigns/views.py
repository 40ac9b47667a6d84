"""Campaign admin views: the listing with planning status, and placing posts in a campaign."""

from django import forms
from django.contrib import messages
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.views.pages.listing import IndexView

from campaigns.models import CampaignPage
from campaigns.placement import place_posts
from cms.views import ModerationBulkAction


class CampaignIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().with_planning_status()


class PlaceInCampaignForm(forms.Form):
    campaign = forms.ModelChoiceField(
        label=_("Campaign"),
        queryset=CampaignPage.objects.none(),
        help_text=_("The posts are added to the end of its content slots."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        running_or_planned = Q(expire_at__isnull=True) | Q(expire_at__gt=timezone.now())
        self.fields["campaign"].queryset = CampaignPage.objects.filter(running_or_planned, expired=False).order_by("-live", "title")


class PlaceInCampaignBulkAction(ModerationBulkAction):
    display_name = _("Place in campaign")
    action_type = "place_in_campaign"
    aria_label = _("Place selected posts in a campaign's content slots")
    action_priority = 30
    form_class = PlaceInCampaignForm

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
        if not count:
            return None
        if placement.published:
            return ngettext("%(count)d post placed in %(campaign)s and published.", "%(count)d posts placed in %(campaign)s and published.", count) % {
                "count": count, "campaign": title,
            }
        return ngettext(
            "%(count)d post added to a draft of %(campaign)s; publish the campaign to show it.",
            "%(count)d posts added to a draft of %(campaign)s; publish the campaign to show them.", count,
        ) % {"count": count, "campaign": title}
