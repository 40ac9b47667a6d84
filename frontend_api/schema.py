"""The public GraphQL schema the mobile app reads.

This is the start of the delivery API: the taxonomy the app uses to ask for
content. Types expose slugs and codes, never database ids.
"""

import graphene
from graphene_django import DjangoObjectType

from cms import time_windows
from cms.models import Channel, Persona, Region, Scene, SceneTimeWindow


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
        return scene.time_windows.all()


class PersonaType(DjangoObjectType):
    segment_codes = graphene.List(graphene.NonNull(graphene.String), required=True)
    interests = graphene.List(graphene.NonNull(graphene.String), required=True)

    class Meta:
        model = Persona
        name = "Persona"
        fields = ["slug", "name", "description", "life_stage", "age_min", "age_max"]
        convert_choices_to_enum = False

    def resolve_segment_codes(persona, info):
        return [code.code for code in persona.segment_codes.all()]

    def resolve_interests(persona, info):
        return [tag.name for tag in persona.interests.all()]


class RegionType(DjangoObjectType):
    parent_code = graphene.String()

    class Meta:
        model = Region
        name = "Region"
        fields = ["code", "name", "kind"]
        convert_choices_to_enum = False

    def resolve_parent_code(region, info):
        return region.parent.code if region.parent_id else None


class ChannelType(DjangoObjectType):
    class Meta:
        model = Channel
        name = "Channel"
        fields = ["slug", "name", "description"]


class Query(graphene.ObjectType):
    scenes = graphene.List(graphene.NonNull(SceneType), required=True)
    personas = graphene.List(graphene.NonNull(PersonaType), required=True)
    regions = graphene.List(graphene.NonNull(RegionType), required=True)
    channels = graphene.List(graphene.NonNull(ChannelType), required=True)

    def resolve_scenes(root, info):
        return Scene.objects.prefetch_related("time_windows")

    def resolve_personas(root, info):
        return Persona.objects.prefetch_related("segment_codes", "interests")

    def resolve_regions(root, info):
        return Region.objects.select_related("parent")

    def resolve_channels(root, info):
        return Channel.objects.all()


schema = graphene.Schema(query=Query)
