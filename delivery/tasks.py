"""Background work of the delivery layer, run by the task queue (settings: TASKS)."""

from django_tasks import task

from delivery import incoming_photos


@task()
def clean_incoming_photos(post_pk: int) -> None:
    """Decode and clean a member's post's photos, out of the request that received them."""
    incoming_photos.clean_incoming_photos(post_pk)
