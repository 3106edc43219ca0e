"""Retail prices for synced products through shop.pricing, without a query per product.

shop.pricing.effective_markup() asks the product's category for its markup,
which walks up the page tree; here each category is asked once per run and
the same functions compute the price, so a synced price always equals what
Product.refresh_price() would compute.
"""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

from shop.models import CategoryPage
from shop.pricing import effective_markup, retail_price, round_price, rounding_rule


class _KnownMarkup:
    def __init__(self, markup):
        self.markup = markup

    def effective_markup(self):
        return self.markup


class Pricing:
    def __init__(self, supplier):
        self.supplier = supplier
        self._categories: dict[int, _KnownMarkup] = {}
        self._markups: dict[tuple, Decimal] = {}  # (product's own markup, category) -> markup
        self.rule = rounding_rule(SimpleNamespace(supplier_id=supplier.pk, supplier=supplier))

    def _category(self, category_id):
        if category_id is None:
            return None
        if category_id not in self._categories:
            page = CategoryPage.objects.filter(pk=category_id).first()
            self._categories[category_id] = _KnownMarkup(page.effective_markup() if page else None)
        return self._categories[category_id]

    def markup(self, markup_percent, category_id) -> Decimal:
        key = (markup_percent, category_id)
        if key not in self._markups:
            self._markups[key] = self._markup(markup_percent, category_id)
        return self._markups[key]

    def _markup(self, markup_percent, category_id) -> Decimal:
        proxy = SimpleNamespace(markup_percent=markup_percent, category=self._category(category_id),
                                supplier_id=self.supplier.pk, supplier=self.supplier)
        return effective_markup(proxy)

    def retail(self, supplier_price, markup_percent, category_id) -> Decimal | None:
        return retail_price(supplier_price, self.markup(markup_percent, category_id), self.rule)

    def compare_at(self, old_price, price) -> Decimal | None:
        """The supplier's recommended price, rounded like ours; only when above our price."""
        if old_price is None or not price:
            return None
        rounded = round_price(old_price, self.rule)
        return rounded if rounded > price else None
