"""Queueing background work from a change: after it commits, and never failing it.

A worker could not see the change's rows before the commit; and a queue that
is down (Redis away) is logged rather than raised, so what was saved stays
saved and its work can be queued again (``make_renditions --queue``, “Send
again”).
"""

import datetime

from django.conf import settings
from django.db import transaction
from django_tasks import task_backends
from django_tasks.backends.immediate import ImmediateBackend
from django_tasks.base import TASK_MAX_PRIORITY, Task


def after_commit(task: Task, *args, run_after: datetime.datetime | None = None) -> None:
    def enqueue() -> None:
        (task.using(run_after=run_after) if run_after else task).enqueue(*args)

    transaction.on_commit(enqueue, robust=True)


def ahead_of_other_work(task: Task) -> Task:
    """``task`` for someone who is waiting: on the queue RQ's worker empties first (settings.TASK_QUEUES lists it
    first) and, where the backend orders by priority (the database queue), at the top one."""
    ordered = task.get_backend().supports_priority
    return task.using(queue_name=settings.MEMBERS_TASK_QUEUE, priority=TASK_MAX_PRIORITY if ordered else None)


def runs_elsewhere() -> bool:
    """Whether queued work runs in a worker, not in the process (and the request) that queues it."""
    return not isinstance(task_backends["default"], ImmediateBackend)


def can_wait() -> bool:
    """Whether the queue can hold work until a later time (scheduled go-live, webhook retries)."""
    return task_backends["default"].supports_defer
