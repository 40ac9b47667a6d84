"""Placing approved member posts in a campaign's feed, from the moderation queue.

Slots belong to the campaign page, so a placement is a new revision of the
campaign (see :mod:`cms.revisions` for when it goes live).
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from campaigns.models import CampaignPage, CampaignSlot
from cms.models import ModerationState, UGCPost
from cms.revisions import save_change


@dataclass(frozen=True)
class Placement:
    added: list[UGCPost]
    already_there: list[UGCPost]
    not_approved: list[UGCPost]
    published: bool


@transaction.atomic
def place_posts(campaign: CampaignPage, posts: Iterable[UGCPost], user) -> Placement:
    """Append the approved ``posts`` not yet in the campaign's latest revision as slots, in one revision or none."""
    draft = campaign.get_latest_revision_as_object()
    present = {slot.ugc_post_id for slot in draft.slots.all()}
    added, already_there, not_approved = [], [], []
    for post in posts:
        if post.moderation_state != ModerationState.APPROVED:
            not_approved.append(post)
        elif post.pk in present:
            already_there.append(post)
        else:
            added.append(post)
            draft.slots.add(CampaignSlot(ugc_post=post, note=_("Placed from the moderation queue")))
    published = save_change(campaign, draft, user) if added else False
    return Placement(added, already_there, not_approved, published)
