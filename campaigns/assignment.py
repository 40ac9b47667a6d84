"""Which variant of an experiment a subject sees: deterministic, with no per-member row.

A subject (a member id, or a device id for anonymous users) is hashed with the
experiment's key to a point in [0, 1), and the point falls into one variant's
stretch of the cumulative weights. SHA-256 rather than Python's ``hash()``, so
every server and every restart agrees; the experiment key is part of the hash,
so a subject's place in one experiment says nothing about its place in another.

Weights are relative (50/30/20 and 5/3/2 are the same split) and may include a
holdout, which is just a variant the caller treats as the control. A variant
with weight 0 is paused: nobody is assigned to it.

A bandit gives its traffic shares the same way, as the weights:
``assign(key, subject, thompson_shares(arms, minimum_share))`` (see
:func:`campaigns.experiment_statistics.thompson_shares`). A subject keeps
its variant while the shares stand; when they change, subjects whose point lies
between an old and a new boundary move to another variant. So recompute the
shares at intervals (say daily), not per request, and count each impression
under the variant that was shown, not under today's assignment.
"""

import bisect
import hashlib
import itertools
import math
from collections.abc import Sequence

_POINT_BITS = 53  # a float holds 53 bits exactly, so the point is never rounded up to 1.0


def subject_point(experiment_key: str, subject_id: str) -> float:
    """The subject's uniform point in [0, 1) for this experiment, the same on every machine."""
    # Length prefixes keep ("ab", "c") and ("a", "bc") apart.
    message = f"{len(experiment_key)}:{experiment_key}{len(subject_id)}:{subject_id}".encode()
    digest = hashlib.sha256(message).digest()
    return (int.from_bytes(digest[:8], "big") >> (64 - _POINT_BITS)) / 2**_POINT_BITS


def assign(experiment_key: str, subject_id: str, weights: Sequence[tuple[str, float]]) -> str:
    """The variant ``subject_id`` sees in the experiment, from ``(variant, weight)`` pairs."""
    shares = traffic_shares(weights)
    bounds = list(itertools.accumulate(shares.values()))
    index = bisect.bisect_right(bounds, subject_point(experiment_key, subject_id))
    return list(shares)[min(index, len(shares) - 1)]  # the shares may add up to a hair under 1


def traffic_shares(weights: Sequence[tuple[str, float]]) -> dict[str, float]:
    """Each variant's share of subjects, the weights scaled to add up to 1; paused variants are left out."""
    if not weights:
        raise ValueError("An experiment needs at least one variant with a weight.")
    names = [name for name, _ in weights]
    if len(set(names)) != len(names):
        raise ValueError(f"Each variant may appear once; got {names}.")
    for name, weight in weights:
        if not math.isfinite(weight) or weight < 0:
            raise ValueError(f"Variant {name!r} has weight {weight}; weights must be finite and not negative.")
    total = sum(weight for _, weight in weights)
    if total == 0:
        raise ValueError("At least one variant needs a weight above zero.")
    return {name: weight / total for name, weight in weights if weight > 0}
