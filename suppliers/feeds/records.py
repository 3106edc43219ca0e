"""The neutral shape every feed dialect is turned into.

Adapters know nothing about the shop's models and the importer knows nothing
about XML or CSV: these dataclasses are the whole contract between them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


class FeedError(Exception):
    """The feed must be rejected as a whole (unsafe, malformed, truncated, empty).

    It may be raised part-way through iteration (a truncated file is only
    noticed at its end), so a consumer must not commit anything it received
    from a feed that ends with this error.
    """


@dataclass
class FeedWarning:
    """Something odd about one offer that the importer may want to show."""

    offer_id: str
    message: str

    def __str__(self) -> str:
        return f"{self.offer_id}: {self.message}" if self.offer_id else self.message


@dataclass
class FeedVariant:
    size: str  # "36", "37.5" (normalised: no spaces, comma -> dot)
    quantity: int  # >= 0
    sku: str = ""
    barcode: str = ""


@dataclass
class FeedRecord:
    """One product model of one supplier, with one variant per size."""

    model_code: str  # supplier's model id (group_id, sku, article)
    name: str  # Ukrainian name as in the feed (raw, not cleaned)
    name_ru: str = ""
    description: str = ""  # raw HTML from the feed, NOT sanitized here
    category_key: str = ""  # supplier category id or path string
    category_name: str = ""  # human name / last path segment
    brand: str = ""
    price: Decimal | None = None  # in UAH, converted when the feed used another currency
    old_price: Decimal | None = None
    currency: str = "UAH"  # the currency the feed stated
    params: dict[str, str] = field(default_factory=dict)
    variants: list[FeedVariant] = field(default_factory=list)
    pictures: list[str] = field(default_factory=list)
    url: str = ""
    available: bool = True

    @property
    def sizes_in_stock(self) -> list[str]:
        return [v.size for v in self.variants if v.quantity > 0]
