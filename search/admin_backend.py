"""Wagtail's OpenSearch backend for the admin's search, answering from the database when the engine does not.

``wagtail.search.backends.opensearch3`` (opensearch-py 3) keeps the admin's
own indexes on the engine. A query is normalised first (:mod:`cms.chinese`),
as the indexed text was; if the engine fails while a search runs, the same
search runs on the database backend (:func:`cms.search.database_backend`),
so an editor gets results, not an error page.
"""

import logging

from opensearchpy.exceptions import OpenSearchException
from wagtail.search.backends.opensearch3 import OpenSearch3SearchBackend, OpenSearch3SearchResults

from cms import chinese
from cms.search import database_backend

logger = logging.getLogger(__name__)


class FallingBackResults(OpenSearch3SearchResults):
    database_search = None  # the same search on the database backend, set by SearchBackend._search

    def _clone(self):
        clone = super()._clone()
        clone.database_search = self.database_search
        return clone

    def _on_database(self):
        logger.warning("Search engine failed during an admin search; answering from the database", exc_info=True)
        results = self.database_search()
        return results.annotate_score(self._score_field) if self._score_field else results

    def _do_search(self):
        try:
            return super()._do_search()
        except OpenSearchException:
            return list(self._on_database()[self.start:self.stop])

    def _do_count(self):
        try:
            return super()._do_count()
        except OpenSearchException:
            return self._on_database()[self.start:self.stop].count()


class SearchBackend(OpenSearch3SearchBackend):
    results_class = FallingBackResults

    def _search(self, query_compiler_class, query, model_or_queryset, **kwargs):
        if isinstance(query, str):
            query = chinese.normalise(query)
        results = super()._search(query_compiler_class, query, model_or_queryset, **kwargs)
        if isinstance(results, FallingBackResults):
            method = "autocomplete" if query_compiler_class is self.autocomplete_query_compiler_class else "search"
            results.database_search = lambda: getattr(database_backend(), method)(query, model_or_queryset, **kwargs)
        return results
