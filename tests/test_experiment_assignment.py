"""Deterministic variant assignment: balanced, stable across processes, independent across experiments."""

import collections
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest

from campaigns.assignment import assign, subject_point, traffic_shares

SUBJECTS = [f"member-{number}" for number in range(100_000)]
WITH_HOLDOUT = [("hero-banner", 45.0), ("video", 27.0), ("coupon-first", 18.0), ("holdout", 10.0)]


def shares(experiment_key: str, weights) -> dict[str, float]:
    counts = collections.Counter(assign(experiment_key, subject, weights) for subject in SUBJECTS)
    return {name: count / len(SUBJECTS) for name, count in counts.items()}


@pytest.mark.parametrize(
    "weights",
    [[("a", 50), ("b", 30), ("c", 20)], WITH_HOLDOUT, [("a", 1), ("b", 1)], [("a", 5), ("b", 3), ("c", 2)]],
)
def test_each_variant_gets_its_weight_within_one_point(weights):
    total = sum(weight for _, weight in weights)
    observed = shares("summer-bayberry", weights)
    assert observed.keys() == {name for name, _ in weights}
    for name, weight in weights:
        assert abs(observed[name] - weight / total) < 0.01, (name, observed[name])


def test_a_subject_sees_the_same_variant_on_every_call():
    first = [assign("summer-bayberry", subject, WITH_HOLDOUT) for subject in SUBJECTS[:1000]]
    again = [assign("summer-bayberry", subject, list(WITH_HOLDOUT)) for subject in SUBJECTS[:1000]]
    assert first == again


def test_another_process_with_another_hash_seed_assigns_the_same():
    here = [assign("summer-bayberry", subject, WITH_HOLDOUT) for subject in SUBJECTS[:1000]]
    program = (
        "from campaigns.assignment import assign\n"
        f"weights = {WITH_HOLDOUT!r}\n"
        "for number in range(1000):\n"
        "    print(assign('summer-bayberry', f'member-{number}', weights))\n"
    )
    elsewhere = subprocess.run(
        [sys.executable, "-c", program],
        cwd=Path(__file__).resolve().parent.parent,
        env={**os.environ, "PYTHONHASHSEED": "12345"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert elsewhere == here


def test_the_point_is_fixed_by_sha256_so_upgrades_and_servers_agree():
    # `printf '15:summer-bayberry8:member-7' | sha256sum` begins 36924c4876a095a3; its first 53 bits
    # (0x36924c4876a095a3 >> 11) over 2**53 are 0.21316983... A change here would reshuffle live experiments.
    assert subject_point("summer-bayberry", "member-7") == pytest.approx(0.2131698300, abs=1e-10)
    assert 0 <= subject_point("", "") < 1


def test_key_and_subject_cannot_run_into_each_other():
    assert subject_point("ab", "c") != subject_point("a", "bc")


def test_a_subjects_variant_in_one_experiment_says_nothing_about_another():
    first, second = [("a", 50), ("b", 50)], [("x", 50), ("y", 30), ("z", 20)]
    pairs = collections.Counter(
        (assign("summer-bayberry", subject, first), assign("double-11", subject, second)) for subject in SUBJECTS
    )
    for one, one_weight in first:
        for other, other_weight in second:
            expected = one_weight / 100 * other_weight / 100
            assert abs(pairs[one, other] / len(SUBJECTS) - expected) < 0.01, (one, other)


def test_weights_are_relative_and_paused_variants_get_no_share():
    assert traffic_shares([("a", 5), ("paused", 0), ("b", 3), ("holdout", 2)]) == {"a": 0.5, "b": 0.3, "holdout": 0.2}


def test_a_variant_with_no_weight_is_never_shown():
    def shown(weights):
        return {assign("summer-bayberry", subject, weights) for subject in SUBJECTS[:2000]}

    assert shown([("a", 1), ("paused", 0), ("b", 1)]) == {"a", "b"}
    assert shown([("a", 1), ("paused", 0)]) == {"a"}


def test_when_a_bandit_moves_shares_only_subjects_across_the_moved_boundary_change_variant():
    before = {subject: assign("summer-bayberry", subject, [("a", 0.5), ("b", 0.5)]) for subject in SUBJECTS}
    after = {subject: assign("summer-bayberry", subject, [("a", 0.6), ("b", 0.4)]) for subject in SUBJECTS}
    moved = collections.Counter((before[s], after[s]) for s in SUBJECTS if before[s] != after[s])
    assert set(moved) == {("b", "a")}
    assert abs(moved["b", "a"] / len(SUBJECTS) - 0.1) < 0.01


@pytest.mark.parametrize(
    "weights, message",
    [
        ([], "at least one variant"),
        ([("a", 1), ("b", -1)], "'b' has weight -1"),
        ([("a", 0), ("b", 0.0)], "above zero"),
        ([("a", math.nan)], "finite"),
        ([("a", math.inf), ("b", 1)], "finite"),
        ([("a", 1), ("a", 2)], "once"),
    ],
)
def test_weights_that_make_no_split_are_refused(weights, message):
    with pytest.raises(ValueError, match=message):
        assign("summer-bayberry", "member-1", weights)
