"""Any one-element-per-model XML, described by options instead of code.

Paths are written relative to the item element:
    "title"           text of a child (ElementPath, so "info/title" works too)
    "category@path"   an attribute of a child
    "@sku"            an attribute of the item itself
    ""                the field is absent in this feed
Tags match in any namespace, so a feed that adds xmlns="..." needs no change.
The defaults describe the Solo Moda catalog:
    <item sku="..."><title/><brand/><category path="Взуття/Жінкам/Туфлі"/>
      <price currency="UAH"/><rrp/><sizes><size value="36" qty="2"/></sizes>
      <photos><photo/></photos><attributes><attr key="color"/></attributes><text/></item>
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import BinaryIO

from lxml import etree

from ..records import FeedError, FeedRecord, FeedVariant
from ..streams import element_text, iter_elements
from ..values import normalise_size, parse_bool, parse_int, tidy_text
from .base import FeedAdapter, register


def _any_namespace(path: str) -> str:
    return "/".join(s if s in (".", "..", "*") or s.startswith("{") else "{*}" + s
                    for s in path.split("/"))


class Selector:
    """A compiled "path@attribute" expression."""

    def __init__(self, spec: str):
        path, _, self.attribute = (spec or "").strip().partition("@")
        path = path.strip()
        self.empty = not (spec or "").strip()
        self.own = path in ("", ".")  # the element itself: no ElementPath search needed
        self.path = "" if self.own else _any_namespace(path)

    def elements(self, element: etree._Element) -> list[etree._Element]:
        if self.empty:
            return []
        return [element] if self.own else element.findall(self.path)

    def values(self, element: etree._Element) -> list[str]:
        if self.attribute:
            return [(e.get(self.attribute) or "").strip() for e in self.elements(element)]
        return [element_text(e) for e in self.elements(element)]

    def value(self, element: etree._Element) -> str:
        if self.own and not self.empty:  # sizes and attributes: once per element, keep it cheap
            if self.attribute:
                return (element.get(self.attribute) or "").strip()
            return element_text(element)
        return next((v for v in self.values(element) if v), "")


@register
class CustomXmlAdapter(FeedAdapter):
    dialect = "custom_xml"
    defaults = {
        "item_tag": "item",
        "code": "@sku",
        "name": "title",
        "name_ru": "",
        "description": "text",
        "brand": "brand",
        "price": "price",
        "old_price": "rrp",
        "currency": "price@currency",
        "default_currency": "UAH",
        "category": "category@path",
        "category_separator": "/",
        "pictures": "photos/photo",
        "url": "url",
        "available": "",  # optional flag; otherwise "any size in stock"
        "sizes": "sizes/size",
        "size_value": "@value",  # relative to one size element; "" = its text
        "size_quantity": "@qty",
        "default_quantity": 1,  # a size listed without a quantity
        "attributes": "attributes/attr",
        "attribute_key": "@key",  # relative to one attribute element
        "encoding": None,
    }
    _FIELDS = ("code", "name", "name_ru", "description", "brand", "price", "old_price",
               "currency", "category", "pictures", "url", "available", "sizes", "attributes")

    def __init__(self, options: dict | None = None):
        super().__init__(options)
        self.select = {f: Selector(self.options[f]) for f in self._FIELDS}
        self.size_value = Selector(self.options["size_value"] or ".")
        self.size_quantity = Selector(self.options["size_quantity"])
        self.attribute_key = Selector(self.options["attribute_key"])

    def parse(self, stream: BinaryIO) -> Iterator[FeedRecord]:
        tag = _any_namespace(self.options["item_tag"])
        seen: set[str] = set()
        count = 0
        for item in iter_elements(stream, (tag,), self.options["encoding"]):
            count += 1
            code = self.select["code"].value(item)
            if not code:
                self.warn(f"item #{count}", "item without a code ignored")
                continue
            if code in seen:
                self.warn(code, "duplicate item ignored")
                continue
            seen.add(code)
            yield self._record(item, code)
        if not count:
            raise FeedError(f"the feed has no <{self.options['item_tag']}> elements")

    def _record(self, item: etree._Element, code: str) -> FeedRecord:
        get = {f: s.value(item) for f, s in self.select.items()
               if f not in ("pictures", "sizes", "attributes")}
        currency = (get["currency"] or self.options["default_currency"]).upper()
        separator = self.options["category_separator"]
        segments = [s.strip() for s in get["category"].split(separator)] if separator else []
        record = FeedRecord(
            model_code=code,
            name=tidy_text(get["name"]),
            name_ru=tidy_text(get["name_ru"]),
            description=get["description"],
            category_key=get["category"],
            category_name=next((s for s in reversed(segments) if s), get["category"]),
            brand=tidy_text(get["brand"]),
            price=self.to_uah(get["price"], currency, code),
            old_price=self.to_uah(get["old_price"], currency, code, "old price"),
            currency=currency,
            params=self._params(item),
            variants=self._variants(item, code),
            pictures=self.pictures(self.select["pictures"].values(item), code),
            url=get["url"],
        )
        flag = parse_bool(get["available"])
        in_stock = any(v.quantity for v in record.variants) or not record.variants
        record.available = in_stock if flag is None else flag and in_stock
        if not record.name:
            self.warn(code, "item has no name")
        self.check_prices(record)
        return record

    def _params(self, item: etree._Element) -> dict[str, str]:
        params: dict[str, str] = {}
        for element in self.select["attributes"].elements(item):
            key = " ".join(self.attribute_key.value(element).split())
            value = tidy_text(element_text(element))
            if key and value:
                params[key] = f"{params[key]}, {value}" if key in params else value
        return params

    def _variants(self, item: etree._Element, code: str) -> list[FeedVariant]:
        variants: list[FeedVariant] = []
        for element in self.select["sizes"].elements(item):
            size = normalise_size(self.size_value.value(element))
            if not size or any(v.size == size for v in variants):
                self.warn(code, f"size {size!r} empty or repeated; ignored")
                continue
            raw_qty = self.size_quantity.value(element) if not self.size_quantity.empty else ""
            quantity = parse_int(raw_qty) if raw_qty else None
            if quantity is None:
                if raw_qty:
                    self.warn(code, f"size {size}: quantity {raw_qty!r} is not a number")
                quantity = self.options["default_quantity"]
            sku = re.sub(r"\s+", "", f"{code}-{size}")
            variants.append(FeedVariant(size=size, quantity=quantity, sku=sku))
        return variants
