"""The moderation queue in the admin, API keys, and the commands an app developer uses."""

import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import ModelLogEntry

from campaigns.models import CampaignPage
from cms import moderation
from cms.models import Channel, FlagKind, ModerationState, UGCFlag, UGCPost
from frontend_api.auth import issue_member_token, read_member_token
from frontend_api.models import ApiKey
from tests.test_admin import bulk_url, snippet_url

pytestmark = [pytest.mark.django_db, pytest.mark.date_sensitive]

MY_POSTS = '{"query": "{ myPosts { totalCount } }"}'


def member_post(member_id: str, text: str, state: str = ModerationState.PENDING, consent=("app-home",)) -> UGCPost:
    post = UGCPost.objects.create(member_id=member_id, member_handle=f"h-{member_id}", text=text, moderation_state=state)
    post.consent_channels.set(Channel.objects.filter(slug__in=consent))
    post.save()
    return post


@pytest.fixture
def flagged_member_post():
    for number in range(2):
        member_post("m-hist", f"老会员通过的帖子 {number}", ModerationState.APPROVED)
    member_post("m-hist", "老会员被拒的帖子", ModerationState.REJECTED)
    post = member_post("m-hist", "加我微信买代购大闸蟹")
    UGCFlag.objects.create(post=post, kind=FlagKind.SENSITIVE_WORDS, detail="代购, 微信")
    return post


def queue_rows(client, **filters) -> str:
    response = client.get(snippet_url(UGCPost, "list"), {"moderation_state": "pending", **filters})
    assert response.status_code == 200
    return response.content.decode()


def test_the_menu_opens_the_queue_of_pending_posts(editor_client):
    html = editor_client.get(reverse("wagtailadmin_home")).content.decode()
    assert snippet_url(UGCPost, "list") + "?moderation_state=pending" in html


def test_the_queue_shows_flags_member_history_and_consent(editor_client, flagged_member_post):
    html = queue_rows(editor_client)
    row = html[html.index(str(flagged_member_post)):]
    row = row[: row.index("</tr>")]
    assert "Sensitive words: 代购, 微信" in row
    assert "2 approved · 1 rejected" in row
    assert Channel.objects.get(slug="app-home").name in row


def test_the_queue_filters_by_flag(editor_client, flagged_member_post):
    unflagged = member_post("m-plain", "普通的帖子没有标记")
    html = queue_rows(editor_client, flag=FlagKind.SENSITIVE_WORDS)
    assert str(flagged_member_post) in html and str(unflagged) not in html


def test_a_rejection_is_recorded_with_who_when_and_why(editor_client, editor, flagged_member_post):
    editor_client.post(bulk_url("reject", [flagged_member_post]), {"reason": "含有代购引流"})
    entry = ModelLogEntry.objects.filter(object_id=str(flagged_member_post.pk), action=moderation.REJECT_ACTION).get()
    assert (entry.user, entry.data["reason"]) == (editor, "含有代购引流") and entry.timestamp


def test_a_post_whose_photos_are_still_processing_is_not_in_the_queue_and_cannot_be_decided(editor_client):
    processing = member_post("m-new", "照片还在处理的帖子", ModerationState.PROCESSING)
    assert str(processing) not in queue_rows(editor_client)
    for action in ("approve", "reject"):
        editor_client.post(bulk_url(action, [processing]), {"reason": "太早了"})
        processing.refresh_from_db()
        assert processing.moderation_state == ModerationState.PROCESSING


# Placing posts in a campaign ----------------------------------------------------


def placed_in(campaign: CampaignPage) -> set[int]:
    return {slot.ugc_post_id for slot in CampaignPage.objects.get(pk=campaign.pk).slots.all() if slot.ugc_post_id}


def test_a_moderator_places_approved_posts_in_a_live_campaign(client, moderator, graphql):
    campaign = CampaignPage.objects.get(slug="crab-by-high-speed-rail")
    approved = member_post("m-place", "蟹黄满满，投稿参加活动", ModerationState.APPROVED)
    pending = member_post("m-place", "还没审核的投稿")
    client.force_login(moderator)

    assert client.get(bulk_url("place_in_campaign", [approved, pending])).status_code == 200
    response = client.post(bulk_url("place_in_campaign", [approved, pending]), {"campaign": campaign.pk}, follow=True)

    messages = [str(message) for message in response.context["messages"]]
    assert any("placed in" in message and "published" in message for message in messages), messages
    assert any("only approved posts" in message for message in messages)
    assert approved.pk in placed_in(campaign) and pending.pk not in placed_in(campaign)
    slots = graphql.data('{ campaign(slug: "crab-by-high-speed-rail") { slots { content { ... on UGCPost { text } } } } }')
    assert {"content": {"text": "蟹黄满满，投稿参加活动"}} in slots["campaign"]["slots"]

    again = client.post(bulk_url("place_in_campaign", [approved]), {"campaign": campaign.pk}, follow=True)
    assert any("already in" in str(message) for message in again.context["messages"])
    assert [slot.ugc_post_id for slot in CampaignPage.objects.get(pk=campaign.pk).slots.all()].count(approved.pk) == 1


def test_an_editor_who_cannot_publish_adds_posts_to_a_draft(editor_client):
    campaign = CampaignPage.objects.get(slug="crab-by-high-speed-rail")
    approved = member_post("m-draft", "草稿里的投稿", ModerationState.APPROVED)
    response = editor_client.post(bulk_url("place_in_campaign", [approved]), {"campaign": campaign.pk}, follow=True)
    assert any("draft" in str(message) for message in response.context["messages"])
    assert approved.pk not in placed_in(campaign)  # the live campaign is unchanged
    latest = CampaignPage.objects.get(pk=campaign.pk).get_latest_revision_as_object()
    assert approved.pk in {slot.ugc_post_id for slot in latest.slots.all()}


# API keys -----------------------------------------------------------------------


def test_an_api_key_is_created_in_the_admin_shown_once_and_works_until_revoked(admin_client, client):
    response = admin_client.post(snippet_url(ApiKey, "add"), {"name": "iOS 应用 4.2", "scopes": ["posts:read-own"], "is_active": "on"})
    assert response.status_code == 200
    html = response.content.decode()
    key = html.split("data-api-key>")[1].split("<")[0]
    api_key = ApiKey.objects.get(name="iOS 应用 4.2")
    assert key.startswith(f"mk_{api_key.prefix}_") and key not in api_key.key_digest
    assert admin_client.get(snippet_url(ApiKey, "edit", api_key.pk)).content.decode().count(key) == 0

    headers = {"HTTP_X_API_KEY": key, "HTTP_AUTHORIZATION": f"Bearer {issue_member_token('m-9', '九')}"}
    assert client.post("/graphql/", MY_POSTS, content_type="application/json", **headers).status_code == 200

    admin_client.post(snippet_url(ApiKey, "edit", api_key.pk), {"name": api_key.name, "scopes": ["posts:read-own"]})
    assert not ApiKey.objects.get(pk=api_key.pk).is_active
    assert client.post("/graphql/", MY_POSTS, content_type="application/json", **headers).status_code == 401


def test_a_key_needs_a_scope(admin_client):
    response = admin_client.post(snippet_url(ApiKey, "add"), {"name": "没有权限", "is_active": "on"})
    assert response.status_code == 200 and not ApiKey.objects.filter(name="没有权限").exists()


def test_editors_cannot_see_api_keys(editor_client):
    assert editor_client.get(snippet_url(ApiKey, "list")).status_code in (302, 403)


# Commands -----------------------------------------------------------------------


def test_the_commands_print_a_working_key_and_member_token(client):
    key, token = io.StringIO(), io.StringIO()
    call_command("create_api_key", "命令行测试", stdout=key, stderr=io.StringIO())
    call_command("member_token", "m-1001", "小橘子", "--minutes", "5", stdout=token)
    assert read_member_token(token.getvalue().strip()).handle == "小橘子"
    headers = {"HTTP_X_API_KEY": key.getvalue().strip(), "HTTP_AUTHORIZATION": f"Bearer {token.getvalue().strip()}"}
    response = client.post("/graphql/", MY_POSTS, content_type="application/json", **headers)
    assert response.status_code == 200 and json.loads(response.content)["data"]["myPosts"]["totalCount"] == 0


def test_moderators_keep_the_sensitive_word_list(client, moderator):
    from cms.models import ModerationSettings

    client.force_login(moderator)
    url = reverse("wagtailsettings:edit", args=["cms", "moderationsettings", ModerationSettings.load().pk])
    assert client.get(url).status_code == 200
    client.post(url, {"sensitive_words": "代购\n高仿"})
    assert ModerationSettings.load().word_list() == ["代购", "高仿"]
