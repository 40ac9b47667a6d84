"""The engine's query for what a person typed, built with elasticsearch-dsl.

Each word of the normalised query (:func:`cms.chinese.query_words`) must match
a field whole (``operator: and``); an item must match every word of a one- or
two-word query ("大闸蟹 上海" is Shanghai's crab) and three in four of a longer
one, so a stray word does not empty the page. Whole words and titles weigh more
than character pairs and bodies; each document's ``weight`` (its kind) then
multiplies the score, and member posts with the same text collapse into one.
"""

import datetime

from elasticsearch_dsl import Q, Search
from elasticsearch_dsl.function import FieldValueFactor
from elasticsearch_dsl.query import FunctionScore, MultiMatch

from cms import chinese

MOST_WORDS = "2<75%"  # up to two words, all of them; of more, three in four
FIELDS = ["title^3", "title_words^4", "names^1.5", "names_words^2", "pinyin^2", "body", "body_words^1.5"]


def _live_at(now: datetime.datetime) -> list[Q]:
    """Go-live and expiry around ``now``; a member's consent for the channel on its day."""
    return [
        Q("bool", should=[~Q("exists", field="live_from"), Q("range", live_from={"lte": now})], minimum_should_match=1),
        Q("bool", should=[~Q("exists", field="live_until"), Q("range", live_until={"gt": now})], minimum_should_match=1),
    ]


def _consented(channel: str, day: datetime.date) -> Q:
    consent = Q("bool", filter=[
        Q("term", channels=channel),
        Q("bool", should=[~Q("exists", field="consent_until"), Q("range", consent_until={"gte": day})], minimum_should_match=1),
    ])
    return Q("bool", should=[~Q("term", kind="ugc"), consent], minimum_should_match=1)


def item_search(
    text: str, *, now: datetime.datetime, day: datetime.date, channel: str,
    kinds: list[str] | None = None, regions: list[str] | None = None,
) -> Search:
    """Items matching ``text`` that may be shown at ``now`` on ``channel``, best first.

    ``regions`` is a region's fallback chain (city, province, country): items
    for any of them, or for everywhere, are kept.
    """
    words = [MultiMatch(query=word, fields=FIELDS, type="best_fields", operator="and") for word in chinese.query_words(text)]
    filters = [*_live_at(now), _consented(channel, day)]
    if kinds:
        filters.append(Q("terms", kind=kinds))
    if regions:
        filters.append(Q("bool", should=[Q("terms", regions=regions), ~Q("exists", field="regions")], minimum_should_match=1))
    matching = Q("bool", should=words, minimum_should_match=MOST_WORDS, filter=filters)
    scored = FunctionScore(query=matching, functions=[FieldValueFactor(field="weight", missing=1)], boost_mode="multiply")
    return (
        Search()
        .query(scored)
        .source(["kind", "object_id"])
        .extra(collapse={"field": "same_text"}, track_total_hits=False)
        .params(request_cache=False)
    )
