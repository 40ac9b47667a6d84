"""The admin, through real HTTP requests with Django's test client."""

import datetime

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, Revision, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from calendars.models import TasteCalendarIndexPage, TasteCalendarPage
from campaigns.models import CampaignIndexPage, CampaignPage, PlanningStatus
from cms.models import (
    ArticleIndexPage,
    ArticlePage,
    Channel,
    HomePage,
    ModerationState,
    Persona,
    Region,
    Scene,
    UGCPost,
)

pytestmark = pytest.mark.django_db

SNIPPET_MODELS = [Scene, Persona, Region, Channel, UGCPost]
PAGE_MODELS = [HomePage, ArticleIndexPage, ArticlePage, CampaignIndexPage, CampaignPage, TasteCalendarIndexPage, TasteCalendarPage]


def snippet_url(model, view: str, *args) -> str:
    return reverse(model.snippet_viewset.get_url_name(view), args=args)


@pytest.mark.parametrize("model", SNIPPET_MODELS, ids=lambda model: model.__name__)
def test_snippet_views_load_for_an_editor(editor_client, model):
    instance = model.objects.first()
    for url in (snippet_url(model, "list"), snippet_url(model, "add"), snippet_url(model, "edit", instance.pk)):
        response = editor_client.get(url)
        assert response.status_code == 200, url


@pytest.mark.parametrize("model", PAGE_MODELS, ids=lambda model: model.__name__)
def test_page_edit_and_add_views_load_for_an_editor(editor_client, model):
    page = model.objects.first()
    assert editor_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).status_code == 200
    if model is not HomePage:
        parent = page.get_parent()
        add = reverse("wagtailadmin_pages:add", args=[model._meta.app_label, model._meta.model_name, parent.pk])
        assert editor_client.get(add).status_code == 200


def test_page_previews_render(editor_client):
    for model in PAGE_MODELS:
        page = model.objects.first()
        response = editor_client.get(reverse("wagtailadmin_pages:view_draft", args=[page.pk]))
        assert response.status_code == 200, model.__name__
        assert page.title in response.content.decode()


def test_image_library_loads(editor_client):
    assert editor_client.get(reverse("wagtailimages:index")).status_code == 200


def test_article_listing_filters_by_scene(editor_client):
    scene = Scene.objects.get(slug="overtime-snacking")
    response = editor_client.get(reverse("articles:index"), {"scenes": scene.pk})
    assert response.status_code == 200
    html = response.content.decode()
    assert "加班零食补给箱" in html
    assert "南海开海" not in html


def test_campaign_listing_filters_by_status_persona_and_region(editor_client):
    url = reverse("campaigns:index")
    live = editor_client.get(url, {"planning_status": "live"}).content.decode()
    assert "坐上高铁去吃蟹" in live and "双十一囤货节" not in live
    persona = Persona.objects.get(slug="fan-not-buyer")
    by_persona = editor_client.get(url, {"personas": persona.pk}).content.decode()
    assert "双十一囤货节" in by_persona and "坐上高铁去吃蟹" not in by_persona
    region = Region.objects.get(code="CN-GD")
    by_region = editor_client.get(url, {"regions": region.pk}).content.decode()
    assert "荔枝季" in by_region and "圣诞草莓季" not in by_region


def test_ugc_listing_shows_thumbnails_and_filters_by_state(editor_client):
    response = editor_client.get(snippet_url(UGCPost, "list"), {"moderation_state": "pending"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<img" in html and "fill-64x64" in html
    pending = UGCPost.objects.filter(moderation_state=ModerationState.PENDING)
    approved = UGCPost.objects.approved().exclude(text__in=pending.values("text"))
    assert pending.first().member_handle in html
    assert str(approved.first()) not in html


def bulk_url(action: str, posts) -> str:
    ids = "&".join(f"id={post.pk}" for post in posts)
    return reverse("wagtail_bulk_action", args=("cms", "ugcpost", action)) + f"?{ids}&next=/admin/"


def test_bulk_approve_approves_consented_posts_and_refuses_the_rest(editor_client, editor):
    pending = UGCPost.objects.filter(moderation_state=ModerationState.PENDING)
    consented = list(pending.exclude(consent_channels=None))
    unconsented = list(pending.filter(consent_channels=None))
    assert consented and unconsented
    url = bulk_url("approve", consented + unconsented)
    assert editor_client.get(url).status_code == 200
    response = editor_client.post(url, follow=True)
    assert response.status_code == 200
    for post in consented:
        post.refresh_from_db()
        assert (post.moderation_state, post.moderated_by) == (ModerationState.APPROVED, editor)
    for post in unconsented:
        post.refresh_from_db()
        assert post.moderation_state == ModerationState.PENDING
    messages = [str(message) for message in response.context["messages"]]
    assert any("not consented" in message for message in messages)


def test_bulk_reject_needs_a_reason(editor_client):
    posts = list(UGCPost.objects.filter(moderation_state=ModerationState.PENDING)[:2])
    url = bulk_url("reject", posts)
    response = editor_client.post(url, {"reason": "", "note": ""})
    assert response.status_code == 200  # the form again, with its error
    assert all(UGCPost.objects.get(pk=post.pk).moderation_state == ModerationState.PENDING for post in posts)
    editor_client.post(url, {"reason": "", "note": "与活动无关"})
    for post in posts:
        post.refresh_from_db()
        assert (post.moderation_state, post.rejection_reason) == (ModerationState.REJECTED, "与活动无关")


def campaign_form(title: str, slug: str, go_live: datetime.datetime, expire: datetime.datetime) -> dict:
    article = ArticlePage.objects.get(slug="hairy-crab-same-day")
    return nested_form_data(
        {
            "title": title,
            "slug": slug,
            "hook": "秋风起，蟹脚痒",
            "summary": "",
            "planning_stage": "planned",
            "priority": "3",
            "hot_topic": "",
            "hot_topic_url": "",
            "hot_topic_broke_at": "",
            "go_live_at": go_live.strftime("%Y-%m-%d %H:%M"),
            "expire_at": expire.strftime("%Y-%m-%d %H:%M"),
            "scenes": [Scene.objects.get(slug="weekend-home-cooking").pk],
            "slots": inline_formset([{"article": article.pk, "ugc_post": "", "note": ""}]),
            "comments": inline_formset([]),
        }
    )


def add_campaign_url() -> str:
    return reverse("wagtailadmin_pages:add", args=["campaigns", "campaignpage", CampaignIndexPage.objects.get().pk])


def test_campaign_created_submitted_and_scheduled_through_the_admin(editor_client, client, moderator):
    go_live = timezone.localtime() + datetime.timedelta(days=3)
    data = campaign_form("周末蒸蟹", "weekend-crab", go_live, go_live + datetime.timedelta(days=7))
    data["action-submit"] = "Submit for moderation"
    response = editor_client.post(add_campaign_url(), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    campaign = CampaignPage.objects.get(slug="weekend-crab")
    assert campaign.planning_status == PlanningStatus.IN_REVIEW
    assert [slot.article.slug for slot in campaign.get_latest_revision_as_object().slots.all()] == ["hairy-crab-same-day"]

    client.force_login(moderator)
    task_state = WorkflowState.objects.get(object_id=str(campaign.pk), status="in_progress").current_task_state
    approve = reverse("wagtailadmin_pages:workflow_action", args=[campaign.pk, "approve", task_state.pk])
    assert client.post(approve, {"comment": "上线"}).status_code in (200, 302)

    campaign.refresh_from_db()
    assert not campaign.live
    assert campaign.planning_status == PlanningStatus.APPROVED
    scheduled = Revision.page_revisions.get(object_id=str(campaign.pk), approved_go_live_at__isnull=False)
    assert abs(scheduled.approved_go_live_at - go_live) < datetime.timedelta(minutes=1)


def test_an_editor_writes_a_campaigns_own_traditional_chinese_and_the_app_serves_it(admin_client, graphql):
    go_live = timezone.localtime() - datetime.timedelta(minutes=5)
    data = campaign_form("周末蒸蟹", "weekend-crab", go_live, go_live + datetime.timedelta(days=7))
    data.update({"hook_hant": "秋風起，蟹腳癢（港台版）", "action-publish": "Publish"})
    response = admin_client.post(add_campaign_url(), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    query = '{ campaign(slug: "weekend-crab", locale: ZH_HANT) { title hook } }'
    assert graphql.data(query)["campaign"] == {"title": "週末蒸蟹", "hook": "秋風起，蟹腳癢（港台版）"}


def test_admin_refuses_a_campaign_that_expires_before_it_goes_live(editor_client):
    go_live = timezone.localtime() + datetime.timedelta(days=3)
    data = campaign_form("倒着的活动", "backwards", go_live, go_live - datetime.timedelta(days=1))
    response = editor_client.post(add_campaign_url(), data)
    assert response.status_code == 200
    assert "must be before expiry" in response.content.decode()
    assert not Page.objects.filter(slug="backwards").exists()


def test_ugc_listing_queries_do_not_grow_with_the_posts_shown(editor_client):
    def queries(params) -> int:
        editor_client.get(snippet_url(UGCPost, "list"), params)  # renditions get made on first view
        caches["default"].clear()  # measure the database, not Wagtail's rendition cache
        with CaptureQueriesContext(connection) as captured:
            assert editor_client.get(snippet_url(UGCPost, "list"), params).status_code == 200
        return len(captured)

    assert UGCPost.objects.filter(moderation_state=ModerationState.PENDING).count() < 30 <= UGCPost.objects.count()
    assert queries({"moderation_state": "pending"}) == queries({})
