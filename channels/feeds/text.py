"""Text as feeds need it: XML-safe characters, length caps, CDATA that cannot be broken out of.

lxml escapes & < > " ' itself; what it refuses (and what marketplaces reject) are control
characters, so those are stripped before any text reaches an element.
"""

import re

from lxml import etree

# C0 controls except tab, newline and carriage return; DEL; lone surrogates; non-characters.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def clean(text) -> str:
    return _NOT_XML.sub("", str(text or ""))


def cap(text, limit: int) -> str:
    """Clean text cut to `limit` characters, at a word boundary when one is near."""
    text = " ".join(clean(text).split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit * 0.6 else cut).rstrip() + "…"


def cdata(html: str, limit: int | None = None):
    """HTML in a CDATA section (libxml2 splits a literal ']]>' into two sections itself)."""
    text = clean(html).strip()
    return etree.CDATA(text[:limit] if limit else text)


def money(amount) -> str:
    return f"{amount:.2f}"
