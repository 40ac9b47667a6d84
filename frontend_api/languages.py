"""The language the API answers a member in: Accept-Language alone decides.

Not Django's LocaleMiddleware: it reads a cookie and the session before the
header, which no CDN's cache key sees, and falls back to ``LANGUAGE_CODE``,
the admin's source language. Here any Chinese is Simplified Chinese (the
only Chinese we write), any English is English, and a request naming
neither gets the first of ``MOMENTS_API_LANGUAGES``.
"""

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation.trans_real import parse_accept_lang_header


def requested(request: HttpRequest) -> str:
    """The language code to answer ``request`` in, from ``MOMENTS_API_LANGUAGES``."""
    spoken = {code.split("-")[0]: code for code in reversed(settings.MOMENTS_API_LANGUAGES)}
    for tag, _quality in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        if language := spoken.get(tag.split("-")[0]):
            return language
    return settings.MOMENTS_API_LANGUAGES[0]
