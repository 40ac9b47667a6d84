"""Simplified Chinese: every string of ours translated, compiled, and shown in the admin; dates in Chinese forms.

The catalogues are read with Python alone (:mod:`tests.translations`), so this runs where GNU gettext is
not installed; ``make messages`` (which needs it) updates and compiles them.
"""

import datetime
import html.parser
import json
import re
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import formats, translation

from campaigns.models import CampaignPage
from cms.models import UGCPost
from tests.translations import APPS, catalogue_path, mo_messages, po_messages, source_messages

TIMELINE = "/admin/marketing-calendar/"


@pytest.mark.parametrize("app", APPS)
def test_the_catalogue_holds_exactly_the_apps_strings(app):
    """A string added, changed or removed in the sources without `make messages` fails here."""
    assert set(po_messages(catalogue_path(app))) == source_messages(app)


@pytest.mark.parametrize("app", APPS)
def test_every_string_is_translated_and_compiled(app):
    catalogue = po_messages(catalogue_path(app))
    assert [key for key, forms in catalogue.items() if not forms or not all(forms)] == []
    assert mo_messages(catalogue_path(app, "mo")) == catalogue


def test_a_string_reads_the_same_in_every_app():
    """Django merges the apps' catalogues and the first app's translation wins, so a string two apps translate
    differently reads wrong in one of them: such a string needs a context."""
    translations = {}
    for app in APPS:
        for key, forms in po_messages(catalogue_path(app)).items():
            translations.setdefault(key, {}).setdefault(tuple(forms), []).append(app)
    assert {key: readings for key, readings in translations.items() if len(readings) > 1} == {}


def test_the_extraction_reads_plurals_contexts_and_templates():
    """As xgettext does: `make messages` writes the catalogues with it, so any difference fails the test above."""
    messages = source_messages("calendars") | source_messages("campaigns")
    assert "%(weeks)s week to fill" in messages  # {% blocktrans count %}
    assert "Marketing calendar" in messages  # a menu label
    assert "planning status\x04Planned" in messages  # pgettext_lazy


HIDDEN = {"script", "style", "template"}


class _Text(html.parser.HTMLParser):
    """The text a reader sees: text nodes outside scripts and styles, stripped."""

    def __init__(self):
        super().__init__()
        self.texts, self._hidden = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in HIDDEN:
            self._hidden += 1

    def handle_endtag(self, tag):
        if tag in HIDDEN and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.texts.append(" ".join(data.split()))


def visible_texts(page: str) -> set[str]:
    """Wagtail's breadcrumbs left out: Wagtail 8.0 shows their "Home" in English under zh-hans, and it is not ours."""
    before, found, after = page.partition('aria-label="面包屑导航"')
    parser = _Text()
    parser.feed(before + (after.split("</nav>", 1)[1] if found else ""))
    return set(parser.texts)


def our_english_words() -> set[str]:
    """Every msgid of ours whose Chinese differs from it, as the admin would show it in English."""
    words = set()
    for app in APPS:
        for key, forms in po_messages(catalogue_path(app)).items():
            msgid = key.split("\x04")[-1]
            if "%(" not in msgid and forms != [msgid]:
                words.add(msgid)
    return words


def sidebar_labels(page: str) -> set[str]:
    """The admin menu's labels, from the props Wagtail renders its sidebar with."""
    props = page.split('id="wagtail-sidebar-props" type="application/json">', 1)[1].split("</script>", 1)[0]
    labels, stack = set(), [json.loads(props)]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if isinstance(item.get("label"), str):
                labels.add(item["label"])
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return labels


@pytest.mark.django_db
def test_the_admin_menu_speaks_chinese(chinese_editor_client):
    labels = sidebar_labels(chinese_editor_client.get("/admin/").content.decode())
    assert {"营销日历", "活动", "会员投稿审核"} <= labels
    assert labels & our_english_words() == set()


@pytest.mark.django_db
@pytest.mark.parametrize("screen", ["dashboard", "campaign edit form", "UGC moderation", "marketing calendar", "calendar coverage"])
def test_the_main_screens_speak_chinese(chinese_editor_client, screen):
    url, chinese = {
        "dashboard": ("/admin/", {"今天需要你处理的事", "未来 7 天内上线", "查看撞档与空档"}),
        "campaign edit form": (
            reverse("wagtailadmin_pages:edit", args=[CampaignPage.objects.first().pk]),
            {"策划与定向", "内容位", "钩子文案", "推荐", "已策划", "策划阶段", "策划状态"},
        ),
        "UGC moderation": (
            reverse(UGCPost.snippet_viewset.get_url_name("list")), {"照片", "标记", "会员历史", "转载授权", "待审核"},
        ),
        "marketing calendar": (f"{TIMELINE}?region=CN-SH&zoom=quarter", {"时间轴", "覆盖", "撞档与空档", "地区", "人群", "场景", "导出为 Excel"}),
        "calendar coverage": (f"{TIMELINE}coverage/?region=CN-SH&zoom=quarter", {"空档", "灰色", "查看撞档与空档"}),
    }[screen]
    response = chinese_editor_client.get(url)
    assert response.status_code == 200
    texts = visible_texts(response.content.decode())
    assert {word for word in chinese if not any(word in text for text in texts)} == set()
    assert texts & our_english_words() == set()


def test_dates_and_times_read_the_chinese_way():
    moment = datetime.datetime(2026, 12, 2, 16, 27)
    with translation.override("zh-hans"):
        assert formats.date_format(moment, "DATETIME_FORMAT") == "2026年12月2日 16:27"
        assert formats.date_format(moment.date()) == "2026年12月2日"


@pytest.mark.django_db
def test_the_campaign_form_shows_its_expiry_the_chinese_way(chinese_editor_client):
    shanghai = zoneinfo.ZoneInfo("Asia/Shanghai")
    campaign = CampaignPage.objects.exclude(expire_at=None).first()
    campaign.go_live_at = datetime.datetime(2026, 11, 20, 9, 0, tzinfo=shanghai)
    campaign.expire_at = datetime.datetime(2026, 12, 2, 16, 27, tzinfo=shanghai)
    campaign.save_revision()
    page = chinese_editor_client.get(reverse("wagtailadmin_pages:edit", args=[campaign.pk])).content.decode()
    assert "2026年12月2日 16:27" in page and "Dec. 2, 2026" not in page


@pytest.mark.django_db
def test_the_moderation_queue_dates_its_posts_the_chinese_way(chinese_editor_client):
    texts = visible_texts(chinese_editor_client.get(reverse(UGCPost.snippet_viewset.get_url_name("list"))).content.decode())
    assert any(re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}", text) for text in texts)
    assert not any(re.search(r"\d{4}, \d{1,2}:\d{2} [ap]\.m\.", text) for text in texts)
