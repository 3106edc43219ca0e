"""What every feed writer shares: the channel's context, refusals, and the offer element contract.

A writer streams one document through lxml's `etree.xmlfile`: `document()` opens the root and
header, `write_entry()` writes one product's offers as finished elements, so only one product
is ever held in memory. The same writer also knows its offer element (tag, id, how to mark it
unavailable), which is what the validator and the carry-over of vanished offers need.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from copy import deepcopy
from dataclasses import dataclass

from channels.models import RefusedOffer
from channels.projection import Entry, Refusal

Reason = RefusedOffer.Reason
MONEY_RE = re.compile(r"^\d+(\.\d{1,2})?$")


@dataclass(frozen=True)
class FeedCategory:
    id: int
    parent_id: int | None
    title: str
    external_id: str


@dataclass(frozen=True)
class ShopInfo:
    name: str
    company: str
    url: str


class FeedWriter:
    kind = ""
    offer_tag = ""  # the element (Clark notation) that is one offer
    picture_cap = 10
    name_limit = 255
    id_limit = 100
    brand_required = False

    def __init__(self, channel, shop: ShopInfo, categories: list[FeedCategory]):
        self.channel = channel
        self.shop = shop
        self.categories = categories

    # --- what a channel takes ---
    def refuse(self, entry: Entry) -> Refusal | None:
        """The reason this channel cannot list the product, beyond the projection's own checks."""
        if self.brand_required and not entry.brand:
            return Refusal(entry.product_id, entry.title[:255], Reason.MISSING_BRAND)
        return None

    # --- writing ---
    @contextmanager
    def document(self, xf):
        raise NotImplementedError
        yield

    def write_entry(self, xf, entry: Entry) -> None:
        """One element per offer: what the sizes share is built (and cleaned) once, then copied."""
        template = self.entry_template(entry)
        for offer in entry.offers:
            element = deepcopy(template)
            self.fill_offer(element, entry, offer)
            xf.write(element)

    def entry_template(self, entry: Entry):
        """The offer element with everything every size of the product shares."""
        raise NotImplementedError

    def fill_offer(self, element, entry: Entry, offer) -> None:
        """Add what is this size's own to a copy of the template."""
        raise NotImplementedError

    # --- an offer element, as the validator and the carry-over read it ---
    def offer_id(self, element) -> str:
        raise NotImplementedError

    def mark_unavailable(self, element) -> None:
        raise NotImplementedError

    def note_header(self, path: str, element, context) -> None:
        """Remember what offers refer to (declared categories) while the header is read."""

    def check_offer(self, element, context) -> list[str]:
        """What is wrong with one offer element (empty: nothing)."""
        raise NotImplementedError

    def check_header(self, root_tag: str, seen: set[str]) -> list[str]:
        """What is missing around the offers; `seen` holds the header paths that were present."""
        return [f"missing {path}" for path in self.required_header if path not in seen]

    required_header: tuple[str, ...] = ()
    root_tag = ""
