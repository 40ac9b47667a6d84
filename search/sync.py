"""What changes the engine's index: every item the delivery index rewrites, and seasonal items.

Changes are gathered per transaction and queued once, after it commits, as
:func:`search.tasks.update_search_index` per kind: a publish that touches an
article through several signals costs one task, and a rolled-back change
none. With no engine configured nothing is queued.
"""

import threading
from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished

from calendars.models import SeasonalEntry, TasteCalendarPage
from delivery.indexing import items_changed
from search import engine

_pending = threading.local()


def _flush(changed: dict[str, set[int]]) -> None:
    from search.tasks import update_search_index

    _pending.changed = None
    for kind, ids in changed.items():
        update_search_index.enqueue(kind, sorted(ids))


def touched(kind: str, ids: Iterable[int]) -> None:
    """Queue these items for reindexing when the current transaction commits."""
    if not engine.configured():
        return
    # A rollback drops the callbacks by giving the connection a new list: start a new batch then.
    callbacks = transaction.get_connection().run_on_commit
    if getattr(_pending, "changed", None) is None or _pending.callbacks is not callbacks:
        changed = _pending.changed = defaultdict(set)
        _pending.callbacks = callbacks
        changed[kind].update(ids)
        transaction.on_commit(lambda: _flush(changed), robust=True)
    else:
        _pending.changed[kind].update(ids)


def on_items_changed(sender, kind: str, ids: list[int], **_) -> None:
    touched(kind, ids)


def on_entry_changed(sender, instance: SeasonalEntry, raw: bool = False, **_) -> None:
    if not raw:
        touched("seasonal", [instance.pk])


def on_calendar_changed(sender, instance, **_) -> None:
    if isinstance(instance.specific_deferred, TasteCalendarPage):
        touched("seasonal", SeasonalEntry.objects.filter(calendar_id=instance.pk).values_list("pk", flat=True))


def connect() -> None:
    items_changed.connect(on_items_changed, dispatch_uid="search-items-changed")
    post_save.connect(on_entry_changed, sender=SeasonalEntry, dispatch_uid="search-entry-saved")
    post_delete.connect(on_entry_changed, sender=SeasonalEntry, dispatch_uid="search-entry-deleted")
    page_published.connect(on_calendar_changed, dispatch_uid="search-calendar-published")
    page_unpublished.connect(on_calendar_changed, dispatch_uid="search-calendar-unpublished")
