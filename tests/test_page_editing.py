"""Creating and editing pages through the admin: one page per editing form, slugs in pinyin."""

import json
import re

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from cms.models import ArticleIndexPage, ArticlePage, PageCreation
from cms.slugs import pinyin_slug

pytestmark = pytest.mark.django_db


def add_article_url() -> str:
    return reverse("wagtailadmin_pages:add", args=["cms", "articlepage", ArticleIndexPage.objects.get().pk])


def creation_key(client) -> str:
    """The key the create form carries, as the browser would send it back."""
    form = client.get(add_article_url()).content.decode()
    return re.search(r'name="creation_key" value="([0-9a-f-]+)"', form)[1]


def article_form(title: str, slug: str, key: str = "") -> dict:
    return nested_form_data(
        {
            "title": title, "slug": slug, "intro": "一句话", "body": streamfield([]), "body_hant": streamfield([]), "source_kind": "brand",
            "publish_date": "2026-09-20", "author_name": "小编", "author_handle": "",
            "comments": inline_formset([]), "creation_key": key,
        }
    )


def autosave(client, url: str, data: dict):
    return client.post(url, data, HTTP_ACCEPT="application/json")


def articles_titled(title: str) -> list[ArticlePage]:
    return list(ArticlePage.objects.filter(title=title))


def test_save_draft_sent_while_autosave_created_the_page_edits_that_page(editor_client):
    """The browser's Save draft can leave the create form before autosave's answer points it at the edit view."""
    key = creation_key(editor_client)
    created = autosave(editor_client, add_article_url(), article_form("大闸蟹上市了", "大闸蟹上市了", key))
    assert created.status_code == 200, created.content
    page = ArticlePage.objects.get(pk=json.loads(created.content)["pk"])

    saved = editor_client.post(add_article_url(), article_form("大闸蟹上市了", "大闸蟹上市了", key))

    assert saved.status_code == 302
    assert saved["Location"] == reverse("wagtailadmin_pages:edit", args=[page.pk])
    assert [article.pk for article in articles_titled("大闸蟹上市了")] == [page.pk]
    assert page.revisions.count() == 2
    page.refresh_from_db()
    assert page.slug == "da-zha-xie-shang-shi-le"


def test_a_second_autosave_from_the_create_form_updates_the_page_it_created(editor_client):
    key = creation_key(editor_client)
    first = json.loads(autosave(editor_client, add_article_url(), article_form("荔枝上市", "荔枝上市", key)).content)
    second = autosave(editor_client, add_article_url(), article_form("荔枝上市了", "荔枝上市", key))
    assert second.status_code == 200 and json.loads(second.content)["success"]
    page = ArticlePage.objects.get(pk=first["pk"])
    assert page.get_latest_revision_as_object().title == "荔枝上市了"
    assert ArticlePage.objects.filter(title__startswith="荔枝上市").count() == 1


def test_a_form_that_failed_to_create_leaves_its_key_free(editor_client):
    key = creation_key(editor_client)
    refused = editor_client.post(add_article_url(), article_form("", "", key))
    assert refused.status_code == 200
    assert not PageCreation.objects.filter(key=key).exists()
    created = editor_client.post(add_article_url(), article_form("杨梅季", "", key))
    assert created.status_code == 302
    assert PageCreation.objects.get(key=key).page_id == ArticlePage.objects.get(title="杨梅季").pk


def test_another_users_key_creates_nothing(editor_client, client):
    key = creation_key(editor_client)
    editor_client.post(add_article_url(), article_form("春笋", "", key))
    client.force_login(User.objects.get(username="admin"))
    refused = client.post(add_article_url(), article_form("春笋 改", "", key))
    assert refused["Location"] == reverse("wagtailadmin_home")  # how Wagtail answers a denied permission
    assert ArticlePage.objects.filter(title__startswith="春笋").count() == 1


def test_a_chinese_title_gets_a_pinyin_slug_unique_among_its_siblings(editor_client):
    for _ in range(3):
        response = editor_client.post(add_article_url(), article_form("520 限定", "", creation_key(editor_client)))
        assert response.status_code == 302
    slugs = sorted(ArticlePage.objects.filter(title="520 限定").values_list("slug", flat=True))
    assert slugs == ["520-xian-ding", "520-xian-ding-2", "520-xian-ding-3"]


def test_the_slug_wagtails_own_sync_made_becomes_pinyin_and_the_autosave_tells_the_form(editor_client):
    """Wagtail's script copies the title into the slug in Unicode; the server's pinyin slug replaces it."""
    response = autosave(editor_client, add_article_url(), article_form("春天的第一颗枇杷", "春天的第一颗枇杷", creation_key(editor_client)))
    assert json.loads(response.content)["field_updates"]["slug"] == "chun-tian-de-di-yi-ke-pi-pa"
    assert ArticlePage.objects.get(title="春天的第一颗枇杷").slug == "chun-tian-de-di-yi-ke-pi-pa"


def test_an_editor_may_type_another_slug(editor_client):
    editor_client.post(add_article_url(), article_form("大闸蟹上市了", "hairy-crab-is-here", creation_key(editor_client)))
    assert ArticlePage.objects.get(title="大闸蟹上市了").slug == "hairy-crab-is-here"


def test_a_slug_typed_in_chinese_is_kept_in_pinyin(editor_client):
    editor_client.post(add_article_url(), article_form("秋天的第一只蟹", "大闸蟹", creation_key(editor_client)))
    assert ArticlePage.objects.get(title="秋天的第一只蟹").slug == "da-zha-xie"


def test_a_typed_slug_that_is_taken_is_an_error_on_the_slug_field(editor_client):
    response = editor_client.post(add_article_url(), article_form("蟹", "hairy-crab-same-day", creation_key(editor_client)))
    assert response.status_code == 200
    assert "slug" in response.context["form"].errors
    promote_tab = re.search(r'<section\s+id="tab-promote".*?</section>', response.content.decode(), re.S)[0]
    assert "hairy-crab-same-day" in promote_tab and "error-message" in promote_tab
    assert not ArticlePage.objects.filter(title="蟹").exists()


@pytest.mark.parametrize("title", ["！！！", "🦀🦀"])
def test_a_title_with_nothing_to_make_a_slug_of_asks_for_one_instead_of_saving_an_empty_slug(editor_client, title):
    """Wagtail's own form required a slug; ours makes one from the title, which a title of symbols cannot give."""
    response = editor_client.post(add_article_url(), article_form(title, "", creation_key(editor_client)))
    assert response.status_code == 200
    assert "slug" in response.context["form"].errors
    assert not ArticlePage.objects.filter(title=title).exists()
    assert editor_client.post(add_article_url(), article_form(title, "crab-emoji", creation_key(editor_client))).status_code == 302
    assert ArticlePage.objects.get(title=title).slug == "crab-emoji"


def test_an_existing_unicode_slug_is_kept_when_the_page_is_edited(editor_client):
    """Deep links already out there must keep working."""
    parent = ArticleIndexPage.objects.get()
    page = parent.add_child(instance=ArticlePage(
        title="旧文章", slug="旧文章", intro="一句话", body=[], author_name="小编", live=False,
    ))
    edit = reverse("wagtailadmin_pages:edit", args=[page.pk])
    assert editor_client.post(edit, article_form("旧文章", "旧文章")).status_code == 302
    page.refresh_from_db()
    assert page.slug == "旧文章"


def test_a_page_made_in_code_with_no_slug_gets_the_pinyin_slug():
    page = ArticleIndexPage.objects.get().add_child(instance=ArticlePage(title="重庆火锅", intro="一句话", body=[], author_name="小编"))
    assert page.slug == "chong-qing-huo-guo"


@pytest.mark.parametrize(
    "title, slug",
    [
        ("大闸蟹上市了", "da-zha-xie-shang-shi-le"),
        ("520 限定", "520-xian-ding"),
        ("重庆火锅", "chong-qing-huo-guo"),  # 重 read chong, not zhong
        ("银行行长", "yin-hang-hang-zhang"),  # one character, two readings
        ("长大了", "zhang-da-le"),
        ("iPhone 16 限定！", "iphone-16-xian-ding"),
        ("２０２６年冬至", "2026-nian-dong-zhi"),  # full-width digits
        ("大閘蟹", "da-zha-xie"),  # traditional characters
        ("绿茶", "lv-cha"),
        ("Friday highball", "friday-highball"),
        ("🦀", ""),
    ],
)
def test_pinyin_slug(title, slug):
    assert pinyin_slug(title) == slug


def test_a_long_title_is_cut_at_a_syllable():
    slug = pinyin_slug("一年四季不时不食" * 5)
    assert len(slug) <= 80 and not slug.endswith("-")
    assert all(syllable in {"yi", "nian", "si", "ji", "bu", "shi"} for syllable in slug.split("-"))


def test_the_slug_field_asks_the_server_for_the_pinyin(editor_client, client):
    url = reverse("pinyin_slug")
    assert editor_client.get(url, {"title": "重庆火锅 520"}).json() == {"slug": "chong-qing-huo-guo-520"}
    assert editor_client.get(url, {"title": "蟹" * 10_000}).status_code == 200  # cut, never an error
    assert editor_client.get(url).json() == {"slug": ""}
    client.logout()
    assert client.get(url, {"title": "蟹"}).status_code == 302  # to the admin's login
