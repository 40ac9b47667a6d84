"""Chinese-aware search on Wagtail's database backends.

SQLite's FTS5 and PostgreSQL's text parser both treat an unbroken run of
Chinese characters as a single token, so "大闸蟹" would never find
"阳澄湖大闸蟹当日捞当日达". We segment words with jieba on both sides:

- when indexing, :func:`segmented` makes a model's search fields store
  space-separated words (jieba's search mode, which also emits the shorter
  words inside long ones);
- when querying, the backend returned by :func:`SearchBackend` segments the
  query string (jieba's precise mode), so every search in the product,
  the admin's included, speaks the same words.

Point ``WAGTAILSEARCH_BACKENDS["default"]["BACKEND"]`` at this module.
"""

import functools
import logging
from collections.abc import Iterable

import jieba
from wagtail.search import index
from wagtail.search.backends import database

jieba.setLogLevel(logging.WARNING)


def _words(tokens: Iterable[str]) -> str:
    return " ".join(token for token in tokens if any(char.isalnum() for char in token))


def segment_for_index(text: str) -> str:
    return _words(jieba.cut_for_search(text))


def segment_query(text: str) -> str:
    return _words(jieba.cut(text))


class SegmentedSearchField(index.SearchField):
    """A search field whose text is indexed as jieba-segmented words."""

    def get_value(self, obj):
        value = super().get_value(obj)
        if not value:
            return value
        text = " ".join(map(str, value)) if isinstance(value, (list, tuple)) else str(value)
        return segment_for_index(text)


def segmented(search_fields: list) -> list:
    """``search_fields`` with every full-text field segmented; filters and autocomplete untouched."""
    return [
        SegmentedSearchField(field.field_name, boost=field.boost, **field.kwargs)
        if type(field) is index.SearchField
        else field
        for field in search_fields
    ]


class QuerySegmentingMixin:
    def search(self, query, *args, **kwargs):
        if isinstance(query, str):
            query = segment_query(query)
        return super().search(query, *args, **kwargs)


@functools.cache
def _segmenting(backend_class: type) -> type:
    return type(f"Segmenting{backend_class.__name__}", (QuerySegmentingMixin, backend_class), {})


def SearchBackend(params: dict):  # noqa: N802 - the name Wagtail looks up in a backend module
    """Wagtail's database backend for the current database, segmenting query strings."""
    backend_class = type(database.SearchBackend(params))
    return _segmenting(backend_class)(params)
