"""Placing approved member posts in a campaign's feed, from the moderation queue.

Slots belong to the campaign page, so a placement is a new revision of the
campaign, like any edit. It goes live at once when the moderator may publish
the campaign and the campaign had no other unpublished changes; otherwise it
waits as a draft for the campaign's editor, so nobody's draft is published
by surprise.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from campaigns.models import CampaignPage, CampaignSlot
from cms.models import ModerationState, UGCPost


@dataclass(frozen=True)
class Placement:
    added: list[UGCPost]
    already_there: list[UGCPost]
    not_approved: list[UGCPost]
    published: bool


def place_posts(campaign: CampaignPage, posts: Iterable[UGCPost], user) -> Placement:
    """Append the approved ``posts`` not yet in the campaign's latest revision as slots."""
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
    publish = bool(added) and campaign.live and not campaign.has_unpublished_changes and campaign.permissions_for_user(user).can_publish()
    if added:
        revision = draft.save_revision(user=user, log_action=True)
        if publish:
            revision.publish(user=user)
    return Placement(added, already_there, not_approved, publish)
