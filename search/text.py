"""How text becomes search words. The index and the queries fold text the same way.

Folding: Unicode NFKC, case-folded, stress marks and apostrophes (' ’ ʼ ...)
dropped so "в'єтнамки" and "вʼєтнамки" are one word, and the letters where
Ukrainian and Russian spellings (and a shopper's keyboard) differ folded onto
one form: і, ї, ы -> и; є, э, ё -> е; ґ -> г; ъ dropped. So "черевікі",
"черевики" and the Russian "кеды" meet the catalog's "черевики" and "кеди"
exactly, and "кроссовки" is two typos from "кросівки" instead of three.
Folded words are only compared, never shown. Words are runs of letters and
digits; anything else separates them.
"""

import re
import unicodedata

MAX_QUERY_CHARS = 200
MAX_WORD_CHARS = 40
MAX_WORDS = 10

APOSTROPHES = "'’ʼ‘`´ʹ′"
_STRESS = "\u0300\u0301"
_FOLD = {ord(ch): None for ch in APOSTROPHES + _STRESS}
_FOLD.update({ord(a): b for a, b in zip("іїыєэёґ", "иииееег", strict=True)})
_FOLD[ord("ъ")] = None
_UNIFY = {ord(ch): "'" for ch in APOSTROPHES}
_UNIFY.update({ord(ch): None for ch in _STRESS})
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


def plain(text) -> str:
    """Lower case, single-spaced, apostrophes unified: how a query is logged and sent to Meilisearch."""
    return clean(text).casefold().translate(_UNIFY)


def fold(text) -> str:
    return clean(text).casefold().translate(_FOLD)


def words(text) -> list[str]:
    """The folded words of `text`, in order (duplicates kept)."""
    return [w[:MAX_WORD_CHARS] for w in _WORD.findall(fold(text))]


def labelled_words(text) -> list[tuple[str, str]]:
    """(folded word, the word as written in lower case) pairs: the second is for showing."""
    written = _WORD.findall(plain(text).replace("'", ""))
    return [(w.translate(_FOLD)[:MAX_WORD_CHARS], w[:MAX_WORD_CHARS]) for w in written]


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
