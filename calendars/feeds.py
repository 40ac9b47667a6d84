"""The marketing calendar as an iCal feed, for Outlook, Google Calendar and Apple Calendar.

The feed covers last year, this year and next year with the same filters as
the admin views: campaigns (timed, in the site's time zone, with their status
and a link to edit them), the peaks of the region's taste calendar, festivals
and the 24 solar terms (all-day events). Every event has a stable UID, so a
calendar app updates events instead of duplicating them. Its words are in the
language of the feed's owner (calendars.views.feed).
"""

import dataclasses
import datetime
from collections.abc import Iterable

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from calendars import almanac
from calendars.plan import Plan, PlannedCampaign, Season, load_plan
from calendars.selection import Period, Selection, Zoom
from campaigns.models import PlanningStatus
from cms.links import page_edit_url

PRODUCT_ID = "-//Moments CMS//Marketing calendar//EN"
UID_DOMAIN = "moments-cms"

# How a campaign's planning status reads in a calendar app.
EVENT_STATUS = {
    PlanningStatus.IDEA: "TENTATIVE",
    PlanningStatus.PLANNED: "TENTATIVE",
    PlanningStatus.IN_REVIEW: "TENTATIVE",
    PlanningStatus.APPROVED: "CONFIRMED",
    PlanningStatus.LIVE: "CONFIRMED",
    PlanningStatus.ENDED: "CONFIRMED",
}


def feed_plans(selection: Selection, today: datetime.date) -> list[Plan]:
    years = (today.year - 1, today.year, today.year + 1)
    return [
        load_plan(dataclasses.replace(selection, period=Period.around(Zoom.YEAR, datetime.date(year, 1, 1))))
        for year in years
    ]


def _name(selection: Selection) -> str:
    parts = [str(item) for item in (selection.region, selection.persona, selection.scene, selection.channel) if item]
    return " · ".join([_("Moments marketing calendar")] + parts)


def campaign_event(campaign: PlannedCampaign, stamp: datetime.datetime) -> Event:
    event = Event()
    status = PlanningStatus(campaign.status)
    link = page_edit_url(campaign.id)
    event.add("uid", f"campaign-{campaign.id}@{UID_DOMAIN}")
    event.add("dtstamp", stamp)
    event.add("summary", f"{campaign.title} [{status.label}]")
    event.add("status", EVENT_STATUS[status])
    event.add("categories", [_("Campaign"), str(status.label)])
    event.add("url", link)
    if campaign.ends_at:
        event.add("dtstart", timezone.localtime(campaign.starts_at))
        event.add("dtend", timezone.localtime(campaign.ends_at))
        event.add("description", _("Status: %(status)s") % {"status": status.label} + f"\n{link}")
    else:  # open-ended: shown on the day it starts
        event.add("dtstart", campaign.span.start)
        event.add("description", _("Status: %(status)s (no end date)") % {"status": status.label} + f"\n{link}")
    return event


def all_day_event(uid: str, summary: str, first: datetime.date, last: datetime.date, category: str, stamp) -> Event:
    event = Event()
    event.add("uid", f"{uid}@{UID_DOMAIN}")
    event.add("dtstamp", stamp)
    event.add("summary", summary)
    event.add("dtstart", first)
    event.add("dtend", last + datetime.timedelta(days=1))  # exclusive, as iCal wants
    event.add("transp", "TRANSPARENT")
    event.add("categories", [category])
    return event


def peak_event(season: Season, stamp: datetime.datetime) -> Event:
    summary = _("Peak: %(item)s · %(calendar)s") % {"item": season.name, "calendar": season.calendar_title}
    return all_day_event(f"peak-{season.id}", summary, season.peak.start, season.peak.end, _("Seasonal peak"), stamp)


def almanac_event(day: almanac.AlmanacDay, stamp: datetime.datetime) -> Event:
    uid = f"{day.kind}-{day.date:%Y%m%d}-{day.name.encode().hex()}"
    return all_day_event(uid, day.name, day.date, day.date, day.kind_label, stamp)


def _unique(events: Iterable[Event]) -> list[Event]:
    return list({str(event["uid"]): event for event in events}.values())


def build_feed(selection: Selection, today: datetime.date | None = None) -> Calendar:
    today = today or timezone.localdate()
    stamp = timezone.now()
    plans = feed_plans(selection, today)
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", _name(selection))
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    calendar.add("refresh-interval", datetime.timedelta(hours=1), parameters={"VALUE": "DURATION"})
    events = []
    for plan in plans:
        events += [campaign_event(campaign, stamp) for campaign in plan.campaigns]
        events += [peak_event(season, stamp) for season in plan.seasons if season.peak]
        events += [almanac_event(day, stamp) for day in plan.almanac_days]
    for event in _unique(events):
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar
