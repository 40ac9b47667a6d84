"""PGC articles, member posts (UGC) and campaigns, as the app reads them."""

import graphene
from django.conf import settings
from django.db.models import Prefetch, prefetch_related_objects
from graphene_django import DjangoObjectType

from campaigns.models import CampaignPage, CampaignSlot
from cms import visibility
from cms.models import ArticlePage, ModerationState, UGCPost
from delivery import prefetch, variants
from frontend_api.scope import scope
from frontend_api.types.blocks import ArticleBlock
from frontend_api.types.calendars import SeasonalEntryType
from frontend_api.types.images import Image
from frontend_api.types.taxonomy import ChannelType, PersonaType, RegionType, SceneType
from frontend_api.types.unions import ModelUnion


def _related(name: str):
    """Resolve a many-to-many field from its prefetched rows."""
    return lambda content, info: getattr(content, name).all()


class Targeted(graphene.Interface):
    """Whom and where content is for. An empty list is not restricted: no regions means nationwide."""

    scenes = graphene.List(graphene.NonNull(SceneType), required=True, resolver=_related("scenes"))
    personas = graphene.List(graphene.NonNull(PersonaType), required=True, resolver=_related("personas"))
    regions = graphene.List(graphene.NonNull(RegionType), required=True, resolver=_related("regions"))
    channels = graphene.List(graphene.NonNull(ChannelType), required=True, resolver=_related("channels"))


class ArticleType(DjangoObjectType):
    hero_image = graphene.Field(Image)
    body = graphene.List(graphene.NonNull(ArticleBlock), required=True)
    source = graphene.String(required=True, description='"brand" (the brand\'s own team) or "creator" (a KOL).')

    class Meta:
        model = ArticlePage
        name = "Article"
        interfaces = (Targeted,)
        fields = [
            "slug", "title", "intro", "author_name", "author_handle", "publish_date", "first_published_at", "last_published_at",
        ]

    def resolve_body(article, info):
        return list(article.body)

    def resolve_source(article, info):
        return article.source_kind


class UGCPostType(DjangoObjectType):
    id = graphene.ID(required=True)
    photos = graphene.List(graphene.NonNull(Image), required=True)
    region = graphene.Field(RegionType, description="Where the member posted from.")
    scenes = graphene.List(graphene.NonNull(SceneType), required=True, resolver=_related("scenes"))
    campaign = graphene.Field(lambda: CampaignType, description="The campaign the post answers, while it is live.")

    class Meta:
        model = UGCPost
        name = "UGCPost"
        fields = ["id", "member_handle", "text", "created_at"]

    def resolve_photos(post, info):
        return [photo.image for photo in post.photos.all()]

    def resolve_region(post, info):
        return scope(info).taxonomy.regions_by_id.get(post.region_id)


class SlotContent(ModelUnion):
    class Meta:
        types = (ArticleType, UGCPostType)


class CampaignSlotType(DjangoObjectType):
    content = graphene.Field(graphene.NonNull(SlotContent))

    class Meta:
        model = CampaignSlot
        name = "CampaignSlot"
        fields = ["note"]

    def resolve_content(slot, info):
        return slot.article or slot.ugc_post


class CampaignType(DjangoObjectType):
    hero_image = graphene.Field(Image)
    starts_at = graphene.DateTime(description="When the campaign went live.")
    ends_at = graphene.DateTime(description="When it expires; null if open-ended.")
    seasonal_items = graphene.List(graphene.NonNull(SeasonalEntryType), required=True, resolver=_related("seasonal_entries"))
    experiment = graphene.String(description="The key of the experiment this campaign is in for the subject asked about; null if none.")
    variant = graphene.String(description="The variant shown to the subject (`control`: the campaign as authored); report it with events.")
    slots = graphene.List(
        graphene.NonNull(CampaignSlotType), required=True, channel=graphene.String(),
        description="The campaign's feed in order: live articles and posts shown on the channel (default: the app home).",
    )

    class Meta:
        model = CampaignPage
        name = "Campaign"
        interfaces = (Targeted,)
        fields = ["slug", "title", "hook", "summary", "call_to_action", "hot_topic", "hot_topic_url", "hot_topic_broke_at", "priority"]
        convert_choices_to_enum = False

    def resolve_starts_at(campaign, info):
        return campaign.go_live_at or campaign.first_published_at

    def resolve_ends_at(campaign, info):
        return campaign.expire_at

    def resolve_experiment(campaign, info):
        served = getattr(campaign, "served_variant", None)
        return served and served.experiment

    def resolve_variant(campaign, info):
        served = getattr(campaign, "served_variant", None)
        return served and served.variant

    def resolve_slots(campaign, info, channel=None):
        now = scope(info).now
        channel = scope(info).taxonomy.channel(channel or settings.MOMENTS_DEFAULT_CHANNEL)
        slots = variants.slots_shown(campaign, list(campaign.slots.all()))
        prefetch_related_objects(
            slots,
            Prefetch("article", queryset=prefetch.articles(visibility.live_articles(now))),
            Prefetch("ugc_post", queryset=prefetch.ugc_posts(visibility.public_ugc(channel.slug, now), now)),
        )
        return [slot for slot in slots if slot.article or slot.ugc_post]


ModerationStateEnum = graphene.Enum.from_enum(
    ModerationState,
    description="Where a post is in moderation. PROCESSING: its photos are being cleaned; then PENDING (waiting for a moderator), "
    "or REJECTED when a photo cannot be read.",
)


class MyPostType(UGCPostType):
    """A post as its author sees it: with where it is in moderation and why."""

    moderation_state = graphene.Field(graphene.NonNull(ModerationStateEnum))
    rejection_reason = graphene.String(description="Why the post was rejected, by a moderator or for a photo that cannot be read; null unless rejected.")
    moderated_at = graphene.DateTime()
    consent_channels = graphene.List(graphene.NonNull(ChannelType), required=True, resolver=_related("consent_channels"))
    consent_until = graphene.Date(description="When the member's reuse consent ends; null if it does not.")

    class Meta:
        model = UGCPost
        name = "MyPost"
        fields = ["id", "member_handle", "text", "created_at"]
        skip_registry = True

    def resolve_moderation_state(post, info):
        return post.moderation_state

    def resolve_rejection_reason(post, info):
        return post.rejection_reason if post.moderation_state == ModerationState.REJECTED else None
