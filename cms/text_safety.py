"""Check the text of a member's post: plain text only, a length limit, sensitive words.

Sensitive words never change what the member wrote: they only flag the post
for a moderator, naming the words found.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from cms.plain_text import without_control_characters

# Spaces and punctuation people put inside a word to slip past a filter ("代 购", "v.x").
SEPARATORS = re.compile(r"[\W_]+")


class TextRejected(ValueError):
    """The text cannot be accepted; the message says why."""


@dataclass(frozen=True)
class CheckedText:
    text: str
    markup_removed: bool = False
    sensitive_words: list[str] = field(default_factory=list)


def check_text(raw: str, max_chars: int, sensitive_words: list[str]) -> CheckedText:
    """The text as stored (HTML and control characters removed), and what to flag."""
    without_controls = without_control_characters(raw)
    text = strip_tags(without_controls).strip()
    if len(text) > max_chars:
        raise TextRejected(_("The text is %(length)d characters; posts may have up to %(limit)d.") % {"length": len(text), "limit": max_chars})
    return CheckedText(
        text=text,
        markup_removed=text != without_controls.strip(),
        sensitive_words=find_sensitive_words(text, sensitive_words),
    )


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
    return unicodedata.normalize("NFKC", text).casefold()
