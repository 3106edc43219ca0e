"""What the store dialects (WooCommerce, Shopify, Magento) share: a connector's snapshot in,
one FeedRecord per store product out.

A snapshot (suppliers/connectors/snapshot.py) is JSON lines, one store product a line, in
the shape that store's connector wrote it. Options list what the connector reads too (page
size, locations): one place for a supplier's settings, checked by the adapter.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import BinaryIO

from ..records import FeedError, FeedRecord, FeedVariant
from ..values import normalise_size
from .base import FeedAdapter


def names(option) -> set[str]:
    """An option holding one name or a list of names, folded for comparison."""
    values = [option] if isinstance(option, str) else list(option or [])
    return {str(v).strip().casefold() for v in values if str(v).strip()}


class StoreAdapter(FeedAdapter):
    defaults = {
        "currency": "UAH",  # the store's currency; rates come from the supplier's settings
        "size_attributes": ["Розмір", "Размер", "Size", "pa_size", "pa_rozmir", "size"],
        "brand_attributes": ["Бренд", "Brand", "pa_brand", "brand", "manufacturer"],
        "brand": "",  # when the store never names a brand (a brand's own store)
        "default_quantity": 1,  # a size on sale whose stock the store does not count
    }

    def parse(self, stream: BinaryIO) -> Iterator[FeedRecord]:
        self.size_names = names(self.options["size_attributes"])
        self.brand_names = names(self.options["brand_attributes"])
        for number, line in enumerate(stream, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except ValueError as exc:
                raise FeedError(f"line {number} of the store snapshot is not JSON: {exc}") from exc
            if not isinstance(row, dict):
                raise FeedError(f"line {number} of the store snapshot is not an object")
            record = self.record(row)
            if record is None:
                continue
            self.check_prices(record)
            record.available = record.available and any(v.quantity > 0 for v in record.variants)
            yield record

    def record(self, row: dict) -> FeedRecord | None:
        raise NotImplementedError

    # --- helpers ---
    def size(self, raw, code: str) -> str:
        size = normalise_size(str(raw or "").strip())
        if not size:
            self.warn(code, "a variant without a size ignored")
        return size

    def merge_variants(self, variants: list[FeedVariant], code: str) -> list[FeedVariant]:
        """One variant per size: a store may list a size twice (two colours under one model)."""
        out: dict[str, FeedVariant] = {}
        for variant in variants:
            if not variant.size:
                continue
            if variant.size in out:
                out[variant.size].quantity += variant.quantity
                self.warn(code, f"size {variant.size} listed twice; quantities added")
            else:
                out[variant.size] = variant
        return list(out.values())

    def quantity(self, raw) -> int:
        try:
            return max(0, int(float(raw)))
        except (TypeError, ValueError):
            return 0
