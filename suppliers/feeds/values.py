"""Parsing of the small human-written values feeds are full of.

Suppliers type prices, sizes and flags by hand or export them from 1C or
Excel with whatever locale the accountant had, so every parser here accepts
the common spellings and returns None instead of guessing when it cannot tell.
"""

from __future__ import annotations

import html
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")
MAX_PRICE = Decimal("1000000")

# Thousands separators seen in the wild: space, no-break space, narrow
# no-break space, thin space and the Swiss-style apostrophe.
_GROUPING = re.compile(r"[\s\u00a0\u202f\u2009'’]")
_CURRENCY_WORDS = re.compile(r"(?i)грн\.?|uah|usd|eur|₴|\$|€")
_NUMBER = re.compile(r"^-?\d+(?:[.,]\d+)*$")


def parse_decimal(raw: object) -> Decimal | None:
    """'1 299,00', '1299.5', '1,299.00', '1.299,00' -> Decimal; None if not a number."""
    if raw is None:
        return None
    text = _CURRENCY_WORDS.sub("", _GROUPING.sub("", str(raw)))
    if not _NUMBER.match(text):
        return None
    if "," in text and "." in text:
        # Both present: whichever comes last is the decimal separator.
        decimal_sep = "," if text.rfind(",") > text.rfind(".") else "."
        grouping = "." if decimal_sep == "," else ","
        text = text.replace(grouping, "").replace(decimal_sep, ".")
    else:
        sep = "," if "," in text else "." if "." in text else ""
        if sep:
            head, _, tail = text.rpartition(sep)
            # Several separators, or exactly three digits after a single one
            # with a non-zero integer part, mean grouping ("1,299", "1.299.000"):
            # UAH and USD prices never carry three decimals.
            if text.count(sep) > 1 or (len(tail) == 3 and head.lstrip("-0")):
                text = text.replace(sep, "")
            else:
                text = text.replace(sep, ".")
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def price_problem(value: Decimal) -> str:
    """Why a price in UAH cannot be right, or '' when it is plausible."""
    if value <= 0:
        return f"price {value} is not positive"
    if value > MAX_PRICE:
        return f"price {value} is above {MAX_PRICE}"
    return ""


def parse_int(raw: object) -> int | None:
    """Stock counts: '3', '3.0', ' 12 ' -> int; negatives are clamped to 0."""
    if isinstance(raw, str) and raw.isascii() and raw.isdigit():  # nearly always; skip the general parser
        return int(raw)
    value = parse_decimal(raw)
    if value is None:
        return None
    return max(0, int(value))


_TRUE = {"так", "є", "в наявності", "наявність", "yes", "y", "true", "1", "+", "да", "есть",
         "в наличии", "available", "in stock"}
_FALSE = {"ні", "немає", "нема", "відсутній", "no", "n", "false", "0", "-", "нет",
          "out of stock", "під замовлення"}


def parse_bool(raw: object) -> bool | None:
    """'так' / 'ні' / 'yes' / '1' ... -> bool; None when blank or unknown."""
    text = " ".join(str(raw or "").lower().split())
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    return None


def normalise_size(raw: str) -> str:
    """' 37,5 ' -> '37.5', '38.0' -> '38', 'EU 36' -> '36'."""
    if isinstance(raw, str) and raw.isascii() and raw.isdigit():
        return raw
    text = re.sub(r"\s+", "", str(raw)).replace(",", ".")
    text = re.sub(r"(?i)^(eu|р\.?|розмір|размер)", "", text)
    if re.fullmatch(r"\d+\.0+", text):
        text = text.split(".")[0]
    return text


_RANGE = re.compile(r"^\s*(\d+)\s*[-–—]\s*(\d+)\s*$")
_SIZE_QTY = re.compile(r"^(?P<size>[^:()]+?)\s*(?::|\()\s*(?P<qty>\d+)\s*\)?$")


def parse_sizes(raw: str) -> list[tuple[str, int | None]]:
    """'36-40', '36, 37, 39', '36,37,38', '37,5', '36:2,37:1' -> [(size, qty or None)]."""
    text = (raw or "").strip()
    if not text:
        return []
    ranged = _RANGE.match(text)
    if ranged:
        low, high = int(ranged[1]), int(ranged[2])
        if low <= high <= low + 30:  # a wider "range" is more likely a typo than 30 sizes
            return [(str(s), None) for s in range(low, high + 1)]
    out: list[tuple[str, int | None]] = []
    for token in (t for t in re.split(r"[,;|\s]+", text) if t):
        # "36,37,5,38": a lone "5" after a whole size is the half of a
        # decimal-comma size that the comma split apart.
        if token == "5" and out and out[-1][0].isdigit() and len(out[-1][0]) == 2:
            out[-1] = (out[-1][0] + ".5", out[-1][1])
            continue
        match = _SIZE_QTY.match(token)
        size, qty = (match["size"], int(match["qty"])) if match else (token, None)
        out.append((normalise_size(size), qty))
    seen: set[str] = set()
    return [(s, q) for s, q in out if s and not (s in seen or seen.add(s))]


_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def tidy_text(raw: str | None) -> str:
    """Undo double escaping ('&amp;quot;' arrives as '&quot;') and collapse whitespace."""
    text = raw or ""
    for _ in range(2):  # twice: some exports escape three times
        if "&" not in text:
            break
        text = _ENTITY.sub(lambda m: html.unescape(m.group(0)), text)
    return " ".join(text.split())


_ALLOWED_SCHEMES = ("http://", "https://", "file://", "ftp://")


def clean_pictures(urls) -> tuple[list[str], list[str]]:
    """Strip, encode spaces, drop duplicates; returns (kept, rejected)."""
    kept: list[str] = []
    rejected: list[str] = []
    for raw in urls:
        url = (raw or "").strip()
        if not url:
            continue
        url = re.sub(r"\s", "%20", url)
        if url.startswith("//"):
            url = "https:" + url
        if not url.lower().startswith(_ALLOWED_SCHEMES):
            rejected.append(url)  # javascript:, data: and relative junk
        elif url not in kept:
            kept.append(url)
    return kept, rejected
