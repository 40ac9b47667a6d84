"""Files no row names: left behind when a process died between writing a file and committing its row.

What fails to store removes its own files (:func:`removed_on_failure`), but a
killed process cannot. Originals, renditions and photos as sent are compared with the
rows that name them, through the storage, so this works on S3 as on disk.
Files younger than the grace period are left alone: their rows may be in a
transaction that has not committed yet.
"""

import contextlib
import datetime
from collections.abc import Iterator

from django.core.files.storage import Storage
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from cms.models import IncomingPhoto, MomentsImage, MomentsRendition

FOLDERS = {"original_images": MomentsImage, "images": MomentsRendition, "incoming": IncomingPhoto}


def delete_file_after_commit(sender, instance, **kwargs) -> None:
    """A ``post_delete`` receiver: the deleted row's file goes too, once the deletion commits (a member's photo
    as sent, GPS and all, must not outlive its post)."""
    file = instance.file
    transaction.on_commit(lambda: file.storage.delete(file.name), robust=True)


@contextlib.contextmanager
def removed_on_failure(files: list[FieldFile]) -> Iterator[None]:
    """Deletes the files in ``files`` (which the block may add to) if the block raises.

    Files are written before their rows; whatever then fails (the database
    locked or read-only, the disk full, the commit itself), no file outlives
    its row. Wrap the transaction, so a failed commit counts.
    """
    try:
        yield
    except BaseException:
        for file in files:
            with contextlib.suppress(Exception):  # what cannot be deleted now, remove_orphan_files deletes later
                file.storage.delete(file.name)
        raise


def orphan_files(older_than: datetime.timedelta) -> Iterator[tuple[Storage, str]]:
    """Files older than ``older_than`` that no image, rendition or incoming photo names, with the storage holding each."""
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
