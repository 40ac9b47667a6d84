"""An experiment's report, read from its daily counts only: what the admin page, its charts and the CSV all show.

Each variant's rates are out of its impressions. The control is the holdout
("control") when the experiment has one, else its first variant; every other
variant is compared with it on the experiment's goal. The sample-ratio check
compares impressions with the split subjects were assigned under; while a
bandit optimises, that split holds only since its last update, so only the
days after it are checked.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import registry as log_registry

from campaigns.assignment import traffic_shares
from campaigns.experiment_actions import BANDIT_ACTION
from campaigns.experiment_statistics import (
    Arm,
    Estimate,
    SampleRatioCheck,
    ZTest,
    probability_to_beat,
    rate_interval,
    relative_uplift,
    sample_ratio_mismatch,
    sample_size_per_arm,
    two_proportion_z_test,
)
from campaigns.models import CONTROL, EventKind, Experiment
from campaigns.models.experiments import OUTCOMES

CONTROL_NAME = _("Control (campaign as authored)")


@dataclass(frozen=True)
class DailyRate:
    day: datetime.date
    counts: dict[str, int]  # event kind → that day's count
    rate: Estimate  # the goal's rate that day, with its interval


@dataclass(frozen=True)
class Comparison:
    """The variant against the control on the goal."""

    uplift: Estimate | None  # relative; None until both have a success
    chance_to_beat: float
    test: ZTest


@dataclass(frozen=True)
class VariantResult:
    key: str
    name: str
    counts: dict[str, int]  # event kind → total
    share: float  # of traffic, as assigned now; 0 while paused
    goal_rate: Estimate | None  # None before the first impression
    comparison: Comparison | None  # None for the control, and until both have impressions
    series: tuple[DailyRate, ...]

    @property
    def impressions(self) -> int:
        return self.counts[EventKind.IMPRESSION]

    def rate(self, kind: str) -> float | None:
        return self.counts[kind] / self.impressions if self.impressions else None

    @property
    def rates(self) -> dict[str, float | None]:
        return {kind: self.rate(kind) for kind in OUTCOMES}


@dataclass(frozen=True)
class SampleSize:
    needed: int | None  # impressions per arm to find the minimum effect; None until the control's goal rate is known
    reached: int  # impressions in the smallest arm that gets traffic

    @property
    def fraction(self) -> float | None:
        return self.reached / self.needed if self.needed else None


@dataclass(frozen=True)
class Report:
    goal: str
    minimum_effect: float
    results: tuple[VariantResult, ...]  # the control first
    sample_size: SampleSize
    sample_ratio: SampleRatioCheck | None  # None while fewer than two arms have traffic or none has impressions
    checked_since: datetime.date | None  # the first day the sample-ratio check counts
    days: tuple[datetime.date, ...]
    optimising: bool

    @property
    def control(self) -> VariantResult:
        return self.results[0]

    @property
    def variants(self) -> tuple[VariantResult, ...]:
        return self.results[1:]


def experiment_report(experiment: Experiment) -> Report:
    return build_report(experiment, daily_totals(experiment), shares_fixed_since(experiment))


def daily_totals(experiment: Experiment) -> dict[tuple[str, datetime.date, str], int]:
    """``(variant, day, kind) → count``, over personas and regions."""
    rows = experiment.daily_counts.values("variant", "day", "kind").annotate(total=Sum("count"))
    return {(row["variant"], row["day"], row["kind"]): row["total"] for row in rows}


def shares_fixed_since(experiment: Experiment) -> datetime.date | None:
    """The first whole day under the bandit's current shares, or None when they have not changed since the start."""
    if not experiment.optimise:
        return None
    update = log_registry.get_logs_for_instance(experiment).filter(action=BANDIT_ACTION).order_by("-timestamp").first()
    return timezone.localdate(update.timestamp) + datetime.timedelta(days=1) if update else None


def build_report(experiment: Experiment, counts: dict, checked_since: datetime.date | None = None) -> Report:
    arms = [(variant.key, variant.name) for variant in experiment.variants.all()]
    if experiment.holdout_weight:
        arms.insert(0, (CONTROL, CONTROL_NAME))
    shares = traffic_shares(experiment.weights())
    days = tuple(sorted({day for (_, day, kind) in counts if kind == EventKind.IMPRESSION}))
    goal = experiment.goal
    control = _result(arms[0], counts, days, goal, shares, None)
    results = [control] + [_result(arm, counts, days, goal, shares, control) for arm in arms[1:]]
    return Report(
        goal=goal,
        minimum_effect=float(experiment.minimum_effect),
        results=tuple(results),
        sample_size=_sample_size(results, goal, float(experiment.minimum_effect)),
        sample_ratio=_sample_ratio(shares, counts, checked_since),
        checked_since=checked_since,
        days=days,
        optimising=experiment.optimise and bool(experiment.bandit_shares),
    )


def goal_arm(counts: dict[str, int], goal: str) -> Arm:
    """The goal's successes out of impressions. Late events may put more successes than impressions in a day's
    counts; a rate never exceeds 1, so they are capped."""
    impressions = counts[EventKind.IMPRESSION]
    return Arm(min(counts[goal], impressions), impressions)


def _result(arm, counts, days, goal, shares, control: VariantResult | None) -> VariantResult:
    key, name = arm
    daily = {day: _kind_counts(counts, key, [day]) for day in days}
    totals = _kind_counts(counts, key, days)
    series = tuple(
        DailyRate(day, day_counts, rate_interval(goal_arm(day_counts, goal)))
        for day, day_counts in daily.items() if day_counts[EventKind.IMPRESSION]
    )
    goal_rate = rate_interval(goal_arm(totals, goal)) if totals[EventKind.IMPRESSION] else None
    comparison = None
    if control is not None and control.impressions and totals[EventKind.IMPRESSION]:
        comparison = _compare(goal_arm(control.counts, goal), goal_arm(totals, goal))
    return VariantResult(key, str(name), totals, shares.get(key, 0.0), goal_rate, comparison, series)


def _kind_counts(counts: dict, key: str, days: Iterable[datetime.date]) -> dict[str, int]:
    return {kind: sum(counts.get((key, day, kind), 0) for day in days) for kind in [EventKind.IMPRESSION, *OUTCOMES]}


def _compare(control: Arm, variant: Arm) -> Comparison:
    uplift = relative_uplift(control, variant) if control.successes and variant.successes else None
    return Comparison(uplift, probability_to_beat(control, variant), two_proportion_z_test(control, variant))


def _sample_size(results: list[VariantResult], goal: str, minimum_effect: float) -> SampleSize:
    served = [result for result in results if result.share] or results
    reached = min(result.impressions for result in served)
    control_rate = results[0].rate(goal)
    if not control_rate or control_rate * (1 + minimum_effect) >= 1:
        return SampleSize(None, reached)
    return SampleSize(sample_size_per_arm(control_rate, control_rate * (1 + minimum_effect)), reached)


def _sample_ratio(shares: dict[str, float], counts: dict, since: datetime.date | None) -> SampleRatioCheck | None:
    impressions = defaultdict(int)
    for (key, day, kind), count in counts.items():
        if kind == EventKind.IMPRESSION and key in shares and (since is None or day >= since):
            impressions[key] += count
    if len(shares) < 2 or not sum(impressions.values()):
        return None
    return sample_ratio_mismatch({key: impressions[key] for key in shares}, list(shares.items()))
