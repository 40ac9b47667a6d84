"""Per-request state of the API: one clock, and the taxonomy loaded once.

Every resolver of one request sees the same "now", so a page that expires
mid-request cannot appear in one list and vanish from another, and the same
:class:`~delivery.taxonomy.Taxonomy` and :class:`~delivery.versioned.Reads`.
"""

import datetime

from django.utils import timezone

from delivery.cache import content_version
from delivery.taxonomy import taxonomy_at
from delivery.versioned import reads_at


class RequestScope:
    def __init__(self) -> None:
        self.now: datetime.datetime = timezone.now()
        self.content_version = content_version()  # the one the taxonomy and any cached answer belong to
        self.taxonomy = taxonomy_at(self.content_version)
        self.reads = reads_at(self.content_version)


def scope(info) -> RequestScope:
    """The scope of the request ``info`` belongs to, created on first use."""
    return scope_of(info.context)


def scope_of(request) -> RequestScope:
    if not hasattr(request, "moments_scope"):
        request.moments_scope = RequestScope()
    return request.moments_scope
