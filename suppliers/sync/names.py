"""Product names as a shopper should read them.

Suppliers sell with their names: brand, model code, "арт. ...", emoji and
"ХІТ" go in; "Туфлі жіночі шкіряні чорні" should come out. Besides the
supplier's own regexes, every name loses the brand (quoted or not), the model
code (with or without its letter prefix and separators) and promo words.
"""

from __future__ import annotations

import html
import re
import unicodedata

# A promo word with its exclamation marks on either side: "ХІТ!", "! ХІТ", "!!NEW".
PROMO_WORDS = re.compile(
    r"(?:!+\s*)?(?<!\w)(?:хіт|хит|hit|new|новинка|sale|розпродаж|топ|top|акція|акция|знижка|скидка)"
    r"(?!\w)(?:\s*!+)?",
    re.IGNORECASE,
)
# A label that may stand in front of a model code: "арт. SM-101", "код: 12", "Art.12".
CODE_LABEL = r"(?:(?:арт(?:икул)?|код|art|sku|модель|model)\s*\.?\s*[:№#]?\s*)?"
EMPTY_PAIRS = re.compile(r"\(\s*\)|\[\s*\]|\"\s*\"|«\s*»|'\s*'")
EDGE = " \t-–—,.;:|/\\_+*"
INVISIBLE = {"\ufe0f", "\u200d", "\u200b", "\u2060"}


def _drop_symbols(text: str) -> str:
    """Emoji and pictographs out (Unicode 'other symbol'), with their joiners."""
    return "".join(ch for ch in text if ch not in INVISIBLE and unicodedata.category(ch) not in ("So", "Cs"))


# Anything that may be a model code, with an optional label in front; compiled once.
# Whether it *is* this model's code is decided by comparing normalised forms,
# because compiling a regex per model costs more than the rest of the cleaning.
CODE_CANDIDATE = re.compile(
    rf"(?<![\w-]){CODE_LABEL}(?P<code>[^\W_][\w./-]*?\d[\w./-]*?)(?![\w-])", re.IGNORECASE)


def _normal(code: str) -> str:
    return re.sub(r"[\W_]+", "", code).casefold()


def code_forms(code: str) -> set[str]:
    """'VZT8793-09' -> {'vzt879309', '879309'}; too short a code gives nothing to remove."""
    full = _normal(code or "")
    if len(full) < 3:
        return set()  # a two-character "code" would eat sizes and numbers out of names
    forms = {full}
    core = full.lstrip("abcdefghijklmnopqrstuvwxyzабвгґдеєжзиіїйклмнопрстуфхцчшщьюя")
    if core != full and len(core) >= 3 and core[0].isdigit():
        forms.add(core)
    return forms


def brand_pattern(brand: str) -> re.Pattern | None:
    words = brand.split()
    if not words:
        return None
    body = r"\s+".join(map(re.escape, words))
    return re.compile(rf"[\"'«“„]?(?<!\w){body}(?!\w)[\"'»”]?", re.IGNORECASE)


def unescape(text: str) -> str:
    """HTML entities decoded until none is left: feeds exported twice write "&amp;amp;quot;"."""
    for _ in range(4):  # a bound: "&amp;" nested deeper than this is no longer an entity mistake
        decoded = html.unescape(text)
        if decoded == text:
            break
        text = decoded
    return text


class NameCleaner:
    """One per run: the supplier's rules and brand names compiled once."""

    def __init__(self, rules: list[re.Pattern] = (), brands=()):
        self.rules = list(rules)
        self._brands: dict[str, re.Pattern | None] = {}
        self.fixed_brands = [b for b in {b.strip() for b in brands if b and b.strip()}]

    def _brand(self, brand: str) -> re.Pattern | None:
        if brand not in self._brands:
            self._brands[brand] = brand_pattern(brand)
        return self._brands[brand]

    def clean(self, raw: str, *, brand: str = "", model_code: str = "") -> str:
        text = _drop_symbols(unescape(raw or ""))
        for rule in self.rules:
            text = rule.sub(" ", text)
        forms = code_forms(model_code)
        if forms:
            text = CODE_CANDIDATE.sub(lambda m: " " if _normal(m["code"]) in forms else m[0], text)
        for name in {brand.strip(), *self.fixed_brands} - {""}:
            pattern = self._brand(name)
            if pattern is not None:
                text = pattern.sub(" ", text)
        text = PROMO_WORDS.sub(" ", text)
        text = EMPTY_PAIRS.sub(" ", text)
        text = " ".join(text.split()).strip(EDGE)
        if not text:  # everything was noise: better the supplier's words than nothing
            text = " ".join(_drop_symbols(unescape(raw or "")).split())
        return text[:1].upper() + text[1:]
