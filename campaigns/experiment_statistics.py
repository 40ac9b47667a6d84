"""The numbers an experiment's report needs, from counts: one variant against the control.

Every rate is successes out of trials in an :class:`Arm` (clicks out of
impressions, claims out of clicks, conversions out of claims), so the same
functions serve each row of the report. Distributions come from SciPy, so
the tails and quantiles are the reference ones, not approximations of ours.
"""

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.special import betaln
from scipy.stats import binomtest, chisquare, norm

from campaigns.assignment import traffic_shares

SAMPLE_RATIO_THRESHOLD = 0.001  # the usual bar: a split this unlikely by chance means assignment or logging is broken


@dataclass(frozen=True)
class Arm:
    """Successes out of trials in one variant (or the control)."""

    successes: int
    trials: int

    def __post_init__(self):
        if not 0 <= self.successes <= self.trials:
            raise ValueError(f"Successes must be between 0 and the trials; got {self.successes} of {self.trials}.")

    @property
    def failures(self) -> int:
        return self.trials - self.successes

    @property
    def rate(self) -> float:
        if not self.trials:
            raise ValueError("An arm with no trials has no rate yet.")
        return self.successes / self.trials


@dataclass(frozen=True)
class Estimate:
    """A value with the bounds of its confidence interval."""

    value: float
    low: float
    high: float


@dataclass(frozen=True)
class ZTest:
    z: float
    p_value: float


@dataclass(frozen=True)
class SampleRatioCheck:
    chi_square: float
    p_value: float
    mismatched: bool


def rate_interval(arm: Arm, confidence: float = 0.95) -> Estimate:
    """The arm's rate with its Wilson score interval, which stays inside [0, 1] for small counts."""
    low, high = _wilson(arm, confidence)
    return Estimate(arm.rate, low, high)


def absolute_uplift(control: Arm, variant: Arm, confidence: float = 0.95) -> Estimate:
    """The variant's rate minus the control's, with Newcombe's hybrid score interval.

    Newcombe (1998, method 10) combines each arm's Wilson interval; unlike the
    Wald interval it keeps its coverage for small counts and rates near 0 or 1.
    """
    control_low, control_high = _wilson(control, confidence)
    variant_low, variant_high = _wilson(variant, confidence)
    difference = variant.rate - control.rate
    return Estimate(
        difference,
        difference - math.hypot(variant.rate - variant_low, control_high - control.rate),
        difference + math.hypot(variant_high - variant.rate, control.rate - control_low),
    )


def relative_uplift(control: Arm, variant: Arm, confidence: float = 0.95) -> Estimate:
    """The variant's rate over the control's, minus 1, with the Katz log interval of the ratio.

    The ratio's logarithm is near normal with variance 1/x₁ − 1/n₁ + 1/x₂ − 1/n₂,
    so both arms need a success before a ratio means anything.
    """
    if not control.successes or not variant.successes:
        raise ValueError("A relative uplift needs at least one success in the control and in the variant.")
    ratio = variant.rate / control.rate
    spread = _z(confidence) * math.sqrt(
        1 / variant.successes - 1 / variant.trials + 1 / control.successes - 1 / control.trials
    )
    return Estimate(ratio - 1, ratio * math.exp(-spread) - 1, ratio * math.exp(spread) - 1)


def two_proportion_z_test(control: Arm, variant: Arm) -> ZTest:
    """The pooled two-proportion z-test of equal rates, with its two-sided p-value."""
    difference = variant.rate - control.rate
    pooled = (control.successes + variant.successes) / (control.trials + variant.trials)
    standard_error = math.sqrt(pooled * (1 - pooled) * (1 / control.trials + 1 / variant.trials))
    if not standard_error:  # no successes or no failures anywhere: the rates are equal, nothing to test
        return ZTest(0.0, 1.0)
    z = difference / standard_error
    return ZTest(z, 2 * float(norm.sf(abs(z))))


def probability_to_beat(control: Arm, variant: Arm) -> float:
    """P(variant's true rate > control's), both Beta(1 + successes, 1 + failures) from a uniform prior.

    Exact, not sampled: for X ~ Beta(a₁, b₁) and Y ~ Beta(a₂, b₂) with whole a₁,
    P(X > Y) = Σ_{i=0}^{a₁−1} B(a₂+i, b₁+b₂) / ((b₁+i) B(1+i, b₁) B(a₂, b₂))
    (Evan Miller, "Formulas for Bayesian A/B testing", 2015), summed in logs.
    """
    a1, b1 = variant.successes + 1, variant.failures + 1
    a2, b2 = control.successes + 1, control.failures + 1
    i = np.arange(a1)
    log_terms = betaln(a2 + i, b1 + b2) - np.log(b1 + i) - betaln(1 + i, b1) - betaln(a2, b2)
    return min(1.0, float(np.exp(log_terms).sum()))  # the sum may overshoot 1 by a rounding error


def sample_size_per_arm(control_rate: float, variant_rate: float, alpha: float = 0.05, power: float = 0.8) -> int:
    """Trials each arm needs for the two-sided z-test to detect ``control_rate`` → ``variant_rate``.

    Fleiss's formula without continuity correction, with p̄ the mean of the two rates:
    n = (z_{1−α/2} √(2 p̄ (1 − p̄)) + z_{power} √(p₁(1 − p₁) + p₂(1 − p₂)))² / (p₂ − p₁)².
    """
    if not (0 < control_rate < 1 and 0 < variant_rate < 1) or control_rate == variant_rate:
        raise ValueError("Give two different rates between 0 and 1: the control's and the smallest worth detecting.")
    mean = (control_rate + variant_rate) / 2
    spread_if_equal = norm.ppf(1 - alpha / 2) * math.sqrt(2 * mean * (1 - mean))
    spread_if_different = norm.ppf(power) * math.sqrt(
        control_rate * (1 - control_rate) + variant_rate * (1 - variant_rate)
    )
    return math.ceil((spread_if_equal + spread_if_different) ** 2 / (variant_rate - control_rate) ** 2)


def sample_ratio_mismatch(counts: Mapping[str, int], weights: Sequence[tuple[str, float]]) -> SampleRatioCheck:
    """Pearson's chi-square goodness of fit of the subjects assigned to each variant against the weights.

    ``weights`` are those the subjects were assigned under (as given to
    :func:`campaigns.assignment.assign`); a bandit's changing shares need the
    check per period of fixed shares.
    """
    shares = traffic_shares(weights)
    if counts.keys() != shares.keys() or len(shares) < 2:
        raise ValueError(f"Give counts for each of the two or more variants with a weight: {list(shares)}.")
    total = sum(counts.values())
    if not total:
        raise ValueError("No subjects have been assigned yet.")
    result = chisquare([counts[name] for name in shares], [share * total for share in shares.values()])
    p_value = float(result.pvalue)
    return SampleRatioCheck(float(result.statistic), p_value, p_value < SAMPLE_RATIO_THRESHOLD)


def thompson_shares(
    arms: Mapping[str, Arm], minimum_share: float = 0.0, draws: int = 100_000, seed: int = 0
) -> list[tuple[str, float]]:
    """Traffic shares for a Thompson-sampling bandit, as weights for :func:`campaigns.assignment.assign`.

    Each arm's share is the probability that it is the best, estimated from
    ``draws`` samples of every arm's Beta(1 + successes, 1 + failures) posterior
    (seeded, so the same counts give the same shares), then squeezed so every
    arm keeps ``minimum_share``: share = minimum + (1 − arms × minimum) × P(best).
    """
    if not arms or not 0 <= minimum_share * len(arms) <= 1:
        raise ValueError(f"Give arms, and a minimum share between 0 and 1/{len(arms)} so the shares fit in 1.")
    generator = np.random.default_rng(seed)
    samples = np.column_stack([generator.beta(a.successes + 1, a.failures + 1, draws) for a in arms.values()])
    best = np.bincount(samples.argmax(axis=1), minlength=len(arms)) / draws
    spare = 1 - minimum_share * len(arms)
    return [(name, minimum_share + spare * float(chance)) for name, chance in zip(arms, best)]


def _wilson(arm: Arm, confidence: float) -> tuple[float, float]:
    interval = binomtest(arm.successes, arm.trials).proportion_ci(confidence, method="wilson")
    return float(interval.low), float(interval.high)


def _z(confidence: float) -> float:
    if not 0 < confidence < 1:
        raise ValueError(f"Confidence must be between 0 and 1, e.g. 0.95; got {confidence}.")
    return float(norm.ppf(1 - (1 - confidence) / 2))
