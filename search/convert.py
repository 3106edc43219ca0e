"""Undo two common slips: the wrong keyboard layout, and Cyrillic words typed in Latin letters.

Layout: the key positions of the US layout against the Ukrainian one
("rhjcsdrb" -> "кросівки": on the Ukrainian layout "s" is "і" and "b" is
"и"), and back (a brand typed with the Ukrainian layout on: "тшлу" -> "nike").

Transliteration: the national Ukrainian romanisation (2010) and the informal
spellings people type ("krosivky", "krossovki", "chobotу", "botinki"). Latin
letters are ambiguous ("i" is "і" in the standard, "и" in Russian-style
spelling; "h" is "г" or "х"), so `transliterations` yields every reading,
most likely first; the caller keeps the one the catalog knows.
"""

from itertools import islice, product

_LATIN_KEYS = "`qwertyuiop[]asdfghjkl;'zxcvbnm,./~{}:\"<>\\|"
_UKRAINIAN_KEYS = "'йцукенгшщзхїфівапролджєячсмитьбю.'хїжєбюґґ"
TO_UKRAINIAN = dict(zip(_LATIN_KEYS, _UKRAINIAN_KEYS, strict=True))
# Back to Latin keys: letters only (Russian letters sit where Ukrainian ones differ).
TO_LATIN = {uk: lat for lat, uk in zip(_LATIN_KEYS[:34], _UKRAINIAN_KEYS[:34], strict=True) if uk.isalpha()}
TO_LATIN.update({"ґ": "\\", "ы": "s", "э": "'", "ъ": "]", "ё": "`"})


def latin_to_ukrainian_layout(text: str) -> str:
    return "".join(TO_UKRAINIAN.get(ch, ch) for ch in text.casefold())


def ukrainian_to_latin_layout(text: str) -> str:
    return "".join(TO_LATIN.get(ch, ch) for ch in text.casefold())


# Latin spelling -> Cyrillic readings, most likely first. Longest spellings are tried first.
_SPELLINGS = {
    "shch": ("щ",), "sch": ("щ",), "zgh": ("зг",),
    "zh": ("ж",), "kh": ("х",), "ts": ("ц",), "tz": ("ц",), "ch": ("ч",), "sh": ("ш",),
    "ya": ("я",), "ia": ("я", "іа"), "ja": ("я",),
    "yu": ("ю",), "iu": ("ю",), "ju": ("ю",),
    "ye": ("є", "е"), "ie": ("є", "іе"), "je": ("є",),
    "yi": ("ї", "ий"), "ji": ("ї",), "ii": ("ії", "ии", "ій"),
    "yo": ("йо", "ьо"), "jo": ("йо",), "iy": ("ий",), "yy": ("ий",),
    "ck": ("к",), "ph": ("ф",), "oo": ("у", "оо"), "ee": ("і", "ее"),
    "a": ("а",), "b": ("б",), "c": ("ц", "к"), "d": ("д",), "e": ("е", "є"), "f": ("ф",),
    "g": ("г",), "h": ("г", "х"), "i": ("і", "и"), "j": ("й", "дж"), "k": ("к",), "l": ("л",),
    "m": ("м",), "n": ("н",), "o": ("о",), "p": ("п",), "q": ("к",), "r": ("р",), "s": ("с",),
    "t": ("т",), "u": ("у",), "v": ("в",), "w": ("в",), "x": ("кс", "х"), "y": ("и", "й", "і"),
    "z": ("з",),
}
_LONGEST = max(len(k) for k in _SPELLINGS)
MAX_READINGS = 48


def _segments(word: str):
    """The word cut into spellings, greedily longest first: a list of reading tuples."""
    out, i = [], 0
    while i < len(word):
        for size in range(min(_LONGEST, len(word) - i), 0, -1):
            readings = _SPELLINGS.get(word[i:i + size])
            if readings:
                out.append(readings)
                i += size
                break
        else:
            out.append((word[i],))  # digits and anything unknown stay as they are
            i += 1
    return out


def transliterations(word: str) -> list[str]:
    """Cyrillic readings of a Latin word, most likely first, at most MAX_READINGS."""
    segments = _segments(word.casefold())
    readings = ["".join(parts) for parts in islice(product(*segments), MAX_READINGS)]
    seen = set()
    return [r for r in readings if not (r in seen or seen.add(r))]
