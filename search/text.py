"""How text becomes search words. The index and the queries fold text the same way.

Folding: Unicode NFKC, case-folded, stress marks and apostrophes (' ’ ʼ ...)
dropped so "в'єтнамки" and "вʼєтнамки" are one word, and the letters Russian
has where Ukrainian spelling differs folded onto one form (ё -> е, ы -> и,
э -> е, ъ dropped; ґ -> г because shoppers rarely type ґ). Words are runs of
letters and digits; anything else separates them.
"""

import re
import unicodedata

MAX_QUERY_CHARS = 200
MAX_WORD_CHARS = 40
MAX_WORDS = 10

APOSTROPHES = "'’ʼ‘`´ʹ′"
_STRESS = "\u0300\u0301"
_FOLD = {ord(ch): None for ch in APOSTROPHES + _STRESS}
_FOLD.update({ord("ё"): "е", ord("ы"): "и", ord("э"): "е", ord("ъ"): None, ord("ґ"): "г"})
_WORD = re.compile(r"[^\W_]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")
_LATIN = re.compile(r"[a-z]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")

# Words that only glue a query together; dropped unless the query is nothing else.
STOP_WORDS = frozenset(
    "і й та в у з із зі на до для по від без або чи "
    "и в во с со на до для по от без или "
    "the a an and or for of with in on to".split()
)


def clean(text) -> str:
    """Printable, single-spaced text of at most MAX_QUERY_CHARS characters."""
    text = unicodedata.normalize("NFKC", str(text or ""))
    text = _CONTROL.sub(" ", text)
    return " ".join(text.split())[:MAX_QUERY_CHARS].strip()


def fold(text) -> str:
    return clean(text).casefold().translate(_FOLD)


def words(text) -> list[str]:
    """The folded words of `text`, in order (duplicates kept)."""
    return [w[:MAX_WORD_CHARS] for w in _WORD.findall(fold(text))]


def query_words(text) -> list[str]:
    """A query's words: stop words dropped (unless nothing else is left), at most MAX_WORDS."""
    found = words(text)
    kept = [w for w in found if w not in STOP_WORDS] or found
    return kept[:MAX_WORDS]


def has_latin(text: str) -> bool:
    return bool(_LATIN.search(text.casefold()))


def has_cyrillic(text: str) -> bool:
    return bool(_CYRILLIC.search(text))


def typo_budget(word: str) -> int:
    """Meilisearch's rule: one typo for words of 5+ characters, two for 9+; none for numbers."""
    if word.isdigit():
        return 0
    return 2 if len(word) >= 9 else 1 if len(word) >= 5 else 0
