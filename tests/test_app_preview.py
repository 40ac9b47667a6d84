"""Editors preview drafts in the app with a signed, expiring token."""

import json
import re

import pytest
from django.core import signing

from cms.models import ArticleIndexPage, ArticlePage
from frontend_api import preview

pytestmark = pytest.mark.django_db

PREVIEW = 'query($token: String!) { preview(token: $token) { __typename ... on Article { title intro scenes { slug } } } }'


def _preview(client, token):
    body = json.dumps({"query": PREVIEW, "variables": {"token": token}})
    return client.post("/graphql/preview/", body, content_type="application/json")


@pytest.fixture
def draft(editor):
    page = ArticlePage(title="草稿: 冬至吃什么", intro="还没发布", author_name="编辑部", body=[], live=False, owner=editor)
    ArticleIndexPage.objects.get().add_child(instance=page)
    page.save_revision(user=editor)
    return page


def test_an_editor_gets_a_preview_link_from_the_admin(editor_client, draft):
    edit_page = editor_client.get(f"/admin/pages/{draft.pk}/edit/")
    assert f"/admin/app-preview/{draft.pk}/" in edit_page.content.decode()
    response = editor_client.get(f"/admin/app-preview/{draft.pk}/")
    assert response.status_code == 200
    link = re.search(r'href="moments://preview\?token=([^"]+)" data-app-preview-url', response.content.decode())
    assert link
    answer = _preview(editor_client, link.group(1))
    assert answer.json() == {"data": {"preview": {"__typename": "Article", "title": "草稿: 冬至吃什么", "intro": "还没发布", "scenes": []}}}
    assert "no-store" in answer["Cache-Control"]


def test_the_preview_shows_the_draft_not_the_live_version(client, editor):
    page = ArticlePage.objects.get(slug="hairy-crab-same-day")
    page.title = "改标题的草稿"
    page.save_revision(user=editor)
    assert _preview(client, preview.issue_token(page)).json()["data"]["preview"]["title"] == "改标题的草稿"
    public = client.post("/graphql/", json.dumps({"query": '{ article(slug: "hairy-crab-same-day") { title } }'}), content_type="application/json")
    assert public.json()["data"]["article"]["title"] == "阳澄湖大闸蟹当日捞当日达"


def test_an_editor_previews_the_draft_in_traditional_chinese_with_their_own_words(client, editor):
    page = ArticlePage.objects.get(slug="hairy-crab-same-day")
    page.intro_hant = "九雌十雄（編輯手寫）"
    page.save_revision(user=editor)
    query = 'query($token: String!) { preview(token: $token, locale: ZH_HANT_HK) { ... on Article { title intro } } }'
    body = json.dumps({"query": query, "variables": {"token": preview.issue_token(page)}})
    answer = client.post("/graphql/preview/", body, content_type="application/json").json()
    assert answer == {"data": {"preview": {"title": "陽澄湖大閘蟹當日撈當日達", "intro": "九雌十雄（編輯手寫）"}}}


def test_the_public_endpoint_has_no_preview_field(client, draft):
    response = client.post(
        "/graphql/", json.dumps({"query": PREVIEW, "variables": {"token": preview.issue_token(draft)}}), content_type="application/json",
    )
    assert response.status_code == 400
    assert "Cannot query field 'preview'" in response.json()["errors"][0]["message"]


def test_expired_forged_and_stale_tokens_are_refused(client, draft, settings):
    token = preview.issue_token(draft)
    settings.MOMENTS_PREVIEW_TTL_SECONDS = -1
    expired = _preview(client, token)
    assert expired.status_code == 400 and "预览链接已过期" in expired.json()["errors"][0]["message"]
    settings.MOMENTS_PREVIEW_TTL_SECONDS = 3600
    forged = signing.dumps({"page": draft.pk, "revision": draft.latest_revision_id}, salt="another-salt")
    assert "不是有效的预览令牌" in _preview(client, forged).json()["errors"][0]["message"]
    other_page = ArticlePage.objects.get(slug="hairy-crab-same-day")
    mismatched = signing.dumps({"page": other_page.pk, "revision": draft.latest_revision_id}, salt=preview.SALT, compress=True)
    assert _preview(client, mismatched).status_code == 400


def test_only_people_who_may_edit_the_page_get_a_link(client, draft, django_user_model):
    someone = django_user_model.objects.create_user("visitor", password="x")
    client.force_login(someone)
    assert client.get(f"/admin/app-preview/{draft.pk}/").status_code in (302, 403)
