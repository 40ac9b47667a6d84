"""What the app may see. Every root field of the API starts from these
querysets, and the campaign and calendar models' ``live_at`` use them too.

A page is public while it is published, past its go-live time, before its
expiry and not behind a view restriction. (Wagtail clears ``live`` on expiry
only when ``publish_scheduled`` runs, so the times are checked here too.)
A UGC post is public while it is approved and its author's consent covers
the channel asking on that day.
"""

import datetime

from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Length, Substr
from django.utils import timezone
from wagtail.models import PageViewRestriction
from wagtail.query import PageQuerySet

from cms.models import ArticlePage, UGCPost
from cms.models.ugc import UGCPostQuerySet


def live_pages(queryset: PageQuerySet, now: datetime.datetime | None = None) -> PageQuerySet:
    now = now or timezone.now()
    return unrestricted(queryset.live()).filter(
        Q(go_live_at__isnull=True) | Q(go_live_at__lte=now),
        Q(expire_at__isnull=True) | Q(expire_at__gt=now),
    )


def unrestricted(queryset: PageQuerySet) -> PageQuerySet:
    """Pages neither private themselves nor below a private page."""
    return queryset.filter(~_under_view_restriction())


def _under_view_restriction() -> Exists:
    """Whether the page or an ancestor is private. Wagtail's ``public()`` runs a
    query of its own on every call; as a subquery, the check rides along."""
    restricted_ancestor = Substr(OuterRef("path"), 1, Length("page__path"))
    return Exists(PageViewRestriction.objects.filter(page__path=restricted_ancestor))


def live_articles(now: datetime.datetime | None = None) -> PageQuerySet:
    return live_pages(ArticlePage.objects.all(), now)


def public_ugc(channel_slug: str, now: datetime.datetime | None = None) -> UGCPostQuerySet:
    return UGCPost.objects.public(channel_slug, on=timezone.localdate(now or timezone.now()))
