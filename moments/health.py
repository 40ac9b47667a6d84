"""``/healthz/``: whether this server can answer, for a load balancer or an orchestrator.

The database is required: without it nothing is served, so the answer is 503
and the balancer takes this server out. The shared cache is not: while Redis is
unreachable every server still answers, only slower (moments/redis_cache.py),
so the answer stays 200 and says ``degraded``; taking every server out because
their one Redis is down would turn slowness into an outage. So too when a task
due has waited more than ``STALLED_SECONDS`` (no worker runs, or too few):
answers go on, but images stay at their nearest size, webhooks and scheduled
go-lives wait.
"""

import datetime
import logging

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.db.models import Q
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django_tasks import task_backends
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult, get_date_max
from django_tasks_rq import RQBackend

logger = logging.getLogger(__name__)
STALLED_SECONDS = 5 * 60


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


def tasks_moving() -> bool:
    """No task due has waited longer than STALLED_SECONDS in the queue in use (none waits in the immediate one)."""
    backend, stalled_before = task_backends["default"], timezone.now() - datetime.timedelta(seconds=STALLED_SECONDS)
    try:
        if isinstance(backend, DatabaseBackend):
            due = Q(run_after=get_date_max()) | Q(run_after__lte=stalled_before)  # the date max: "at once"
            return not DBTaskResult.objects.ready().filter(due, enqueued_at__lte=stalled_before).exists()
        if isinstance(backend, RQBackend):
            oldest = [job for queue in backend._get_queues() for job in queue.get_jobs(0, 1)]
            return all(job.enqueued_at.replace(tzinfo=datetime.UTC) > stalled_before for job in oldest)
    except Exception as error:  # noqa: BLE001  a queue that cannot be read is not moving
        logger.error("Health check: the task queue cannot be read: %s", error)
        return False
    return True


@never_cache
@require_safe
def health(request):
    database = database_reachable()
    checks = {
        "database": "ok" if database else "unreachable",
        "cache": "ok" if cache_reachable() else "unreachable",
        "tasks": "ok" if database and tasks_moving() else "stalled",
    }
    status = "ok" if set(checks.values()) == {"ok"} else ("degraded" if database else "down")
    return JsonResponse({"status": status, "checks": checks}, status=503 if status == "down" else 200)
