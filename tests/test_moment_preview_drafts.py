"""The app preview with drafts: ranked like live content, marked, only for those who may edit them, never public."""

import datetime
import json
import re
from html import unescape

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import GroupPagePermission, Page

from campaigns.models import CampaignPage
from cms.models import ArticleIndexPage, ArticlePage, MomentsImage, Persona
from delivery import cache
from delivery.models import IndexedItem, IndexedSignal
from tests.test_moment_preview import PREVIEW, fields, in_its_scenes_before_expiry, shown_items, tomorrow_evening

pytestmark = pytest.mark.date_sensitive

PERSONA = "urban-white-collar-woman"  # the persona fields() asks for
CARD = re.compile(r'<li class="ap-card[^"]*" data-item="(\w+):(\d+)".*?</li>', re.S)
MOMENT = """
query ($at: DateTime!) {
  moment(at: $at, region: "CN-SH", personas: ["urban-white-collar-woman"], channel: "app-home", first: 100) {
    items { content { __typename ... on Article { slug title } ... on Campaign { slug hook } } }
  }
}
"""


def cards(html: str) -> dict[tuple[str, int], str]:
    """Each card's HTML by item."""
    return {(match.group(1), int(match.group(2))): unescape(match.group(0)) for match in CARD.finditer(html)}


def draft_article(user: User, title: str, **page_fields) -> ArticlePage:
    """A page never published, aimed at the preview's persona in its draft (the targeting lives in the revision only)."""
    page = ArticlePage(title=title, intro="还没发布", author_name="编辑部", body=[], live=False, owner=user, **page_fields)
    ArticleIndexPage.objects.get().add_child(instance=page)
    page.personas = [Persona.objects.get(slug=PERSONA)]
    page.save_revision(user=user)
    return page


def index_rows() -> tuple[list, list]:
    return list(IndexedItem.objects.order_by("pk").values()), list(IndexedSignal.objects.order_by("pk").values())


def preview_html(client, at: datetime.datetime, drafts: bool, **changes) -> str:
    response = client.get(PREVIEW, {**fields(at, first=100, **changes), **({"drafts": "on"} if drafts else {})})
    assert response.status_code == 200
    return response.content.decode()


def test_a_draft_article_for_the_moment_is_shown_only_when_drafts_are_asked_for(editor_client, editor):
    draft = draft_article(editor, "草稿: 加班零食清单")
    at = tomorrow_evening()

    without = preview_html(editor_client, at, drafts=False)
    shown = cards(preview_html(editor_client, at, drafts=True))

    assert ("article", draft.pk) not in shown_items(without)
    card = shown[("article", draft.pk)]
    assert "草稿: 加班零食清单" in card and "data-draft" in card and "Draft" in card and "Scheduled" not in card
    assert f"人群: {Persona.objects.get(slug=PERSONA).name}" in card  # matched by the revision's targeting
    marked = [pk for (kind, pk), html in shown.items() if "data-draft" in html]
    assert set(marked) <= set(Page.objects.filter(has_unpublished_changes=True).values_list("pk", flat=True))


def live_campaign_in_the_preview(client) -> tuple[CampaignPage, dict, datetime.datetime]:
    """A live campaign, the preview's fields for a moment that shows it, and that moment."""
    now = timezone.now()
    campaign = CampaignPage.objects.live_at(now).filter(expire_at__gt=now + datetime.timedelta(hours=2)).order_by("expire_at").first()
    region, channel = campaign.regions.order_by("code").first(), campaign.channels.order_by("slug").first()
    arguments = {
        "region": region.code if region else "CN", "channel": channel.slug if channel else "app-home",
        "personas": [persona.slug for persona in campaign.personas.all()][:1],
    }
    at = in_its_scenes_before_expiry(campaign)
    assert ("campaign", campaign.pk) in cards(preview_html(client, at, drafts=False, **arguments))
    return campaign, arguments, at


def test_a_draft_of_a_live_campaigns_hook_replaces_the_live_version_in_the_preview(editor_client, editor):
    campaign, arguments, at = live_campaign_in_the_preview(editor_client)
    live_hook = campaign.hook
    revised = campaign.get_latest_revision_as_object()
    revised.hook = "草稿钩子: 今天下单明天尝鲜"
    revised.save_revision(user=editor)

    live = cards(preview_html(editor_client, at, drafts=False, **arguments))[("campaign", campaign.pk)]
    drafted = cards(preview_html(editor_client, at, drafts=True, **arguments))[("campaign", campaign.pk)]

    assert live_hook[:40] in live and "data-draft" not in live
    assert "草稿钩子: 今天下单明天尝鲜" in drafted and live_hook[:40] not in drafted and "data-draft" in drafted


def test_a_scheduled_revision_shows_from_its_go_live_and_the_live_version_before(editor_client, moderator):
    page = draft_article(moderator, "上线中的文章")
    page.get_latest_revision().publish(user=moderator)
    at = tomorrow_evening()
    goes_live = at + datetime.timedelta(days=2)
    scheduled = ArticlePage.objects.get(pk=page.pk)
    scheduled.title, scheduled.go_live_at = "定时上线的新标题", goes_live
    scheduled.save_revision(user=moderator).publish(user=moderator)
    scheduled.refresh_from_db()
    assert scheduled.live and scheduled.title == "上线中的文章"  # Wagtail keeps the live version until then

    before = cards(preview_html(editor_client, goes_live - datetime.timedelta(hours=1), drafts=True))[("article", page.pk)]
    after = cards(preview_html(editor_client, goes_live + datetime.timedelta(hours=1), drafts=True))[("article", page.pk)]

    assert "上线中的文章" in before and "data-draft" not in before
    time = timezone.localtime(goes_live).strftime("%Y-%m-%d %H:%M")
    assert "定时上线的新标题" in after and f"Scheduled for {time}" in after


def test_a_preview_with_drafts_writes_nothing_the_app_reads(next_local_noon, editor_client, editor, graphql):
    draft = draft_article(editor, "草稿: 不该出现在应用里")
    at = tomorrow_evening()
    public = graphql.data(MOMENT, {"at": at.isoformat()})
    version, rows = cache.content_version(), index_rows()

    with CaptureQueriesContext(connection) as queries:
        assert ("article", draft.pk) in cards(preview_html(editor_client, at, drafts=True))

    assert index_rows() == rows
    assert not [query["sql"] for query in queries if query["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
                and "delivery_" in query["sql"]]
    assert cache.content_version() == version
    with CaptureQueriesContext(connection) as again:
        assert graphql.data(MOMENT, {"at": at.isoformat()}) == public
    assert len(again) == 0  # answered from the cache the preview left as it was
    assert public["moment"]["items"] and "不该出现" not in json.dumps(public, ensure_ascii=False)


def page_editor(username: str, section) -> User:
    """A user who may open the preview and edit the pages under ``section`` only."""
    group = Group.objects.create(name=f"{username} group")
    group.permissions.add(*Permission.objects.filter(codename__in=["access_admin", "view_app_preview"]))
    GroupPagePermission.objects.create(group=group, page=section, permission=Permission.objects.get(codename="change_page"))
    user = User.objects.create_user(username, password="x")
    user.groups.add(group)
    return user


def test_drafts_are_shown_only_of_pages_the_user_may_edit(client, editor):
    """Wagtail's page permissions decide: change or publish under the page, or add for one's own pages."""
    client.force_login(editor)
    campaign, arguments, at = live_campaign_in_the_preview(client)
    revised = campaign.get_latest_revision_as_object()
    revised.hook = "草稿钩子: 只给能编辑活动的人看"
    revised.save_revision(user=editor)
    article = draft_article(editor, "草稿: 文章编辑能看")
    evening = tomorrow_evening()

    client.force_login(page_editor("article-editor", ArticleIndexPage.objects.get()))
    assert "data-draft" in cards(preview_html(client, evening, drafts=True))[("article", article.pk)]
    shown = cards(preview_html(client, at, drafts=True, **arguments))
    assert "只给能编辑活动的人看" not in shown[("campaign", campaign.pk)] and "data-draft" not in shown[("campaign", campaign.pk)]

    client.force_login(User.objects.get(username="reviewer"))  # marketing: may preview, edits no page
    shown = cards(preview_html(client, evening, drafts=True))
    assert ("article", article.pk) not in shown and "data-draft" not in "".join(shown.values())


def test_the_number_of_queries_does_not_grow_with_the_drafts(editor_client, editor):
    image = MomentsImage.objects.first()
    at = tomorrow_evening()

    def queries_with(count: int) -> int:
        for number in range(ArticlePage.objects.filter(title__startswith="草稿 #").count(), count):
            draft_article(editor, f"草稿 #{number}", hero_image=image)
        preview_html(editor_client, at, drafts=True)  # the new content version's taxonomy is read once
        with CaptureQueriesContext(connection) as queries:
            html = preview_html(editor_client, at, drafts=True)
        assert html.count("data-draft") >= count
        return len(queries)

    assert queries_with(2) == queries_with(10)
