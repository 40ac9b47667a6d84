"""Traditional Chinese for Hong Kong and Taiwan readers: the API's `locale` argument, over real HTTP."""

import re

import pytest
from graphql import GraphQLObjectType, GraphQLString, get_named_type
from wagtail.rich_text import RichText

from campaigns.assignment import assign
from campaigns.models import CONTROL, CampaignIndexPage, CampaignPage, Experiment, ExperimentState, Variant
from cms.models import ArticleIndexPage, ArticlePage, Scene
from frontend_api.content_locale import BLOCKS, HTML, KEPT, KEPT_EVERYWHERE, TEXT
from frontend_api.preview_schema import preview_schema
from frontend_api.schema import schema

pytestmark = [pytest.mark.django_db, pytest.mark.date_sensitive]  # they read the demo world, seeded relative to now

ARTICLE = """
query ($slug: String!, $locale: ContentLocale) {
  article(slug: $slug, locale: $locale) {
    slug title intro authorName
    scenes { slug name }
    body {
      __typename
      ... on RichTextBlock { html }
      ... on ProductBlock { name sku price unit }
      ... on StepsBlock { style title items }
    }
  }
}
"""
TAG = re.compile(r"<[^>]*>")


def article(graphql, slug: str, locale: str | None = None) -> dict:
    return graphql.data(ARTICLE, {"slug": slug, "locale": locale})["article"]


def published_article(slug: str, title: str, paragraph: str, **fields) -> ArticlePage:
    page = ArticlePage(title=title, slug=slug, intro=title, author_name="编辑部", body=[("paragraph", RichText(paragraph))], **fields)
    ArticleIndexPage.objects.get().add_child(instance=page)
    page.scenes.set([Scene.objects.get(slug="weekend-home-cooking")])
    page.save_revision().publish()
    return page


def test_a_demo_article_comes_in_traditional_characters_with_its_slugs_codes_and_prices_unchanged(graphql):
    simplified = article(graphql, "hairy-crab-same-day")
    traditional = article(graphql, "hairy-crab-same-day", "ZH_HANT")
    assert simplified["title"] == "阳澄湖大闸蟹当日捞当日达"
    assert traditional["title"] == "陽澄湖大閘蟹當日撈當日達"
    assert traditional["intro"] == "九雌十雄，今年的蟹黃有多滿？"
    assert traditional["slug"] == "hairy-crab-same-day"
    assert [scene["slug"] for scene in traditional["scenes"]] == [scene["slug"] for scene in simplified["scenes"]]
    assert {"slug": "weekend-home-cooking", "name": "週末下廚"} in traditional["scenes"]
    product = next(block for block in traditional["body"] if block["__typename"] == "ProductBlock")
    assert product == {"__typename": "ProductBlock", "name": "陽澄湖大閘蟹禮盒", "sku": "CRAB-YC-8", "price": "398.00", "unit": "8只裝"}
    steps = next(block for block in traditional["body"] if block["__typename"] == "StepsBlock")
    assert steps["items"][0] == "冷水上鍋，肚子朝上" and steps["style"] == "steps"


def test_opencc_converts_phrase_by_phrase_so_hair_and_fortune_get_their_own_characters(graphql):
    published_article("hair-and-fortune", "头发里的发财梦", "<p>头发</p>")
    assert article(graphql, "hair-and-fortune", "ZH_HANT")["title"] == "頭髮裡的發財夢"


def test_hong_kong_and_taiwan_get_their_own_characters_and_taiwan_its_vocabulary(graphql):
    published_article("video-software", "视频里面有软件", "<p>视频</p>")
    titles = {locale: article(graphql, "video-software", locale)["title"] for locale in ("ZH_HANS", "ZH_HANT", "ZH_HANT_HK", "ZH_HANT_TW")}
    assert titles == {"ZH_HANS": "视频里面有软件", "ZH_HANT": "視頻裡面有軟件", "ZH_HANT_HK": "視頻裏面有軟件", "ZH_HANT_TW": "影片裡面有軟體"}


def test_rich_text_is_converted_between_its_tags_which_stay_exactly_as_they_were(graphql):
    target = ArticlePage.objects.get(slug="hairy-crab-same-day")
    published_article(
        "crab-links", "蟹的链接",
        f'<p>先看<a linktype="page" id="{target.pk}">大闸蟹</a>，再看<a href="https://example.com/头发?q=发">头发</a>'
        "<b>发财</b> &amp; 1 &lt; 2</p>",
    )
    simplified = article(graphql, "crab-links")["body"][0]["html"]
    traditional = article(graphql, "crab-links", "ZH_HANT")["body"][0]["html"]
    assert TAG.findall(traditional) == TAG.findall(simplified)
    assert 'href="https://example.com/头发?q=发"' in traditional and 'data-slug="hairy-crab-same-day"' in traditional
    assert TAG.sub("", traditional) == "先看大閘蟹，再看頭髮發財 &amp; 1 &lt; 2"


def test_an_editors_own_traditional_text_wins_field_by_field(graphql):
    page = published_article("editor-wrote", "台湾凤梨酥", "<p>台湾凤梨酥</p>", title_hant="台灣鳳梨酥（編輯手寫）")
    page.intro = "酥皮里的凤梨"
    page.save_revision().publish()
    for locale in ("ZH_HANT", "ZH_HANT_HK", "ZH_HANT_TW"):
        answer = article(graphql, "editor-wrote", locale)
        assert answer["title"] == "台灣鳳梨酥（編輯手寫）"  # as written: OpenCC would make it 臺灣
        assert answer["intro"] != "酥皮里的凤梨" and "鳳梨" in answer["intro"]  # no own summary: converted
    assert article(graphql, "editor-wrote")["title"] == "台湾凤梨酥"


def test_an_editors_own_traditional_body_is_served_as_written_and_replaces_the_whole_body(graphql):
    own_body = [("paragraph", RichText("<p>台灣的<b>鳳梨</b></p>")), ("steps", {"style": "tips", "title": "台灣吃法", "items": ["台灣"]})]
    published_article("own-body", "凤梨", "<p>台湾的凤梨</p>", body_hant=own_body)
    body = article(graphql, "own-body", "ZH_HANT")["body"]
    assert [block["__typename"] for block in body] == ["RichTextBlock", "StepsBlock"]
    assert body[0]["html"] == "<p>台灣的<b>鳳梨</b></p>"
    assert (body[1]["title"], body[1]["items"]) == ("台灣吃法", ["台灣"])
    assert article(graphql, "own-body")["body"][0]["html"] == "<p>台湾的凤梨</p>"


def test_each_root_field_answers_in_its_own_locale(graphql):
    data = graphql.data("""{
      hans: article(slug: "hairy-crab-same-day") { title }
      hant: article(slug: "hairy-crab-same-day", locale: ZH_HANT) { title }
      scenes(locale: ZH_HANT) { slug name }
    }""")
    assert (data["hans"]["title"], data["hant"]["title"]) == ("阳澄湖大闸蟹当日捞当日达", "陽澄湖大閘蟹當日撈當日達")
    assert {"slug": "overtime-snacking", "name": "加班零食"} in data["scenes"]


def test_taste_calendars_taxonomy_and_search_come_in_traditional_too(graphql, demo_seeded_at):
    year = demo_seeded_at.year
    data = graphql.data(
        """query ($year: Int!) {
          tasteCalendar(region: "CN-SH", year: $year, locale: ZH_HANT) { slug entries { item itemEn origin } solarTerms { name } }
          regions(locale: ZH_HANT) { code name }
          search(query: "大閘蟹", kinds: [ARTICLE], locale: ZH_HANT) { edges { node { ... on Article { slug title } } } }
        }""",
        {"year": year},
    )
    crab = next(entry for entry in data["tasteCalendar"]["entries"] if entry["itemEn"] == "Hairy crab")
    assert (crab["item"], crab["origin"]) == ("大閘蟹", "江蘇蘇州陽澄湖")
    assert "驚蟄" in {term["name"] for term in data["tasteCalendar"]["solarTerms"]}
    assert {"code": "CN-GD", "name": "廣東"} in data["regions"]
    found = {edge["node"]["slug"]: edge["node"]["title"] for edge in data["search"]["edges"]}
    assert found["hairy-crab-same-day"] == "陽澄湖大閘蟹當日撈當日達"


def test_members_posts_come_converted_with_their_handles_as_they_are(graphql):
    simplified = graphql.data("{ ugcPosts(first: 5) { edges { node { id memberHandle text } } } }")["ugcPosts"]["edges"]
    traditional = graphql.data("{ ugcPosts(first: 5, locale: ZH_HANT) { edges { node { id memberHandle text } } } }")["ugcPosts"]["edges"]
    assert [edge["node"]["memberHandle"] for edge in traditional] == [edge["node"]["memberHandle"] for edge in simplified]
    assert [edge["node"]["text"] for edge in traditional] != [edge["node"]["text"] for edge in simplified]


def test_a_variants_words_replace_the_editors_traditional_ones_and_come_converted(graphql):
    campaign = CampaignPage(
        title="阳澄湖大闸蟹", slug="crab-hook", hook="秋风起，蟹脚痒", title_hant="陽澄湖大閘蟹（編輯）", hook_hant="秋風起，蟹腳癢（編輯）",
    )
    CampaignIndexPage.objects.get().add_child(instance=campaign)
    campaign.save_revision().publish()
    Experiment.objects.filter(state=ExperimentState.RUNNING).update(state=ExperimentState.STOPPED)
    experiment = Experiment(campaign=campaign, name="钩子", key="crab-hook", holdout_weight=1, state=ExperimentState.RUNNING)
    experiment.variants.add(Variant(key="fresh", name="新鲜", weight=1, hook="当日捞当日达"))
    experiment.save()
    subjects = {assign("crab-hook", f"device-{n}", experiment.weights()): f"device-{n}" for n in range(40)}
    query = 'query ($subject: String) { campaign(slug: "crab-hook", subject: $subject, locale: ZH_HANT) { variant title hook } }'
    fresh = graphql.data(query, {"subject": subjects["fresh"]})["campaign"]
    control = graphql.data(query, {"subject": subjects[CONTROL]})["campaign"]
    assert fresh == {"variant": "fresh", "title": "陽澄湖大閘蟹（編輯）", "hook": "當日撈當日達"}
    assert control == {"variant": CONTROL, "title": "陽澄湖大閘蟹（編輯）", "hook": "秋風起，蟹腳癢（編輯）"}


@pytest.mark.parametrize(
    ("query", "variables"),
    [
        ('{ article(slug: "hairy-crab-same-day", locale: FR) { title } }', None),
        ('query ($locale: ContentLocale) { article(slug: "hairy-crab-same-day", locale: $locale) { title } }', {"locale": "zh-Hant"}),
        ('{ scenes(locale: "ZH_HANT") { name } }', None),
    ],
)
def test_a_locale_the_api_does_not_offer_is_a_clear_error_not_a_server_error(graphql, query, variables):
    response = graphql.post(query, variables)
    assert response.status_code == 400
    message = response.json()["errors"][0]["message"]
    assert "ContentLocale" in message, message


def test_every_string_field_of_the_schemas_is_either_converted_or_named_as_kept():
    """A new String field must be named in frontend_api/content_locale.py, as text to convert or a value to keep."""
    listed = {(type_name, name) for fields in (TEXT, HTML, BLOCKS, KEPT) for type_name, names in fields.items() for name in names}
    for built in (schema.graphql_schema, preview_schema.graphql_schema):
        for type_name, graphql_type in built.type_map.items():
            if type_name.startswith("__") or type_name in ("Query", "PreviewQuery") or not isinstance(graphql_type, GraphQLObjectType):
                continue
            for name, field in graphql_type.fields.items():
                if get_named_type(field.type) is GraphQLString and name not in KEPT_EVERYWHERE:
                    assert (type_name, name) in listed, f"{type_name}.{name} is neither converted nor kept"
    for type_name, names in {**TEXT, **HTML}.items():
        assert all(get_named_type(schema.graphql_schema.type_map[type_name].fields[name].type) is GraphQLString for name in names)
