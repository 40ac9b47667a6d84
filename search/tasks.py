"""Keeping the engine's index current from the task queue (settings: TASKS)."""

import datetime
import logging

from django.utils import timezone
from django_tasks import task

from cms.task_queue import can_wait
from search import engine, indexing

logger = logging.getLogger(__name__)
ATTEMPTS = 6
RETRY_AFTER = datetime.timedelta(minutes=1)


@task()
def update_search_index(kind: str, ids: list[int], attempt: int = 1) -> int:
    """Index these items as the app may see them now; while the engine is down, try again later."""
    try:
        return indexing.update(kind, ids)
    except engine.EngineUnavailable:
        if attempt < ATTEMPTS and can_wait():
            run_after = timezone.now() + RETRY_AFTER * 2 ** (attempt - 1)
            update_search_index.using(run_after=run_after).enqueue(kind, ids, attempt + 1)
            return 0
        logger.error("Search index not updated for %s %s; `manage.py rebuild_search_index` mends it", kind, ids)
        return 0
