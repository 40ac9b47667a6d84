"""The public GraphQL schema the mobile app reads.

Root fields only ever return live content (see :mod:`cms.visibility`).
Resolvers stay short: the work lives in named modules (:mod:`~delivery.moment`,
:mod:`~search.site_search`, :mod:`~delivery.seasons`).
"""

import graphene
from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext as _

from campaigns.models import CampaignPage
from cms import targeting, visibility
from cms.models import UGCPost
from delivery import prefetch, seasons, variants
from delivery.moment import local_time
from frontend_api.auth import require_member
from frontend_api.content_locale import locale_argument, localise
from frontend_api.errors import BadInput
from frontend_api.lookahead import shown
from frontend_api.models import Scope
from frontend_api.moment_cache import moment_for
from frontend_api.mutations import Mutation
from frontend_api.pagination import connection_field, connection_of, paginate
from frontend_api.scope import scope
from frontend_api.types.blocks import BLOCK_TYPES
from frontend_api.types.calendars import InSeasonEntry, SeasonalEntryType, TasteCalendarType
from frontend_api.types.content import ArticleType, CampaignType, ModerationStateEnum, MyPostType, UGCPostType
from frontend_api.types.moment import Moment
from frontend_api.types.taxonomy import ChannelType, PersonaType, RegionType, SceneType
from frontend_api.types.unions import ModelUnion
from search.site_search import KINDS, SiteSearch


SearchKind = graphene.Enum("SearchKind", [(kind.upper(), kind) for kind in KINDS], description="What a search result is.")


class SearchResult(ModelUnion):
    class Meta:
        types = (ArticleType, CampaignType, SeasonalEntryType, UGCPostType)


ArticleConnection = connection_of(ArticleType)
UGCPostConnection = connection_of(UGCPostType)
CampaignConnection = connection_of(CampaignType)
MyPostConnection = connection_of(MyPostType)
SearchResultConnection = connection_of(SearchResult)


def channel_argument() -> graphene.String:
    return graphene.String(description="Channel slug; default: the app home feed.")


def subject_argument() -> graphene.String:
    return graphene.String(
        description="Who is looking, for experiments: the signed-in member's id, else the device's id; pass it as a variable. "
        "Each running experiment shows a subject the same variant every time, and the campaign says which (`experiment`, "
        "`variant`) for the app to report. Without it, campaigns show as authored.",
    )


def _listing(info, queryset, scene=None, persona=None, region=None, channel=None):
    """Apply the list filters of `articles` and `campaigns`, resolving slugs and codes."""
    taxonomy = scope(info).taxonomy
    return targeting.tagged_or_available(
        queryset,
        scene=taxonomy.scene(scene) if scene else None,
        persona=taxonomy.persona(persona) if persona else None,
        region_chain=taxonomy.region_chain(taxonomy.region(region)) if region else (),
        channel=taxonomy.channel(channel) if channel else None,
    )


class Query(graphene.ObjectType):
    moment = graphene.Field(
        graphene.NonNull(Moment),
        description="What to show right now, here, to this person: the heart of the API.",
        at=graphene.DateTime(description="Default: now. Without a time zone, local time."),
        region=graphene.String(description="Region code, e.g. CN-GD-GZ; default: the whole country."),
        scenes=graphene.List(graphene.NonNull(graphene.String), description="Scene slugs; omit to infer them from the time."),
        personas=graphene.List(graphene.NonNull(graphene.String), description="Persona slugs or CRM/CDP segment codes."),
        channel=channel_argument(),
        first=graphene.Int(default_value=20, description="How many ranked items."),
        query=graphene.String(description="Only items matching these words, as `search` matches them, ranked for the moment."),
        subject=subject_argument(),
        locale=locale_argument(),
    )
    scenes = graphene.List(graphene.NonNull(SceneType), required=True, locale=locale_argument())
    personas = graphene.List(graphene.NonNull(PersonaType), required=True, locale=locale_argument())
    regions = graphene.List(graphene.NonNull(RegionType), required=True, locale=locale_argument())
    channels = graphene.List(graphene.NonNull(ChannelType), required=True, locale=locale_argument())
    taste_calendar = graphene.Field(
        TasteCalendarType, region=graphene.String(required=True), year=graphene.Int(required=True), locale=locale_argument(),
        description="The region's edition for the year, or its nearest parent's; null if none is published.",
    )
    in_season = graphene.List(
        graphene.NonNull(InSeasonEntry), required=True, region=graphene.String(required=True), date=graphene.Date(required=True),
        locale=locale_argument(),
        description="What is in season on the date in the nearest region with a calendar, across its editions: "
        "in January, last year's edition still has its winter.",
    )
    campaigns = connection_field(
        CampaignConnection, "Live campaigns, highest priority first.",
        active_at=graphene.DateTime(description="Only those still running then."),
        scene=graphene.String(), persona=graphene.String(), region=graphene.String(), channel=graphene.String(),
        locale=locale_argument(),
    )
    campaign = graphene.Field(
        CampaignType, slug=graphene.String(required=True), subject=subject_argument(), locale=locale_argument(),
    )
    article = graphene.Field(ArticleType, slug=graphene.String(required=True), locale=locale_argument())
    articles = connection_field(
        ArticleConnection, "Live articles, newest first.",
        scene=graphene.String(), persona=graphene.String(), region=graphene.String(), channel=graphene.String(),
        locale=locale_argument(),
    )
    ugc_posts = connection_field(
        UGCPostConnection, "Approved posts the members agreed may be shown on the channel, newest first.",
        campaign=graphene.String(), scene=graphene.String(), region=graphene.String(), channel=channel_argument(),
        locale=locale_argument(),
    )
    my_posts = connection_field(
        MyPostConnection, "The signed-in member's own posts, newest first, in any moderation state. Needs an API key and a member token.",
        state=ModerationStateEnum(description="Only posts in this state."),
    )
    search = connection_field(
        SearchResultConnection,
        "Articles, campaigns, seasonal items and UGC, best match first. Traditional or simplified characters, "
        "pinyin (dazhaxie, dzx), single characters and region, scene and persona names all find content.",
        query=graphene.String(required=True), channel=channel_argument(),
        kinds=graphene.List(graphene.NonNull(SearchKind), description="Only these kinds; default: all."),
        region=graphene.String(description="Region code: only content for this region, its parents or everywhere."),
        locale=locale_argument(),
    )

    def resolve_moment(root, info, first, at=None, region=None, scenes=None, personas=None, channel=None, query=None, subject=None):
        arguments = {
            "at": at, "region": region, "scenes": scenes, "personas": personas, "channel": channel, "first": first, "query": query,
            "subject": subject,
        }
        return moment_for(scope(info), arguments, shown(info))

    def resolve_scenes(root, info):
        return list(scope(info).taxonomy.scenes.values())

    def resolve_personas(root, info):
        return scope(info).taxonomy.personas

    def resolve_regions(root, info):
        return list(scope(info).taxonomy.regions.values())

    def resolve_channels(root, info):
        return list(scope(info).taxonomy.channels.values())

    def resolve_taste_calendar(root, info, region, year):
        taxonomy = scope(info).taxonomy
        return seasons.calendar_for(taxonomy.region_chain(taxonomy.region(region)), year, scope(info).now)

    def resolve_in_season(root, info, region, date):
        taxonomy = scope(info).taxonomy
        editions = seasons.editions_on(taxonomy.region_chain(taxonomy.region(region)), date, scope(info).now)
        return seasons.in_season(editions, date, scope(info).now)

    def resolve_campaigns(root, info, first, after=None, active_at=None, **filters):
        now = scope(info).now
        campaigns = _listing(info, CampaignPage.objects.live_at(now), **filters)
        if active_at:
            active_at = local_time(active_at)  # refuses years the site cannot place, as moment(at:) does
            campaigns = campaigns.filter(Q(go_live_at__isnull=True) | Q(go_live_at__lte=active_at))
            campaigns = campaigns.filter(Q(expire_at__isnull=True) | Q(expire_at__gt=active_at))
        loaded = prefetch.campaigns(campaigns, now, shown(info))
        ordered = loaded.order_by("-priority", "-go_live_at", "pk")
        return paginate(ordered, first, after, CampaignConnection)

    def resolve_campaign(root, info, slug, subject=None):
        request_scope = scope(info)
        live = CampaignPage.objects.live_at(request_scope.now).filter(slug=slug)
        campaign = prefetch.campaigns(live, request_scope.now, shown(info)).first()
        if campaign:
            variants.show([campaign], variants.served_to(subject, request_scope.reads, request_scope.now))
        return campaign

    def resolve_article(root, info, slug):
        return prefetch.articles(visibility.live_articles(scope(info).now).filter(slug=slug), shown(info)).first()

    def resolve_articles(root, info, first, after=None, **filters):
        articles = _listing(info, visibility.live_articles(scope(info).now), **filters)
        ordered = prefetch.articles(articles, shown(info)).order_by("-first_published_at", "pk")
        return paginate(ordered, first, after, ArticleConnection)

    def resolve_ugc_posts(root, info, first, after=None, campaign=None, scene=None, region=None, channel=None):
        request_scope = scope(info)
        taxonomy, now = request_scope.taxonomy, request_scope.now
        posts = visibility.public_ugc(taxonomy.channel(channel or settings.MOMENTS_DEFAULT_CHANNEL).slug, now)
        if campaign:
            live = CampaignPage.objects.live_at(now).filter(slug=campaign).first()
            if live is None:
                raise BadInput(_("No live campaign has the slug %(slug)s.") % {"slug": campaign})
            posts = posts.filter(campaign=live)
        if scene:
            posts = posts.filter(scenes=taxonomy.scene(scene))
        if region:
            posts = posts.filter(region__in=taxonomy.descendants(taxonomy.region(region)))
        return paginate(prefetch.ugc_posts(posts, now).order_by("-created_at", "-pk"), first, after, UGCPostConnection)

    def resolve_my_posts(root, info, first, after=None, state=None):
        member = require_member(info.context, Scope.READ_OWN_POSTS)
        posts = UGCPost.objects.filter(member_id=member.id)
        if state is not None:
            posts = posts.filter(moderation_state=state.value)
        return paginate(prefetch.my_posts(posts, scope(info).now).order_by("-created_at", "-pk"), first, after, MyPostConnection)

    def resolve_search(root, info, query, first, after=None, channel=None, kinds=None, region=None):
        request_scope = scope(info)
        taxonomy = request_scope.taxonomy
        channel_slug = taxonomy.channel(channel or settings.MOMENTS_DEFAULT_CHANNEL).slug
        region_chain = [place.code for place in taxonomy.region_chain(taxonomy.region(region))] if region else None
        kinds = [kind.value for kind in kinds] if kinds else None
        hits = SiteSearch(query, channel_slug, request_scope.now, kinds=kinds, region_chain=region_chain, shown=shown(info))
        return paginate(hits, first, after, SearchResultConnection)


# Block types are reached only through the ArticleBlock interface, so name them here.
schema = localise(graphene.Schema(query=Query, mutation=Mutation, types=list(BLOCK_TYPES.values())))
