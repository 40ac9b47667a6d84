"""Background work on the production queue: RQ on Redis (CI sets REDIS_URL), run by a real RQ worker."""

import io
import os

import django_rq
import pytest
from django.conf import settings
from django.core.files.images import ImageFile
from django.core.management import call_command
from django.test import override_settings

from cms import renditions
from cms.models import MomentsImage
from tests.conftest import jpeg_bytes

REDIS_URL = os.environ.get("REDIS_URL")
pytestmark = pytest.mark.skipif(not REDIS_URL, reason="REDIS_URL is not set: the embedded queue is in use (CI sets it)")


@pytest.fixture
def rq_queue(settings):
    settings.MOMENTS_TASKS = "rq"
    settings.TASKS = {"default": {"BACKEND": settings.TASK_BACKENDS["rq"], "QUEUES": settings.TASK_QUEUES}}
    for name in settings.TASK_QUEUES:
        django_rq.get_queue(name).empty()
    return django_rq.get_queue("default")


def run_rq_worker() -> None:
    """RQ's own worker in burst mode, in this process (no fork) so it sees the test's uncommitted rows."""
    worker = django_rq.get_worker(*settings.TASK_QUEUES, job_class="django_tasks_rq.Job", worker_class="rq.SimpleWorker")
    assert worker.work(burst=True)


def test_an_image_saved_is_made_in_every_size_by_an_rq_worker(db, rq_queue, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        image = MomentsImage.objects.create(title="队列", file=ImageFile(io.BytesIO(jpeg_bytes((1400, 700))), name="queued.jpg"))
    queued = [job.func_name for job in rq_queue.get_jobs()]
    assert "cms.tasks.make_renditions" in queued
    assert not image.renditions.exists()
    run_rq_worker()
    assert set(image.renditions.values_list("filter_spec", flat=True)) == set(renditions.offered_specs())
    assert rq_queue.count == 0


def test_the_worker_command_runs_the_queue_moments_tasks_chose(db, rq_queue, django_capture_on_commit_callbacks):
    with override_settings(MOMENTS_RENDITIONS_ON_SAVE=False):
        image = MomentsImage.objects.create(title="补做", file=ImageFile(io.BytesIO(jpeg_bytes((900, 900))), name="later.jpg"))
    with django_capture_on_commit_callbacks(execute=True):
        renditions.queue(image.pk)
    out = io.StringIO()
    call_command("task_worker", burst=True, stdout=out, worker_class="rq.SimpleWorker")
    assert "RQ worker on default, webhooks" in out.getvalue()
    assert image.renditions.count() == len(renditions.offered_specs())
