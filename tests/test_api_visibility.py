"""Nothing that is not public ever leaves the API, through any root field.

Hidden content of every kind is made with Wagtail's own publishing actions
and given the marker word 秘密榴莲; a public control carries 公开榴莲. One
query asks every root field for everything, and the answer must hold the
control and never the marker.
"""

import datetime

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from calendars.models import SeasonalEntry, TasteCalendarIndexPage, TasteCalendarPage
from campaigns.models import CampaignIndexPage, CampaignPage
from cms.models import ArticleIndexPage, ArticlePage, Channel, ModerationState, Region, Scene, UGCPost

pytestmark = [pytest.mark.django_db, pytest.mark.date_sensitive]

HIDDEN, PUBLIC = "秘密榴莲", "公开榴莲"

FRAGMENTS = {
    "image": "fragment image on Image { url alt rendition(width: 320) { url } }",
    "article": "fragment article on Article { slug title intro body { id } heroImage { ...image } }",
    "post": "fragment post on UGCPost { id text photos { ...image } campaign { slug title } }",
    "campaign": """fragment campaign on Campaign {
      slug title hook summary
      seasonalItems { item relatedArticles { ...article } }
      slots { content { ... on Article { ...article } ... on UGCPost { ...post } } }
    }""",
    "entry": "fragment entry on SeasonalEntry { item tastingNotes relatedArticles { ...article } }",
}
ANY_CONTENT = "... on Article { ...article } ... on UGCPost { ...post } ... on Campaign { ...campaign }"

ROOT_FIELDS = {
    "moment": f"""moment(region: "CN-ZJ-HZ", scenes: $scenes, first: 100) {{
        inSeason {{ entry {{ ...entry }} }} campaigns {{ ...campaign }} items {{ content {{ {ANY_CONTENT} }} }}
    }}""",
    "articles": "articles(first: 100) { edges { node { ...article } } }",
    "ugcPosts": "ugcPosts(first: 100) { edges { node { ...post } } }",
    "campaigns": "campaigns(first: 100) { edges { node { ...campaign } } }",
    "search": f'search(query: "榴莲", first: 100) {{ edges {{ node {{ {ANY_CONTENT} ... on SeasonalEntry {{ ...entry }} }} }} }}',
    "tasteCalendar": 'tasteCalendar(region: "CN-ZJ-HZ", year: 2026) { title entries { ...entry } }',
    "inSeason": 'inSeason(region: "CN-ZJ-HZ", date: "2026-06-15") { entry { ...entry } }',
}


def everything_query(root_field: str) -> str:
    """The root field's query with the fragments it uses, transitively."""
    selection = ROOT_FIELDS[root_field]
    variables = "($scenes: [String!])" if "$scenes" in selection else ""
    text = f"query Everything{variables} {{ {selection} }}"
    used, pending = set(), [text]
    while pending:
        current = pending.pop()
        found = {name for name in FRAGMENTS if f"...{name}" in current} - used
        used |= found
        pending += [FRAGMENTS[name] for name in found]
    return "\n".join([text, *(FRAGMENTS[name] for name in sorted(used))])


SLUG_FIELDS = """
query Slugs($slug: String!) {
  article(slug: $slug) { title }
  campaign(slug: $slug) { title }
}
"""


def _article(title: str, **fields) -> ArticlePage:
    page = ArticlePage(title=title, intro=title, author_name="测试", body=[], **fields)
    ArticleIndexPage.objects.get().add_child(instance=page)
    return page


def _campaign(title: str, **fields) -> CampaignPage:
    page = CampaignPage(title=title, hook=title, **fields)
    CampaignIndexPage.objects.get().add_child(instance=page)
    return page


def _published(page, **schedule):
    for name, value in schedule.items():
        setattr(page, name, value)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def _post(text: str, state: str, consent: list[str], **fields) -> UGCPost:
    post = UGCPost.objects.create(
        member_id="m-hidden", member_handle="隐身人", text=text, moderation_state=state,
        region=Region.objects.get(code="CN-ZJ-HZ"), **fields,
    )
    post.consent_channels.set(Channel.objects.filter(slug__in=consent))
    post.scenes.set(Scene.objects.all())
    post.save()  # parental many-to-many values are written on save
    return post


@pytest.fixture(autouse=True)
def exhaustive_queries_allowed(settings):
    """These queries ask for every field at every level, far beyond what the app would."""
    settings.MOMENTS_API_LIMITS = {**settings.MOMENTS_API_LIMITS, "max_cost": 10**8, "max_fields": 1000}


@pytest.fixture
def hidden_and_public_content():
    now = timezone.now()
    scenes = list(Scene.objects.all())
    later, earlier = now + datetime.timedelta(days=3), now - datetime.timedelta(days=3)

    def targeted(page):
        page.scenes.set(scenes)
        return page

    draft = targeted(_article(f"{HIDDEN} 草稿", live=False))
    draft.save_revision()
    _published(targeted(_article(f"{HIDDEN} 定时", live=False)), go_live_at=later)
    expired = _published(targeted(_article(f"{HIDDEN} 过期")))
    ArticlePage.objects.filter(pk=expired.pk).update(expire_at=earlier)  # publish_scheduled has not run yet
    _published(targeted(_article(f"{HIDDEN} 下线"))).unpublish()
    private = _published(targeted(_article(f"{HIDDEN} 私密")))
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    _published(targeted(_article(f"{PUBLIC} 公开")))

    _campaign(f"{HIDDEN} 活动草稿", live=False).save_revision()
    _published(targeted(_campaign(f"{HIDDEN} 定时活动", live=False)), go_live_at=later)
    ended = _published(targeted(_campaign(f"{HIDDEN} 已结束活动")))
    CampaignPage.objects.filter(pk=ended.pk).update(expire_at=earlier)

    draft_calendar = TasteCalendarPage(title=f"{HIDDEN} 浙江版", region=Region.objects.get(code="CN-ZJ"), year=2026, live=False)
    draft_calendar.entries.add(SeasonalEntry(
        item=HIDDEN, category="fruit", origin="浙江", season_start=datetime.date(2026, 1, 1), season_end=datetime.date(2026, 12, 31),
        tasting_notes=HIDDEN,
    ))
    TasteCalendarIndexPage.objects.get().add_child(instance=draft_calendar)

    _post(f"{HIDDEN} 待审核", ModerationState.PENDING, ["app-home"])
    _post(f"{HIDDEN} 已拒绝", ModerationState.REJECTED, ["app-home"], rejection_reason="不合适")
    _post(f"{HIDDEN} 未授权", ModerationState.APPROVED, [])
    _post(f"{HIDDEN} 只授权推送", ModerationState.APPROVED, ["push"])
    _post(f"{HIDDEN} 授权过期", ModerationState.APPROVED, ["app-home"], consent_until=now.date() - datetime.timedelta(days=1))
    _post(f"{PUBLIC} 已通过", ModerationState.APPROVED, ["app-home"])
    return scenes


@pytest.mark.parametrize("root_field", ROOT_FIELDS)
def test_hidden_content_never_appears_through_any_root_field(graphql, hidden_and_public_content, root_field):
    scenes = [scene.slug for scene in hidden_and_public_content]
    response = graphql.post(everything_query(root_field), {"scenes": scenes} if root_field == "moment" else {})
    body = response.content.decode()
    assert response.status_code == 200, body
    assert "errors" not in response.json()
    assert HIDDEN not in body


def test_the_control_is_visible_so_the_queries_reach_new_content(graphql, hidden_and_public_content):
    scenes = [scene.slug for scene in hidden_and_public_content]
    for root_field in ["moment", "articles", "ugcPosts", "search"]:
        variables = {"scenes": scenes} if root_field == "moment" else {}
        assert PUBLIC in graphql.post(everything_query(root_field), variables).content.decode(), root_field


def test_hidden_pages_cannot_be_fetched_by_slug(graphql, hidden_and_public_content):
    hidden_pages = list(ArticlePage.objects.filter(title__contains=HIDDEN)) + list(CampaignPage.objects.filter(title__contains=HIDDEN))
    assert len(hidden_pages) == 8
    for page in hidden_pages:
        assert graphql.data(SLUG_FIELDS, {"slug": page.slug}) == {"article": None, "campaign": None}
    public = ArticlePage.objects.get(title__contains=PUBLIC)
    assert graphql.data(SLUG_FIELDS, {"slug": public.slug})["article"] == {"title": public.title}
