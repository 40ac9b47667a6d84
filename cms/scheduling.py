"""Scheduled go-live and expiry run on the task queue, at their time, with no cron.

Wagtail publishes a scheduled revision, and unpublishes an expired page, only
when ``publish_scheduled`` runs. When a revision is approved to go live later,
or a page is published with an expiry, a task is queued to run that command at
that moment. A queue that cannot wait (MOMENTS_TASKS=immediate) needs cron, as
any Wagtail site does.
"""

import datetime

from django.utils import timezone
from wagtail.models import Page, Revision

from cms import task_queue


def at(moment: datetime.datetime) -> None:
    """Queues ``publish_scheduled`` for ``moment`` once the current transaction commits."""
    from cms.tasks import publish_scheduled

    if moment > timezone.now() and task_queue.can_wait():
        task_queue.after_commit(publish_scheduled, run_after=moment)


def on_revision_saved(sender, instance: Revision, raw: bool = False, **kwargs) -> None:
    if not raw and instance.approved_go_live_at:
        at(instance.approved_go_live_at)


def on_page_published(sender, instance: Page, **kwargs) -> None:
    if instance.expire_at:
        at(instance.expire_at)
