"""Check the text of a member's post: plain text only, a length limit, sensitive words.

Sensitive words never change what the member wrote: they only flag the post
for a moderator, naming the words found.
"""

import functools
import html
import re
import unicodedata
from dataclasses import dataclass, field

from confusable_homoglyphs import confusables
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from cms.plain_text import without_control_characters

# Invisible formatting: zero-width spaces, the word joiner, the byte-order mark, the soft hyphen and the
# bidirectional controls (U+202E shows what follows backwards). Joiners stay: emoji sequences need them.
INVISIBLE = re.compile("[\u00ad\u061c\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
# Spaces and punctuation people put inside a word to slip past a filter ("代 购", "v.x").
SEPARATORS = re.compile(r"[\W_]+")


class TextRejected(ValueError):
    """The text cannot be accepted; the message says why."""


@dataclass(frozen=True)
class CheckedText:
    text: str
    markup_removed: bool = False
    sensitive_words: list[str] = field(default_factory=list)


def plain_text(raw: str) -> str:
    """Text as stored: entities decoded before tags are removed, so ``&lt;b&gt;`` cannot turn into markup
    wherever it is shown, and no control or invisible formatting character."""
    return _visible(strip_tags(_decoded(raw)))


def check_text(raw: str, max_chars: int, sensitive_words: list[str]) -> CheckedText:
    """The text as stored (:func:`plain_text`), and what to flag."""
    decoded = _decoded(raw)
    without_tags = strip_tags(decoded)
    text = _visible(without_tags)
    if len(text) > max_chars:
        raise TextRejected(_("The text is %(length)d characters; posts may have up to %(limit)d.") % {"length": len(text), "limit": max_chars})
    return CheckedText(
        text=text,
        markup_removed=without_tags != decoded,
        sensitive_words=find_sensitive_words(text, sensitive_words),
    )


def _decoded(raw: str) -> str:
    return without_control_characters(html.unescape(raw))


def _visible(text: str) -> str:
    return INVISIBLE.sub("", text).strip()


def find_sensitive_words(text: str, words: list[str]) -> list[str]:
    """The words from the list that ``text`` contains, as the list spells them.

    Matching ignores case and full-width forms. Chinese words also match with
    spaces or punctuation inside them; English words match whole words only,
    so "ass" does not flag "class".
    """
    normal = _normalise(text)
    squeezed = SEPARATORS.sub("", normal)
    found = []
    for word in words:
        target = _normalise(word)
        if target.isascii():
            hit = re.search(rf"(?<![a-z0-9]){re.escape(target)}(?![a-z0-9])", normal)
        else:
            hit = SEPARATORS.sub("", target) in squeezed
        if hit and word not in found:
            found.append(word)
    return found


def _normalise(text: str) -> str:
    """One form for screening: full-width folded, case folded, format characters (zero-width joiners
    included) dropped, and letters that look Latin (Cyrillic а, Greek ν) read as the Latin ones."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(_as_latin(char) for char in folded if unicodedata.category(char) != "Cf")


@functools.cache
def _as_latin(char: str) -> str:
    if char.isascii() or not char.isalpha():
        return char
    for confusable in confusables.is_confusable(char, preferred_aliases=["latin"]) or ():
        latin = next((glyph["c"] for glyph in confusable["homoglyphs"] if glyph["c"].isascii() and glyph["c"].isalpha()), None)
        if latin:
            return latin.casefold()
    return char
