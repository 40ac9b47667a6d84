"""What the app may see. Every root field of the API starts from these
querysets, and the campaign and calendar models' ``live_at`` use them too.

A page is public while it is published, past its go-live time, before its
expiry and not behind a view restriction. (Wagtail clears ``live`` on expiry
only when ``publish_scheduled`` runs, so the times are checked here too.)
A UGC post is public while it is approved and its author's consent covers
the channel asking on that day.
"""

import datetime
from collections.abc import Collection

from django.db.models import Exists, Min, OuterRef, Q, Subquery
from django.db.models.functions import StrIndex
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction
from wagtail.query import PageQuerySet

from cms.models import ArticlePage, UGCPost
from cms.models.ugc import UGCPostQuerySet


def live_pages(queryset: PageQuerySet, now: datetime.datetime | None = None, private: Collection[str] | None = None) -> PageQuerySet:
    """``private``: see :func:`unrestricted`."""
    now = now or timezone.now()
    return unrestricted(queryset.live(), private).filter(
        Q(go_live_at__isnull=True) | Q(go_live_at__lte=now),
        Q(expire_at__isnull=True) | Q(expire_at__gt=now),
    )


def unrestricted(queryset: PageQuerySet, private: Collection[str] | None = None) -> PageQuerySet:
    """Pages neither private themselves nor below a private page.

    ``private``: the private pages' tree paths (:func:`private_paths`), for a
    caller that read them once for many queries, as the moments of one
    content version do; building the check into each query costs more than
    running it. Without them, the check rides along in the query.
    """
    if private is None:
        return queryset.filter(~_under_view_restriction())
    for path in private:
        queryset = queryset.exclude(path__startswith=path)
    return queryset


def private_paths() -> list[str]:
    """The tree paths of the pages behind a view restriction: a page is private when its path starts with one of them."""
    return list(Page.objects.filter(view_restrictions__isnull=False).order_by("path").values_list("path", flat=True).distinct())


def _under_view_restriction() -> Exists:
    """Whether the page or an ancestor is private. Wagtail's ``public()`` runs a
    query of its own on every call; as a subquery, the check rides along.

    It reads the restrictions (a handful) and each one's page by primary key,
    so no query planner can turn it into a scan of every page per row.
    """
    restricted_path = Subquery(Page.objects.filter(pk=OuterRef("page_id")).order_by().values("path")[:1])
    return Exists(PageViewRestriction.objects.alias(position=StrIndex(OuterRef("path"), restricted_path)).filter(position=1))


def live_articles(now: datetime.datetime | None = None, private: Collection[str] | None = None) -> PageQuerySet:
    return live_pages(ArticlePage.objects.all(), now, private)


def public_ugc(channel_slug: str, now: datetime.datetime | None = None) -> UGCPostQuerySet:
    return UGCPost.objects.public(channel_slug, on=timezone.localdate(now or timezone.now()))


def next_change(pages: PageQuerySet, now: datetime.datetime) -> datetime.datetime | None:
    """The next go-live or expiry among live ``pages`` after ``now``: what they show changes then with no publish event."""
    found = pages.live().aggregate(
        go_live=Min("go_live_at", filter=Q(go_live_at__gt=now)), expiry=Min("expire_at", filter=Q(expire_at__gt=now)),
    )
    return min((time for time in found.values() if time), default=None)
