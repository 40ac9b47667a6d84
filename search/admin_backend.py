"""Wagtail's OpenSearch backend for the admin's search, answering from the database when the engine does not.

``wagtail.search.backends.opensearch3`` (opensearch-py 3) keeps the admin's
own indexes on the engine. A query is normalised first (:mod:`cms.chinese`),
as the indexed text was. Before each search the engine is pinged (a
millisecond); if it does not answer, the same search runs on the database
backend (:func:`cms.search.database_backend`), so an editor gets results, not
an error page.
"""

import logging

from wagtail.search.backends.opensearch3 import OpenSearch3SearchBackend

from cms import chinese
from cms.search import database_backend, rewritten

logger = logging.getLogger(__name__)


class SearchBackend(OpenSearch3SearchBackend):
    def autocomplete(self, query, *args, **kwargs):
        """A word search, as on the database (:class:`cms.search.QuerySegmentingMixin`)."""
        return self.search(query, *args, **kwargs)

    def _search(self, query_compiler_class, query, model_or_queryset, **kwargs):
        query = rewritten(query, chinese.normalise)
        if self.es.ping():
            return super()._search(query_compiler_class, query, model_or_queryset, **kwargs)
        logger.warning("Search engine is not answering; the admin's search runs on the database")
        return database_backend().search(query, model_or_queryset, **kwargs)
