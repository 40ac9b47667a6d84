"""The engine's index of what the app may find: its analyzers, its mapping and one document per item.

One index holds every kind (articles, campaigns, seasonal items, member
posts) so one query ranks them together. Text arrives already normalised
by :mod:`cms.chinese` (simplified, half-width, folded case), so the index
needs only OpenSearch's built-in analysis, which managed services offer too:

- ``title``, ``body`` and ``names`` use ``cjk_bigram`` with unigrams: every
  pair of characters and every single one, so 蟹 and 大闸蟹 both match;
- ``*_words`` hold jieba's words and ``pinyin`` their pinyin, split on spaces:
  whole words match more precisely and score higher.

Whether an item is live at a moment (its go-live and expiry, a member's
consent and its channels) is stored, not decided, at indexing time: a query
filters on it, so scheduled content appears and leaves on time with no
reindexing. :mod:`search.site_search` still reads the hits through the
database's own visibility rules.
"""

import hashlib
import re

from elasticsearch_dsl import Date, Document, Float, Integer, Keyword, Text, analyzer, token_filter

from cms import chinese

_NOT_TEXT = re.compile(r"[\W_]+", re.UNICODE)

# How strongly each kind's matches count, on the engine and on the database alike:
# PGC and seasonal items above members' posts, live campaigns (the only ones found) above all.
KIND_WEIGHTS = {"article": 1.5, "campaign": 2.0, "seasonal": 1.5, "ugc": 0.6}

cjk_with_unigrams = analyzer(
    "cjk_with_unigrams",
    tokenizer="standard",
    filter=["cjk_width", "lowercase", token_filter("bigrams_and_unigrams", type="cjk_bigram", output_unigrams=True)],
)
space_separated = analyzer("space_separated", tokenizer="whitespace", filter=["lowercase"])


def _text() -> Text:
    return Text(analyzer=cjk_with_unigrams)


def _words() -> Text:
    return Text(analyzer=space_separated)


class SearchItem(Document):
    kind = Keyword()
    object_id = Integer()
    title = _text()
    title_words = _words()
    body = _text()
    body_words = _words()
    names = _text()
    names_words = _words()
    pinyin = _words()
    regions = Keyword()
    channels = Keyword()
    consent_until = Date()
    live_from = Date()
    live_until = Date()
    weight = Float()
    published_at = Date()
    same_text = Keyword()

    class Index:
        settings = {"number_of_shards": 1, "number_of_replicas": 0, "refresh_interval": "1s"}

    @classmethod
    def of(cls, kind: str, object_id: int, title: str, body: str, names: str, **fields) -> "SearchItem":
        """A document from an item's raw text, normalised here the one way search knows."""
        title_words, body_words, names_words = (chinese.index_words(text) for text in (title, body, names))
        fields.setdefault("same_text", f"{kind}-{object_id}")  # only copies of one text collapse into one hit
        return cls(
            meta={"id": f"{kind}-{object_id}"},
            kind=kind,
            object_id=object_id,
            title=chinese.normalise(title),
            title_words=" ".join(title_words),
            body=chinese.normalise(body),
            body_words=" ".join(body_words),
            names=chinese.normalise(names),
            names_words=" ".join(names_words),
            pinyin=" ".join(chinese.pinyin_forms(title_words + names_words + body_words)),
            **fields,
        )


def same_text(text: str) -> str:
    """One key for posts with the same words (copies, reposts), whatever their punctuation, emoji or script."""
    return hashlib.sha1(_NOT_TEXT.sub("", chinese.normalise(text)).encode()).hexdigest()
