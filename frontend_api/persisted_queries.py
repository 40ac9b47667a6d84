"""Automatic persisted queries, Apollo's protocol: the app sends a query's SHA-256 first and its text only when asked.

A request whose ``extensions.persistedQuery`` is ``{"version": 1,
"sha256Hash": "…"}`` and that has no ``query`` is answered from the text
kept under that hash; unknown, it gets ``PersistedQueryNotFound`` and the app
sends hash and text together, which registers the text once it validates. So
the app's usual request is a short GET URL a CDN can keep
(``?extensions=…&variables=…``). Texts live in Django's cache (Redis in
production, shared by every process) for ``MOMENTS_PERSISTED_QUERY_SECONDS``;
one that lapses is sent again by the app.
"""

import hashlib
import json
import re

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from frontend_api.errors import BadInput, PersistedQueryNotFound

KEY = "moments:persisted-query:{}"
SHA256 = re.compile(r"[0-9a-f]{64}")


def requested_hash(request: HttpRequest, data: dict) -> str | None:
    """The hash the request names, if it uses the protocol; raises :class:`BadInput` for a malformed one."""
    extensions = data.get("extensions") if request.method == "POST" else request.GET.get("extensions")
    if isinstance(extensions, str):
        try:
            extensions = json.loads(extensions)
        except (ValueError, RecursionError):
            raise BadInput("`extensions` must be a JSON object.") from None
    persisted = extensions.get("persistedQuery") if isinstance(extensions, dict) else None
    if persisted is None:
        return None
    if not isinstance(persisted, dict) or persisted.get("version") != 1 or not SHA256.fullmatch(str(persisted.get("sha256Hash"))):
        raise BadInput('`extensions.persistedQuery` must be {"version": 1, "sha256Hash": <64 lowercase hex digits>}.')
    return persisted["sha256Hash"]


def query_for(digest: str, query: str | None) -> str:
    """The text to run: the one sent, when its hash matches, or the one kept under the hash."""
    if query:
        if hashlib.sha256(query.encode()).hexdigest() != digest:
            raise BadInput("`extensions.persistedQuery.sha256Hash` is not the SHA-256 of `query`.")
        return query
    kept = cache.get(KEY.format(digest))
    if kept is None:
        raise PersistedQueryNotFound()
    return kept


def keep(digest: str, query: str) -> None:
    """Register a text that validated, so the next request may send its hash alone."""
    cache.set(KEY.format(digest), query, timeout=settings.MOMENTS_PERSISTED_QUERY_SECONDS)
