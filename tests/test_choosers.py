"""Long choice lists in the admin: grouped, labelled to read alone, filterable by name or pinyin."""

import datetime
import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from calendars.models import SeasonalEntry, TasteCalendarPage
from campaigns.models import CampaignPage
from cms.models import Region
from cms.models.targeting import region_checkboxes
from tests.test_admin import add_campaign_url, campaign_form

pytestmark = pytest.mark.django_db


def options(page: str, field: str) -> list[tuple[str, str, str]]:
    """A filterable field's options, in order: (the group it is under, its label, what a typed word is looked for in)."""
    start = page.index(f'id="id_{field}"')
    block = page[start: page.index("</div>\n    </div>", start)]
    found = []
    for group in re.split(r"<fieldset", block)[1:]:
        legend = re.search(r"<legend>(.*?)</legend>", group)
        for terms, label in re.findall(r'data-terms="([^"]*)".*?<input[^>]*>\s*(.*?)</label>', group, re.S):
            found.append((html.unescape(legend[1]) if legend else "", html.unescape(label.strip()), html.unescape(terms)))
    return found


def groups_of(found, label: str) -> list[str]:
    return [group for group, option, _ in found if option == label]


@pytest.fixture
def campaign_form_page(editor_client) -> str:
    campaign = CampaignPage.objects.get(slug="hairy-crab-season")
    return editor_client.get(reverse("wagtailadmin_pages:edit", args=[campaign.pk])).content.decode()


def test_seasonal_items_are_grouped_by_edition_and_found_by_pinyin(campaign_form_page):
    items = options(campaign_form_page, "seasonal_entries")
    assert len(items) == SeasonalEntry.objects.count()
    editions = list(dict.fromkeys(group for group, _, _ in items))
    calendars = TasteCalendarPage.objects.order_by("-year", "title")
    assert editions == [calendar.title for calendar in calendars]  # the latest editions first
    assert groups_of(items, "大闸蟹 (阳澄湖)") == [c.title for c in calendars if c.entries.filter(item="大闸蟹").exists()]
    crab_terms = next(terms for _, label, terms in items if label == "大闸蟹 (阳澄湖)")
    assert all(word in crab_terms for word in ("dazhaxie", "dzx", "阳澄湖", "上海"))  # name, pinyin, edition


def test_regions_read_with_their_province(campaign_form_page):
    regions = options(campaign_form_page, "regions")
    assert regions[0][:2] == ("", "中国")  # the country stands above the provinces
    assert groups_of(regions, "上海 › 上海市") == ["上海"]
    assert groups_of(regions, "上海") == ["上海"]
    assert groups_of(regions, "广东 › 深圳") == ["广东"]
    assert "shanghaishi" in next(terms for _, label, terms in regions if label == "上海 › 上海市").split()


def test_the_region_list_is_one_query_however_many_regions():
    field = CampaignPage.get_edit_handler().get_form_class()().fields["regions"]
    widget = region_checkboxes()
    widget.choices = field.choices
    with CaptureQueriesContext(connection) as captured:
        rendered = widget.render("regions", [])
    assert len(captured) == 1
    assert rendered.count('type="checkbox"') == Region.objects.count()


def test_chosen_items_and_regions_are_saved(editor_client):
    go_live = timezone.localtime() + datetime.timedelta(days=3)
    crab = SeasonalEntry.objects.filter(item="大闸蟹").first()
    city = Region.objects.get(code="CN-SH-SH")
    data = campaign_form("选中的蟹", "chosen-crab", go_live, go_live + datetime.timedelta(days=7))
    data.update({"seasonal_entries": [crab.pk], "regions": [city.pk]})
    assert editor_client.post(add_campaign_url(), data).status_code == 302
    campaign = CampaignPage.objects.get(slug="chosen-crab").get_latest_revision_as_object()
    assert list(campaign.seasonal_entries.all()) == [crab]
    assert list(campaign.regions.all()) == [city]

