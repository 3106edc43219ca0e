"""Prom.ua-style YML: one <offer> per size, the sizes of a model share group_id.

The offers of one model normally follow each other, so a handful of groups
are kept open and the oldest is emitted when the window is full: this keeps
memory bounded on huge feeds while tolerating mildly interleaved exports.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator
from typing import BinaryIO

from ..records import FeedRecord, FeedVariant
from ..values import normalise_size, tidy_text
from ._yml import Offer, YmlAdapter
from .base import register


@register
class YmlGroupedAdapter(YmlAdapter):
    dialect = "yml_grouped"
    defaults = {**YmlAdapter.defaults, "open_groups": 64}

    def __init__(self, options: dict | None = None):
        super().__init__(options)
        self._first_pictures: dict[str, list[str]] = {}  # raw URLs of each open group

    def parse(self, stream: BinaryIO) -> Iterator[FeedRecord]:
        open_groups: OrderedDict[str, FeedRecord] = OrderedDict()
        emitted: set[str] = set()
        seen_offers: set[str] = set()
        for offer in self.offers(stream):
            code = (offer.attrs.get("group_id") or "").strip() or offer.text("vendorCode") \
                or offer.id
            if not code:
                self.warn("", "offer without id or group_id ignored")
                continue
            if offer.id and offer.id in seen_offers:
                self.warn(offer.id, "duplicate offer ignored")
                continue
            seen_offers.add(offer.id)
            if code in emitted:
                self.warn(offer.id, f"offer of group {code} arrived after the group was "
                                    "complete; raise options['open_groups'] for this feed")
                continue
            record = open_groups.get(code)
            if record is None:
                record = open_groups[code] = self._start(offer, code)
            else:
                self._merge(record, offer)
            open_groups.move_to_end(code)
            self._add_variant(record, offer)
            while len(open_groups) > self.options["open_groups"]:
                done_code, done = open_groups.popitem(last=False)
                emitted.add(done_code)
                yield self._finish(done)
        for record in open_groups.values():
            yield self._finish(record)

    def _start(self, offer: Offer, code: str) -> FeedRecord:
        record = self.base_record(offer, code)
        record.params, _ = self.split_params(offer)
        record.available = False  # becomes True with the first size on sale
        self._first_pictures[code] = offer.pictures
        return record

    def _merge(self, record: FeedRecord, offer: Offer) -> None:
        """Later sizes may carry what the first one lacked (price, pictures)."""
        if record.price is None:
            currency = (offer.text("currencyId") or record.currency).upper()
            record.price = self.to_uah(offer.text("price"), currency, offer.id)
        if offer.pictures == self._first_pictures.get(record.model_code):
            return  # the usual case: every size repeats the model's photos
        for url in self.pictures(offer.pictures, offer.id):
            if url not in record.pictures:
                record.pictures.append(url)

    def _add_variant(self, record: FeedRecord, offer: Offer) -> None:
        sizes = [value for name, value in offer.params if self.is_size(name)]
        size = normalise_size(sizes[0]) if sizes and sizes[0] else ""
        on_sale = self.is_available(offer)
        if not size:
            # An unsized product (or a sloppy export): no variant to create,
            # but its availability still counts.
            self.warn(offer.id, "offer has no size parameter; no variant created")
            record.available = record.available or on_sale
            return
        if any(v.size == size for v in record.variants):
            self.warn(offer.id, f"size {size} of {record.model_code} listed twice; kept the first")
            return
        quantity = self.quantity(offer)
        if quantity is None:
            quantity = self.options["default_quantity"] if on_sale else 0
        elif not on_sale:
            quantity = 0  # available="false" wins over a stale stock count
        record.variants.append(FeedVariant(
            size=size, quantity=quantity, sku=offer.id, barcode=tidy_text(offer.text("barcode")),
        ))
        record.available = record.available or quantity > 0

    def _finish(self, record: FeedRecord) -> FeedRecord:
        self._first_pictures.pop(record.model_code, None)
        self.check_prices(record)
        return record
