"""Targeting rules in SQL, shared by the delivery layer, the API's content lists
and the marketing calendar.

Mirrors :func:`delivery.matching.fits`: content that names no value in a
dimension (no regions, say) is not restricted in it.
"""

from collections.abc import Iterable

from django.db.models import Exists, Model, OuterRef, QuerySet

# The many-to-many fields that say whom and where a page is for.
TARGETING = ("scenes", "personas", "regions", "channels")


def link_table(model: type[Model], name: str) -> tuple[type[Model], str, str]:
    """The link table of a many-to-many field, and its two id columns."""
    field = model._meta.get_field(name)
    return field.remote_field.through, f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id"


def shares(model: type[Model], name: str, wanted: Iterable[int]) -> Exists | None:
    """Whether a row links to one of ``wanted``; None when nothing is wanted."""
    wanted = list(wanted)
    if not wanted:
        return None
    through, source, target = link_table(model, name)
    return Exists(through.objects.filter(**{source: OuterRef("pk"), f"{target}__in": wanted}))


def names_any(model: type[Model], name: str) -> Exists:
    through, source, _ = link_table(model, name)
    return Exists(through.objects.filter(**{source: OuterRef("pk")}))


def allowed_for(queryset: QuerySet, name: str, wanted: Iterable[int]) -> QuerySet:
    """Rows not restricted in dimension ``name``, or restricted to one of ``wanted``."""
    model = queryset.model
    sharing = shares(model, name, wanted)
    return queryset.filter(~names_any(model, name) | sharing) if sharing else queryset.filter(~names_any(model, name))


def allowed_by_targeting(
    queryset: QuerySet, *, region_ids: Iterable[int], scene_ids: Iterable[int], persona_ids: Iterable[int], channel_id: int | None
) -> QuerySet:
    """Pages whose targeting allows a visitor there (the region and its parents), then and on that channel.

    A visitor with no region sees only nationwide content; one with no scenes
    or personas is not kept from content that names some.
    """
    queryset = allowed_for(queryset, "regions", region_ids)
    wanted = {"scenes": list(scene_ids), "personas": list(persona_ids), "channels": [channel_id] if channel_id else []}
    for name, values in wanted.items():
        if values:
            queryset = allowed_for(queryset, name, values)
    return queryset


def tagged_or_available(
    queryset: QuerySet,
    *,
    scene: Model | None = None,
    persona: Model | None = None,
    region_chain: Iterable[Model] = (),
    channel: Model | None = None,
) -> QuerySet:
    """List filters: tagged with the scene and persona, shown in the region and on the channel."""
    if scene:
        queryset = queryset.filter(scenes=scene)
    if persona:
        queryset = queryset.filter(personas=persona)
    if region_chain:
        queryset = allowed_for(queryset, "regions", [region.pk for region in region_chain])
    if channel:
        queryset = allowed_for(queryset, "channels", [channel.pk])
    return queryset
