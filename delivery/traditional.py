"""Content in Traditional Chinese, for readers in Hong Kong and Taiwan.

Editors write Simplified Chinese. A Traditional answer takes, field by
field, the editor's own Traditional text where they wrote one (the ``*_hant``
fields of :attr:`written_in_traditional` models), else OpenCC's conversion of
the Simplified. OpenCC converts phrase by phrase, so 头发 becomes 頭髮 and
发财 發財. An editor's text is never converted again: OpenCC is not a no-op
on Traditional text (台灣 would become 臺灣, and Taiwan phrasing 軟件 軟體).

Each locale is one of OpenCC's conversions:

- ``zh-Hant``: Taiwan's standard characters (``s2tw``), the form most
  Traditional readers expect and CLDR's default for zh-Hant; OpenCC's own
  standard (``s2t``) writes 爲, 喫 and 着, which neither Hong Kong nor
  Taiwan uses;
- ``zh-Hant-HK``: Hong Kong's standard characters (``s2hk``: 裏, 着, 台);
- ``zh-Hant-TW``: Taiwan's characters and vocabulary (``s2twp``: 軟體,
  計程車, 影片), for an app that wants Taiwan phrasing, not only its script.
"""

import functools
import re
from typing import Any

import opencc

SIMPLIFIED = "zh-Hans"
CONVERSIONS = {"zh-Hant": "s2tw", "zh-Hant-HK": "s2hk", "zh-Hant-TW": "s2twp"}  # OpenCC's configuration for each
LOCALES = (SIMPLIFIED, *CONVERSIONS)

# A tag, a comment or text: tags keep their attributes (URLs, slugs) untouched, quoted ">" and all.
_MARKUP = re.compile(r"(<!--.*?-->|<(?:[^>\"']|\"[^\"]*\"|'[^']*')*>)", re.DOTALL)


@functools.cache
def _converter(locale: str) -> opencc.OpenCC:
    return opencc.OpenCC(CONVERSIONS[locale])


def is_traditional(locale: str) -> bool:
    return locale in CONVERSIONS


def text(value: str, locale: str) -> str:
    """``value`` (Simplified) in the locale's script; as it is for Simplified Chinese."""
    if not is_traditional(locale) or not value:
        return value
    return _converter(locale).convert(value)


def html(value: str, locale: str) -> str:
    """HTML in the locale's script: the text between tags converted, each piece alone, the tags left as they are."""
    if not is_traditional(locale) or not value:
        return value
    pieces = _MARKUP.split(value)
    pieces[::2] = (text(piece, locale) for piece in pieces[::2])  # split() puts the tags at odd places
    return "".join(pieces)


def written(content: object, field: str, locale: str) -> Any:
    """The editor's own Traditional text of ``content``'s ``field``; None when they wrote none or the locale is Simplified."""
    if not is_traditional(locale) or field not in getattr(content, "written_in_traditional", ()):
        return None
    return getattr(content, f"{field}_hant") or None
