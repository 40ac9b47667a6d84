"""What moments of one content version share (live campaigns, a region's editions and their seasons) is read once per
process, and still changes on time: with a new version, and at a scheduled expiry with no publish event."""

import datetime

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from campaigns.models import CampaignIndexPage, CampaignPage

pytestmark = [pytest.mark.django_db, pytest.mark.date_sensitive]

MOMENT = """
query ($at: DateTime!, $personas: [String!]) {
  moment(at: $at, region: "CN-GD-GZ", personas: $personas, first: 10) { campaigns { slug } items { score reasons } }
}
"""


@pytest.fixture
def uncached(settings):
    """No answer cache, so every request computes its moment; local memory keeps the content version in Python's clock."""
    settings.MOMENTS_MOMENT_CACHE_SECONDS = 0
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "versioned-reads"}}
    cache.clear()  # a new content version: this cache outlives the test, the database rows it named do not


def ask(graphql, at: datetime.datetime, personas: list[str] | None = None) -> tuple[dict, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        moment = graphql.data(MOMENT, {"at": at.isoformat(), "personas": personas})["moment"]
    return moment, [query["sql"] for query in queries]


def campaign_slugs(moment: dict) -> set[str]:
    return {campaign["slug"] for campaign in moment["campaigns"]}


def published_campaign(slug: str, **fields) -> CampaignPage:
    campaign = CampaignPage(title=slug, slug=slug, hook=slug, **fields)
    CampaignIndexPage.objects.get().add_child(instance=campaign)
    campaign.save_revision().publish()
    return campaign


def shared_reads(statements: list[str]) -> list[str]:
    """The statements reading the region's editions, their in-season entries and the live campaigns."""
    return [
        sql for sql in statements
        if sql.startswith('SELECT "calendars_seasonalentry"') or 'FROM "delivery_indexeditem" WHERE kind' in sql
        or (sql.startswith('SELECT "wagtailcore_page"') and '"calendars_tastecalendarpage"' in sql)
    ]


def test_another_moment_of_the_same_version_and_day_reads_only_its_own_rows(graphql, uncached):
    published_campaign("live-for-everyone")
    now = timezone.now()
    first, first_statements = ask(graphql, now)
    second, statements = ask(graphql, now, personas=["genz-foodie"])
    assert "live-for-everyone" in campaign_slugs(first) and "live-for-everyone" in campaign_slugs(second)
    assert len(shared_reads(first_statements)) == 3
    assert shared_reads(statements) == []


def test_another_day_of_the_year_in_the_same_region_reads_no_calendar_again(graphql, uncached):
    """Any day's editions and in-season entries follow from the region's seasons of the year, read once."""
    now = timezone.now()
    later = now + datetime.timedelta(days=100)
    other_day = later if timezone.localdate(later).year == timezone.localdate(now).year else now - datetime.timedelta(days=100)
    ask(graphql, now)
    _, statements = ask(graphql, other_day)
    assert not [sql for sql in statements if "calendars_" in sql]


def test_a_new_version_is_read_anew(graphql, uncached):
    now = timezone.now()
    before, _ = ask(graphql, now)
    published_campaign("published-between-two-moments")
    after, _ = ask(graphql, timezone.now())
    assert "published-between-two-moments" in campaign_slugs(after) - campaign_slugs(before)


def test_a_campaign_leaves_at_its_expiry_with_no_publish_event(graphql, uncached):
    started = timezone.now()
    published_campaign("ends-in-two-minutes", expire_at=started + datetime.timedelta(minutes=2))
    assert "ends-in-two-minutes" in campaign_slugs(ask(graphql, started)[0])
    with time_machine.travel(started + datetime.timedelta(minutes=2, seconds=5)):
        later, _ = ask(graphql, timezone.now())
    assert "ends-in-two-minutes" not in campaign_slugs(later)


def test_index_items_and_private_paths_are_read_once_per_version(graphql, uncached):
    """A moment's index ranges return item ids; an item's traits and the private pages' paths are read at most once
    per content version and process, and again at a new version."""
    now = timezone.now()
    _, first = ask(graphql, now)
    _, second = ask(graphql, now)
    published_campaign("a-new-version")
    _, third = ask(graphql, now)
    for statements, read in ((first, True), (second, False), (third, True)):
        assert any('FROM "delivery_indexeditem" WHERE id IN' in sql for sql in statements) is read
        assert any('"wagtailcore_pageviewrestriction"' in sql for sql in statements) is read
