"""Background work on shared content, run by the task queue (settings: TASKS)."""

from django.core.management import call_command
from django_tasks import task

from cms import renditions
from cms.models import MomentsImage


@task()
def make_renditions(image_pk: int) -> int:
    """Every offered rendition of the image and its placeholder colour; how many renditions were made."""
    image = MomentsImage.objects.filter(pk=image_pk).first()
    return renditions.make_all(image) if image else 0  # deleted since it was queued


@task()
def publish_scheduled() -> None:
    """Wagtail's own command, queued for the moment a revision goes live or a page expires (cms/scheduling.py)."""
    call_command("publish_scheduled")
