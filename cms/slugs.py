"""Page slugs in pinyin: what the app's deep links and ``article(slug:)`` carry.

A Chinese title gave a Unicode slug (大闸蟹上市了), which URLs percent-encode
into something no one can read, type or share. A slug derived from a title is
now its pinyin, lowercase ASCII (da-zha-xie-shang-shi-le), unique among its
siblings; an editor may still type another in the Promote tab. Slugs already
stored are never rewritten, so existing deep links keep working.
"""

import re
import unicodedata

from django.utils.text import slugify
from pypinyin import lazy_pinyin

# Long titles give long slugs; a deep link stays readable when cut at a syllable.
MAX_LENGTH = 80
_NUMBERED = re.compile(r"^(?P<base>.+)-(?P<number>[2-9]|[1-9]\d+)$")


def pinyin_slug(text: str) -> str:
    """``text`` as a lowercase ASCII slug, Chinese as pinyin: 520 限定 → 520-xian-ding.

    pypinyin reads characters in their words, so polyphonic ones come out as
    said: 重庆 chong-qing, 银行行长 yin-hang-hang-zhang. Letters and digits
    are kept (full-width ones made half-width); anything else separates words.
    """
    syllables = lazy_pinyin(unicodedata.normalize("NFKC", text))
    slug = slugify(" ".join(syllables))
    if len(slug) <= MAX_LENGTH:
        return slug
    cut = slug[:MAX_LENGTH]
    at_boundary = slug[MAX_LENGTH] == "-" or "-" not in cut
    return cut if at_boundary else cut.rsplit("-", 1)[0]


def unique_among_siblings(base: str, parent, page=None) -> str:
    """``base``, or ``base-2``, ``base-3`` … : the first no other child of ``parent`` has."""
    siblings = parent.get_children()
    if page is not None and page.pk:
        siblings = siblings.not_page(page)
    taken = set(siblings.filter(slug__startswith=base).values_list("slug", flat=True))
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def is_derived_from(slug: str, title: str) -> bool:
    """Whether ``slug`` was made from ``title`` rather than typed: the pinyin slug
    (with or without a -2 suffix), or the Unicode one Wagtail's own slug sync makes."""
    base = pinyin_slug(title)
    numbered = _NUMBERED.match(slug)
    return slug in (base, slugify(title, allow_unicode=True)) or bool(numbered and numbered["base"] == base)


def slug_for(slug: str, title: str, parent, page=None) -> str:
    """The slug a page saved with ``slug`` and ``title`` under ``parent`` gets.

    Its stored slug if unchanged; a unique pinyin slug of the title if the slug
    is empty or was derived from the title; otherwise the typed slug in ASCII
    (大闸蟹 → da-zha-xie), which must then be free (Wagtail's check says so on
    the slug's own field).
    """
    if page is not None and page.pk and slug and slug == page.slug:
        return slug
    if not slug or is_derived_from(slug, title):
        base = pinyin_slug(title)
        return unique_among_siblings(base, parent, page) if base else slug
    return pinyin_slug(slug) or slug
