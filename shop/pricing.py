"""Retail prices: computed in exactly one place.

    retail = supplier price x (1 + markup %), then rounded by a rule.

The markup comes from the product, else its category, else its supplier. A
marketplace channel (coming later) calls `retail_price` with its own markup
and rounding, so every price in the system follows the same arithmetic.
"""

from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

from django.conf import settings
from django.utils.translation import gettext_lazy as _

CENT = Decimal("0.01")
HUNDRED = Decimal("100")


class Rounding:
    NONE = "none"  # to the kopiyka
    UNIT = "unit"  # to whole hryvnias
    TEN = "ten"  # to tens
    UP_TO_9 = "up9"  # up to the next price ending in 9 (1834 -> 1839)
    UP_TO_99 = "up99"  # up to the next price ending in 99 (1834 -> 1899)

    CHOICES = [
        (NONE, _("No rounding (0.01)")),
        (UNIT, _("Whole hryvnias")),
        (TEN, _("Tens")),
        (UP_TO_9, _("Up to …9")),
        (UP_TO_99, _("Up to …99")),
    ]


def round_price(amount: Decimal, rule: str | None = None) -> Decimal:
    rule = rule or settings.SHOP_PRICE_ROUNDING
    if rule == Rounding.NONE:
        return amount.quantize(CENT, ROUND_HALF_UP)
    if rule == Rounding.UNIT:
        return amount.quantize(Decimal("1"), ROUND_HALF_UP).quantize(CENT)
    if rule == Rounding.TEN:
        return ((amount / 10).quantize(Decimal("1"), ROUND_HALF_UP) * 10).quantize(CENT)
    if rule in (Rounding.UP_TO_9, Rounding.UP_TO_99):
        step = Decimal("10") if rule == Rounding.UP_TO_9 else HUNDRED
        whole = amount.quantize(Decimal("1"), ROUND_CEILING)
        charm = (whole / step).quantize(Decimal("1"), ROUND_CEILING) * step - 1
        if charm < whole:
            charm += step
        return charm.quantize(CENT)
    raise ValueError(f"Unknown price rounding rule: {rule!r}")


def retail_price(supplier_price: Decimal, markup_percent: Decimal, rule: str | None = None):
    """Supplier price with the markup applied and rounded; None when there is no price."""
    if supplier_price is None:
        return None
    raw = Decimal(supplier_price) * (1 + Decimal(markup_percent) / HUNDRED)
    return round_price(raw, rule)


def effective_markup(product) -> Decimal:
    """Markup for a product: its own, else its category's, else its supplier's default."""
    if product.markup_percent is not None:
        return product.markup_percent
    category = product.category
    if category is not None:
        markup = category.effective_markup()
        if markup is not None:
            return markup
    if product.supplier_id is not None:
        return product.supplier.default_markup_percent
    return Decimal("0")


def rounding_rule(product) -> str:
    if product.supplier_id is not None and product.supplier.price_rounding:
        return product.supplier.price_rounding
    return settings.SHOP_PRICE_ROUNDING


def product_retail_price(product):
    return retail_price(product.supplier_price, effective_markup(product), rounding_rule(product))


def crossed_out_price(price, sale_price, compare_at_price, current_price):
    """The "old" price shown crossed out: the compare-at price or, on sale, the regular price,
    only when it is really higher than what the shopper pays (None otherwise). A plain function
    so bulk readers (channel feeds) that read rows as values share the product page's rule."""
    candidates = [p for p in (compare_at_price, price if sale_price else None) if p]
    best = max(candidates, default=None)
    return best if best and best > current_price else None
