"""The sample catalog and how it moves from one day to the next.

Every model draws from its own random stream keyed by (seed, supplier, index)
and every model-day from (seed, supplier, index, day), so day N is day N-1
plus that day's changes: a sync of day 0 then day 1 sees exactly those changes.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from .vocab import COLOURS, KINDS, MATERIALS, SIZES, SUPPLIERS, Colour, Kind, Material, Supplier

USD_RATE = Decimal("41.35")  # vzuttia's rate in <currencies>
CENT = Decimal("0.01")

# Quirks are placed by index so that even a 60-model catalog shows each one:
# quirk -> (every n-th model, offset).
QUIRKS = {
    "kalyna": {"no_price": (29, 3), "duplicate_offer": (31, 5), "unknown_category": (37, 7),
               "space_in_url": (13, 2), "quoted_brand": (17, 8), "emoji": (19, 11)},
    "vzuttia": {"hostile_html": (10, 4), "low_oldprice": (23, 6), "escaped_name": (11, 3)},
    "solomoda": {"repeated_photo": (12, 1)},
    "lorena": {"zero_price": (41, 2), "delimiter_in_text": (5, 1)},
}


@dataclass
class Model:
    supplier: Supplier
    index: int
    number: int  # the numeric core of the supplier's model code
    kind: Kind
    colour: Colour
    material: Material
    season: str
    price: int  # UAH the supplier charges the shop, before any feed quirk
    rrp: int | None
    stock: dict[int, int]
    photos: int
    quirks: frozenset[str]
    born: int = 0
    died: int | None = None
    extra: dict = field(default_factory=dict)

    @property
    def code(self) -> str:
        """The model code the feed carries, i.e. what an adapter yields as model_code."""
        n = self.number
        return {"kalyna": str(n), "vzuttia": f"VZ{n}", "solomoda": f"SM-{n}",
                "lorena": f"{n // 100}-{n % 100:02d}"}[self.supplier.slug]

    @property
    def clean_name(self) -> str:
        return f"{self.kind.uk} жіночі {self.material.adjective} {self.colour.uk}"

    @property
    def english_name(self) -> str:
        return f"Women's {self.colour.en} {self.material.en} {self.kind.en}"

    def usd(self, uah: int) -> Decimal:
        return (Decimal(uah) / USD_RATE).quantize(CENT, rounding=ROUND_HALF_UP)

    def feed_price(self) -> Decimal | None:
        """The price in UAH a correct import reads from this model's feed."""
        if self.quirks & {"no_price", "zero_price"}:
            return None
        if self.supplier.slug == "vzuttia":
            return (self.usd(self.price) * USD_RATE).quantize(CENT, rounding=ROUND_HALF_UP)
        return Decimal(self.price).quantize(CENT)

    def feed_old_price(self) -> Decimal | None:
        if self.rrp is None or "low_oldprice" in self.quirks or self.feed_price() is None:
            return None
        if self.supplier.slug == "vzuttia":
            return (self.usd(self.rrp) * USD_RATE).quantize(CENT, rounding=ROUND_HALF_UP)
        return Decimal(self.rrp).quantize(CENT)


def _new_model(supplier: Supplier, index: int, seed: int, born: int) -> Model:
    rng = random.Random(f"sample|{seed}|{supplier.slug}|{index}")
    kind = rng.choice(KINDS)
    low, high = rng.choice((35, 35, 36)), rng.choice((39, 40, 41, 41))
    price = rng.randrange(59, 480) * 10
    quirks = frozenset(q for q, (every, offset) in QUIRKS[supplier.slug].items()
                       if index % every == offset)
    rrp = round(price * rng.uniform(1.25, 1.6), -1) if rng.random() < 0.35 else None
    if "low_oldprice" in quirks:
        rrp = round(price * 0.8, -1)  # an "old" price below the price: not a sale
    return Model(
        supplier=supplier, index=index,
        number=10000 + (index * 7919 + seed * 131) % 90000,  # 7919 is prime: codes never repeat
        kind=kind, colour=rng.choice(COLOURS), material=rng.choice(MATERIALS),
        season=rng.choice(kind.seasons), price=price, rrp=int(rrp) if rrp else None,
        stock={s: rng.choice((0, 0, 1, 1, 2, 3, 4, 6)) for s in SIZES if low <= s <= high},
        photos=rng.choice((2, 2, 3)), quirks=quirks, born=born,
    )


def _advance(model: Model, seed: int, day: int) -> None:
    rng = random.Random(f"sample|{seed}|{model.supplier.slug}|{model.index}|day{day}")
    if rng.random() < 0.03:
        model.died = day
        return
    if rng.random() < 0.10:
        model.price = int(round(model.price * rng.choice((0.9, 0.95, 1.05, 1.1, 1.15)), -1))
        if model.rrp is not None and "low_oldprice" not in model.quirks:
            model.rrp = max(model.rrp, model.price + 100)
    if rng.random() < 0.30:
        for size in rng.sample(sorted(model.stock), k=min(2, len(model.stock))):
            model.stock[size] = max(0, model.stock[size] + rng.choice((-3, -1, 1, 2, 5)))


def split(models: int) -> dict[str, int]:
    """How many day-0 models each supplier has; the counts add up to `models`."""
    counts = {s.slug: max(1, round(models * s.share)) for s in SUPPLIERS}
    counts[SUPPLIERS[0].slug] += models - sum(counts.values())
    return counts


def build(models: int, seed: int, day: int) -> dict[str, list[Model]]:
    """Models in each supplier's feed on `day`, in feed order."""
    out: dict[str, list[Model]] = {}
    for supplier, base in zip(SUPPLIERS, split(models).values(), strict=True):
        arrivals = max(1, round(base * 0.02))
        catalog = [_new_model(supplier, i, seed, 0) for i in range(base)]
        for d in range(1, day + 1):
            for model in catalog:
                if model.died is None and model.born < d:
                    _advance(model, seed, d)
            start = base + (d - 1) * arrivals
            catalog += [_new_model(supplier, i, seed, d) for i in range(start, start + arrivals)]
        out[supplier.slug] = [m for m in catalog if m.died is None]
    return out
