"""Coverage: for each scene (or persona) and week, what a visitor in the region would get.

A cell counts the live content (articles and approved member posts, counted
per scene or persona and week in SQL: :func:`calendars.plan.content_per_week`) and the
campaigns that go live without more work (live, scheduled or, for past weeks,
ended) that name the scene or persona and are shown in the region. Campaigns
still being planned do not fill a cell; they are listed beside it, so a gap
that a planned campaign would close is easy to tell from one nobody works on.
"""

import dataclasses
import datetime
from collections import defaultdict
from collections.abc import Sequence
from functools import cached_property

from django.utils.translation import gettext as _, ngettext

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

    @cached_property
    def iso(self) -> str:
        """The Monday, as the matrix's cells name their week (a year's matrix has a thousand cells)."""
        return self.span.start.isoformat()


def weeks_of(span: Span) -> list[Week]:
    """The Monday-to-Sunday weeks that overlap ``span``."""
    return [Week(week) for week in week_spans(span)]


@dataclasses.dataclass(frozen=True)
class Cell:
    week: Week
    content: int = 0  # live articles and member posts; there can be thousands, so only counted
    campaigns: tuple[PlannedCampaign, ...] = ()
    planned: tuple[PlannedCampaign, ...] = ()
    past: bool = False  # the week ended before today

    @property
    def count(self) -> int:
        return self.content + len(self.campaigns)

    @property
    def is_empty(self) -> bool:
        return self.count == 0

    @property
    def is_gap(self) -> bool:
        """Nothing live in a week that is not over yet."""
        return self.is_empty and not self.past

    @property
    def summary(self) -> str:
        """What fills the cell, a line each: built here, since a year's matrix has a thousand cells to render."""
        content = ngettext("%(count)d article or member post", "%(count)d articles and member posts", self.content)
        lines = [content % {"count": self.content}] if self.content else []
        lines += [_("Campaign: %(title)s") % {"title": campaign.title} for campaign in self.campaigns]
        lines += [_("Planned: %(title)s") % {"title": campaign.title} for campaign in self.planned]
        if self.is_gap:
            lines.insert(0, _("Gap: nothing live this week"))
        elif self.is_empty:
            lines.insert(0, _("Past week: nothing was live"))
        return "\n".join(lines)


@dataclasses.dataclass(frozen=True)
class Row:
    dimension: str
    target: Named
    cells: tuple[Cell, ...]

    @property
    def gap_weeks(self) -> int:
        return sum(cell.is_gap for cell in self.cells)


@dataclasses.dataclass(frozen=True)
class Coverage:
    weeks: tuple[Week, ...]
    scenes: tuple[Row, ...]
    personas: tuple[Row, ...]


def shown_here(reach: Reach, region_chain: tuple[int, ...]) -> bool:
    """Shown to a visitor in the region; with no region chosen, only nationwide items count."""
    return reach.shown_in(region_chain) if region_chain else reach.nationwide


class _Grid:
    """Per (dimension, target), per week: the campaigns."""

    def __init__(self, weeks: Sequence[Week]):
        self.first_day, self.size = weeks[0].start, len(weeks)
        self.campaigns = defaultdict(list)

    def week_range(self, span: Span) -> range:
        first = max((span.start - self.first_day).days // 7, 0)
        last = min((span.end - self.first_day).days // 7, self.size - 1)
        return range(first, last + 1)


def _grid(plan: Plan, weeks: Sequence[Week]) -> _Grid:
    grid = _Grid(weeks)
    for dimension in (SCENES, PERSONAS):
        for campaign in plan.campaigns:
            if shown_here(campaign.reach, plan.region_chain):
                for target in getattr(campaign, dimension):
                    for week in grid.week_range(campaign.span):
                        grid.campaigns[(dimension, target, week)].append(campaign)
    return grid


def _rows(
    dimension: str, targets: Sequence[Named], weeks: Sequence[Week], grid: _Grid, content: dict, today: datetime.date,
) -> tuple[Row, ...]:
    rows = []
    for target in targets:
        counts = content.get((dimension, target.id), [0] * len(weeks))
        cells = []
        for index, week in enumerate(weeks):
            campaigns = grid.campaigns.get((dimension, target.id, index), [])
            cells.append(Cell(
                week, counts[index],
                campaigns=tuple(c for c in campaigns if c.goes_live),
                planned=tuple(c for c in campaigns if not c.goes_live),
                past=week.span.end < today,
            ))
        rows.append(Row(dimension, target, tuple(cells)))
    return tuple(rows)


def coverage(plan: Plan, today: datetime.date) -> Coverage:
    """The matrix for the plan; weeks that ended before ``today`` are past, never gaps."""
    weeks = weeks_of(plan.span)
    grid = _grid(plan, weeks)
    selection = plan.selection
    scenes = [s for s in plan.scenes if selection.scene is None or s.id == selection.scene.pk]
    personas = [p for p in plan.personas if selection.persona is None or p.id == selection.persona.pk]
    return Coverage(
        tuple(weeks),
        _rows(SCENES, scenes, weeks, grid, plan.content, today),
        _rows(PERSONAS, personas, weeks, grid, plan.content, today),
    )
