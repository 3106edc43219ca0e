"""Price lists exported from Excel or 1C: one row per model.

The encoding must be declared by the supplier's configuration (windows-1251
is still common); a file that is plainly in another encoding is refused
rather than imported as mojibake. Columns are found by header name, so their
order does not matter; columns that are not mapped become params.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
from collections.abc import Iterator
from typing import BinaryIO

from ..records import FeedError, FeedRecord, FeedVariant
from ..streams import open_feed
from ..values import parse_bool, parse_sizes, tidy_text
from .base import FeedAdapter, register

COLUMNS = {  # record field -> header in the supplier's file (None: not present)
    "code": "Артикул",
    "name": "Назва",
    "name_ru": None,
    "category": "Категорія",
    "brand": None,
    "price": "Ціна",
    "old_price": "РРЦ",
    "currency": None,
    "sizes": "Розміри",
    "pictures": "Фото",
    "description": "Опис",
    "available": "Наявність",
    "url": None,
}
REQUIRED = ("code", "name", "price")
DELIMITERS = ";,\t|"


# Bytes windows-1251 gives Cyrillic letters (А-я, Ґґ Єє Іі Її Ўў Ёё): text in it is mostly these.
_CP1251_LETTERS = frozenset(range(0xC0, 0x100)) | {0xA5, 0xB4, 0xAA, 0xBA, 0xB2, 0xB3, 0xAF, 0xBF,
                                                   0xA1, 0xA2, 0xA8, 0xB8}


def _looks_like_cp1251(data: bytes) -> bool:
    high = [b for b in data if b >= 0x80]
    return bool(high) and sum(b in _CP1251_LETTERS for b in high) >= 0.9 * len(high)


def _is_utf8(data: bytes) -> bool:
    try:
        codecs.getincrementaldecoder("utf-8")().decode(data, final=False)
    except UnicodeDecodeError:
        return False
    return True


def wrong_encoding(declared: str, data: bytes, where: str = "") -> FeedError:
    """The refusal in words: what the file is (when that can be told) and what the supplier says."""
    name = codecs.lookup(declared).name
    where = f" ({where})" if where else ""
    if name != "utf-8" and _is_utf8(data):
        return FeedError(f"the file is UTF-8, the supplier says {declared}{where}: "
                         "change the supplier's encoding to utf-8, or ask for the file in " + declared)
    if name == "utf-8" and _looks_like_cp1251(data):
        return FeedError(f"the file is not UTF-8, it looks like windows-1251; the supplier says "
                         f"{declared}{where}: change the supplier's encoding to windows-1251")
    return FeedError(f"the file is not in {declared}, as the supplier says{where}: check the "
                     "supplier's encoding")


def _line_of(data: bytes, position: int) -> int:
    return data.count(b"\n", 0, position) + 1


def _check_encoding(head: bytes, declared: str) -> None:
    """Refuse a file whose bytes cannot be, or are plainly not, in the `declared` encoding."""
    encoding = codecs.lookup(declared).name
    try:
        codecs.getincrementaldecoder(encoding)().decode(head, final=False)
    except UnicodeDecodeError as exc:
        raise wrong_encoding(declared, head, f"line {_line_of(head, exc.start)}") from exc
    if encoding == "utf-8" or head.isascii():
        return
    # Any byte soup decodes as windows-1251, so test the reverse: non-ASCII
    # text that is valid UTF-8 is, in practice, never a legacy 8-bit encoding.
    if _is_utf8(head):
        raise wrong_encoding(declared, head)


@register
class CsvTableAdapter(FeedAdapter):
    dialect = "csv_table"
    defaults = {
        "encoding": "utf-8",
        "delimiter": None,  # None: guess from the header line
        "columns": {},  # overrides of COLUMNS, e.g. {"price": "Ціна, грн", "url": "Посилання"}
        "params": None,  # columns to keep as params; None: every unmapped column
        "picture_separator": "|",
        "category_separator": "/",
        "currency": "UAH",
        "brand": "",  # for price lists that never name the brand
        "default_quantity": 1,  # per listed size ("36,37"); "36:2" states its own
    }

    def __init__(self, options: dict | None = None):
        super().__init__(options)
        try:
            self.encoding = codecs.lookup(self.options["encoding"]).name
        except LookupError:
            raise ValueError(f"unknown encoding {self.options['encoding']!r}") from None
        self.columns = {**COLUMNS, **(self.options["columns"] or {})}

    def parse(self, stream: BinaryIO) -> Iterator[FeedRecord]:
        head, full = open_feed(stream)
        declared = self.options["encoding"]
        _check_encoding(head, declared)
        encoding = "utf-8-sig" if self.encoding == "utf-8" else self.encoding
        text = io.TextIOWrapper(full, encoding=encoding, errors="strict", newline="")
        try:
            yield from self._rows(text)
        except UnicodeDecodeError as exc:
            # Past the sniffed head: judge by the bytes that failed to decode.
            raise wrong_encoding(declared, exc.object[exc.start:exc.start + 256],
                                 "further into the file") from exc
        except csv.Error as exc:
            raise FeedError(f"the CSV is malformed: {exc}") from exc

    def _rows(self, text: io.TextIOBase) -> Iterator[FeedRecord]:
        first = text.readline()
        if not first.strip():
            raise FeedError("the file is empty or starts with a blank line")
        delimiter = self.options["delimiter"] or max(DELIMITERS, key=first.count)
        reader = csv.reader(itertools.chain([first], text), delimiter=delimiter)
        header = [h.strip().lstrip("\ufeff") for h in next(reader)]
        index = self._map_header(header)
        seen: set[str] = set()
        count = 0
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue  # blank lines, typically at the end of Excel exports
            line = f"line {reader.line_num}"
            if len(row) != len(header):
                self.warn(line, f"{len(row)} fields where the header has {len(header)}")
            cells = {key: (row[i].strip() if i < len(row) else "") for key, i in index.items()}
            code = cells["code"]
            if not code:
                self.warn(line, "row without a code ignored")
                continue
            if code in seen:
                self.warn(code, "duplicate row ignored")
                continue
            seen.add(code)
            count += 1
            yield self._record(code, cells, row, header)
        if not count:
            raise FeedError("the file has a header but no rows")

    def _map_header(self, header: list[str]) -> dict[str, int]:
        position = {h.casefold(): i for i, h in enumerate(header)}
        index = {}
        for key, title in self.columns.items():
            if title and title.casefold() in position:
                index[key] = position[title.casefold()]
        missing = [self.columns.get(k) or k for k in REQUIRED if k not in index]
        if missing:
            raise FeedError(f"required column(s) missing: {', '.join(missing)} "
                            f"(the header has: {', '.join(header)[:300]})")
        wanted = self.options["params"]
        mapped = set(index.values())
        self._param_columns = [
            (h, i) for i, h in enumerate(header)
            if h and i not in mapped and (wanted is None or h in wanted)
        ]
        return index

    def _record(self, code: str, cells: dict, row: list[str], header: list[str]) -> FeedRecord:
        get = cells.get
        currency = (get("currency") or self.options["currency"]).upper()
        category = get("category", "")
        separator = self.options["category_separator"]
        segments = [s.strip() for s in category.split(separator) if s.strip()] if separator else []
        pictures = get("pictures", "").split(self.options["picture_separator"])
        record = FeedRecord(
            model_code=code,
            name=tidy_text(get("name")),
            name_ru=tidy_text(get("name_ru")),
            description=get("description", ""),
            category_key=category,
            category_name=segments[-1] if segments else category,
            brand=tidy_text(get("brand") or self.options["brand"]),
            price=self.to_uah(get("price", ""), currency, code),
            old_price=self.to_uah(get("old_price", ""), currency, code, "old price"),
            currency=currency,
            params={h: row[i].strip() for h, i in self._param_columns
                    if i < len(row) and row[i].strip()},
            pictures=self.pictures(pictures, code),
            url=get("url", ""),
        )
        flag = parse_bool(get("available"))
        if get("available") and flag is None:
            self.warn(code, f"availability {get('available')!r} not understood")
        on_sale = flag is not False
        record.variants = [
            FeedVariant(size=size, sku=f"{code}-{size}",
                        quantity=0 if not on_sale else
                        qty if qty is not None else self.options["default_quantity"])
            for size, qty in parse_sizes(get("sizes", ""))
        ]
        record.available = on_sale and (any(v.quantity for v in record.variants)
                                        or not record.variants)
        self.check_prices(record)
        return record
