"""What the two YML (Yandex Market Language) dialects share.

Both Prom.ua and Rozetka feeds are <yml_catalog><shop> with <currencies> and
<categories> ahead of <offers>; only the meaning of an <offer> differs.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import BinaryIO

from lxml import etree

from ..records import FeedError, FeedRecord
from ..streams import element_text, iter_elements
from ..values import parse_bool, parse_decimal, parse_int, tidy_text
from .base import FeedAdapter

SIZE_PARAMS = ("Розмір", "Размер", "Size", "Розмір взуття", "Размер обуви", "EU")


class Offer:
    """One <offer> read in a single pass over its children.

    A 100 MB feed has ~100 000 offers; looking each field up with find()
    rescans the children every time, which dominated the parse time.
    """

    __slots__ = ("id", "attrs", "first", "params", "pictures")

    def __init__(self, element: etree._Element):
        self.attrs = dict(element.attrib)
        self.id = (self.attrs.get("id") or "").strip()
        self.first: dict[str, str] = {}
        self.params: list[tuple[str, str]] = []
        self.pictures: list[str] = []
        for child in element:
            tag, text = child.tag, element_text(child)
            if tag == "param":
                self.params.append((" ".join((child.get("name") or "").split()), text))
            elif tag == "picture":
                self.pictures.append(text)
            elif text and tag not in self.first:
                self.first[tag] = text

    def text(self, *tags: str) -> str:
        """Text of the first of `tags` the offer has."""
        for tag in tags:
            if tag in self.first:
                return self.first[tag]
        return ""


class YmlAdapter(FeedAdapter):
    defaults = {
        "size_params": SIZE_PARAMS,  # <param name=...> that holds the size
        "default_currency": "UAH",  # when an offer has no <currencyId>
        "default_quantity": 1,  # in-stock offer that states no quantity
        "quantity_tags": ("quantity_in_stock", "stock_quantity", "quantity", "count"),
        "encoding": None,  # overrides the XML declaration of a feed that lies about it
    }

    def __init__(self, options: dict | None = None):
        super().__init__(options)
        self.categories: dict[str, str] = {}
        self._configured = {c.upper() for c in self.options.get("rates") or {}}
        self._feed_rates: dict[str, Decimal] = {}
        self._size_names = {n.casefold() for n in self.options["size_params"]}

    def offers(self, stream: BinaryIO) -> Iterator[Offer]:
        """Yield the offers, collecting currencies and categories on the way."""
        count = 0
        tags = ("currency", "category", "offer")
        for element in iter_elements(stream, tags, self.options["encoding"]):
            if element.tag == "currency":
                self._add_rate(element.get("id", ""), element.get("rate", ""))
            elif element.tag == "category":
                self.categories[element.get("id", "").strip()] = tidy_text(element_text(element))
            else:
                if not count:
                    self._rebase_rates()  # <currencies> is complete once offers start
                count += 1
                yield Offer(element)
        if not count:
            raise FeedError("the feed has no <offer> elements")

    def _add_rate(self, code: str, raw: str) -> None:
        code = code.strip().upper()
        rate = parse_decimal(raw)
        if not code or code in self._configured:
            return
        if rate is None or rate <= 0:
            # "NBU", "CBRF" and the like name a bank instead of a number:
            # the supplier's configuration has to supply that rate.
            self.warn("", f"currency {code} has rate {raw!r}; set options['rates'] for it")
            return
        self._feed_rates[code] = rate

    def _rebase_rates(self) -> None:
        """Feed rates count in the currency whose rate is 1; the shop counts in UAH."""
        uah = self._feed_rates.get("UAH", 1)
        for code, rate in self._feed_rates.items():
            if code not in self._configured:
                self.rates[code] = rate / uah

    # -- reading one offer --------------------------------------------------

    def is_size(self, param_name: str) -> bool:
        return param_name.casefold() in self._size_names

    def split_params(self, offer: Offer) -> tuple[dict[str, str], list[str]]:
        """(params without the size, the size values)."""
        params: dict[str, str] = {}
        sizes: list[str] = []
        for name, raw in offer.params:
            value = tidy_text(raw)
            if not name:
                continue
            if self.is_size(name):
                sizes.append(value)
            elif value:
                # Repeated names ("Колір" twice) are kept together, not overwritten.
                params[name] = f"{params[name]}, {value}" if name in params else value
        return params, sizes

    def quantity(self, offer: Offer) -> int | None:
        raw = offer.text(*self.options["quantity_tags"])
        return parse_int(raw) if raw else None

    def is_available(self, offer: Offer) -> bool:
        return parse_bool(offer.attrs.get("available", "")) is not False  # absent: on sale

    def base_record(self, offer: Offer, code: str) -> FeedRecord:
        """Fields both dialects read the same way; sizes are the dialect's business."""
        name_ua = tidy_text(offer.text("name_ua"))
        name_other = tidy_text(offer.text("name", "model"))
        currency = (offer.text("currencyId") or self.options["default_currency"]).upper()
        category_key = offer.text("categoryId")
        category_name = self.categories.get(category_key, "")
        if category_key and not category_name:
            self.warn(code, f"unknown category id {category_key!r}")
        if not (name_ua or name_other):
            self.warn(code, "offer has no name")
        return FeedRecord(
            model_code=code,
            name=name_ua or name_other,
            name_ru=name_other if name_ua else "",
            description=offer.text("description_ua", "description"),
            category_key=category_key,
            category_name=category_name,
            brand=tidy_text(offer.text("vendor", "brand")),
            price=self.to_uah(offer.text("price"), currency, code),
            old_price=self.to_uah(offer.text("oldprice", "old_price"), currency, code,
                                  "old price"),
            currency=currency,
            pictures=self.pictures(offer.pictures, code),
            url=offer.text("url"),
        )
