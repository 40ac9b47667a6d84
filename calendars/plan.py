"""The plan behind the marketing calendar, read from the database into plain values.

Campaigns, live content and seasons become small frozen dataclasses, so the
timeline, the coverage matrix and the clash and gap report are pure functions
over them and can be checked against hand-built plans.

Dates are local dates, both ends inclusive. A page's window runs from its
go-live time (or first publication) to the day before its expiry; a window
with no expiry is open and ends at ``OPEN_END``.
"""

import dataclasses
import datetime
import itertools
from collections import defaultdict
from collections.abc import Iterable, Mapping

from django.db.models import Count, Expression, F, Func, IntegerField, Model, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from calendars import almanac
from calendars.editions import editions_covering
from calendars.models import SeasonalEntry, TasteCalendarPage
from calendars.selection import Period, Selection
from campaigns.models import CampaignPage, Experiment, ExperimentState, PlanningStatus
from cms.models import ArticlePage, Persona, Region, Scene, UGCPost
from cms.targeting import TARGETING, allowed_for, link_table, tagged_or_available
from cms.time_windows import end_of_day
from cms.visibility import unrestricted

OPEN_END = datetime.date.max
ONE_DAY = datetime.timedelta(days=1)

# Campaigns that are, were or will be live in their window without more work.
GOING_LIVE = frozenset({PlanningStatus.LIVE, PlanningStatus.APPROVED, PlanningStatus.ENDED})


@dataclasses.dataclass(frozen=True)
class Span:
    start: datetime.date
    end: datetime.date = OPEN_END

    def overlaps(self, other: "Span") -> bool:
        return self.start <= other.end and other.start <= self.end

    def overlap(self, other: "Span") -> "Span | None":
        start, end = max(self.start, other.start), min(self.end, other.end)
        return Span(start, end) if start <= end else None

    def outside(self, other: "Span") -> list["Span"]:
        """The parts of this span that fall before or after ``other``."""
        parts = []
        if self.start < other.start:
            parts.append(Span(self.start, min(self.end, other.start - datetime.timedelta(days=1))))
        if self.end > other.end:
            parts.append(Span(max(self.start, other.end + datetime.timedelta(days=1)), self.end))
        return parts

    @classmethod
    def of(cls, period: Period) -> "Span":
        return cls(period.start, period.end)


@dataclasses.dataclass(frozen=True)
class Reach:
    """Where something is shown: each targeted region with its ancestors. No regions means nationwide."""

    chains: tuple[tuple[int, ...], ...] = ()

    @property
    def nationwide(self) -> bool:
        return not self.chains

    def shown_in(self, region_chain: tuple[int, ...]) -> bool:
        """Whether a visitor in the first region of ``region_chain`` sees it (as the API decides)."""
        return self.nationwide or any(chain[0] in region_chain for chain in self.chains)

    def touches(self, region_id: int) -> bool:
        """Whether it is shown anywhere in the region: there, above it or in a part of it."""
        return self.nationwide or any(region_id in chain for chain in self.chains)

    def meets(self, other: "Reach") -> bool:
        """Whether some visitor would be reached by both."""
        if self.nationwide or other.nationwide:
            return True
        return any(a[0] in b or b[0] in a for a in self.chains for b in other.chains)


@dataclasses.dataclass(frozen=True)
class PlannedCampaign:
    id: int
    title: str
    status: str
    span: Span | None  # None while it has no dates
    scenes: frozenset[int] = frozenset()
    personas: frozenset[int] = frozenset()
    channels: frozenset[int] = frozenset()
    reach: Reach = Reach()
    seasonal_entries: frozenset[int] = frozenset()
    priority: int = 2
    starts_at: datetime.datetime | None = None  # the exact times behind ``span``
    ends_at: datetime.datetime | None = None
    experiment: int | None = None  # the experiment running on it, if any

    @property
    def goes_live(self) -> bool:
        return self.status in GOING_LIVE

    @property
    def status_label(self) -> str:
        return PlanningStatus(self.status).label


@dataclasses.dataclass(frozen=True)
class Season:
    id: int
    item: str
    variety: str
    calendar_id: int
    calendar_title: str
    reach: Reach
    span: Span
    peak: Span | None = None

    @property
    def name(self) -> str:
        return f"{self.item} ({self.variety})" if self.variety else self.item


@dataclasses.dataclass(frozen=True)
class Named:
    id: int
    name: str


@dataclasses.dataclass
class Plan:
    selection: Selection
    region_chain: tuple[int, ...]
    editions: list[TasteCalendarPage]  # the region's editions over the period, the period's own year first
    campaigns: list[PlannedCampaign]  # with dates in the period, after the filters
    unscheduled: list[PlannedCampaign]  # without dates, after the filters
    content: dict[tuple[str, int], list[int]]  # live articles and member posts shown per scene or persona and week; see load_plan
    seasons: list[Season]  # the editions' entries in the period
    linked_seasons: dict[int, Season]  # every entry a campaign links to, by id
    almanac_days: list[almanac.AlmanacDay]
    scenes: list[Named]
    personas: list[Named]

    @property
    def span(self) -> Span:
        return Span.of(self.selection.period)

    @property
    def edition(self) -> TasteCalendarPage | None:
        """The edition of the period's own year, or the one whose seasons run into it."""
        return next(iter(self.editions), None)

    @property
    def edition_seasons(self) -> list[Season]:
        """The seasons of :attr:`edition` alone: what an export can import back into it."""
        return [season for season in self.seasons if self.edition and season.calendar_id == self.edition.pk]


def local_date(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date()


def page_span(go_live_at, expire_at, first_published_at=None) -> Span | None:
    start = go_live_at or first_published_at
    if start is None:
        return None
    end = local_date(expire_at - datetime.timedelta(microseconds=1)) if expire_at else OPEN_END
    return Span(local_date(start), end)


class RegionTree:
    """Every region's ancestors, from one query."""

    def __init__(self, parents: Mapping[int, int | None]):
        self.parents = parents

    @classmethod
    def load(cls) -> "RegionTree":
        return cls(dict(Region.objects.values_list("id", "parent_id")))

    def chain(self, region_id: int) -> tuple[int, ...]:
        chain = [region_id]
        while (parent := self.parents.get(chain[-1])) is not None:
            chain.append(parent)
        return tuple(chain)

    def reach(self, region_ids: Iterable[int]) -> Reach:
        return Reach(tuple(sorted(self.chain(region_id) for region_id in region_ids)))


def editions_for(region: Region | None, span: Span) -> list[TasteCalendarPage]:
    """The live taste calendars of the region, or of its nearest ancestor that has any, over the span."""
    if region is None:
        return []
    return editions_covering(TasteCalendarPage.objects.live(), region.fallback_chain(), span.start, span.end)


def load_campaigns(tree: RegionTree) -> list[PlannedCampaign]:
    pages = CampaignPage.objects.with_planning_status().values(  # rows, not pages: a brand has thousands
        "pk", "title", "planning_status", "go_live_at", "expire_at", "first_published_at", "priority",
    )
    links = {name: _links(CampaignPage, name) for name in (*TARGETING, "seasonal_entries")}
    experiments = dict(Experiment.objects.filter(state=ExperimentState.RUNNING).values_list("campaign_id", "pk"))
    empty = frozenset()
    return [
        PlannedCampaign(
            id=page["pk"],
            title=page["title"],
            status=page["planning_status"],
            span=page_span(page["go_live_at"], page["expire_at"], page["first_published_at"]),
            scenes=links["scenes"].get(page["pk"], empty),
            personas=links["personas"].get(page["pk"], empty),
            channels=links["channels"].get(page["pk"], empty),
            reach=tree.reach(links["regions"].get(page["pk"], empty)),
            seasonal_entries=links["seasonal_entries"].get(page["pk"], empty),
            priority=page["priority"],
            starts_at=page["go_live_at"] or page["first_published_at"],
            ends_at=page["expire_at"],
            experiment=experiments.get(page["pk"]),
        )
        for page in pages
    ]


def _links(model: type[Model], name: str) -> dict[int, frozenset[int]]:
    """Each row's linked ids in the many-to-many field ``name``, read whole from its link table in one query."""
    through, source, target = link_table(model, name)
    linked = defaultdict(set)
    for row_id, linked_id in through.objects.values_list(source, target):
        linked[row_id].add(linked_id)
    return {row_id: frozenset(values) for row_id, values in linked.items()}


def week_spans(span: Span) -> list[Span]:
    """The Monday-to-Sunday weeks that overlap ``span``."""
    monday = span.start - datetime.timedelta(days=span.start.weekday())
    weeks = []
    while monday <= span.end:
        weeks.append(Span(monday, monday + datetime.timedelta(days=6)))
        monday += datetime.timedelta(days=7)
    return weeks


def articles_per_week(selection: Selection, region_chain: tuple[int, ...], weeks: list[Span]) -> dict[tuple[str, int], list[int]]:
    """For each scene and persona, how many live articles a visitor in the region gets in each week, with the filters.

    An article is shown from its go-live time (or first publication) until its
    expiry; with no region chosen, only nationwide ones count.
    """
    articles = allowed_for(unrestricted(ArticlePage.objects.live()), "regions", region_chain)  # private pages never reach the app
    articles = tagged_or_available(articles, scene=selection.scene, persona=selection.persona, channel=selection.channel)
    starts = [end_of_day(week.start - ONE_DAY) for week in weeks]
    counts = {}
    for dimension in ("scenes", "personas"):
        through, article_column, target_column = link_table(ArticlePage, dimension)
        links = through.objects.filter(**{f"{article_column}__in": articles.values("pk")})
        per_week = _shown_per_week(
            links, target_column, weeks,
            shown_from=Coalesce("articlepage__go_live_at", "articlepage__first_published_at"),
            # Expiring at a week's first moment misses it: compare from the next microsecond on.
            gone_from=F("articlepage__expire_at"), last_starts=[start + datetime.timedelta(microseconds=1) for start in starts],
        )
        counts.update({(dimension, target): shown for target, shown in per_week.items()})
    return counts


def posts_per_week(selection: Selection, weeks: list[Span]) -> dict[int, list[int]]:
    """For each scene, how many approved member posts are shown in each week.

    A post is shown from its approval while the member's consent lasts (through
    its last day). Posts are shown nationwide and name no persona.
    """
    if selection.persona is not None:
        return {}
    posts = UGCPost.objects.approved()
    posts = posts.filter(consent_channels=selection.channel) if selection.channel else posts.filter(consent_channels__isnull=False)
    through, post_column, scene_column = link_table(UGCPost, "scenes")
    links = through.objects.filter(**{f"{post_column}__in": posts.values("pk")})
    if selection.scene is not None:
        links = links.filter(**{scene_column: selection.scene.pk})
    return _shown_per_week(
        links, scene_column, weeks,
        shown_from=Coalesce("ugcpost__moderated_at", "ugcpost__created_at"),
        gone_from=F("ugcpost__consent_until"), last_starts=[week.start for week in weeks],
    )


def _shown_per_week(
    links: QuerySet, target: str, weeks: list[Span], shown_from: Expression, gone_from: Expression, last_starts: list,
) -> dict[int, list[int]]:
    """For each target, how many of the ``links`` are shown in each week: counted in SQL, none read.

    A link is shown from ``shown_from`` and into every week whose start (in
    ``last_starts``, comparable with ``gone_from``) it reaches; ``gone_from``
    NULL means for good. There are tens of thousands, so SQL groups them by
    target and by the first and last week they are shown, and the counts per
    week follow from those few groups.
    """
    if not weeks:
        return {}
    ends = [end_of_day(week.end) for week in weeks]
    links = links.alias(shown_from=shown_from, gone_from=gone_from)
    shown = links.filter(Q(shown_from__lt=ends[-1]), Q(gone_from__isnull=True) | Q(gone_from__gte=last_starts[0]))
    groups = (
        shown.values(target)
        .annotate(first=BoundsReached(F("shown_from"), ends), last=BoundsReached(F("gone_from"), last_starts))
        .values(target, "first", "last").annotate(rows=Count("pk"))
    )
    differences = defaultdict(lambda: [0] * (len(weeks) + 1))
    for group in groups:
        first_week, last_week = group["first"], group["last"] - 1
        if first_week <= last_week:  # else it ended before the week it started in
            differences[group[target]][first_week] += group["rows"]
            differences[group[target]][last_week + 1] -= group["rows"]
    return {key: list(itertools.accumulate(counts))[:-1] for key, counts in differences.items()}


class BoundsReached(Func):
    """How many of the ascending ``bounds`` the expression has reached; all of them when it is NULL.

    Written as SQL directly, a binary search of nested ``CASE``: built from a
    ``Q`` per bound, a year of weeks took Django longer to compile than the
    database to run, and a flat ``CASE`` compares each row with every bound.
    """

    output_field = IntegerField()

    def __init__(self, expression: Expression, bounds: list):
        super().__init__(expression)
        self.bounds = bounds

    def as_sql(self, compiler, connection, **extra_context):
        value, value_params = compiler.compile(self.source_expressions[0])
        kind = self.source_expressions[0].output_field
        bounds = [kind.get_db_prep_value(bound, connection) for bound in self.bounds]

        def search(low: int, high: int) -> tuple[str, list]:
            """The answer when it lies in ``low..high``."""
            if low == high:
                return str(low), []
            middle = (low + high) // 2
            below, below_params = search(low, middle)
            above, above_params = search(middle + 1, high)
            return f"CASE WHEN {value} < %s THEN {below} ELSE {above} END", [*value_params, bounds[middle], *below_params, *above_params]

        found, params = search(0, len(bounds))
        return f"CASE WHEN {value} IS NULL THEN {len(bounds)} ELSE {found} END", [*value_params, *params]


def content_per_week(selection: Selection, region_chain: tuple[int, ...], span: Span) -> dict[tuple[str, int], list[int]]:
    """Live articles and member posts shown per scene or persona and week of the span."""
    weeks = week_spans(span)
    counts = articles_per_week(selection, region_chain, weeks)
    for scene, posts in posts_per_week(selection, weeks).items():
        articles = counts.get(("scenes", scene), [0] * len(weeks))
        counts["scenes", scene] = [shown + more for shown, more in zip(articles, posts)]
    return counts


def to_season(entry: SeasonalEntry, tree: RegionTree) -> Season:
    peak = Span(entry.peak_start, entry.peak_end) if entry.peak_start else None
    calendar = entry.calendar
    return Season(
        entry.pk, entry.item, entry.variety, calendar.pk, calendar.title, tree.reach([calendar.region_id]),
        Span(entry.season_start, entry.season_end), peak,
    )


def fits_filters(item: PlannedCampaign, selection: Selection) -> bool:
    """Whether the item names the chosen scene and persona and may be shown on the chosen channel."""
    return (
        (selection.scene is None or selection.scene.pk in item.scenes)
        and (selection.persona is None or selection.persona.pk in item.personas)
        and (selection.channel is None or not item.channels or selection.channel.pk in item.channels)
    )


def _kept(campaign: PlannedCampaign, selection: Selection) -> bool:
    """The filters, and for campaigns also the status and being shown somewhere in the region."""
    return (
        fits_filters(campaign, selection)
        and (not selection.statuses or campaign.status in selection.statuses)
        and (selection.region is None or campaign.reach.touches(selection.region.pk))
    )


def load_plan(selection: Selection, *, content: bool = False) -> Plan:
    """The plan for the selection; ``content`` also counts the live content, which coverage needs."""
    tree = RegionTree.load()
    span = Span.of(selection.period)
    region_chain = tree.chain(selection.region.pk) if selection.region else ()
    campaigns = [campaign for campaign in load_campaigns(tree) if _kept(campaign, selection)]
    editions = editions_for(selection.region, span)
    entries = SeasonalEntry.objects.select_related("calendar")
    linked = {entry_id for campaign in campaigns for entry_id in campaign.seasonal_entries}
    edition_seasons = [to_season(entry, tree) for entry in entries.filter(calendar__in=editions)]
    return Plan(
        selection=selection,
        region_chain=region_chain,
        editions=editions,
        campaigns=[c for c in campaigns if c.span and c.span.overlaps(span)],
        unscheduled=[c for c in campaigns if c.span is None],
        content=content_per_week(selection, region_chain, span) if content else {},
        seasons=sorted((s for s in edition_seasons if s.span.overlaps(span)), key=lambda s: (s.span.start, s.item)),
        linked_seasons={entry.pk: to_season(entry, tree) for entry in entries.filter(pk__in=linked)},
        almanac_days=almanac.days_between(selection.period.start, selection.period.end),
        scenes=[Named(pk, name) for pk, name in Scene.objects.values_list("pk", "name")],
        personas=[Named(pk, name) for pk, name in Persona.objects.values_list("pk", "name")],
    )
