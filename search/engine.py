"""The OpenSearch node, when ``MOMENTS_SEARCH_URL`` names one: the client, the index, and knowing when it is down.

opensearch-py sends what elasticsearch-dsl builds (the ``elasticsearch``
client refuses any server that is not Elasticsearch). Every call goes
through :func:`call`, which turns any failure into :class:`EngineUnavailable`
so callers fall back to the database; after a connection failure or a
timeout the engine is left alone for ``DOWN_SECONDS`` so that each request
does not wait out the timeout again. Writing the index (a background task, a
rebuild) is nobody's request, so it waits longer: creating an index updates the
cluster's state, which takes seconds on a busy node.
"""

import functools
import logging
import time
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from opensearchpy import OpenSearch
from opensearchpy.exceptions import ConnectionError as EngineConnectionError
from opensearchpy.exceptions import OpenSearchException

logger = logging.getLogger(__name__)
Result = TypeVar("Result")
DOWN_SECONDS = 30
_down_until = 0.0


class EngineUnavailable(Exception):
    """No engine is configured, or it did not answer well: search answers from the database."""


def configured() -> bool:
    return bool(settings.MOMENTS_SEARCH_URL)


@functools.cache
def _client(url: str, timeout: float) -> OpenSearch:
    return OpenSearch(hosts=[url], timeout=timeout, max_retries=0, retry_on_timeout=False, http_compress=True)


def client(*, indexing: bool = False) -> OpenSearch:
    timeout = settings.MOMENTS_SEARCH_INDEXING_TIMEOUT_SECONDS if indexing else settings.MOMENTS_SEARCH_TIMEOUT_SECONDS
    return _client(settings.MOMENTS_SEARCH_URL, timeout)


def alias() -> str:
    """The name searches and updates use; it points at the index the last rebuild made."""
    return f"{settings.MOMENTS_SEARCH_INDEX}-items"


def call(operation: Callable[[OpenSearch], Result], *, indexing: bool = False) -> Result:
    """``operation(client)``, or :class:`EngineUnavailable` if there is no engine or it fails; ``indexing``
    for writes to the index, which wait the longer timeout."""
    global _down_until
    if not configured():
        raise EngineUnavailable("MOMENTS_SEARCH_URL is not set")
    if time.monotonic() < _down_until:
        raise EngineUnavailable("the search engine failed moments ago")
    try:
        return operation(client(indexing=indexing))
    except EngineConnectionError as error:  # refused, unreachable or timed out
        _down_until = time.monotonic() + DOWN_SECONDS
        logger.warning("Search engine at %s is not answering (%s); using the database for %d s",
                       settings.MOMENTS_SEARCH_URL, error, DOWN_SECONDS)
        raise EngineUnavailable(str(error)) from error
    except OpenSearchException as error:
        logger.warning("Search engine error (%s); using the database", error)
        raise EngineUnavailable(str(error)) from error


def forget_failures() -> None:
    """Try the engine again on the next call (a test that restarts it; a rebuild that just succeeded)."""
    global _down_until
    _down_until = 0.0
