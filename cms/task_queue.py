"""Queueing background work from a change: after it commits, and never failing it.

A worker could not see the change's rows before the commit; and a queue that
is down (Redis away) is logged rather than raised, so what was saved stays
saved and its work can be queued again (``make_renditions --queue``, “Send
again”).
"""

import datetime

from django.db import transaction
from django_tasks import task_backends
from django_tasks.backends.immediate import ImmediateBackend
from django_tasks.base import Task


def after_commit(task: Task, *args, run_after: datetime.datetime | None = None) -> None:
    def enqueue() -> None:
        (task.using(run_after=run_after) if run_after else task).enqueue(*args)

    transaction.on_commit(enqueue, robust=True)


def runs_elsewhere() -> bool:
    """Whether queued work runs in a worker, not in the process (and the request) that queues it."""
    return not isinstance(task_backends["default"], ImmediateBackend)


def can_wait() -> bool:
    """Whether the queue can hold work until a later time (scheduled go-live, webhook retries)."""
    return task_backends["default"].supports_defer
