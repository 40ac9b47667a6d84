"""Background work run by real workers: RQ on Redis (CI sets REDIS_URL), and the database worker `make run` starts."""

import io
import os
import subprocess
import sys
from pathlib import Path

import django_rq
import pytest
from django.conf import settings
from django.core.files.images import ImageFile

from cms import renditions
from cms.models import MomentsImage
from tests.conftest import jpeg_bytes, needs_redis, run_rq_worker

ROOT = Path(__file__).resolve().parent.parent
SAVE_AN_IMAGE = (
    "import io; from PIL import Image; from django.core.files.images import ImageFile; from cms.models import MomentsImage\n"
    "buffer = io.BytesIO(); Image.new('RGB', (1200, 800), (10, 120, 200)).save(buffer, format='JPEG')\n"
    "MomentsImage.objects.create(title='queued', file=ImageFile(buffer, name='queued.jpg'))"
)
COUNT_RENDITIONS = "from cms.models import MomentsRendition; print(MomentsRendition.objects.count())"


@needs_redis
def test_an_image_saved_is_made_in_every_size_by_an_rq_worker(db, rq_queue, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        image = MomentsImage.objects.create(title="队列", file=ImageFile(io.BytesIO(jpeg_bytes((1400, 700))), name="queued.jpg"))
    queued = [job.func_name for job in rq_queue.get_jobs()]
    assert "cms.tasks.make_renditions" in queued
    assert not image.renditions.exists()
    run_rq_worker()
    assert set(image.renditions.values_list("filter_spec", flat=True)) == set(renditions.offered_specs())
    assert rq_queue.count == 0


@pytest.mark.parametrize("queue", ["database", pytest.param("rq", marks=needs_redis)])
def test_the_worker_command_makes_what_a_save_queued_in_another_process(queue, tmp_path):
    """As deployed: one process saves an image, ``task_worker --burst`` (RQ forking its work horse, or the database
    worker) makes its renditions, on a database of their own."""
    environment = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'queued.sqlite3'}", "MEDIA_ROOT": str(tmp_path / "media"),
                   "MOMENTS_TASKS": queue, "DJANGO_SETTINGS_MODULE": "moments.settings"}

    def manage(*arguments: str) -> str:
        return subprocess.run([sys.executable, "manage.py", *arguments], cwd=ROOT, env=environment,
                              capture_output=True, text=True, timeout=300, check=True).stdout

    manage("migrate", "--no-input", "--verbosity", "0")
    if queue == "rq":
        for name in settings.TASK_QUEUES:
            django_rq.get_queue(name).empty()
    manage("shell", "--no-imports", "-c", SAVE_AN_IMAGE)
    assert manage("shell", "--no-imports", "-c", COUNT_RENDITIONS).split() == ["0"]
    shown = manage("task_worker", "--burst")
    assert ("RQ worker" if queue == "rq" else "Database task worker") in shown
    assert manage("shell", "--no-imports", "-c", COUNT_RENDITIONS).split() == [str(len(renditions.offered_specs()))]
