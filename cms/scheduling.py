"""Scheduled go-live and expiry run on the task queue, at their time, with no cron.

Wagtail publishes a scheduled revision, and unpublishes an expired page, only
when ``publish_scheduled`` runs. When a revision is approved to go live later,
or a page is published with an expiry, a task is queued to run that command at
that moment. A queue that cannot wait (MOMENTS_TASKS=immediate) needs cron, as
any Wagtail site does.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django_tasks import task_backends
from wagtail.models import Page, Revision


def at(moment: datetime.datetime) -> None:
    """Queues ``publish_scheduled`` for ``moment`` once the current transaction commits."""
    from cms.tasks import publish_scheduled

    if moment > timezone.now() and task_backends["default"].supports_defer:
        transaction.on_commit(lambda: publish_scheduled.using(run_after=moment).enqueue())


def on_revision_saved(sender, instance: Revision, raw: bool = False, **kwargs) -> None:
    if not raw and instance.approved_go_live_at:
        at(instance.approved_go_live_at)


def on_page_published(sender, instance: Page, **kwargs) -> None:
    if instance.expire_at:
        at(instance.expire_at)
