"""What needs someone today: the admin's home panel for editors, moderators and marketing.

One look answers the morning's questions: what is live, what goes live or
ends in the next seven days (scheduled go-live and expiry happen with nobody
pressing a button), how many members' posts wait and for how long, which
seasonal items peak this week, and which campaigns clash in it. Campaigns
and clashes come from the marketing calendar's own plan, nationwide, so the
panel and the calendar never disagree.
"""

import dataclasses
import datetime

from django.utils import timezone

from calendars import findings
from calendars.models import SeasonalEntry
from calendars.plan import PlannedCampaign, load_plan
from calendars.selection import Period, Selection, Zoom
from campaigns.models import PlanningStatus
from cms.models import ModerationState, UGCPost

DAYS_AHEAD = 7


@dataclasses.dataclass(frozen=True)
class Today:
    week: Period
    live: list[PlannedCampaign]
    going_live: list[PlannedCampaign]
    ending: list[PlannedCampaign]
    pending_posts: int
    oldest_pending_since: datetime.datetime | None
    peaking: list[SeasonalEntry]
    clashes: list[findings.Clash]


def today(now: datetime.datetime | None = None) -> Today:
    """The panel's contents at ``now``: the week is today and the six days after it."""
    now = now or timezone.now()
    first_day = timezone.localdate(now)
    week = Period(Zoom.MONTH, first_day, first_day + datetime.timedelta(days=DAYS_AHEAD - 1))  # a period of days, not a month
    week_end = now + datetime.timedelta(days=DAYS_AHEAD)
    plan = load_plan(Selection(period=week))
    live = [c for c in plan.campaigns if c.status == PlanningStatus.LIVE]
    pending = UGCPost.objects.filter(moderation_state=ModerationState.PENDING)
    return Today(
        week=week,
        live=sorted(live, key=lambda c: (-c.priority, c.ends_at or week_end)),
        going_live=sorted((c for c in plan.campaigns if c.starts_at and now < c.starts_at <= week_end), key=lambda c: c.starts_at),
        ending=sorted((c for c in live if c.ends_at and now < c.ends_at <= week_end), key=lambda c: c.ends_at),
        pending_posts=pending.count(),
        oldest_pending_since=pending.order_by("created_at").values_list("created_at", flat=True).first(),
        peaking=list(
            SeasonalEntry.objects.published(now)
            .filter(peak_start__lte=week.end, peak_end__gte=week.start)
            .select_related("calendar")
            .order_by("peak_end", "item")
        ),
        clashes=findings.clashes(plan),
    )
