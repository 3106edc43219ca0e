"""Rozetka-style YML: one <offer> per model, its sizes listed in a parameter.

Sizes come as a range ("36-40") or a list ("36, 37, 39") of what is on sale,
with one stock count for the whole model; prices may be in a foreign currency
converted with the rates of <currencies>.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from ..records import FeedRecord, FeedVariant
from ..values import parse_sizes
from ._yml import Offer, YmlAdapter
from .base import register


def spread(total: int, parts: int) -> list[int]:
    """Share a model's stock count over its sizes; every listed size gets at least 1."""
    if total <= 0:
        return [0] * parts
    base, extra = divmod(total, parts)
    return [max(1, base + (1 if i < extra else 0)) for i in range(parts)]


@register
class YmlModelsAdapter(YmlAdapter):
    dialect = "yml_models"
    defaults = {**YmlAdapter.defaults, "code_from": "id"}  # or "vendorCode"

    def parse(self, stream: BinaryIO) -> Iterator[FeedRecord]:
        seen: set[str] = set()
        for offer in self.offers(stream):
            code = offer.id
            if self.options["code_from"] != "id":
                code = offer.text(self.options["code_from"]) or offer.id
            if not code:
                self.warn("", "offer without id ignored")
                continue
            if code in seen:
                self.warn(code, "duplicate offer ignored")
                continue
            seen.add(code)
            record = self.base_record(offer, code)
            record.params, size_values = self.split_params(offer)
            record.variants = self._variants(offer, code, size_values)
            on_sale = self.is_available(offer)
            record.available = on_sale and (
                any(v.quantity for v in record.variants) or not record.variants)
            self.check_prices(record)
            yield record

    def _variants(self, offer: Offer, code: str, size_values: list[str]) -> list[FeedVariant]:
        sizes: list[tuple[str, int | None]] = []
        for value in size_values:  # one param "36-40", or one param per size
            sizes += [s for s in parse_sizes(value) if s[0] not in {x for x, _ in sizes}]
        if not sizes:
            return []
        on_sale = self.is_available(offer)
        total = self.quantity(offer)
        if not on_sale:
            shares = [0] * len(sizes)
        elif total is not None:
            shares = spread(total, len(sizes))
        else:
            shares = [self.options["default_quantity"]] * len(sizes)
        return [
            FeedVariant(size=size, quantity=qty if qty is not None else share,
                        sku=f"{code}-{size}")
            for (size, qty), share in zip(sizes, shares, strict=True)
        ]
