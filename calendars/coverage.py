"""Coverage: for each scene (or persona) and week, what a visitor in the region would get.

A cell counts the live content (articles and approved member posts) and the
campaigns that go live without more work (live, scheduled or, for past weeks,
ended) that name the scene or persona and are shown in the region. Campaigns
still being planned do not fill a cell; they are listed beside it, so a gap
that a planned campaign would close is easy to tell from one nobody works on.
"""

import dataclasses
import datetime
from collections.abc import Sequence

from calendars.plan import LiveContent, Named, Plan, PlannedCampaign, Reach, Span

SCENES = "scenes"
PERSONAS = "personas"


@dataclasses.dataclass(frozen=True)
class Week:
    span: Span

    @property
    def label(self) -> str:
        year, number, _ = self.span.start.isocalendar()
        return f"W{number:02d}"

    @property
    def start(self) -> datetime.date:
        return self.span.start


def weeks_of(span: Span) -> list[Week]:
    """The Monday-to-Sunday weeks that overlap ``span``."""
    monday = span.start - datetime.timedelta(days=span.start.weekday())
    weeks = []
    while monday <= span.end:
        weeks.append(Week(Span(monday, monday + datetime.timedelta(days=6))))
        monday += datetime.timedelta(days=7)
    return weeks


@dataclasses.dataclass(frozen=True)
class Cell:
    week: Week
    content: tuple[LiveContent, ...] = ()
    campaigns: tuple[PlannedCampaign, ...] = ()
    planned: tuple[PlannedCampaign, ...] = ()

    @property
    def count(self) -> int:
        return len(self.content) + len(self.campaigns)

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


def _cell(week: Week, dimension: str, target_id: int, plan: Plan) -> Cell:
    def fits(item) -> bool:
        return (
            target_id in getattr(item, dimension)
            and item.span.overlaps(week.span)
            and shown_here(item.reach, plan.region_chain)
        )

    campaigns = [campaign for campaign in plan.campaigns if fits(campaign)]
    return Cell(
        week,
        content=tuple(item for item in plan.content if fits(item)),
        campaigns=tuple(c for c in campaigns if c.goes_live),
        planned=tuple(c for c in campaigns if not c.goes_live),
    )


def _rows(dimension: str, targets: Sequence[Named], weeks: Sequence[Week], plan: Plan) -> tuple[Row, ...]:
    return tuple(
        Row(dimension, target, tuple(_cell(week, dimension, target.id, plan) for week in weeks)) for target in targets
    )


def coverage(plan: Plan) -> Coverage:
    weeks = weeks_of(plan.span)
    selection = plan.selection
    scenes = [s for s in plan.scenes if selection.scene is None or s.id == selection.scene.pk]
    personas = [p for p in plan.personas if selection.persona is None or p.id == selection.persona.pk]
    return Coverage(tuple(weeks), _rows(SCENES, scenes, weeks, plan), _rows(PERSONAS, personas, weeks, plan))
