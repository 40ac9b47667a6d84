"""Experiment statistics against values worked out by hand, with the arithmetic shown.

The running example: the control has 100 clicks out of 1,000 impressions (10%),
the variant 120 out of 1,000 (12%). z_{0.975} = 1.959964, z_{0.8} = 0.841621.
"""

import math

import pytest

from campaigns.experiment_statistics import (
    Arm,
    absolute_uplift,
    probability_to_beat,
    rate_interval,
    relative_uplift,
    sample_ratio_mismatch,
    sample_size_per_arm,
    thompson_shares,
    two_proportion_z_test,
)

CONTROL, VARIANT = Arm(100, 1000), Arm(120, 1000)


def test_rates_are_successes_over_trials():
    assert (CONTROL.rate, VARIANT.rate, VARIANT.failures) == (0.1, 0.12, 880)


def test_counts_that_cannot_be_are_refused():
    with pytest.raises(ValueError, match="between 0 and the trials"):
        Arm(11, 10)
    with pytest.raises(ValueError, match="no trials"):
        Arm(0, 0).rate


def test_two_proportion_z_test():
    """Pooled rate p = 220 / 2000 = 0.11.

    SE = √(0.11 × 0.89 × (1/1000 + 1/1000)) = √0.0001958 = 0.0139929
    z  = (0.12 − 0.10) / 0.0139929 = 1.429301
    p  = 2 × (1 − Φ(1.429301)) = 2 × 0.0764589 = 0.152918
    """
    test = two_proportion_z_test(CONTROL, VARIANT)
    assert test.z == pytest.approx(1.429301, abs=1e-6)
    assert test.p_value == pytest.approx(0.152918, abs=1e-6)
    assert two_proportion_z_test(VARIANT, CONTROL).z == pytest.approx(-1.429301, abs=1e-6)


def test_no_successes_anywhere_is_no_evidence_of_a_difference():
    test = two_proportion_z_test(Arm(0, 500), Arm(0, 700))
    assert (test.z, test.p_value) == (0.0, 1.0)


def test_absolute_uplift_has_newcombes_interval():
    """Wilson interval of x/n: (p + z²/2n ± z √(p(1−p)/n + z²/4n²)) / (1 + z²/n), z² = 3.841459.

    Control 100/1000: 1 + z²/n = 1.0038415; centre (0.1 + 0.0019207) / 1.0038415 = 0.1015307;
        half 1.959964 × √(9.096036e-5) / 1.0038415 = 0.0186213 → [0.0829094, 0.1201520]
    Variant 120/1000: centre (0.12 + 0.0019207) / 1.0038415 = 0.1214542;
        half 1.959964 × √(1.065604e-4) / 1.0038415 = 0.0201549 → [0.1012993, 0.1416091]
    Difference 0.12 − 0.10 = 0.02;
    low  = 0.02 − √((0.12 − 0.1012993)² + (0.1201520 − 0.1)²) = 0.02 − √(0.0187007² + 0.0201520²) = −0.0074922
    high = 0.02 + √((0.1416091 − 0.12)² + (0.1 − 0.0829094)²) = 0.02 + √(0.0216091² + 0.0170906²) = 0.0475507
    """
    uplift = absolute_uplift(CONTROL, VARIANT)
    assert uplift.value == pytest.approx(0.02)
    assert uplift.low == pytest.approx(-0.0075, abs=5e-5)
    assert uplift.high == pytest.approx(0.0476, abs=5e-5)
    assert (uplift.low, uplift.high) == pytest.approx((-0.0074922, 0.0475507), abs=1e-7)


def test_a_rate_has_the_wilson_interval_worked_above():
    estimate = rate_interval(CONTROL)
    assert (estimate.value, estimate.low, estimate.high) == pytest.approx((0.1, 0.0829094, 0.1201520), abs=1e-7)


def test_a_lower_confidence_gives_a_narrower_interval():
    wide, narrow = absolute_uplift(CONTROL, VARIANT, 0.99), absolute_uplift(CONTROL, VARIANT, 0.80)
    assert wide.low < narrow.low < 0.02 < narrow.high < wide.high


def test_relative_uplift_has_the_katz_log_interval():
    """Ratio 0.12 / 0.10 = 1.2, so the uplift is +20%.

    SE(ln ratio) = √(1/120 − 1/1000 + 1/100 − 1/1000) = √0.0163333 = 0.1278019
    z × SE = 1.959964 × 0.1278019 = 0.2504872
    low  = 1.2 × e^−0.2504872 − 1 = 1.2 × 0.7784215 − 1 = −0.0658942
    high = 1.2 × e^+0.2504872 − 1 = 1.2 × 1.2846511 − 1 = +0.5415813
    """
    uplift = relative_uplift(CONTROL, VARIANT)
    assert uplift.value == pytest.approx(0.2)
    assert (uplift.low, uplift.high) == pytest.approx((-0.0659, 0.5416), abs=5e-5)
    assert (uplift.low, uplift.high) == pytest.approx((-0.0658942, 0.5415813), abs=1e-7)


def test_a_relative_uplift_needs_a_success_in_each_arm():
    with pytest.raises(ValueError, match="at least one success"):
        relative_uplift(Arm(0, 1000), VARIANT)


def test_probability_to_beat_on_the_smallest_case():
    """Variant 1 of 1 → X ~ Beta(2, 1), density 2x; control 0 of 1 → Y ~ Beta(1, 2), P(Y < x) = 1 − (1 − x)².

    P(X > Y) = ∫₀¹ 2x (1 − (1 − x)²) dx = ∫₀¹ (4x² − 2x³) dx = 4/3 − 1/2 = 5/6
    """
    assert probability_to_beat(Arm(0, 1), Arm(1, 1)) == pytest.approx(5 / 6, abs=1e-12)
    assert probability_to_beat(Arm(1, 1), Arm(0, 1)) == pytest.approx(1 / 6, abs=1e-12)


def test_probability_to_beat_is_even_for_equal_counts():
    assert probability_to_beat(CONTROL, Arm(100, 1000)) == pytest.approx(0.5, abs=1e-9)


def test_probability_to_beat_agrees_with_the_normal_approximation_at_scale():
    """Variant Beta(121, 881): mean 121/1002 = 0.1207585, variance 121 × 881 / (1002² × 1003) = 1.058583e-4.
    Control Beta(101, 901): mean 101/1002 = 0.1007984, variance 101 × 901 / (1002² × 1003) = 9.036698e-5.
    Φ((0.1207585 − 0.1007984) / √(1.962253e-4)) = Φ(1.424901) = 0.922907; the exact value differs
    by the Betas' slight skew, well under 0.005.
    """
    assert probability_to_beat(CONTROL, VARIANT) == pytest.approx(0.922907, abs=0.005)


def test_sample_size_for_ten_against_fifteen_percent():
    """The textbook case: 10% → 15%, α = 0.05 two-sided, power 0.8. p̄ = 0.125.

    z_{0.975} √(2 × 0.125 × 0.875) = 1.959964 × √0.21875 = 0.9166892
    z_{0.8} √(0.1 × 0.9 + 0.15 × 0.85) = 0.841621 × √0.2175 = 0.3925060
    n = (0.9166892 + 0.3925060)² / 0.05² = 1.7139921 / 0.0025 = 685.597 → 686 per arm
    """
    assert sample_size_per_arm(0.10, 0.15) == 686


def test_the_running_example_needs_four_times_the_traffic_it_had():
    """10% → 12%: p̄ = 0.11; 1.959964 × √0.1958 = 0.8672702; 0.841621 × √0.1956 = 0.3722212;
    n = 1.2394914² / 0.02² = 1.5363390 / 0.0004 = 3840.85 → 3841, so 1,000 a side could not tell.
    """
    assert sample_size_per_arm(0.10, 0.12) == 3841
    assert sample_size_per_arm(0.12, 0.10) == 3841


def test_sample_size_refuses_rates_that_cannot_be_told_apart():
    for rates in [(0.1, 0.1), (0.0, 0.1), (0.1, 1.0)]:
        with pytest.raises(ValueError, match="two different rates"):
            sample_size_per_arm(*rates)


def test_a_split_off_by_chance_is_not_a_mismatch():
    """50/50 with 10,050 and 9,950: expected 10,000 each.

    χ² = 50²/10000 + 50²/10000 = 0.5, one degree of freedom, so p = 2 (1 − Φ(√0.5)) = 2 × 0.2397501 = 0.4795001
    """
    check = sample_ratio_mismatch({"a": 10_050, "b": 9_950}, [("a", 50), ("b", 50)])
    assert check.chi_square == pytest.approx(0.5)
    assert check.p_value == pytest.approx(0.4795001, abs=1e-7)
    assert not check.mismatched


def test_a_split_off_beyond_chance_is_flagged():
    """50/30/20 with 5,200 / 2,900 / 1,900 subjects: expected 5,000 / 3,000 / 2,000.

    χ² = 200²/5000 + 100²/3000 + 100²/2000 = 8 + 3.3333 + 5 = 16.3333; with two degrees of freedom
    the survival function is e^(−χ²/2), so p = e^−8.1667 = 2.8396e-4 < 0.001.
    """
    check = sample_ratio_mismatch({"a": 5_200, "b": 2_900, "c": 1_900}, [("a", 50), ("b", 30), ("c", 20)])
    assert check.chi_square == pytest.approx(16.333333, abs=1e-6)
    assert check.p_value == pytest.approx(math.exp(-16.333333 / 2), rel=1e-6)
    assert check.p_value == pytest.approx(2.8396e-4, abs=1e-8)
    assert check.mismatched


def test_one_percent_off_at_a_hundred_thousand_is_not_yet_flagged():
    """50,500 / 49,500: χ² = 2 × 500²/50000 = 10, p = 2 (1 − Φ(√10)) = 0.0015654, just above 0.001."""
    check = sample_ratio_mismatch({"a": 50_500, "b": 49_500}, [("a", 1), ("b", 1)])
    assert check.p_value == pytest.approx(0.0015654, abs=1e-7)
    assert not check.mismatched


def test_the_mismatch_check_needs_a_count_for_each_variant():
    with pytest.raises(ValueError, match="counts for each"):
        sample_ratio_mismatch({"a": 10}, [("a", 1), ("b", 1)])
    with pytest.raises(ValueError, match="No subjects"):
        sample_ratio_mismatch({"a": 0, "b": 0}, [("a", 1), ("b", 1)])


def test_thompson_shares_add_up_and_keep_the_minimum():
    arms = {"hero": Arm(30, 1000), "video": Arm(45, 1000), "coupon": Arm(38, 1000), "holdout": Arm(31, 1000)}
    shares = thompson_shares(arms, minimum_share=0.05)
    assert [name for name, _ in shares] == list(arms)
    assert sum(share for _, share in shares) == pytest.approx(1)
    assert all(share >= 0.05 for _, share in shares)
    assert max(shares, key=lambda pair: pair[1])[0] == "video"
    assert thompson_shares(arms, minimum_share=0.05) == shares


def test_thompson_shares_follow_the_chance_of_being_best():
    """Arms 1 of 1 and 0 of 1 are best with chance 5/6 and 1/6 (see the smallest case above).

    With a minimum of 0.1 each, the spare is 1 − 2 × 0.1 = 0.8: shares 0.1 + 0.8 × 5/6 = 0.766667 and
    0.1 + 0.8 × 1/6 = 0.233333, within sampling error (100,000 draws: 0.8 × √(5/6 × 1/6 / 100000) = 0.0009).
    """
    shares = dict(thompson_shares({"won": Arm(1, 1), "lost": Arm(0, 1)}, minimum_share=0.1))
    assert shares["won"] == pytest.approx(0.766667, abs=0.004)
    assert shares["lost"] == pytest.approx(0.233333, abs=0.004)


def test_a_clear_loser_keeps_exactly_the_minimum():
    shares = dict(thompson_shares({"a": Arm(500, 1000), "b": Arm(100, 1000), "c": Arm(90, 1000)}, 0.1))
    assert shares == pytest.approx({"a": 0.8, "b": 0.1, "c": 0.1})


def test_a_minimum_that_cannot_fit_is_refused():
    with pytest.raises(ValueError, match="minimum share"):
        thompson_shares({"a": Arm(1, 2), "b": Arm(1, 2), "c": Arm(1, 2)}, minimum_share=0.4)
