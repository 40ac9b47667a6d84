"""Fixed-window rate limits kept in Django's cache.

Each limit is ``(requests, seconds)`` in ``MOMENTS_RATE_LIMITS``. A window
starts at a multiple of its length, so everyone's counters reset together and
the answer can say exactly when to retry.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import gettext as _, ngettext

from frontend_api.errors import RateLimited


def hit(limit_name: str, identity: str, what: str) -> None:
    """Count one request by ``identity`` against the limit; raise :class:`RateLimited` past it."""
    allowed, seconds = settings.MOMENTS_RATE_LIMITS[limit_name]
    now = int(time.time())
    window = now // seconds
    key = f"moments:rate:{limit_name}:{hashlib.sha256(identity.encode()).hexdigest()[:32]}:{window}"
    cache.add(key, 0, timeout=seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # the counter expired between add and incr: a new window
        cache.set(key, 1, timeout=seconds)
        count = 1
    if count > allowed:
        retry_after = (window + 1) * seconds - now
        message = _("Too many %(what)s: up to %(allowed)s in %(duration)s. Try again in %(retry_after)s seconds.")
        raise RateLimited(message % {"what": what, "allowed": allowed, "duration": _duration(seconds), "retry_after": retry_after}, retry_after)


def client_ip(request: HttpRequest) -> str:
    """The address the trusted proxy saw: the last in a list like X-Forwarded-For, which the proxy appends
    to; those before it are whatever the client wrote, so counting by them would let it pick its own limit."""
    header = settings.MOMENTS_CLIENT_IP_HEADER
    forwarded = request.headers.get(header, "") if header else ""
    return forwarded.split(",")[-1].strip() or request.META.get("REMOTE_ADDR", "")


def _duration(seconds: int) -> str:
    if seconds % 3600 == 0:
        return ngettext("%(count)d hour", "%(count)d hours", seconds // 3600) % {"count": seconds // 3600}
    if seconds % 60 == 0:
        return ngettext("%(count)d minute", "%(count)d minutes", seconds // 60) % {"count": seconds // 60}
    return ngettext("%(count)d second", "%(count)d seconds", seconds) % {"count": seconds}
