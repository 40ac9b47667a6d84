"""Taste calendars: regional editions, seasonal entries, solar terms and festivals."""

import graphene
from graphene_django import DjangoObjectType

from calendars.models import SeasonalEntry, TasteCalendarPage
from cms import visibility
from delivery import seasons
from frontend_api.scope import scope
from frontend_api.types.images import Image
from frontend_api.types.taxonomy import RegionType


class AlmanacDay(graphene.ObjectType):
    name = graphene.String(required=True)
    date = graphene.Date(required=True)
    kind = graphene.String(required=True, description='"solar_term", "festival" or "retail".')


class SeasonalEntryType(DjangoObjectType):
    region = graphene.Field(graphene.NonNull(RegionType), description="The region of the calendar edition.")
    year = graphene.Int(required=True)
    image = graphene.Field(Image)
    related_articles = graphene.List(graphene.NonNull("frontend_api.types.content.ArticleType"), required=True)

    class Meta:
        model = SeasonalEntry
        name = "SeasonalEntry"
        fields = [
            "item", "item_en", "category", "variety", "origin",
            "season_start", "season_end", "peak_start", "peak_end", "tasting_notes",
        ]
        convert_choices_to_enum = False

    def resolve_region(entry, info):
        return scope(info).taxonomy.regions_by_id[entry.calendar.region_id]

    def resolve_year(entry, info):
        return entry.calendar.year

    def resolve_related_articles(entry, info):
        if hasattr(entry, "live_related_articles"):  # prefetched with the entry (delivery/prefetch.py)
            return entry.live_related_articles
        return entry.related_articles.filter(pk__in=visibility.live_articles(scope(info).now).values("pk"))


class InSeasonEntry(graphene.ObjectType):
    entry = graphene.Field(graphene.NonNull(SeasonalEntryType))
    is_peak = graphene.Boolean(required=True, description="In its peak window (盛产期) on that day.")
    days_left = graphene.Int(required=True, description="Days of season left after that day; 0 on the last day.")


class TasteCalendarType(DjangoObjectType):
    region = graphene.Field(graphene.NonNull(RegionType))
    entries = graphene.List(graphene.NonNull(SeasonalEntryType), required=True)
    solar_terms = graphene.List(graphene.NonNull(AlmanacDay), required=True)
    festivals = graphene.List(graphene.NonNull(AlmanacDay), required=True)

    class Meta:
        model = TasteCalendarPage
        name = "TasteCalendar"
        fields = ["slug", "title", "year", "intro"]

    def resolve_region(calendar, info):
        return scope(info).taxonomy.regions_by_id[calendar.region_id]

    def resolve_entries(calendar, info):
        return seasons.entries(calendar, scope(info).now)

    def resolve_solar_terms(calendar, info):
        return calendar.solar_terms()

    def resolve_festivals(calendar, info):
        return calendar.festivals()
