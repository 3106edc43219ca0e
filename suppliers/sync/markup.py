"""Supplier descriptions (hostile HTML) sanitised with the editor policy, fast enough for 50,000.

bleach (core.sanitize) costs ~1.5 ms a description, more than all the rest of
a product's import. This applies the same policy (core.sanitize's EDITOR_TAGS,
EDITOR_ATTRIBUTES and URL protocols) by rebuilding the fragment from lxml's
parse tree: only allowed tags and attributes are written out, text and
attribute values are escaped on the way, so nothing the feed wrote passes
through unexamined. Scripts, styles and embedded documents go with their content.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

from lxml import etree
from lxml import html as lxml_html

from core.sanitize import EDITOR_ATTRIBUTES, EDITOR_TAGS

PROTOCOLS = {"http", "https", "mailto", "tel"}
URL_ATTRIBUTES = {"href", "src"}
VOID = {"br", "hr", "img"}
DROP_WITH_CONTENT = {"script", "style", "template", "noscript", "iframe", "object", "embed", "svg",
                     "math", "head", "title", "textarea", "select", "button", "form", "frameset"}
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")
_BLOCK = re.compile(r"<(?:p|h[2-4]|ul|ol|table|blockquote|div|figure|hr)\b")


def _url_ok(value: str) -> bool:
    compact = _CONTROL.sub("", html.unescape(value)).lower()
    if compact.startswith("//"):
        return True
    scheme = urlsplit(compact).scheme
    return not scheme or scheme in PROTOCOLS


def _attributes(tag: str, element) -> str:
    allowed = set(EDITOR_ATTRIBUTES.get(tag, ())) | set(EDITOR_ATTRIBUTES.get("*", ()))
    out = []
    for name, value in element.attrib.items():
        name = name.lower()
        if name not in allowed or (name in URL_ATTRIBUTES and not _url_ok(value)):
            continue
        out.append(f' {name}="{html.escape(value, quote=True)}"')
    return "".join(out)


def _write(element, out: list[str]) -> None:
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else None  # comments and PIs have no str tag
        tag = tag.lower() if tag else None
        if tag and tag not in DROP_WITH_CONTENT:
            if tag in EDITOR_TAGS:
                out.append(f"<{tag}{_attributes(tag, child)}>")
                if tag not in VOID:
                    out.append(html.escape(child.text or "", quote=False))
                    _write(child, out)
                    out.append(f"</{tag}>")
            else:  # not allowed: unwrap, keep the words
                out.append(html.escape(child.text or "", quote=False))
                _write(child, out)
        out.append(html.escape(child.tail or "", quote=False))


def sanitise(raw: str) -> str:
    text = (raw or "").strip()
    if not text:
        return ""
    if "<" not in text:
        return "".join(f"<p>{html.escape(html.unescape(p), quote=False)}</p>"
                       for p in text.splitlines() if p.strip())
    try:
        root = lxml_html.fragment_fromstring(text, create_parent="div")
    except (etree.ParserError, ValueError):
        return f"<p>{html.escape(text, quote=False)}</p>"
    out = [html.escape(root.text or "", quote=False)]
    _write(root, out)
    result = "".join(out).strip()
    if result and not _BLOCK.search(result):
        result = f"<p>{result}</p>"  # inline-only text still needs a paragraph in rich text
    return result
