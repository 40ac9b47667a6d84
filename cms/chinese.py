"""Chinese as people type it, brought to one form: the only normalisation search uses.

Both search paths, the database's (:mod:`cms.search`) and the engine's
(:mod:`search.documents`), index and query text through these functions, so
a query finds the same things whichever answers it:

- traditional characters become simplified (OpenCC), so 大閘蟹 finds 大闸蟹
  on any engine, managed services with no custom plugins included;
- full-width letters and digits become half-width (NFKC) and case is folded,
  so ５２０ and Lychee find 520 and lychee;
- words come from jieba, and each word's pinyin is indexed in full and as
  initials, so dazhaxie and dzx find 大闸蟹.
"""

import functools
import logging
import re
import unicodedata
from collections.abc import Iterable

import jieba
import opencc
from pypinyin import Style, lazy_pinyin

jieba.setLogLevel(logging.WARNING)

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_WORD = re.compile(r"\w", re.UNICODE)


@functools.cache
def _to_simplified() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def normalise(text: str) -> str:
    """Simplified characters, half-width letters and digits, folded case."""
    return _to_simplified().convert(unicodedata.normalize("NFKC", text)).casefold()


def _kept(tokens: Iterable[str]) -> list[str]:
    return [token for token in (token.strip() for token in tokens) if _WORD.search(token)]


def query_words(text: str) -> list[str]:
    """The words of a normalised query (jieba's precise mode), in order, without repeats."""
    return list(dict.fromkeys(_kept(jieba.cut(normalise(text)))))


def index_words(text: str) -> list[str]:
    """The words of normalised text for an index: jieba's search mode, which also gives the shorter words in long ones."""
    return _kept(jieba.cut_for_search(normalise(text)))


def characters(text: str) -> list[str]:
    """Each Chinese character of normalised text alone, so a one-character query (蟹) finds every word holding it."""
    return _HAN.findall(normalise(text))


@functools.lru_cache(maxsize=50_000)
def _word_pinyin(word: str) -> tuple[str, ...]:
    """One word's pinyin forms; kept, since the same words recur in text after text and pypinyin is slow."""
    if not _HAN.search(word):
        return ()
    syllables = lazy_pinyin(word, errors="ignore")
    if len(syllables) < 2:
        return ("".join(syllables),)
    return "".join(syllables), "".join(lazy_pinyin(word, style=Style.FIRST_LETTER, errors="ignore"))


def pinyin_forms(words: Iterable[str]) -> list[str]:
    """Each Chinese word's pinyin in full and as initials (大闸蟹: dazhaxie, dzx), without repeats."""
    forms = dict.fromkeys(form for word in words for form in _word_pinyin(word))
    return [form for form in forms if form]


def searchable(text: str) -> str:
    """Everything a database index needs to find ``text`` by word, character or pinyin, as space-separated tokens."""
    words = index_words(text)
    return " ".join(words + characters(text) + pinyin_forms(words))
