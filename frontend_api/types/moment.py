"""The answer to `moment`: where, which scenes, what is in season, what to show."""

import graphene

from frontend_api.types.calendars import InSeasonEntry, TasteCalendarType
from frontend_api.types.content import ArticleType, CampaignType, UGCPostType
from frontend_api.types.taxonomy import ChannelType, PersonaType, RegionType, SceneType
from frontend_api.types.unions import ModelUnion


class MomentContent(ModelUnion):
    class Meta:
        types = (ArticleType, UGCPostType, CampaignType)


class MomentItem(graphene.ObjectType):
    content = graphene.Field(graphene.NonNull(MomentContent))
    score = graphene.Float(required=True, description="Higher fits better; comparable within one answer only.")
    reasons = graphene.List(
        graphene.NonNull(graphene.String), required=True, description='Why it matched, for people: "场景: 加班零食", "应季: 杨梅 (盛产期)".',
    )


class MomentRegion(graphene.ObjectType):
    region = graphene.Field(graphene.NonNull(RegionType), description="The region asked for (default: the whole country).")
    fallback_chain = graphene.List(
        graphene.NonNull(RegionType), required=True,
        description="The region and its parents, nearest first: content for any of them fits.",
    )
    taste_calendar = graphene.Field(
        TasteCalendarType,
        description="The calendar edition used, of the nearest region that has one: the moment's year's, "
        "or else the earlier one whose winter runs into the moment.",
    )


class Moment(graphene.ObjectType):
    at = graphene.DateTime(required=True, description="The moment, in the site's time zone.")
    region = graphene.Field(graphene.NonNull(MomentRegion))
    channel = graphene.Field(graphene.NonNull(ChannelType))
    scenes = graphene.List(graphene.NonNull(SceneType), required=True)
    scenes_inferred = graphene.Boolean(
        required=True, description="True when no scenes were given and they were inferred from the local time.",
    )
    personas = graphene.List(graphene.NonNull(PersonaType), required=True)
    unknown_personas = graphene.List(
        graphene.NonNull(graphene.String), required=True,
        description="Persona slugs or segment codes given that match no persona; they are ignored.",
    )
    in_season = graphene.List(graphene.NonNull(InSeasonEntry), required=True)
    campaigns = graphene.List(graphene.NonNull(CampaignType), required=True, description="Live campaigns whose targeting fits.")
    items = graphene.List(graphene.NonNull(MomentItem), required=True, description="Ranked content, best first.")

    def resolve_region(moment, info):
        return MomentRegion(region=moment.region, fallback_chain=moment.region_chain, taste_calendar=moment.calendar)
