"""Scheduled go-live and expiry happen on time through the task queue, with no cron."""

import datetime

import time_machine
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from cms.models import ArticleIndexPage, ArticlePage
from tests.conftest import run_database_worker


def scheduled_runs() -> list[datetime.datetime]:
    return sorted(DBTaskResult.objects.filter(task_path="cms.tasks.publish_scheduled").values_list("run_after", flat=True))


def test_a_scheduled_article_goes_live_and_expires_when_the_worker_reaches_its_times(database_queue, db, django_capture_on_commit_callbacks):
    now = timezone.now().replace(microsecond=0)
    go_live, expiry = now + datetime.timedelta(hours=2), now + datetime.timedelta(days=1)
    page = ArticlePage(title="定时上线", intro="定时", author_name="测试", body=[], live=False, go_live_at=go_live, expire_at=expiry)
    ArticleIndexPage.objects.get().add_child(instance=page)
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert set(scheduled_runs()) == {go_live, expiry}
    run_database_worker()  # nothing is due yet
    assert not ArticlePage.objects.get(pk=page.pk).live

    with time_machine.travel(go_live + datetime.timedelta(seconds=1), tick=False):
        run_database_worker()
        assert ArticlePage.objects.get(pk=page.pk).live
    with time_machine.travel(expiry + datetime.timedelta(seconds=1), tick=False):
        run_database_worker()
        assert not ArticlePage.objects.get(pk=page.pk).live
