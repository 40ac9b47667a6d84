"""Moment matching: which content fits a moment, how well, and why.

Pure functions over plain data, no ORM: :mod:`delivery.candidates` turns
database rows into :class:`Candidate` values and this module scores them.

Targeting rules (per dimension: scenes, personas, regions, channels):
- content that names no value in a dimension is not restricted in it;
- content that names values must share one with the moment, when the moment
  has any (an anonymous visitor with no persona still sees persona-targeted
  content; a visitor in Shanghai never sees Guangdong-only content).

Scores add up, each part with a human-readable reason. Content with no reason
at all (it merely is not excluded) is not returned: ``moment`` answers what
fits *this* moment, not a feed of everything.
"""

import dataclasses
import datetime
import functools
import heapq
import math
from collections.abc import Iterable, Mapping, Sequence


@dataclasses.dataclass(frozen=True)
class Weights:
    scene: float = 3.0
    persona: float = 2.5
    in_season: float = 2.0
    peak: float = 1.0
    campaign: float = 1.5
    campaign_priority: float = 0.5  # per priority step above normal
    query: float = 1.0  # for matching the words the person searched for
    local: float = 1.0  # for content aimed at the visitor's city, less for province and country
    freshness: float = 1.0  # halves every half-life
    freshness_half_life_days: float = 14.0


@dataclasses.dataclass(frozen=True)
class InSeason:
    item: str
    is_peak: bool


@dataclasses.dataclass(frozen=True)
class Moment:
    """What the app asked, resolved to ids and display names."""

    at: datetime.datetime
    scenes: Mapping[int, str]
    personas: Mapping[int, str]
    region_chain: Sequence[tuple[int, str]]  # the visitor's region first, then its parents
    channel: int | None
    in_season: Mapping[int, InSeason]  # seasonal entry id -> item
    campaigns: Mapping[int, str]  # live campaign id -> title
    query: str | None = None  # what the person searched for: only items matching it are candidates

    # Each candidate is checked against these: hundreds per moment.
    @functools.cached_property
    def scene_ids(self) -> frozenset[int]:
        return frozenset(self.scenes)

    @functools.cached_property
    def persona_ids(self) -> frozenset[int]:
        return frozenset(self.personas)

    @functools.cached_property
    def region_ids(self) -> frozenset[int]:
        return frozenset(region_id for region_id, _ in self.region_chain)

    @functools.cached_property
    def in_season_ids(self) -> frozenset[int]:
        return frozenset(self.in_season)

    @functools.cached_property
    def campaign_ids(self) -> frozenset[int]:
        return frozenset(self.campaigns)


@dataclasses.dataclass(frozen=True, slots=True)
class Candidate:
    kind: str  # "article", "ugc" or "campaign"
    id: int
    published_at: datetime.datetime
    scenes: frozenset[int] = frozenset()
    personas: frozenset[int] = frozenset()
    regions: frozenset[int] = frozenset()
    channels: frozenset[int] = frozenset()
    seasonal_entries: frozenset[int] = frozenset()
    campaigns: frozenset[int] = frozenset()
    priority: int = 2
    # UGC is not aimed at a region; the member's region only makes it local.
    regions_restrict: bool = True


@dataclasses.dataclass(frozen=True)
class Match:
    candidate: Candidate
    score: float
    reasons: tuple[str, ...]


NORMAL_PRIORITY = 2


def _allowed(targeted: frozenset[int], wanted: frozenset[int]) -> bool:
    return not targeted or not wanted or not targeted.isdisjoint(wanted)


def fits(candidate: Candidate, moment: Moment) -> bool:
    """Whether the candidate's targeting allows it to be shown in this moment."""
    return (
        _allowed(candidate.scenes, moment.scene_ids)
        and _allowed(candidate.personas, moment.persona_ids)
        and (not candidate.regions_restrict or not candidate.regions or not candidate.regions.isdisjoint(moment.region_ids))
        and (not candidate.channels or moment.channel is None or moment.channel in candidate.channels)
    )


def _local_region(candidate: Candidate, moment: Moment) -> tuple[int, str] | None:
    """The nearest region of the visitor's chain the candidate is aimed at (or was posted in), as (depth, name)."""
    if candidate.regions.isdisjoint(moment.region_ids):
        return None
    return next((depth, name) for depth, (region_id, name) in enumerate(moment.region_chain) if region_id in candidate.regions)


def _freshness(candidate: Candidate, moment: Moment, weights: Weights) -> float:
    age_days = max((moment.at - candidate.published_at).total_seconds() / 86400, 0.0)
    return weights.freshness * math.pow(0.5, age_days / weights.freshness_half_life_days)


def _total(candidate: Candidate, moment: Moment, weights: Weights) -> float | None:
    """The candidate's score, or None when it does not fit or nothing about it matches (it would have no reason).

    Hundreds of candidates are scored per moment and only ``first`` shown:
    the reasons of those are written by :func:`_reasons`, with the same rules.
    """
    if not fits(candidate, moment):
        return None
    scenes, personas = candidate.scenes & moment.scene_ids, candidate.personas & moment.persona_ids
    entries, campaigns = candidate.seasonal_entries & moment.in_season_ids, candidate.campaigns & moment.campaign_ids
    local = _local_region(candidate, moment)
    if not (scenes or personas or entries or campaigns or moment.query or local):
        return None
    total = weights.scene * len(scenes) + weights.persona * len(personas)
    total += sum(weights.in_season + (weights.peak if moment.in_season[entry].is_peak else 0.0) for entry in entries)
    total += weights.campaign * len(campaigns) + (weights.query if moment.query else 0.0)
    if candidate.kind == "campaign":
        total += weights.campaign_priority * (candidate.priority - NORMAL_PRIORITY)
    if local:
        depth, _name = local
        total += weights.local * (len(moment.region_chain) - depth) / len(moment.region_chain)
    return round(total + _freshness(candidate, moment, weights), 4)


def _reasons(candidate: Candidate, moment: Moment) -> tuple[str, ...]:
    """Why the candidate fits, one human-readable reason per part of its score, in the moment's order."""
    reasons = [f"场景: {name}" for scene_id, name in moment.scenes.items() if scene_id in candidate.scenes]
    reasons += [f"人群: {name}" for persona_id, name in moment.personas.items() if persona_id in candidate.personas]
    reasons += [
        f"应季: {season.item} (盛产期)" if season.is_peak else f"应季: {season.item}"
        for entry_id, season in moment.in_season.items() if entry_id in candidate.seasonal_entries
    ]
    reasons += [f"活动: {title}" for campaign_id, title in moment.campaigns.items() if campaign_id in candidate.campaigns]
    reasons += [f"搜索: {moment.query}"] if moment.query else []
    local = _local_region(candidate, moment)
    reasons += [f"地区: {local[1]}"] if local else []
    return tuple(reasons)


def score(candidate: Candidate, moment: Moment, weights: Weights) -> Match | None:
    """Score one candidate, or None when it does not fit or nothing about it matches."""
    total = _total(candidate, moment, weights)
    return None if total is None else Match(candidate=candidate, score=total, reasons=_reasons(candidate, moment))


def _rank_key(scored: tuple[float, Candidate]) -> tuple:
    total, candidate = scored
    return -total, -candidate.published_at.timestamp(), candidate.kind, candidate.id


def rank(candidates: Iterable[Candidate], moment: Moment, weights: Weights, first: int) -> list[Match]:
    """The ``first`` best matches: highest score, then newest, then a stable order."""
    scored = [(total, candidate) for candidate in candidates if (total := _total(candidate, moment, weights)) is not None]
    best = heapq.nsmallest(first, scored, key=_rank_key)
    return [Match(candidate=candidate, score=total, reasons=_reasons(candidate, moment)) for total, candidate in best]
