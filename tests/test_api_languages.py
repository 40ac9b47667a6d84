"""Members read the API's messages in the app's language: Simplified Chinese unless it asks for English.

Through /graphql/ over HTTP: a domain error (an unknown scene), a photo the intake refuses, and what a
CDN may keep, which must be one copy for every language.
"""

import json

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile

from frontend_api.auth import issue_member_token
from frontend_api.models import ApiKey, Scope

pytestmark = pytest.mark.django_db

UNKNOWN_SCENE = '{ moment(scenes: ["moon-landing"]) { at } }'
SUBMIT = "mutation($input: SubmitPostInput!) { submitPost(input: $input) { post { id } errors { field message } } }"


def moment_error(client, accept_language: str | None):
    headers = {"HTTP_ACCEPT_LANGUAGE": accept_language} if accept_language else {}
    response = client.get("/graphql/", {"query": UNKNOWN_SCENE}, **headers)
    assert response.status_code == 400 and response.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    return response


@pytest.mark.parametrize("accept_language", [None, "zh-CN,zh;q=0.9,en;q=0.8", "zh-Hans-CN", "zh-TW", "fr-FR, *;q=0.5"])
def test_an_error_is_in_chinese_by_default_and_for_any_chinese(client, accept_language):
    response = moment_error(client, accept_language)
    assert response.json()["errors"][0]["message"] == "未知的场景：moon-landing。可查询 `scenes` 获取有效值。"
    assert response["Content-Language"] == "zh-hans"


@pytest.mark.parametrize("accept_language", ["en", "en-US,en;q=0.9,zh-CN;q=0.8", "fr, en-GB;q=0.7, zh;q=0.3"])
def test_an_error_is_in_english_when_the_app_asks(client, accept_language):
    response = moment_error(client, accept_language)
    assert response.json()["errors"][0]["message"] == "Unknown scene: moon-landing. Query `scenes` for the valid values."
    assert response["Content-Language"] == "en"


def test_an_answer_in_a_language_says_so_to_caches(client):
    response = moment_error(client, "en")
    assert "Accept-Language" in response["Vary"] and "no-store" in response["Cache-Control"]


def test_a_cacheable_answer_is_one_copy_for_every_language(client):
    """It holds content, none of our words: varying by Accept-Language would only split a CDN's cache."""
    query = {"query": '{ moment(at: "2026-06-01T12:00:00+08:00", region: "CN-SH", first: 5) { at items { score reasons content { __typename } } } scenes { slug name } }', "variables": "{}"}
    chinese = client.get("/graphql/", query, HTTP_ACCEPT_LANGUAGE="zh-CN")
    cache.clear()  # the moment cache would answer the second from the first
    english = client.get("/graphql/", query, HTTP_ACCEPT_LANGUAGE="en")
    assert chinese.status_code == english.status_code == 200
    assert chinese.content == english.content
    assert "public" in english["Cache-Control"] and "Accept-Language" not in english.get("Vary", "")


@pytest.mark.parametrize(
    ("accept_language", "message"),
    [
        (None, "第 1 张照片（notes.jpg）：文件不是 JPEG、PNG 或 WebP 图片。"),
        ("en", "Photo 1 (notes.jpg): The file is not a JPEG, PNG or WebP image."),
    ],
)
def test_a_refused_photo_is_explained_in_the_members_language(client, accept_language, message):
    headers = {
        "HTTP_X_API_KEY": ApiKey.issue("test app", [Scope.SUBMIT_POSTS])[1],
        "HTTP_AUTHORIZATION": f"Bearer {issue_member_token('m-3001', '小番茄')}",
        **({"HTTP_ACCEPT_LANGUAGE": accept_language} if accept_language else {}),
    }
    variables = {"input": {"text": "看看这张", "idempotencyKey": f"key-{accept_language}", "photos": [None]}}
    body = {
        "operations": json.dumps({"query": SUBMIT, "variables": variables}),
        "map": json.dumps({"0": ["variables.input.photos.0"]}),
        "0": SimpleUploadedFile("notes.jpg", "这不是照片，是一段文字。".encode(), content_type="image/jpeg"),
    }
    response = client.post("/graphql/", body, **headers)
    assert response.status_code == 200
    payload = response.json()["data"]["submitPost"]
    assert payload["post"] is None and payload["errors"] == [{"field": "photos.0", "message": message}]
