"""The delivery API over real HTTP, on the demo world."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.rich_text import RichText

from calendars.models import SeasonalEntry
from campaigns.models import CampaignIndexPage, CampaignPage
from cms import renditions
from cms.models import ArticleIndexPage, ArticlePage, MomentsImage, Scene
from tests.conftest import renditions_made

pytestmark = [pytest.mark.django_db, pytest.mark.date_sensitive]

YEAR = timezone.localdate().year

MOMENT_ITEMS = """
query Moment($first: Int!, $scenes: [String!]) {
  moment(region: "CN-ZJ-HZ", scenes: $scenes, personas: ["CDP-GENZ-FOODIE"], first: $first) {
    items {
      score reasons
      content {
        __typename
        ... on Article { slug title heroImage { alt srcSet(widths: [320, 640], format: WEBP) } scenes { slug timeWindows { days } } personas { slug segmentCodes interests } regions { code parentCode } }
        ... on UGCPost { id text region { code } scenes { slug } photos { rendition(width: 320) { url width } } campaign { slug } }
        ... on Campaign { slug hook heroImage { url } scenes { slug } seasonalItems { item region { code } } }
      }
    }
  }
}
"""


def test_moment_explains_every_item_it_returns(graphql):
    moment = graphql.data(
        """{ moment(region: "CN-SH", scenes: ["weekend-home-cooking"], personas: ["CDP-GENZ-FOODIE", "CRM-UNKNOWN-9"]) {
              scenesInferred scenes { slug } personas { slug } unknownPersonas channel { slug }
              region { region { code } fallbackChain { code } tasteCalendar { region { code } } }
              campaigns { slug }
              items { score reasons content { __typename ... on Campaign { slug } } }
           } }"""
    )["moment"]
    assert moment["scenesInferred"] is False
    assert moment["personas"] == [{"slug": "genz-foodie"}]
    assert moment["unknownPersonas"] == ["CRM-UNKNOWN-9"]
    assert moment["channel"] == {"slug": "app-home"}
    assert moment["region"]["fallbackChain"] == [{"code": "CN-SH"}, {"code": "CN"}]
    assert moment["region"]["tasteCalendar"] == {"region": {"code": "CN-SH"}}
    assert {"slug": "crab-by-high-speed-rail"} in moment["campaigns"]
    crab = next(item for item in moment["items"] if item["content"].get("slug") == "crab-by-high-speed-rail")
    assert {"场景: 周末下厨", "人群: Z世代吃货", "活动: 坐上高铁去吃蟹", "地区: 上海"} <= set(crab["reasons"])
    scores = [item["score"] for item in moment["items"]]
    assert scores == sorted(scores, reverse=True)
    assert all(item["reasons"] for item in moment["items"])


def test_moment_infers_scenes_from_the_local_time(graphql):
    query = 'query($at: DateTime!) { moment(at: $at) { at scenesInferred scenes { slug } } }'
    wednesday_night = graphql.data(query, {"at": "2026-06-10T22:30:00+08:00"})["moment"]
    assert wednesday_night["scenesInferred"] is True
    assert "overtime-snacking" in [scene["slug"] for scene in wednesday_night["scenes"]]
    saturday_small_hours = graphql.data(query, {"at": "2026-06-13T01:30:00+08:00"})["moment"]  # tail of Friday's window
    assert "overtime-snacking" in [scene["slug"] for scene in saturday_small_hours["scenes"]]
    sunday_small_hours = graphql.data(query, {"at": "2026-06-14T01:30:00+08:00"})["moment"]
    assert "overtime-snacking" not in [scene["slug"] for scene in sunday_small_hours["scenes"]]
    same_instant_in_utc = graphql.data(query, {"at": "2026-06-10T14:30:00+00:00"})["moment"]
    assert same_instant_in_utc["scenes"] == wednesday_night["scenes"]
    assert same_instant_in_utc["at"].endswith("+08:00")


def test_moment_says_what_is_in_season_and_at_its_peak(graphql):
    query = 'query($at: DateTime!) { moment(at: $at, region: "CN-GD-SZ") { inSeason { entry { item variety } isPeak daysLeft } } }'
    in_season = graphql.data(query, {"at": f"{YEAR}-06-01T12:00:00+08:00"})["moment"]["inSeason"]
    assert {"entry": {"item": "荔枝", "variety": "妃子笑"}, "isPeak": True, "daysLeft": 19} in in_season
    peaks = [found["isPeak"] for found in in_season]
    assert peaks == sorted(peaks, reverse=True)


def test_moment_rejects_unknown_regions_scenes_and_channels(graphql):
    for arguments, unknown in [('region: "CN-XX"', "CN-XX"), ('scenes: ["no-such-scene"]', "no-such-scene"), ('channel: "fax"', "fax")]:
        response = graphql.post(f"{{ moment({arguments}) {{ at }} }}")
        assert response.status_code == 400
        error = response.json()["errors"][0]
        assert unknown in error["message"] and error["extensions"]["code"] == "BAD_USER_INPUT"


def test_moment_queries_do_not_grow_with_the_number_of_items(graphql, settings):
    settings.MOMENTS_MOMENT_CACHE_SECONDS = 0  # this counts what computing an answer costs
    scenes = ["weekend-home-cooking", "festival-gifting"]
    queries, kinds = {}, {}
    for first in (5, 50):
        graphql.data(MOMENT_ITEMS, {"first": first, "scenes": scenes})  # makes any missing renditions
        with CaptureQueriesContext(connection) as captured:
            items = graphql.data(MOMENT_ITEMS, {"first": first, "scenes": scenes})["moment"]["items"]
        queries[first] = len(captured)
        kinds[first] = [item["content"]["__typename"] for item in items]
    # Both answers hold every kind, so each kind's loading is counted in both.
    assert set(kinds[5]) == set(kinds[50]) == {"Article", "UGCPost", "Campaign"}
    assert len(kinds[5]) == 5 and len(kinds[50]) > 30
    assert queries[5] == queries[50], queries
    # Candidates; posts, photos, campaigns, their seasonal items, articles; images with the renditions asked for,
    # every rendition of those lacking one (the reads shared by a content version were made by the first request).
    assert queries[50] <= 8, queries


RENDITIONS_SHOWN = """query($width: Int!, $scenes: [String!]) { moment(region: "CN-SH", scenes: $scenes, first: 20) { items { content {
    ... on Article { slug heroImage { rendition(width: $width) { width format } ...wide } } } } } }
fragment wide on Image { srcSet(widths: [480], format: WEBP) }"""


def test_a_moment_loads_the_renditions_it_shows_and_all_of_an_image_still_lacking_one(graphql, settings):
    """An image has forty renditions: a moment loads those the query asks for, through variables and fragments,
    and the nearest made size is still found for an image whose renditions are being made."""
    settings.MOMENTS_MOMENT_CACHE_SECONDS = 0
    for image in MomentsImage.objects.all():  # as the worker would have, of the sizes that matter here
        image.get_renditions(*(renditions.spec(*size) for size in ((320, "jpeg"), (480, "jpeg"), (480, "webp"))))
    scenes = list(Scene.objects.values_list("slug", flat=True))  # every scene, so articles fit whatever the day

    def shown() -> tuple[dict, list[str]]:
        with CaptureQueriesContext(connection) as captured:
            items = graphql.data(RENDITIONS_SHOWN, {"width": 320, "scenes": scenes})["moment"]["items"]
        read = [query["sql"] for query in captured if '"cms_momentsrendition"' in query["sql"]]
        assert sum('FROM "cms_momentsimage"' in query["sql"] for query in captured) == 1
        return {item["content"]["slug"]: item["content"]["heroImage"] for item in items if item["content"]}, read

    images, read = shown()
    assert len(images) >= 2 and all(image["rendition"] == {"width": 320, "format": "JPEG"} for image in images.values())
    assert all(image["srcSet"].endswith("480w") for image in images.values())
    assert len(read) == 1 and "width-320|format-jpeg" in read[0] and "width-480|format-webp" in read[0]
    assert 'FROM "cms_momentsimage"' in read[0]  # the images and their renditions in one statement
    assert "width-640|format-jpeg" not in read[0] and "fill-" not in read[0]

    lacking = next(slug for slug in images)
    ArticlePage.objects.get(slug=lacking).hero_image.renditions.filter(filter_spec="width-320|format-jpeg").delete()
    images, read = shown()
    assert images[lacking]["rendition"] == {"width": 480, "format": "JPEG"}  # the narrowest wider one made
    assert all(image["rendition"]["width"] == 320 for slug, image in images.items() if slug != lacking)
    assert len(read) == 2  # one more, for all the renditions of every image lacking one, however many
    assert "filter_spec\" IN" not in read[1]  # all of them


def test_related_articles_are_loaded_only_for_a_query_that_selects_them(graphql):
    """An in-season item can have hundreds of related articles: a moment that does not show them does not read them."""
    entry = SeasonalEntry.objects.published().first()
    entry.related_articles.add(ArticlePage.objects.live().first())
    entry.save()  # parental many-to-many values are written on save
    campaign = CampaignPage(title="相关文章", slug="related-articles-lookahead", hook="相关文章", seasonal_entries=[entry])
    CampaignIndexPage.objects.get().add_child(instance=campaign)
    campaign.save_revision().publish()
    fragment = "fragment shown on Campaign { slug seasonalItems { item %s } }"
    query = """query { moment(region: "CN", first: 50) { campaigns { ...shown } items { content { ... on Campaign { ...shown } } } } } """
    read, campaigns = {}, {}
    for shown in ("", "relatedArticles { slug }"):
        with CaptureQueriesContext(connection) as captured:
            campaigns[shown] = {found["slug"]: found for found in graphql.data(query + fragment % shown)["moment"]["campaigns"]}
        read[shown] = any("related_articles" in captured_query["sql"] for captured_query in captured)
    assert read == {"": False, "relatedArticles { slug }": True}
    assert campaigns["relatedArticles { slug }"][campaign.slug]["seasonalItems"][0]["relatedArticles"]


def test_seasonal_items_are_loaded_only_for_a_query_that_selects_them(graphql):
    campaign = CampaignPage(title="应季", slug="seasonal-items-lookahead", hook="应季", seasonal_entries=[SeasonalEntry.objects.published().first()])
    CampaignIndexPage.objects.get().add_child(instance=campaign)
    campaign.save_revision().publish()
    query = 'query { moment(region: "CN", first: 50) { campaigns { slug %s } items { content { ... on Campaign { slug } } } } }'
    read, campaigns = {}, {}
    for shown in ("", "seasonalItems { item }"):
        with CaptureQueriesContext(connection) as captured:
            campaigns[shown] = graphql.data(query % shown)["moment"]["campaigns"]
        read[shown] = any("campaigns_campaignpage_seasonal_entries" in captured_query["sql"] for captured_query in captured)
    assert read == {"": False, "seasonalItems { item }": True}
    assert any(campaign["seasonalItems"] for campaign in campaigns["seasonalItems { item }"])


def test_related_articles_of_a_ranked_campaign_come_with_their_targeting_in_fixed_statements(graphql, settings):
    settings.MOMENTS_MOMENT_CACHE_SECONDS = 0  # this counts what computing an answer costs
    friday = Scene.objects.get(slug="friday-drink")
    entry = SeasonalEntry.objects.published().first()
    campaign = CampaignPage(title="周五", slug="friday-related", hook="周五", seasonal_entries=[entry])
    CampaignIndexPage.objects.get().add_child(instance=campaign)
    campaign.scenes.set([friday])
    campaign.save_revision().publish()
    query = """{ moment(region: "CN", scenes: ["friday-drink"], first: 20) { items { content {
      ... on Campaign { slug seasonalItems { relatedArticles { slug scenes { slug } } } } } } } }"""
    statements, related = [], []
    for number in range(3):
        article = ArticlePage(title=f"相关{number}", slug=f"related-{number}", intro="相关", author_name="测试", body=[])
        ArticleIndexPage.objects.get().add_child(instance=article)
        article.scenes.set([friday])
        article.save_revision().publish()
        entry.related_articles.add(article)
        entry.save()
        with CaptureQueriesContext(connection) as captured:
            items = graphql.data(query)["moment"]["items"]
        shown = next(item["content"] for item in items if item["content"].get("slug") == campaign.slug)
        related.append({found["slug"]: found["scenes"] for found in shown["seasonalItems"][0]["relatedArticles"]})
        statements.append(len(captured))
    assert all(related[-1][f"related-{number}"] == [{"slug": "friday-drink"}] for number in range(3))
    assert statements[0] == statements[-1], statements


def test_targeting_is_loaded_only_for_a_query_that_shows_it(graphql):
    read, shown = {}, {}
    for selection in ("slug", "slug scenes { slug }"):
        with CaptureQueriesContext(connection) as captured:
            shown[selection] = [edge["node"] for edge in graphql.data(f"{{ articles(first: 20) {{ edges {{ node {{ {selection} }} }} }} }}")["articles"]["edges"]]
        read[selection] = any("cms_articlepage_scenes" in captured_query["sql"] for captured_query in captured)
    assert read == {"slug": False, "slug scenes { slug }": True}
    assert any(node["scenes"] for node in shown["slug scenes { slug }"])


def _published_article(title: str, slug: str, body: list) -> ArticlePage:
    article = ArticlePage(title=title, slug=slug, intro=title, author_name="编辑部", body=body)
    ArticleIndexPage.objects.get().add_child(instance=article)
    article.save_revision().publish()
    return article


def test_article_body_comes_as_typed_blocks_with_links_the_app_can_route(graphql):
    target = ArticlePage.objects.get(slug="hairy-crab-same-day")
    _published_article(
        "怎么挑蟹", "how-to-pick-crabs",
        [
            ("paragraph", RichText(f'<p>先看<a linktype="page" id="{target.pk}">当日达</a>。</p>')),
            ("product", {"name": "大闸蟹", "sku": "CRAB-8", "price": "398", "unit": "8 只装", "image": None}),
            ("steps", {"style": "tips", "title": "挑蟹", "items": ["看肚脐", "掂重量"]}),
        ],
    )
    body = graphql.data(
        """{ article(slug: "how-to-pick-crabs") { body { __typename id
              ... on RichTextBlock { html } ... on ProductBlock { sku price unit image { url } } ... on StepsBlock { style items } } } }"""
    )["article"]["body"]
    assert [block["__typename"] for block in body] == ["RichTextBlock", "ProductBlock", "StepsBlock"]
    assert all(block["id"] for block in body)
    link = re.search(r'<a href="([^"]+)" data-page-type="cms.articlepage" data-slug="hairy-crab-same-day">当日达</a>', body[0]["html"])
    assert link and link.group(1).startswith("http") and link.group(1).endswith("/hairy-crab-same-day/")
    assert body[1] == {"__typename": "ProductBlock", "id": body[1]["id"], "sku": "CRAB-8", "price": "398.00", "unit": "8 只装", "image": None}
    assert body[2]["items"] == ["看肚脐", "掂重量"]


def test_links_to_pages_the_app_may_not_see_keep_their_text_but_not_their_target(graphql):
    draft = ArticlePage(title="下周上新", slug="secret-next-week", intro="未发布", author_name="编辑部")
    ArticleIndexPage.objects.get().add_child(instance=draft)
    draft.save_revision()
    draft.unpublish()
    _published_article("预告", "teaser", [("paragraph", RichText(f'<p>敬请期待<a linktype="page" id="{draft.pk}">新品</a>。</p>'))])
    html = graphql.data('{ article(slug: "teaser") { body { ... on RichTextBlock { html } } } }')["article"]["body"][0]["html"]
    assert "<a>新品</a>" in html and "secret-next-week" not in html


def test_images_come_only_in_the_offered_sizes_and_formats(graphql):
    renditions_made(ArticlePage.objects.get(slug="hairy-crab-same-day").hero_image)
    image = graphql.data(
        """{ article(slug: "hairy-crab-same-day") { heroImage {
              url width height alt focalPoint { x } placeholderColor
              small: rendition(width: 320, format: WEBP) { url width height format }
              srcSet(widths: [160, 320]) } } }"""
    )["article"]["heroImage"]
    assert image["url"].startswith("http://testserver/media/") and image["alt"]
    assert re.fullmatch(r"#[0-9a-f]{6}", image["placeholderColor"])
    assert image["small"]["width"] == 320 and image["small"]["format"] == "WEBP"
    assert image["small"]["url"].endswith(".webp")
    assert image["small"]["height"] == round(320 * image["height"] / image["width"])
    assert re.fullmatch(r"\S+\.jpg 160w, \S+\.jpg 320w", image["srcSet"])
    response = graphql.post('{ article(slug: "hairy-crab-same-day") { heroImage { rendition(width: 4000) { url } } } }')
    assert response.status_code == 400
    assert "4000 is not offered" in response.json()["errors"][0]["message"]
    unknown_format = graphql.post('{ article(slug: "hairy-crab-same-day") { heroImage { rendition(width: 320, format: GIF) { url } } } }')
    assert unknown_format.status_code == 400


def test_lists_page_with_cursors_and_count_everything(graphql):
    query = "query($after: String) { articles(first: 10, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { slug } } } }"
    slugs, after, total = [], None, None
    while True:
        page = graphql.data(query, {"after": after})["articles"]
        total = page["totalCount"]
        slugs += [edge["node"]["slug"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert len(slugs) == len(set(slugs)) == total == ArticlePage.objects.live().count()
    too_many = graphql.post("{ articles(first: 101) { totalCount } }")
    assert too_many.status_code == 400 and "between 1 and 100" in too_many.json()["errors"][0]["message"]


def test_list_filters_follow_targeting(graphql):
    shanghai = graphql.data('{ articles(first: 100, region: "CN-SH") { edges { node { regions { code } } } } }')["articles"]["edges"]
    assert shanghai and all(not node["node"]["regions"] or {"code": "CN-SH"} in node["node"]["regions"] for node in shanghai)
    gifting = graphql.data('{ articles(first: 100, scene: "festival-gifting") { edges { node { scenes { slug } } } } }')["articles"]["edges"]
    assert gifting and all({"slug": "festival-gifting"} in edge["node"]["scenes"] for edge in gifting)
    guangdong_posts = graphql.data('{ ugcPosts(first: 100, region: "CN-GD") { edges { node { region { code parentCode } } } } }')
    regions = {edge["node"]["region"]["code"] for edge in guangdong_posts["ugcPosts"]["edges"]}
    assert regions and all(code.startswith("CN-GD") for code in regions) and len(regions) > 1


def test_campaign_by_slug_with_its_ordered_slots(graphql):
    campaign = graphql.data(
        """{ campaign(slug: "crab-by-high-speed-rail") { title startsAt endsAt priority
              slots { content { __typename ... on Article { slug } ... on UGCPost { id } } } } }"""
    )["campaign"]
    kinds = [slot["content"]["__typename"] for slot in campaign["slots"]]
    assert kinds[0] == "Article" and "UGCPost" in kinds
    assert datetime.datetime.fromisoformat(campaign["startsAt"]) < timezone.now() < datetime.datetime.fromisoformat(campaign["endsAt"])


def test_chinese_search_finds_words_inside_longer_runs(graphql):
    query = 'query($q: String!) { search(query: $q, first: 20) { totalCount edges { node { __typename ... on Article { slug } } } } }'
    found = graphql.data(query, {"q": "大闸蟹"})["search"]
    assert {"__typename": "Article", "slug": "hairy-crab-same-day"} in [edge["node"] for edge in found["edges"]]
    assert {edge["node"]["__typename"] for edge in found["edges"]} >= {"Article", "SeasonalEntry", "UGCPost"}
    narrower = graphql.data(query, {"q": "大闸蟹当日达"})["search"]
    assert 0 < narrower["totalCount"] < found["totalCount"]
    assert graphql.data(query, {"q": "！？"})["search"]["totalCount"] == 0
    assert graphql.post('{ search(query: "   ") { totalCount } }').status_code == 400


def test_taste_calendar_falls_back_to_the_province_edition(graphql):
    calendar = graphql.data(
        f'{{ tasteCalendar(region: "CN-GD-GZ", year: {YEAR}) {{ region {{ code }} entries {{ item }} solarTerms {{ name date }} festivals {{ name kind }} }} }}'
    )["tasteCalendar"]
    assert calendar["region"] == {"code": "CN-GD"}
    assert len(calendar["solarTerms"]) == 24 and calendar["solarTerms"][0]["name"] == "小寒"
    assert {"name": "520", "kind": "retail"} in calendar["festivals"]
    assert graphql.data(f'{{ tasteCalendar(region: "CN-JS", year: {YEAR}) {{ title }} }}')["tasteCalendar"] is None


POOL_QUERY = """
query ($first: Int!, $region: String!, $at: DateTime!) {
  moment(region: $region, at: $at, first: $first, personas: ["whale-member", "fan-not-buyer", "genz-foodie"],
         scenes: ["festival-gifting", "overtime-snacking", "weekend-home-cooking", "bubble-tea-selfie"]) {
    items { score reasons content { __typename ... on Article { slug } ... on UGCPost { id } ... on Campaign { slug } } }
  }
}
"""


@pytest.mark.parametrize("region", ["CN-SH-SH", "CN-GD-GZ", "CN"])
def test_the_best_items_do_not_depend_on_the_pool_size(graphql, settings, region):
    """Pre-selection orders by the scorer's own weights, so a pool as small as `first` already holds the best."""
    variables = {"first": 5, "region": region, "at": timezone.now().isoformat()}
    settings.MOMENTS_MATCHING_POOL = 1000
    everything = graphql.data(POOL_QUERY, variables)["moment"]["items"]
    settings.MOMENTS_MATCHING_POOL = 5
    assert graphql.data(POOL_QUERY, variables)["moment"]["items"] == everything
    assert len(everything) == 5 and len({item["score"] for item in everything}) > 1


def test_in_january_last_years_edition_still_has_its_winter(graphql):
    """Next January, before anyone publishes next year's edition, this year's winter entries are in season."""
    january = datetime.date(YEAR + 1, 1, 15)
    data = graphql.data(
        """query ($date: Date!, $at: DateTime!) {
          inSeason(region: "CN-SH-SH", date: $date) { entry { item year region { code } } daysLeft }
          moment(region: "CN-SH-SH", at: $at) { region { tasteCalendar { year region { code } } } inSeason { entry { item } } }
          tasteCalendar(region: "CN-SH", year: %d) { title }
        }""" % (YEAR + 1),
        {"date": january.isoformat(), "at": f"{january}T10:00:00+08:00"},
    )
    items = {found["entry"]["item"] for found in data["inSeason"]}
    assert {"草莓", "冬笋", "塌棵菜", "羊肉"} <= items
    assert {(found["entry"]["year"], found["entry"]["region"]["code"]) for found in data["inSeason"]} == {(YEAR, "CN-SH")}
    assert all(found["daysLeft"] >= 0 for found in data["inSeason"])
    assert data["moment"]["region"]["tasteCalendar"] == {"year": YEAR, "region": {"code": "CN-SH"}}
    assert {found["entry"]["item"] for found in data["moment"]["inSeason"]} == items
    assert data["tasteCalendar"] is None  # editions stay per year


def test_in_season_takes_the_days_own_edition_with_last_years_winter(graphql):
    """This January both this year's edition and the winter of last year's are read; the calendar shown is this year's."""
    january = datetime.date(YEAR, 1, 15)
    data = graphql.data(
        '{ inSeason(region: "CN-SH", date: "%s") { entry { item year } } moment(region: "CN-SH", at: "%sT10:00:00+08:00") { region { tasteCalendar { year } } } }'
        % (january, january)
    )
    assert {"item": "草莓", "year": YEAR - 1} in [found["entry"] for found in data["inSeason"]]
    assert data["moment"]["region"]["tasteCalendar"] == {"year": YEAR}


def test_get_answers_may_be_cached_and_set_no_cookie(graphql):
    response = graphql.get("{ channels { slug } }")
    assert response.status_code == 200
    assert "max-age=60" in response["Cache-Control"] and "public" in response["Cache-Control"]
    assert not response.cookies
    assert "no-store" in graphql.post("{ channels { slug } }")["Cache-Control"]
    assert "no-store" in graphql.get("{ nope }")["Cache-Control"]


def test_a_get_answer_has_an_etag_and_an_unchanged_one_is_a_304(client, db):
    """The app and a CDN revalidate instead of downloading again; answers with credentials are never shared."""
    url = "/graphql/?query={ channels { slug } }"
    response = client.get(url)
    assert response["ETag"] and {"Authorization", "X-Api-Key"} <= {h.strip() for h in response["Vary"].split(",")}
    unchanged = client.get(url, headers={"If-None-Match": response["ETag"]})
    assert unchanged.status_code == 304 and unchanged.content == b""
    assert client.get(url, headers={"If-None-Match": '"another"'}).status_code == 200
    with_key = client.get(url, headers={"X-Api-Key": "not-a-key", "If-None-Match": response["ETag"]})
    assert with_key.status_code != 304 and not with_key.has_header("ETag")
