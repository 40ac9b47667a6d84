"""The moderation queue in the admin, API keys, and the commands an app developer uses."""

import io
import json

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.core.management import call_command
from django.urls import reverse
from django.utils import formats, timezone
from wagtail.models import ModelLogEntry

from campaigns.models import CampaignPage
from cms import moderation
from cms.models import Channel, FlagKind, ModerationSettings, ModerationState, UGCFlag, UGCPost
from frontend_api.auth import issue_member_token, read_member_token
from frontend_api.models import ApiKey, Scope
from tests.conftest import renditions_made
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
    editor_client.post(bulk_url("reject", [flagged_member_post]), {"reason": "含广告或联系方式", "note": "含有代购引流"})
    entry = ModelLogEntry.objects.filter(object_id=str(flagged_member_post.pk), action=moderation.REJECT_ACTION).get()
    assert (entry.user, entry.data["reason"]) == (editor, "含广告或联系方式：含有代购引流") and entry.timestamp


def test_a_post_whose_photos_are_still_processing_is_not_in_the_queue_and_cannot_be_decided(editor_client):
    processing = member_post("m-new", "照片还在处理的帖子", ModerationState.PROCESSING)
    assert str(processing) not in queue_rows(editor_client)
    for action in ("approve", "reject"):
        editor_client.post(bulk_url(action, [processing]), {"note": "太早了"})
        processing.refresh_from_db()
        assert processing.moderation_state == ModerationState.PROCESSING


# Deciding from the row -----------------------------------------------------------

QUEUE = "/admin/snippets/cms/ugcpost/?moderation_state=pending&flag=sensitive_words"


def row_of(html: str, post: UGCPost) -> str:
    start = html.rindex("<tr", 0, html.index(f'data-moderation-row="{post.pk}"'))
    return html[start: html.index("</tr>", start)]


def test_each_pending_row_approves_in_one_post_and_goes_back_to_the_queue_as_it_was(editor_client, editor, flagged_member_post):
    row = row_of(queue_rows(editor_client), flagged_member_post)
    approve_url = snippet_url(UGCPost, "approve", flagged_member_post.pk)
    assert f'action="{approve_url}"' in row and "csrfmiddlewaretoken" in row

    response = editor_client.post(approve_url, {"next": QUEUE})

    assert (response.status_code, response["Location"]) == (302, QUEUE)
    flagged_member_post.refresh_from_db()
    assert (flagged_member_post.moderation_state, flagged_member_post.moderated_by) == (ModerationState.APPROVED, editor)
    assert ModelLogEntry.objects.filter(object_id=str(flagged_member_post.pk), action=moderation.APPROVE_ACTION, user=editor).exists()
    assert str(flagged_member_post) in [str(message) for message in editor_client.get(QUEUE).context["messages"]][0]


def test_approving_from_the_row_keeps_the_consent_rule_and_never_leaves_the_admin(editor_client):
    unconsented = member_post("m-row", "没有授权的投稿", consent=())
    response = editor_client.post(snippet_url(UGCPost, "approve", unconsented.pk), {"next": "https://elsewhere.example/"}, follow=True)
    assert response.redirect_chain[0][0].startswith(snippet_url(UGCPost, "list"))
    assert any("not consented" in str(message) for message in response.context["messages"])
    assert UGCPost.objects.get(pk=unconsented.pk).moderation_state == ModerationState.PENDING


def test_a_moderator_rejects_from_the_row_with_a_template_reason_and_a_note_and_the_member_reads_it(client, moderator, flagged_member_post):
    client.force_login(moderator)
    templates = ModerationSettings.load().rejection_reason_list()
    assert "含广告或联系方式" in templates
    assert '<option value="含广告或联系方式">' in row_of(queue_rows(client), flagged_member_post)

    response = client.post(snippet_url(UGCPost, "reject", flagged_member_post.pk), {"reason": "含广告或联系方式", "note": "请勿留微信号", "next": QUEUE})

    assert (response.status_code, response["Location"]) == (302, QUEUE)
    flagged_member_post.refresh_from_db()
    assert flagged_member_post.moderation_state == ModerationState.REJECTED
    assert flagged_member_post.rejection_reason == "含广告或联系方式：请勿留微信号"
    key = ApiKey.issue("app", [Scope.READ_OWN_POSTS])[1]
    headers = {"HTTP_X_API_KEY": key, "HTTP_AUTHORIZATION": f"Bearer {issue_member_token('m-hist', 'h-m-hist')}"}
    query = '{"query": "{ myPosts(state: REJECTED) { edges { node { text rejectionReason } } } }"}'
    seen = client.post("/graphql/", query, content_type="application/json", **headers).json()["data"]["myPosts"]["edges"]
    assert {"text": flagged_member_post.text, "rejectionReason": "含广告或联系方式：请勿留微信号"} in [edge["node"] for edge in seen]


def test_rejecting_from_the_row_needs_a_reason_picked_or_written(editor_client, flagged_member_post):
    url = snippet_url(UGCPost, "reject", flagged_member_post.pk)
    empty = editor_client.post(url, {"reason": "", "note": "  ", "next": QUEUE})
    assert empty.status_code == 200 and "Pick a reason or write one" in empty.content.decode()
    unknown = editor_client.post(url, {"reason": "不在模板里的理由", "note": ""})
    assert unknown.status_code == 200 and unknown.context["form"].errors["reason"]
    assert UGCPost.objects.get(pk=flagged_member_post.pk).moderation_state == ModerationState.PENDING

    editor_client.post(url, {"reason": "", "note": "照片里是别家门店"})
    assert UGCPost.objects.get(pk=flagged_member_post.pk).rejection_reason == "照片里是别家门店"


def test_editors_keep_the_rejection_reasons_the_queue_offers(editor_client, flagged_member_post):
    url = reverse("wagtailsettings:edit", args=["cms", "moderationsettings", ModerationSettings.load().pk])
    editor_client.post(url, {"sensitive_words": "代购", "rejection_reasons": "重复投稿\n\n  与活动无关 \n"})
    assert ModerationSettings.load().rejection_reason_list() == ["重复投稿", "与活动无关"]
    row = row_of(queue_rows(editor_client), flagged_member_post)
    assert '<option value="重复投稿">' in row and '<option value="含广告或联系方式">' not in row


def test_row_actions_are_refused_to_a_user_who_may_not_moderate(client, flagged_member_post):
    """Wagtail's answer to a permission it refuses: back to the dashboard, saying so."""
    client.force_login(User.objects.get(username="reviewer"))
    photo = UGCPost.objects.exclude(photos=None).first().photos.first()
    for response in (
        client.post(snippet_url(UGCPost, "approve", flagged_member_post.pk)),
        client.post(snippet_url(UGCPost, "reject", flagged_member_post.pk), {"reason": "与主题无关"}),
        client.get(snippet_url(UGCPost, "photo", photo.pk)),
    ):
        assert (response.status_code, response["Location"]) == (302, reverse("wagtailadmin_home"))
    assert any("permission" in str(message) for message in client.get(reverse("wagtailadmin_home")).context["messages"])
    client.logout()
    assert client.post(snippet_url(UGCPost, "approve", flagged_member_post.pk))["Location"].startswith(reverse("wagtailadmin_login"))
    assert UGCPost.objects.get(pk=flagged_member_post.pk).moderation_state == ModerationState.PENDING


def test_a_missing_post_or_photo_is_a_404_and_approving_takes_a_post(editor_client, flagged_member_post):
    missing = UGCPost.objects.order_by("-pk").first().pk + 1
    assert editor_client.post(snippet_url(UGCPost, "approve", missing)).status_code == 404
    assert editor_client.post(snippet_url(UGCPost, "reject", missing), {"reason": "与主题无关"}).status_code == 404
    assert editor_client.get(snippet_url(UGCPost, "photo", 10**9)).status_code == 404
    assert editor_client.post(snippet_url(UGCPost, "list") + "approve/not-a-number/").status_code == 404
    assert editor_client.get(snippet_url(UGCPost, "approve", flagged_member_post.pk)).status_code == 405
    assert UGCPost.objects.get(pk=flagged_member_post.pk).moderation_state == ModerationState.PENDING


def test_a_thumbnail_opens_the_photo_large_from_the_renditions_made(editor_client):
    post = UGCPost.objects.filter(moderation_state=ModerationState.PENDING).exclude(photos=None).first()
    photo = post.photos.first()
    photo_url = snippet_url(UGCPost, "photo", photo.pk)
    assert f'href="{photo_url}"' in row_of(queue_rows(editor_client), post)

    assert editor_client.get(photo_url)["Location"] == photo.image.file.url  # nothing made yet: the original
    renditions_made(photo.image)
    response = editor_client.get(photo_url)
    assert response.status_code == 302 and "width-1280.format-webp" in response["Location"]
    assert editor_client.get(response["Location"]).status_code == 200


# Placing posts in a campaign ----------------------------------------------------


def placed_in(campaign: CampaignPage) -> set[int]:
    return {slot.ugc_post_id for slot in CampaignPage.objects.get(pk=campaign.pk).slots.all() if slot.ugc_post_id}


def test_a_moderator_places_approved_posts_in_a_live_campaign(client, moderator, graphql):
    campaign = CampaignPage.objects.get(slug="crab-by-high-speed-rail")
    approved = member_post("m-place", "蟹黄满满，投稿参加活动", ModerationState.APPROVED)
    pending = member_post("m-place", "还没审核的投稿")
    client.force_login(moderator)

    revisions_before = campaign.revisions.count()
    assert client.get(bulk_url("place_in_campaign", [approved, pending])).status_code == 200
    response = client.post(bulk_url("place_in_campaign", [approved, pending]), {"campaign": campaign.pk}, follow=True)

    messages = [str(message) for message in response.context["messages"]]
    assert any("placed in" in message and "published" in message for message in messages), messages
    assert any("only approved posts" in message for message in messages)
    assert approved.pk in placed_in(campaign) and pending.pk not in placed_in(campaign)
    campaign.refresh_from_db()
    assert campaign.revisions.count() == revisions_before + 1 and campaign.live_revision == campaign.latest_revision
    slots = graphql.data('{ campaign(slug: "crab-by-high-speed-rail") { slots { content { ... on UGCPost { text } } } } }')
    assert {"content": {"text": "蟹黄满满，投稿参加活动"}} in slots["campaign"]["slots"]

    again = client.post(bulk_url("place_in_campaign", [approved]), {"campaign": campaign.pk}, follow=True)
    assert any("already in" in str(message) for message in again.context["messages"])
    assert [slot.ugc_post_id for slot in CampaignPage.objects.get(pk=campaign.pk).slots.all()].count(approved.pk) == 1


def test_an_editor_who_cannot_publish_adds_posts_to_a_draft(editor_client):
    campaign = CampaignPage.objects.get(slug="crab-by-high-speed-rail")
    live_revision, revisions_before = campaign.live_revision, campaign.revisions.count()
    approved = member_post("m-draft", "草稿里的投稿", ModerationState.APPROVED)
    response = editor_client.post(bulk_url("place_in_campaign", [approved]), {"campaign": campaign.pk}, follow=True)
    assert any("draft" in str(message) for message in response.context["messages"])
    assert approved.pk not in placed_in(campaign)  # the live campaign is unchanged
    campaign.refresh_from_db()
    assert (campaign.live_revision, campaign.revisions.count(), campaign.has_unpublished_changes) == (live_revision, revisions_before + 1, True)
    latest = campaign.get_latest_revision_as_object()
    assert approved.pk in {slot.ugc_post_id for slot in latest.slots.all()}


def test_the_campaign_chooser_shows_each_campaigns_status_dates_and_regions(client, moderator):
    client.force_login(moderator)
    approved = member_post("m-choose", "选活动的投稿", ModerationState.APPROVED)
    form = client.get(bulk_url("place_in_campaign", [approved])).context["form"]
    labels = {str(value): label for value, label in form.fields["campaign"].choices if value}
    live = CampaignPage.objects.get(slug="crab-by-high-speed-rail")
    dates = [formats.date_format(timezone.localtime(moment)) for moment in (live.go_live_at, live.expire_at)]
    regions = [region.name for region in live.regions.all()]
    assert regions and labels[str(live.pk)] == f"{live.title} · Live · {dates[0]} – {dates[1]} · {', '.join(regions)}"
    statuses = [label.split(" · ")[-3] for label in labels.values()]  # titles may hold " · " too
    assert statuses[0] == "Live" and {"Approved", "In review", "Idea"} <= set(statuses)


def test_a_moderator_who_may_not_edit_campaigns_is_offered_none_and_places_nothing(client, moderator):
    """Placing adds a campaign revision, so it needs the right to edit the campaign, not only to moderate posts."""
    only_posts = Group.objects.create(name="只审投稿")
    only_posts.permissions.set(Permission.objects.filter(content_type__app_label="cms", codename__in=["change_ugcpost"]))
    user = User.objects.create_user("posts-only", password="x", is_staff=True)
    user.groups.set([only_posts])
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    campaign = CampaignPage.objects.get(slug="crab-by-high-speed-rail")
    approved = member_post("m-no-edit", "没有活动权限的投稿", ModerationState.APPROVED)
    client.force_login(user)

    form = client.get(bulk_url("place_in_campaign", [approved])).context["form"]
    assert [value for value, _ in form.fields["campaign"].choices if value] == []
    revisions_before = campaign.revisions.count()
    response = client.post(bulk_url("place_in_campaign", [approved]), {"campaign": campaign.pk})
    assert response.status_code == 200 and response.context["form"].errors["campaign"]
    assert campaign.revisions.count() == revisions_before and approved.pk not in placed_in(campaign)


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
