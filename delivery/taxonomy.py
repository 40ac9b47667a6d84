"""The taxonomy as one request reads it: scenes, personas, regions and channels, each read once.

The taxonomy is small (tens of rows), so it is read whole on first use and
nested fields (a scene's time windows inside fifty articles) never query per
item; :func:`taxonomy_at` keeps it across requests until it changes. A name it does not know raises :class:`UnknownTerm`, which the API
answers as a mistake in the request.
"""

from collections.abc import Iterable
from functools import cached_property

from django.db.models import Model
from django.utils.translation import gettext_lazy as _

from cms.models import Channel, Persona, Region, Scene
from delivery.versioned import PerVersion


class UnknownTerm(ValueError):
    """A region, scene, persona or channel that does not exist; the message says how to find the valid ones."""


# One whole sentence per kind: a translator cannot inflect a kind's name spliced into a sentence.
UNKNOWN = {
    "region": _("Unknown region: %(values)s. Query `regions` for the valid values."),
    "channel": _("Unknown channel: %(values)s. Query `channels` for the valid values."),
    "scene": _("Unknown scene: %(values)s. Query `scenes` for the valid values."),
    "persona": _("Unknown persona: %(values)s. Query `personas` for the valid values."),
}


class Taxonomy:
    @cached_property
    def scenes(self) -> dict[str, Scene]:
        return {scene.slug: scene for scene in Scene.objects.prefetch_related("time_windows")}

    @cached_property
    def scenes_by_id(self) -> dict[int, Scene]:
        return {scene.pk: scene for scene in self.scenes.values()}

    @cached_property
    def personas(self) -> list[Persona]:
        return list(Persona.objects.prefetch_related("segment_codes", "interests"))

    @cached_property
    def personas_by_id(self) -> dict[int, Persona]:
        return {persona.pk: persona for persona in self.personas}

    @cached_property
    def personas_by_reference(self) -> dict[str, Persona]:
        """Personas by slug and by each of their CRM segment codes."""
        references = {}
        for persona in self.personas:
            references[persona.slug] = persona
            references.update({code.code: persona for code in persona.segment_codes.all()})
        return references

    @cached_property
    def regions(self) -> dict[str, Region]:
        return {region.code: region for region in Region.objects.all()}

    @cached_property
    def regions_by_id(self) -> dict[int, Region]:
        return {region.pk: region for region in self.regions.values()}

    @cached_property
    def channels(self) -> dict[str, Channel]:
        return {channel.slug: channel for channel in Channel.objects.all()}

    @cached_property
    def channels_by_id(self) -> dict[int, Channel]:
        return {channel.pk: channel for channel in self.channels.values()}

    def region_chain(self, region: Region) -> list[Region]:
        """The region and its ancestors, nearest first, without a query per level."""
        chain = [region]
        while chain[-1].parent_id is not None:
            chain.append(self.regions_by_id[chain[-1].parent_id])
        return chain

    def region(self, code: str) -> Region:
        return _lookup(self.regions, [code], "region")[0]

    def channel(self, slug: str) -> Channel:
        return _lookup(self.channels, [slug], "channel")[0]

    def scenes_named(self, slugs: Iterable[str]) -> list[Scene]:
        return _lookup(self.scenes, slugs, "scene")

    def scene(self, slug: str) -> Scene:
        return _lookup(self.scenes, [slug], "scene")[0]

    def persona(self, reference: str) -> Persona:
        """A persona by slug or by one of its segment codes."""
        return _lookup(self.personas_by_reference, [reference], "persona")[0]

    def descendants(self, region: Region) -> list[Region]:
        """The region and every region inside it."""
        return [candidate for candidate in self.regions.values() if region in self.region_chain(candidate)]


def _lookup(known: dict[str, Model], keys: Iterable[str], kind: str) -> list:
    keys = list(dict.fromkeys(keys))
    unknown = [key for key in keys if key not in known]
    if unknown:
        raise UnknownTerm(UNKNOWN[kind] % {"values": ", ".join(unknown)})
    return [known[key] for key in keys]


# The taxonomy at a content version, read once per process until anything the app sees changes
# (each request reads its own while the cache is unreachable).
taxonomy_at = PerVersion(lambda _version: Taxonomy()).at
