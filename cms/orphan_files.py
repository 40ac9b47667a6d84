"""Image files no row names: left behind when a process died between writing a file and committing its row.

Intake removes the files of a post that fails to store (:mod:`delivery.intake`),
but a killed process cannot. Originals and renditions are compared with the
rows that name them, through the storage, so this works on S3 as on disk.
Files younger than the grace period are left alone: their rows may be in a
transaction that has not committed yet.
"""

import datetime
from collections.abc import Iterator

from django.core.files.storage import Storage
from django.utils import timezone

from cms.models import MomentsImage, MomentsRendition

FOLDERS = {"original_images": MomentsImage, "images": MomentsRendition}


def orphan_files(older_than: datetime.timedelta) -> Iterator[tuple[Storage, str]]:
    """Image files older than ``older_than`` that no image or rendition names, with the storage holding each."""
    cutoff = timezone.now() - older_than
    for folder, model in FOLDERS.items():
        storage = model._meta.get_field("file").storage
        named = set(model.objects.values_list("file", flat=True))
        for name in _files(storage, folder):
            if name not in named and storage.get_modified_time(name) < cutoff:
                yield storage, name


def _files(storage: Storage, folder: str) -> Iterator[str]:
    if not storage.exists(folder):
        return
    directories, files = storage.listdir(folder)
    yield from (f"{folder}/{name}" for name in files)
    for directory in directories:
        yield from _files(storage, f"{folder}/{directory}")
