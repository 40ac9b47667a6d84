"""The clash and gap report: what in the plan needs someone's attention.

- A *clash*: two campaigns that name a common persona and a common scene,
  reach a common region and overlap in time, so they compete for the same
  people at the same moment.
- *Out of season*: a campaign whose linked seasonal item is not in season for
  part of the campaign's window (in the period shown), where both are shown.
- A *gap*: consecutive weeks, from the current one on, in which a scene or a
  persona has nothing live in the region: the coverage matrix's gap cells
  (:attr:`calendars.coverage.Cell.is_gap`), so the matrix and the report agree.
"""

import dataclasses
import itertools

from calendars.coverage import Coverage, Row
from calendars.plan import Named, Plan, PlannedCampaign, Season, Span


@dataclasses.dataclass(frozen=True)
class Clash:
    first: PlannedCampaign
    second: PlannedCampaign
    overlap: Span
    scenes: tuple[Named, ...]
    personas: tuple[Named, ...]


@dataclasses.dataclass(frozen=True)
class OutOfSeason:
    campaign: PlannedCampaign
    season: Season
    days: tuple[Span, ...]  # the parts of the campaign's window outside the season


@dataclasses.dataclass(frozen=True)
class Gap:
    dimension: str
    target: Named
    span: Span
    weeks: int
    planned: tuple[PlannedCampaign, ...]  # planned campaigns that would cover some of it


@dataclasses.dataclass(frozen=True)
class Report:
    clashes: tuple[Clash, ...]
    out_of_season: tuple[OutOfSeason, ...]
    gaps: tuple[Gap, ...]

    @property
    def count(self) -> int:
        return len(self.clashes) + len(self.out_of_season) + len(self.gaps)


def _named(ids: frozenset[int], names: list[Named]) -> tuple[Named, ...]:
    return tuple(item for item in names if item.id in ids)


def clashes(plan: Plan) -> list[Clash]:
    found = []
    campaigns = sorted(plan.campaigns, key=lambda c: (c.span.start, c.id))
    for first, second in itertools.combinations(campaigns, 2):
        overlap = first.span.overlap(second.span)
        scenes, personas = first.scenes & second.scenes, first.personas & second.personas
        if overlap and scenes and personas and first.reach.meets(second.reach):
            # Both overlap the period, so their overlap does too.
            shown = overlap.overlap(plan.span)
            found.append(Clash(first, second, shown, _named(scenes, plan.scenes), _named(personas, plan.personas)))
    return found


def out_of_season(plan: Plan) -> list[OutOfSeason]:
    """Linked items checked where the campaign runs: in the chosen region's editions, or
    with no region chosen, in every edition whose region the campaign reaches."""
    found = []
    for campaign in plan.campaigns:
        window = campaign.span.overlap(plan.span)
        for entry_id in sorted(campaign.seasonal_entries):
            season = plan.linked_seasons.get(entry_id)
            if season is None or not _checked_here(season, campaign, plan):
                continue
            days = window.outside(season.span)
            if days:
                found.append(OutOfSeason(campaign, season, tuple(days)))
    return found


def _checked_here(season: Season, campaign: PlannedCampaign, plan: Plan) -> bool:
    if plan.editions:
        return season.calendar_id in {edition.pk for edition in plan.editions}
    return plan.selection.region is None and season.reach.meets(campaign.reach)


def gaps_in(row: Row) -> list[Gap]:
    """Runs of consecutive gap cells in a coverage row."""
    found = []
    for gap, cells in itertools.groupby(row.cells, key=lambda cell: cell.is_gap):
        cells = list(cells)
        if gap:
            planned = {c.id: c for cell in cells for c in cell.planned}
            span = Span(cells[0].week.span.start, cells[-1].week.span.end)
            found.append(Gap(row.dimension, row.target, span, len(cells), tuple(planned.values())))
    return found


def gaps(coverage: Coverage) -> list[Gap]:
    """Every row's gaps: scenes first, then personas."""
    return [gap for row in coverage.scenes + coverage.personas for gap in gaps_in(row)]


def report(plan: Plan, coverage: Coverage) -> Report:
    return Report(tuple(clashes(plan)), tuple(out_of_season(plan)), tuple(gaps(coverage)))
