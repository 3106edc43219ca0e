"""One order as every channel's adapter hands it over, whatever the channel's JSON looked like."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation


class PayloadError(ValueError):
    """The channel sent an order we cannot read (no id, a quantity or price that is not a number)."""


@dataclass
class ChannelLine:
    external_id: str
    offer_id: str
    name: str
    sku: str
    quantity: int
    unit_price: Decimal

    def key(self):
        return (self.offer_id, self.quantity, str(self.unit_price))


@dataclass
class ChannelOrder:
    external_id: str
    status: str
    status_label: str = ""
    changed_at: datetime | None = None
    name: str = ""
    phone: str = ""
    email: str = ""
    city: str = ""
    address: str = ""
    branch: str = ""
    comment: str = ""
    delivery_name: str = ""
    payment_name: str = ""
    cash_on_delivery: bool = False
    tracking_number: str = ""
    total: Decimal | None = None
    duplicate_of: str = ""
    lines: list[ChannelLine] = field(default_factory=list)

    def lines_digest(self) -> str:
        return digest(sorted(line.key() for line in self.lines))


def digest(value) -> str:
    """A stable fingerprint of JSON-like data (key order and whitespace do not matter)."""
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


_CURRENCY = re.compile(r"(?i)грн\.?|uah|₴")


def parse_money(value) -> Decimal:
    """Prices as the channels write them: 1299, "1299.00", "1 299,50 грн", "1\u00a0299 грн."."""
    if isinstance(value, bool) or value is None:
        raise PayloadError(f"not a price: {value!r}")
    if isinstance(value, int | Decimal):
        return Decimal(value).quantize(Decimal("0.01"))
    if isinstance(value, float):
        return Decimal(str(value)).quantize(Decimal("0.01"))
    text = _CURRENCY.sub("", str(value)).replace("\u00a0", "").replace("\u202f", "").replace(" ", "").strip()
    if "," in text and "." in text:  # 1,299.50: the comma groups thousands
        text = text.replace(",", "")
    text = text.replace(",", ".")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise PayloadError(f"not a price: {value!r}") from None
    if not amount.is_finite() or amount < 0:
        raise PayloadError(f"not a price: {value!r}")
    return amount.quantize(Decimal("0.01"))


def parse_quantity(value) -> int:
    try:
        quantity = Decimal(str(value).replace(",", "."))
    except InvalidOperation:
        raise PayloadError(f"not a quantity: {value!r}") from None
    if not quantity.is_finite() or quantity <= 0 or quantity != quantity.to_integral_value():
        raise PayloadError(f"not a quantity: {value!r}")
    return int(quantity)


def text(value, limit: int = 255) -> str:
    return ("" if value is None else str(value)).strip()[:limit]
