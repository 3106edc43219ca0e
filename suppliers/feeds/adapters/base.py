"""The one interface every feed dialect implements, and the registry of dialects."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import BinaryIO, ClassVar

from ..records import FeedRecord, FeedWarning
from ..values import clean_pictures, money, parse_decimal, price_problem

DIALECTS: dict[str, type[FeedAdapter]] = {}


def register(cls: type[FeedAdapter]) -> type[FeedAdapter]:
    """Class decorator: make a dialect available to get_adapter() under cls.dialect."""
    if not getattr(cls, "dialect", ""):
        raise TypeError(f"{cls.__name__} has no dialect name")
    if DIALECTS.get(cls.dialect, cls) is not cls:
        raise ValueError(f"dialect {cls.dialect!r} is already registered")
    DIALECTS[cls.dialect] = cls
    return cls


def get_adapter(dialect: str, options: dict | None = None) -> FeedAdapter:
    try:
        cls = DIALECTS[dialect]
    except KeyError:
        known = ", ".join(sorted(DIALECTS))
        raise ValueError(f"unknown feed dialect {dialect!r} (known: {known})") from None
    return cls(options)


class FeedAdapter:
    """Turns one supplier file into FeedRecords.

    Subclasses set `dialect`, list their option defaults in `defaults` and
    implement parse(). Options the supplier did not set fall back to the
    defaults, so a supplier record only stores what is special about it.
    """

    dialect: ClassVar[str] = ""
    defaults: ClassVar[dict] = {}
    max_warnings: ClassVar[int] = 1000  # a broken 100 MB feed must not become 100 MB of warnings

    def __init__(self, options: dict | None = None):
        unknown = set(options or {}) - set(self.defaults) - {"rates", "max_warnings"}
        if unknown:
            raise ValueError(f"{self.dialect}: unknown option(s) {', '.join(sorted(unknown))}")
        self.options = {**self.defaults, **(options or {})}
        self.warnings: list[FeedWarning] = []
        self.warnings_dropped = 0
        # Exchange rates to UAH given by the supplier's configuration; YML
        # feeds add their own <currencies> on top (configured ones win).
        self.rates: dict[str, Decimal] = {"UAH": Decimal(1)}
        self.rates.update(self._configured_rates())

    def parse(self, stream: BinaryIO) -> Iterator[FeedRecord]:
        raise NotImplementedError

    # -- helpers shared by the dialects -------------------------------------

    def warn(self, offer_id: str, message: str) -> None:
        limit = self.options.get("max_warnings", self.max_warnings)
        if len(self.warnings) < limit:
            self.warnings.append(FeedWarning(str(offer_id), message))
        else:
            self.warnings_dropped += 1

    def _configured_rates(self) -> dict[str, Decimal]:
        out = {}
        for code, raw in (self.options.get("rates") or {}).items():
            rate = parse_decimal(raw)
            if rate is None or rate <= 0:
                raise ValueError(f"{self.dialect}: bad exchange rate {code}={raw!r}")
            out[code.upper()] = rate
        return out

    def to_uah(self, raw: str, currency: str, offer_id: str, what: str = "price") -> Decimal | None:
        """A price string in `currency` -> UAH Decimal, or None with a warning."""
        if not (raw or "").strip():
            return None
        amount = parse_decimal(raw)
        if amount is None:
            self.warn(offer_id, f"{what} {raw!r} is not a number")
            return None
        currency = (currency or "UAH").upper()
        if currency in ("UAH", "ГРН"):
            rate = Decimal(1)
        else:
            rate = self.rates.get(currency)
        if rate is None:
            self.warn(offer_id, f"{what} is in {currency} and no exchange rate is known")
            return None
        value = money(amount * rate)
        problem = price_problem(value)
        if problem:
            self.warn(offer_id, f"{what}: {problem}")
            return None
        return value

    def check_prices(self, record: FeedRecord) -> None:
        """Warn about a missing price; drop an 'old price' that is not above the price."""
        if record.price is None:
            self.warn(record.model_code, "no valid price")
            record.old_price = None  # meaningless without a price to compare it with
        elif record.old_price is not None and record.old_price <= record.price:
            self.warn(record.model_code,
                      f"old price {record.old_price} is not above price {record.price}; ignored")
            record.old_price = None

    def pictures(self, urls, offer_id: str) -> list[str]:
        kept, rejected = clean_pictures(urls)
        for url in rejected:
            self.warn(offer_id, f"picture URL {url[:80]!r} ignored")
        return kept
