"""Chinese-aware search on Wagtail's database backends.

SQLite's FTS5 and PostgreSQL's text parser both treat an unbroken run of
Chinese characters as a single token, so "大闸蟹" would never find
"阳澄湖大闸蟹当日捞当日达". Both sides go through :mod:`cms.chinese`:

- when indexing, :func:`segmented` makes a model's search fields store
  space-separated tokens: the normalised words (jieba's search mode), each
  Chinese character alone and each word's pinyin;
- when querying, the backend returned by :func:`SearchBackend` normalises
  the query and splits it into words (jieba's precise mode), so every
  search in the product, the admin's included, speaks the same words.

This is the embedded search, and the one that answers whenever the search
engine (:mod:`search`) is not configured or not answering.
"""

import functools
from collections.abc import Callable

from django.conf import settings
from django.db import connection
from wagtail.search import index
from wagtail.search.backends import database, get_search_backend
from wagtail.search.query import PlainText

from cms import chinese


def database_backend():
    """The database's backend: ``default`` with no engine, ``database`` beside one (moments/settings.py)."""
    return get_search_backend("database" if "database" in settings.WAGTAILSEARCH_BACKENDS else "default")


def segment_query(text: str) -> str:
    return " ".join(chinese.query_words(text))


class SegmentedSearchField(index.SearchField):
    """A search field whose text is indexed as normalised words, characters and pinyin."""

    def get_value(self, obj):
        value = super().get_value(obj)
        if not value:
            return value
        text = " ".join(map(str, value)) if isinstance(value, (list, tuple)) else str(value)
        return chinese.searchable(text)


def segmented(search_fields: list) -> list:
    """``search_fields`` with every full-text field segmented; filters and autocomplete untouched."""
    return [
        SegmentedSearchField(field.field_name, boost=field.boost, **field.kwargs)
        if type(field) is index.SearchField
        else field
        for field in search_fields
    ]


def rewritten(query, rewrite: Callable[[str], str]):
    """The query with its text rewritten, whether a string or the PlainText the admin parses its search box into."""
    if isinstance(query, str):
        return rewrite(query)
    if isinstance(query, PlainText):
        return PlainText(rewrite(query.query_string), operator=query.operator, boost=query.boost)
    return query


class QuerySegmentingMixin:
    def search(self, query, *args, **kwargs):
        return super().search(rewritten(query, segment_query), *args, **kwargs)

    def best_matches(self, query: str, model: type, limit: int) -> list[tuple[int, float]]:
        """The ids and scores of ``model``'s best ``limit`` rows holding every word of ``query``, best first.

        What the search engine's fallback ranks (:mod:`search.site_search`):
        the whole table is searched and only then narrowed to what the app may
        see, so the cost is bounded by ``limit`` rather than by the table.
        """
        return self.scored_matches(segment_query(query), model, limit)

    def scored_matches(self, words: str, model: type, limit: int) -> list[tuple[int, float]]:
        """:meth:`best_matches` for words already segmented; SQLite's is :mod:`cms.search_sqlite`."""
        found = super().search(words, model.objects.only("pk"), operator="and").annotate_score("score")[:limit]
        return [(row.pk, row.score) for row in found]

    def autocomplete(self, query, *args, **kwargs):
        """A word search: the admin's listings autocomplete, and prefixes of unsegmented Chinese runs find nothing."""
        return self.search(query, *args, **kwargs)


@functools.cache
def _segmenting(backend_class: type) -> type:
    bases = (QuerySegmentingMixin, backend_class)
    if connection.vendor == "sqlite":
        from cms.search_sqlite import SQLiteBestMatches  # its models exist only on SQLite

        bases = (SQLiteBestMatches, *bases)
    return type(f"Segmenting{backend_class.__name__}", bases, {})


def SearchBackend(params: dict):  # noqa: N802 - the name Wagtail looks up in a backend module
    """Wagtail's database backend for the current database, segmenting query strings."""
    backend_class = type(database.SearchBackend(params))
    return _segmenting(backend_class)(params)
