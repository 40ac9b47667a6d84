"""Coverage: for each scene (or persona) and week, what a visitor in the region would get.

A cell counts the live content (articles, and approved member posts counted
per scene and week in SQL) and the
campaigns that go live without more work (live, scheduled or, for past weeks,
ended) that name the scene or persona and are shown in the region. Campaigns
still being planned do not fill a cell; they are listed beside it, so a gap
that a planned campaign would close is easy to tell from one nobody works on.
"""

import dataclasses
import datetime
import itertools
from collections import defaultdict
from collections.abc import Sequence

from calendars.plan import Named, Plan, PlannedCampaign, Reach, Span, week_spans

SCENES = "scenes"
PERSONAS = "personas"


@dataclasses.dataclass(frozen=True)
class Week:
    span: Span

    @property
    def label(self) -> str:
        number = self.span.start.isocalendar().week
        return f"W{number:02d}"

    @property
    def start(self) -> datetime.date:
        return self.span.start


def weeks_of(span: Span) -> list[Week]:
    """The Monday-to-Sunday weeks that overlap ``span``."""
    return [Week(week) for week in week_spans(span)]


@dataclasses.dataclass(frozen=True)
class Cell:
    week: Week
    content: int = 0  # live articles and member posts; there can be thousands, so only counted
    campaigns: tuple[PlannedCampaign, ...] = ()
    planned: tuple[PlannedCampaign, ...] = ()

    @property
    def count(self) -> int:
        return self.content + len(self.campaigns)

    @property
    def is_empty(self) -> bool:
        return self.count == 0


@dataclasses.dataclass(frozen=True)
class Row:
    dimension: str
    target: Named
    cells: tuple[Cell, ...]

    @property
    def empty_weeks(self) -> int:
        return sum(cell.is_empty for cell in self.cells)


@dataclasses.dataclass(frozen=True)
class Coverage:
    weeks: tuple[Week, ...]
    scenes: tuple[Row, ...]
    personas: tuple[Row, ...]


def shown_here(reach: Reach, region_chain: tuple[int, ...]) -> bool:
    """Shown to a visitor in the region; with no region chosen, only nationwide items count."""
    return reach.shown_in(region_chain) if region_chain else reach.nationwide


class _Grid:
    """Per (dimension, target), per week: a content count and the campaigns."""

    def __init__(self, weeks: Sequence[Week]):
        self.first_day, self.size = weeks[0].start, len(weeks)
        self.counts = defaultdict(lambda: [0] * (self.size + 1))  # as differences, summed up in ``content``
        self.campaigns = defaultdict(list)

    def week_range(self, span: Span) -> range:
        first = max((span.start - self.first_day).days // 7, 0)
        last = min((span.end - self.first_day).days // 7, self.size - 1)
        return range(first, last + 1)

    def add_content(self, key: tuple[str, int], span: Span) -> None:
        weeks = self.week_range(span)
        if weeks:
            self.counts[key][weeks.start] += 1
            self.counts[key][weeks.stop] -= 1

    def content(self, key: tuple[str, int]) -> list[int]:
        return list(itertools.accumulate(self.counts[key]))[: self.size]

    def add_counts(self, key: tuple[str, int], counts: Sequence[int]) -> None:
        """Counts already made per week, as a difference from week to week."""
        differences = self.counts[key]
        for week, count in enumerate(counts):
            differences[week] += count
            differences[week + 1] -= count


def _grid(plan: Plan, weeks: Sequence[Week]) -> _Grid:
    grid = _Grid(weeks)
    for scene, counts in plan.posts.items():  # member posts are shown nationwide
        grid.add_counts((SCENES, scene), counts)
    for dimension in (SCENES, PERSONAS):
        for item in plan.content:
            if shown_here(item.reach, plan.region_chain):
                for target in getattr(item, dimension):
                    grid.add_content((dimension, target), item.span)
        for campaign in plan.campaigns:
            if shown_here(campaign.reach, plan.region_chain):
                for target in getattr(campaign, dimension):
                    for week in grid.week_range(campaign.span):
                        grid.campaigns[(dimension, target, week)].append(campaign)
    return grid


def _rows(dimension: str, targets: Sequence[Named], weeks: Sequence[Week], grid: _Grid) -> tuple[Row, ...]:
    rows = []
    for target in targets:
        counts = grid.content((dimension, target.id))
        cells = []
        for index, week in enumerate(weeks):
            campaigns = grid.campaigns.get((dimension, target.id, index), [])
            cells.append(Cell(
                week, counts[index],
                campaigns=tuple(c for c in campaigns if c.goes_live),
                planned=tuple(c for c in campaigns if not c.goes_live),
            ))
        rows.append(Row(dimension, target, tuple(cells)))
    return tuple(rows)


def coverage(plan: Plan) -> Coverage:
    weeks = weeks_of(plan.span)
    grid = _grid(plan, weeks)
    selection = plan.selection
    scenes = [s for s in plan.scenes if selection.scene is None or s.id == selection.scene.pk]
    personas = [p for p in plan.personas if selection.persona is None or p.id == selection.persona.pk]
    return Coverage(tuple(weeks), _rows(SCENES, scenes, weeks, grid), _rows(PERSONAS, personas, weeks, grid))
