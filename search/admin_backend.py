"""Wagtail's OpenSearch backend for the admin's search, answering from the database when the engine does not.

``wagtail.search.backends.opensearch3`` (opensearch-py 3) keeps the admin's
own indexes on the engine. A query is normalised first (:mod:`cms.chinese`),
as the indexed text was. If the engine does not answer a ping (a
millisecond), or fails while a search runs (an index not built yet), the same
search runs on the database backend (:func:`cms.search.database_backend`),
so an editor gets results, not an error page.
"""

import logging

from opensearchpy.exceptions import OpenSearchException
from wagtail.search.backends.opensearch3 import OpenSearch3SearchBackend, OpenSearch3SearchResults

from cms import chinese
from cms.search import database_backend, rewritten

logger = logging.getLogger(__name__)
ON_DATABASE = "Search engine is not answering; the admin's search runs on the database"


class FallingBackResults(OpenSearch3SearchResults):
    """Results that ask the database for the same search when the engine fails."""

    on_database = None  # the same search on the database backend, set by SearchBackend._search

    def _clone(self):
        clone = super()._clone()
        clone.on_database = self.on_database
        return clone

    def _database_results(self):
        logger.warning(ON_DATABASE, exc_info=True)
        results = self.on_database()
        results = results.annotate_score(self._score_field) if self._score_field else results
        return results[self.start:self.stop]

    def _do_search(self):
        try:
            return list(super()._do_search())  # a generator: the request is sent as it is read
        except OpenSearchException:
            return list(self._database_results())

    def _do_count(self):
        try:
            return super()._do_count()
        except OpenSearchException:
            return self._database_results().count()

    def facet(self, field_name):
        try:
            return super().facet(field_name)
        except OpenSearchException:
            return self._database_results().facet(field_name)


class SearchBackend(OpenSearch3SearchBackend):
    results_class = FallingBackResults

    def autocomplete(self, query, *args, **kwargs):
        """A word search, as on the database (:class:`cms.search.QuerySegmentingMixin`)."""
        return self.search(query, *args, **kwargs)

    def _search(self, query_compiler_class, query, model_or_queryset, **kwargs):
        query = rewritten(query, chinese.normalise)
        if not self.es.ping():
            logger.warning(ON_DATABASE)
            return database_backend().search(query, model_or_queryset, **kwargs)
        results = super()._search(query_compiler_class, query, model_or_queryset, **kwargs)
        if isinstance(results, FallingBackResults):
            results.on_database = lambda: database_backend().search(query, model_or_queryset, **kwargs)
        return results
