"""Moderation decisions on UGC posts: the rules and the recorded decision.

The queue's row actions, the bulk actions and (later) the API all go through these
functions, so the rule "no approval without consent" lives in one place, and
every decision lands in Wagtail's audit log with who, when and why.
"""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from cms.models import ModerationState, UGCPost

APPROVE_ACTION = "moments.ugc.approve"
REJECT_ACTION = "moments.ugc.reject"
REJECT_UNREADABLE_ACTION = "moments.ugc.reject_unreadable"

# Sent with ``post`` and its ``previous_state`` after every decision, inside its transaction.
post_decided = Signal()


def consent_problem(channels: Iterable, consent_until: datetime.date | None, today: datetime.date) -> str | None:
    """Why a post with this consent cannot be approved for reuse, or ``None`` if it can."""
    if not list(channels):
        return _("The member has not consented to reuse on any channel, so the post cannot be approved.")
    if consent_until is not None and consent_until < today:
        return _("The member's consent ended on %(date)s, so the post cannot be approved.") % {"date": consent_until}
    return None


@transaction.atomic
def approve(post: UGCPost, user) -> None:
    _check_decidable(post)
    problem = consent_problem(post.consent_channels.all(), post.consent_until, timezone.localdate())
    if problem:
        raise ValidationError(problem)
    _decide(post, user, ModerationState.APPROVED, reason="", action=APPROVE_ACTION)


@transaction.atomic
def reject(post: UGCPost, user, reason: str) -> None:
    _check_decidable(post)
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Give a reason when rejecting a post; the member sees it."))
    _decide(post, user, ModerationState.REJECTED, reason=reason, action=REJECT_ACTION)


@transaction.atomic
def reject_unreadable(post: UGCPost, reason: str) -> None:
    """Reject a post still processing whose photos cannot be read: no moderator decides, the member sees ``reason``."""
    _decide(post, None, ModerationState.REJECTED, reason=reason, action=REJECT_UNREADABLE_ACTION)


def _check_decidable(post: UGCPost) -> None:
    if post.moderation_state == ModerationState.PROCESSING:
        raise ValidationError(_("The post's photos are still being processed; decide once it is pending."))


def _decide(post: UGCPost, user, state: str, reason: str, action: str) -> None:
    previous_state = post.moderation_state
    post.moderation_state = state
    post.rejection_reason = reason
    post.moderated_by = user
    post.moderated_at = timezone.now()
    post.save(update_fields=["moderation_state", "rejection_reason", "moderated_by", "moderated_at"])
    log(instance=post, action=action, user=user, data={"reason": reason})
    post_decided.send(sender=UGCPost, post=post, previous_state=previous_state)
