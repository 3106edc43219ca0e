"""Safe, streaming access to supplier files.

Feeds are fetched from the internet, so the XML is treated as hostile: any
entity declaration is refused before lxml sees the document (that is where
"billion laughs" and external-entity attacks live), DTDs are never loaded and
nothing is fetched from the network. Parsing is incremental and elements are
dropped once handled, so a 100 MB feed costs about as much memory as a small one.
"""

from __future__ import annotations

import gzip
import io
import re
from collections.abc import Iterable, Iterator
from typing import BinaryIO

from lxml import etree

from .records import FeedError

HEAD_BYTES = 64 * 1024


class _Replay(io.RawIOBase):
    """A stream that gives back bytes already read (the sniffed head) before the rest."""

    def __init__(self, head: bytes, rest: BinaryIO):
        self._head = memoryview(head)
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        chunk = self._rest.read(len(buffer))
        buffer[: len(chunk)] = chunk
        return len(chunk)


def _read_head(stream: BinaryIO, size: int) -> bytes:
    parts, total = [], 0
    while total < size:  # a socket may hand out less than asked for
        chunk = stream.read(size - total)
        if not chunk:
            break
        parts.append(chunk)
        total += len(chunk)
    return b"".join(parts)


def open_feed(stream: BinaryIO) -> tuple[bytes, BinaryIO]:
    """Sniff the first bytes (un-gzipping if needed); returns (head, full stream)."""
    head = _read_head(stream, HEAD_BYTES)
    if head[:2] == b"\x1f\x8b":  # suppliers sometimes publish feed.xml.gz
        stream = gzip.GzipFile(fileobj=io.BufferedReader(_Replay(head, stream)))
        head = _read_head(stream, HEAD_BYTES)
    return head, io.BufferedReader(_Replay(head, stream), buffer_size=HEAD_BYTES)


_DOCTYPE = re.compile(r"<!DOCTYPE\b", re.I)
_SUBSET_END = re.compile(r"\]\s*>")
_ROOT_START = re.compile(r"<[A-Za-z_:]")
_ENTITY_DECL = re.compile(r"<!ENTITY\b", re.I)


def _prolog_text(head: bytes) -> str:
    # Markup characters are ASCII in UTF-8 and the 8-bit code pages; only
    # UTF-16 needs decoding before the prolog can be searched.
    if head[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00<" in head[:8] or b"<\x00" in head[:8]:
        big = head[:2] == b"\xfe\xff" or head[:1] == b"\x00"
        return head.decode("utf-16-be" if big else "utf-16-le", errors="replace")
    return head.decode("latin-1")


def check_prolog(head: bytes) -> None:
    """Refuse entity declarations; a DOCTYPE that only names an external DTD is fine."""
    text = _prolog_text(head)
    if not text.strip():
        raise FeedError("the feed is empty")
    doctype = _DOCTYPE.search(text)
    root = _ROOT_START.search(text, doctype.end() if doctype else 0)
    if doctype:
        bracket, close = text.find("[", doctype.end()), text.find(">", doctype.end())
        if bracket != -1 and (close == -1 or bracket < close):
            end = _SUBSET_END.search(text, bracket)
            if not end:
                raise FeedError("the DOCTYPE internal subset is unterminated or too long")
            if _ENTITY_DECL.search(text, bracket, end.end()):
                raise FeedError("the feed declares XML entities (refused: entity expansion attack)")
            root = _ROOT_START.search(text, end.end())
    if root is None and len(head) >= HEAD_BYTES:
        raise FeedError("no root element within the first 64 KiB")


def iter_elements(
    stream: BinaryIO, tags: Iterable[str], encoding: str | None = None
) -> Iterator[etree._Element]:
    """Yield each element named in `tags` once complete, then free it."""
    head, full = open_feed(stream)
    check_prolog(head)
    events = etree.iterparse(
        full,
        events=("end",),
        tag=list(tags),
        encoding=encoding,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        for _event, element in events:
            yield element
            # Handled: drop its content and the already-seen siblings so the
            # tree never grows beyond one offer.
            element.clear(keep_tail=False)
            parent = element.getparent()
            while parent is not None and element.getprevious() is not None:
                del parent[0]
    except etree.XMLSyntaxError as exc:
        raise FeedError(f"the XML is not well-formed or is truncated: {exc}") from exc


def element_text(element: etree._Element | None) -> str:
    """All text inside an element (CDATA included), stripped; '' when absent."""
    if element is None:
        return ""
    if not len(element):  # the common case, and much cheaper than itertext()
        return (element.text or "").strip()
    return "".join(element.itertext()).strip()
