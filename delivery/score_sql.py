""":func:`delivery.matching.score` in SQL, so pre-selection orders rows by the very score ranking uses.

Counting each signal as 0 or 1 cut higher-scoring items before they were
ranked (an item with two shared scenes lost to one with a scene and a region).
Here every part carries its weight, per shared value as the scorer counts it,
and freshness decays with the same half-life; so the best ``first`` rows of
any pool at least ``first`` long are the best ``first`` of all.
"""

from collections.abc import Sequence

from django.db.models import Case, Count, Exists, Expression, F, FloatField, Func, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce, Greatest, Power

from cms.targeting import link_table
from delivery.matching import Moment, Weights

SECONDS_PER_DAY = 86400.0


class Epoch(Func):
    """Seconds since 1970 of a timestamp column, on SQLite and PostgreSQL alike."""

    output_field = FloatField()

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="((julianday(%(expressions)s) - 2440587.5) * 86400.0)", **extra)

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="EXTRACT(EPOCH FROM %(expressions)s)::float", **extra)


def weight(value: float) -> Value:
    return Value(float(value), output_field=FloatField())


def count_of(rows: QuerySet, key: str, counted: str) -> Expression:
    """How many distinct ``counted`` values ``rows`` hold for the outer row, whose pk is in their ``key``."""
    per_row = rows.filter(**{key: OuterRef("pk")}).values(key).annotate(count=Count(counted, distinct=True)).values("count")
    return Coalesce(Subquery(per_row), 0, output_field=FloatField())


def count_linked(model, name: str, wanted: Sequence[int]) -> Expression:
    """How many of ``wanted`` the row links to through its many-to-many field ``name``."""
    through, source, target = link_table(model, name)
    return count_of(through.objects.filter(**{f"{target}__in": list(wanted)}), source, target)


def locality(region_links: Sequence[Q | Exists], moment: Moment, weights: Weights) -> Expression:
    """The scorer's local bonus: the nearest region in the chain that the row names (or is posted in)."""
    depth = len(moment.region_chain)
    cases = [When(link, then=weight(weights.local * (depth - level) / depth)) for level, link in enumerate(region_links)]
    return Case(*cases, default=weight(0.0), output_field=FloatField()) if cases else weight(0.0)


def freshness(published: str, moment: Moment, weights: Weights) -> Expression:
    """``weights.freshness``, halving every half-life of the row's age at the moment (never more than new)."""
    age_days = Greatest(weight(moment.at.timestamp()) - Epoch(F(published)), weight(0.0)) / weight(SECONDS_PER_DAY)
    return weight(weights.freshness) * Power(weight(0.5), age_days / weight(weights.freshness_half_life_days))


def best_scoring(
    queryset: QuerySet, reasons: list[Expression], published: str, moment: Moment, weights: Weights, pool: int
) -> list[int]:
    """Ids of the ``pool`` best-scoring rows with at least one reason to be shown, best first.

    ``reasons`` are the weighted parts of the score other than freshness; a
    row whose parts add up to nothing has no reason and is left out, as
    :func:`~delivery.matching.score` leaves it out.
    """
    if not reasons:
        return []
    scored = queryset.alias(reasons_score=sum(reasons[1:], reasons[0])).filter(reasons_score__gt=0)
    scored = scored.alias(score=F("reasons_score") + freshness(published, moment, weights))
    return list(scored.order_by(F("score").desc(), F(published).desc(), "pk").values_list("pk", flat=True)[:pool])
