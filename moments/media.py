"""``MEDIA_ROOT`` served by the app itself (``MOMENTS_SERVE_MEDIA``): images only.

Documents go through Wagtail's view, which checks their privacy, and members'
photos as sent (``incoming/``, GPS and all) are never served. The folder is
judged on the path as ``serve`` will read it, so ``//documents/`` or
``images/../incoming/`` cannot reach them either.
"""

import posixpath

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.cache import cache_control
from django.views.static import serve

PRIVATE_FOLDERS = {"documents", "incoming"}


@cache_control(public=True, max_age=settings.MOMENTS_MEDIA_CACHE_SECONDS)
def serve_public_media(request: HttpRequest, path: str) -> HttpResponse:
    if posixpath.normpath(path).lstrip("/").split("/", 1)[0] in PRIVATE_FOLDERS:
        raise Http404(path)
    return serve(request, path, document_root=settings.MEDIA_ROOT)
