"""The taste calendar editor: entries headed by what and when under a month grid, light enough to open at once.

Editions of their own, for 2031 and 2032 in Zhejiang, which the demo world
has none of; its own largest edition is opened in tests/test_browser.py.
"""

import datetime
import re

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from calendars.models import SeasonalEntry, TasteCalendarIndexPage, TasteCalendarPage
from cms.models import ArticlePage, MomentsImage, Region
from tests.test_translations import visible_texts

pytestmark = pytest.mark.django_db

YEAR = 2031
CRAB = {
    "item": "大闸蟹", "variety": "阳澄湖", "category": "seafood", "origin": "江苏苏州阳澄湖",
    "season_start": datetime.date(YEAR, 9, 20), "season_end": datetime.date(YEAR, 12, 15),
    "peak_start": datetime.date(YEAR, 10, 15), "peak_end": datetime.date(YEAR, 11, 20),
}
STRAWBERRY = {
    "item": "草莓", "category": "fruit", "origin": "浙江建德",
    "season_start": datetime.date(YEAR, 12, 1), "season_end": datetime.date(YEAR + 1, 4, 30),
}


def edition(entries: list[dict], *, year: int = YEAR, draft: bool = False) -> TasteCalendarPage:
    """A Zhejiang edition holding ``entries``: published, or (``draft``) published empty with them in a draft."""
    page = TasteCalendarPage(title=f"浙江版尝鲜日历 {year}", slug=f"zhejiang-{year}", region=Region.objects.get(code="CN-ZJ"), year=year)
    page.entries = [] if draft else _entries(entries)
    TasteCalendarIndexPage.objects.get().add_child(instance=page)
    page.save_revision().publish()
    if draft:
        page.entries = _entries(entries)
        page.save_revision()
    return page


def _entries(entries: list[dict]) -> list[SeasonalEntry]:
    """Entries with images of their own and the first two articles."""
    images, articles = list(MomentsImage.objects.order_by("pk")[:5]), list(ArticlePage.objects.order_by("pk")[:2])
    made = []
    for number, fields in enumerate(entries):
        entry = SeasonalEntry(image=images[number % len(images)], **fields)
        entry.related_articles = articles
        made.append(entry)
    return made


def edit_url(page: TasteCalendarPage) -> str:
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def test_the_editor_heads_each_entry_with_its_item_season_and_origin_under_a_month_grid(chinese_editor_client):
    page = chinese_editor_client.get(edit_url(edition([CRAB, STRAWBERRY]))).content.decode()
    texts = visible_texts(page)
    assert {"大闸蟹（阳澄湖） · 9月中旬–12月中旬 · 江苏苏州阳澄湖", "草莓 · 12月–次年4月 · 浙江建德"} <= texts
    assert page.count('hidden="until-found"') == 2  # both folded under their headings
    assert {"2031 年逐月一览", *(f"{month}月" for month in range(1, 13))} <= texts

    crab_bar = re.search(r'data-grid-row="entries-0".*?data-bar\s+style="left: ([\d.]+)%; width: ([\d.]+)%"', page, re.S)
    assert float(crab_bar[1]) == pytest.approx(262 / 365 * 100, abs=0.01)  # 20 September is the year's 263rd day
    assert float(crab_bar[2]) == pytest.approx(87 / 365 * 100, abs=0.01)  # to 15 December, both days in
    strawberry = re.search(r'data-grid-row="entries-1".*?</li>', page, re.S)[0]
    assert "tce-grid__bar--after" in strawberry and re.search(r"data-peak\s+hidden", strawberry)  # no peak given


def test_the_editor_offers_anchors_and_articles_without_a_list_per_entry(chinese_editor_client):
    page = chinese_editor_client.get(edit_url(edition([CRAB, STRAWBERRY]))).content.decode()
    assert page.count('<option value="立秋"') == 1  # in the page's one list of anchors
    assert page.count('list="taste-calendar-anchors"') == 3 * 2  # two anchor fields per entry, the new entry's template's too
    assert "<select name=\"entries-0-related_articles\"" not in page
    titles = list(ArticlePage.objects.order_by("pk").values_list("title", flat=True)[:2])
    chooser = re.search(r'id="id_entries-0-related_articles".*?</div>', page, re.S)[0]
    assert all(title in chooser for title in titles) and 'data-page-types="cms.articlepage"' in chooser


@pytest.mark.parametrize("draft", [False, True], ids=["published", "draft"])
def test_the_editors_queries_do_not_grow_with_its_entries(chinese_editor_client, draft):
    def queries(entries: int, year: int) -> int:
        items = [{**CRAB, "item": f"大闸蟹{number}", "variety": "", "season_start": CRAB["season_start"].replace(year=year),
                  "season_end": CRAB["season_end"].replace(year=year), "peak_start": None, "peak_end": None} for number in range(entries)]
        url = edit_url(edition(items, year=year, draft=draft))
        chinese_editor_client.get(url)  # the image previews' sizes are made on the first view
        caches["default"].clear()  # measure the database, not Wagtail's rendition cache
        with CaptureQueriesContext(connection) as captured:
            assert chinese_editor_client.get(url).status_code == 200
        return len(captured)

    assert queries(5, YEAR) == queries(25, YEAR + 1)


def test_a_draft_read_from_its_revision_keeps_each_entrys_image_and_articles():
    page = edition([CRAB, STRAWBERRY], draft=True)
    draft = TasteCalendarPage.objects.get(pk=page.pk).get_latest_revision_as_object()
    articles = sorted(ArticlePage.objects.order_by("pk").values_list("pk", flat=True)[:2])
    images = MomentsImage.objects.order_by("pk")
    assert [(entry.item, entry.image, sorted(article.pk for article in entry.related_articles.all())) for entry in draft.entries.all()] == [
        ("大闸蟹", images[0], articles), ("草莓", images[1], articles),
    ]


def add_form(related_articles=(), **entry) -> dict:
    """The add view's form for a Zhejiang 2031 edition with one entry: the crab, dated, changed by ``entry``."""
    fields = {
        "item": "大闸蟹", "item_en": "", "category": "seafood", "variety": "", "origin": "江苏苏州阳澄湖",
        "season_start": "2031-09-20", "season_start_anchor": "", "season_start_offset": "",
        "season_end": "2031-12-15", "season_end_anchor": "", "season_end_offset": "",
        "peak_start": "", "peak_end": "", "tasting_notes": "", "image": "",
    }
    data = nested_form_data({
        "title": "浙江版尝鲜日历 2031", "slug": "zhejiang-2031", "region": Region.objects.get(code="CN-ZJ").pk, "year": "2031",
        "intro": "", "entries": inline_formset([{**fields, **entry}]), "comments": inline_formset([]),
    })
    return {**data, "entries-0-related_articles": list(related_articles)}  # the chooser's hidden inputs, one per article


def add_url() -> str:
    return reverse("wagtailadmin_pages:add", args=["calendars", "tastecalendarpage", TasteCalendarIndexPage.objects.get().pk])


def test_an_entry_without_an_anchor_is_saved_without_days_after_one(editor_client):
    articles = list(ArticlePage.objects.order_by("pk").values_list("pk", flat=True)[:2])
    response = editor_client.post(add_url(), add_form(related_articles=articles))
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = TasteCalendarPage.objects.get(slug="zhejiang-2031").get_latest_revision_as_object().entries.get()
    assert (entry.season_start_offset, entry.season_end_offset) == (None, None)
    assert sorted(page.pk for page in entry.related_articles.all()) == articles


@pytest.mark.parametrize("entry, field, message", [
    ({"season_start": "", "season_start_anchor": "立秋"}, "season_start_offset", "Give the days after 立秋: 0 for its day, -1 for the day before."),
    ({"season_end_offset": "7"}, "season_end_offset", "need a solar term or festival to count from"),
], ids=["anchor without days", "days without anchor"])
def test_days_after_an_anchor_go_with_an_anchor_or_the_form_says_so(editor_client, entry, field, message):
    response = editor_client.post(add_url(), add_form(**entry))
    assert response.status_code == 200
    assert message in str(response.context["form"].formsets["entries"].forms[0].errors[field])
    page = response.content.decode()
    assert message.split(":")[0] in page.replace("&#x27;", "'")
    assert re.search(r'<section class="w-panel" id="inline_child_entries-0-panel-section"', page)  # open, not folded
    assert not TasteCalendarPage.objects.filter(slug="zhejiang-2031").exists()


def test_a_new_entry_with_an_anchor_and_its_days_is_saved_at_its_date(editor_client):
    response = editor_client.post(add_url(), add_form(season_start="", season_start_anchor="立秋", season_start_offset="3"))
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = TasteCalendarPage.objects.get(slug="zhejiang-2031").get_latest_revision_as_object().entries.get()
    assert (entry.season_start, entry.season_start_offset) == (datetime.date(2031, 8, 11), 3)  # 立秋 2031 is 8 August
