"""``/healthz/``: whether this server can answer, for a load balancer or an orchestrator.

The database is required: without it nothing is served, so the answer is 503
and the balancer takes this server out. The shared cache is not: while Redis is
unreachable every server still answers, only slower (moments/redis_cache.py),
so the answer stays 200 and says ``degraded``; taking every server out because
their one Redis is down would turn slowness into an outage.
"""

import logging

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


def database_reachable() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except DatabaseError as error:
        logger.error("Health check: the database is unreachable: %s", error)
        return False


def cache_reachable() -> bool:
    """Local memory always is; a shared cache answers a ping."""
    ping = getattr(cache, "ping", None)
    return ping() if ping else True


@never_cache
@require_safe
def health(request):
    checks = {"database": database_reachable(), "cache": cache_reachable()}
    status = "ok" if all(checks.values()) else ("degraded" if checks["database"] else "down")
    return JsonResponse(
        {"status": status, "checks": {name: "ok" if fine else "unreachable" for name, fine in checks.items()}},
        status=503 if status == "down" else 200,
    )
