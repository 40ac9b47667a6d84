"""The admin's slug field shows the pinyin slug the server will save, as the editor types the title.

Wagtail's script copies the title into the slug as the editor types
(``w-sync`` → ``w-slug#urlify``), keeping Chinese characters. Pinyin needs
pypinyin's dictionary, so the slug field asks the server instead
(``moments-slug``, no build step): the same :func:`cms.slugs.pinyin_slug` that
saves it. The server stays the authority: a slug left empty or copied from the
title is made again on save (:class:`cms.page_form.PageForm`).
"""

from django.http import HttpRequest, JsonResponse
from django.urls import reverse_lazy
from wagtail.admin.widgets.slug import SlugInput

from cms.slugs import pinyin_slug

MAX_TITLE_LENGTH = 255


class PinyinSlugInput(SlugInput):
    def __init__(self, derived_from: str = "", attrs: dict | None = None):
        super().__init__(
            attrs={
                "data-controller": "w-slug moments-slug",
                "data-action": (
                    "blur->w-slug#slugify w-sync:check->moments-slug#compare w-sync:apply->moments-slug#apply:prevent"
                ),
                "data-moments-slug-url-value": reverse_lazy("pinyin_slug"),
                "data-moments-slug-derived-value": pinyin_slug(derived_from),
                **(attrs or {}),
            }
        )

    class Media:
        js = ["cms/js/pinyin-slug.js"]


def pinyin_slug_view(request: HttpRequest) -> JsonResponse:
    """``{"slug": …}`` for ``?title=``: the slug a page of that title gets, before any -2 for a taken one."""
    return JsonResponse({"slug": pinyin_slug(request.GET.get("title", "")[:MAX_TITLE_LENGTH])})
