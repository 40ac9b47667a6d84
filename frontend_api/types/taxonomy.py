"""The taxonomy the app asks with: scenes, personas, regions, channels.

Types expose slugs and codes, never database ids. Nested fields read the
request's taxonomy cache, so they cost nothing inside long content lists.
"""

import graphene
from graphene_django import DjangoObjectType

from cms import time_windows
from cms.models import Channel, Persona, Region, Scene, SceneTimeWindow
from frontend_api.scope import scope


class TimeWindow(DjangoObjectType):
    days = graphene.List(graphene.NonNull(graphene.Int), required=True, description="ISO weekdays the window starts on, 1 = Monday.")
    crosses_midnight = graphene.Boolean(required=True)

    class Meta:
        model = SceneTimeWindow
        fields = ["start", "end"]

    def resolve_days(window, info):
        return [int(day) for day in window.days]

    def resolve_crosses_midnight(window, info):
        return time_windows.crosses_midnight(window.start, window.end)


class SceneType(DjangoObjectType):
    time_windows = graphene.List(graphene.NonNull(TimeWindow), required=True)

    class Meta:
        model = Scene
        name = "Scene"
        fields = ["slug", "name", "description", "place", "journey_stage"]
        convert_choices_to_enum = False

    def resolve_time_windows(scene, info):
        return scope(info).taxonomy.scenes_by_id[scene.pk].time_windows.all()


class PersonaType(DjangoObjectType):
    segment_codes = graphene.List(graphene.NonNull(graphene.String), required=True)
    interests = graphene.List(graphene.NonNull(graphene.String), required=True)

    class Meta:
        model = Persona
        name = "Persona"
        fields = ["slug", "name", "description", "life_stage", "age_min", "age_max"]
        convert_choices_to_enum = False

    def resolve_segment_codes(persona, info):
        return [code.code for code in scope(info).taxonomy.personas_by_id[persona.pk].segment_codes.all()]

    def resolve_interests(persona, info):
        return [tag.name for tag in scope(info).taxonomy.personas_by_id[persona.pk].interests.all()]


class RegionType(DjangoObjectType):
    parent_code = graphene.String()

    class Meta:
        model = Region
        name = "Region"
        fields = ["code", "name", "kind"]
        convert_choices_to_enum = False

    def resolve_parent_code(region, info):
        return scope(info).taxonomy.regions_by_id[region.parent_id].code if region.parent_id else None


class ChannelType(DjangoObjectType):
    class Meta:
        model = Channel
        name = "Channel"
        fields = ["slug", "name", "description"]
