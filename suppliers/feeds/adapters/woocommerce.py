"""WooCommerce products (REST API v3) as the WooCommerce connector stores them:
{"product": <product>, "variations": [<variation>, ...]}.

A variable product is one model; its variations are the sizes (the variation attribute
named in `size_attributes`). A simple product's sizes are the options of its size
attribute. Prices are the variations' (the lowest current price, with its regular price as
the old one when on sale). A product that is not published, or a variation that is
disabled, has nothing on sale.
"""

from __future__ import annotations

from ..records import FeedRecord, FeedVariant
from ._store import StoreAdapter
from .base import register
from .yml_models import spread


@register
class WooCommerceAdapter(StoreAdapter):
    dialect = "woocommerce"
    defaults = {**StoreAdapter.defaults, "per_page": 100}

    def record(self, row: dict) -> FeedRecord | None:
        product = row.get("product") or {}
        code = str(product.get("id") or "")
        if not code:
            self.warn("", "a product without id ignored")
            return None
        published = product.get("status") == "publish"
        categories = [c for c in product.get("categories") or [] if isinstance(c, dict)]
        record = FeedRecord(
            model_code=code,
            name=str(product.get("name") or ""),
            description=str(product.get("description") or product.get("short_description") or ""),
            category_key=str(categories[0].get("id", "")) if categories else "",
            category_name=str(categories[0].get("name", "")) if categories else "",
            brand=self._brand(product),
            currency=self.options["currency"],
            params=self._params(product),
            pictures=self.pictures([i.get("src", "") for i in product.get("images") or []
                                    if isinstance(i, dict)], code),
            url=str(product.get("permalink") or ""),
            available=published,
        )
        if product.get("type") == "variable":
            record.variants, priced = self._variations(row.get("variations") or [], code, published)
        else:
            record.variants, priced = self._simple_sizes(product, code, published), product
        if priced is not None:
            record.price = self.to_uah(str(priced.get("price") or ""), record.currency, code)
            regular = self.to_uah(str(priced.get("regular_price") or ""), record.currency, code, "old price")
            if record.price is not None and regular is not None and regular > record.price:
                record.old_price = regular
        return record

    def _brand(self, product: dict) -> str:
        brands = product.get("brands")  # WooCommerce 9.6+ has a brands taxonomy
        if isinstance(brands, list) and brands and isinstance(brands[0], dict):
            return str(brands[0].get("name") or "")
        for attribute in product.get("attributes") or []:
            if self._is(attribute, self.brand_names) and attribute.get("options"):
                return str(attribute["options"][0])
        return self.options["brand"]

    def _params(self, product: dict) -> dict[str, str]:
        out = {}
        for attribute in product.get("attributes") or []:
            if not isinstance(attribute, dict) or attribute.get("variation"):
                continue
            if self._is(attribute, self.size_names) or self._is(attribute, self.brand_names):
                continue
            values = [str(v) for v in attribute.get("options") or [] if str(v).strip()]
            if attribute.get("name") and values:
                out[str(attribute["name"])] = ", ".join(values)
        return out

    @staticmethod
    def _is(attribute: dict, wanted: set[str]) -> bool:
        return any(str(attribute.get(k) or "").casefold() in wanted for k in ("name", "slug"))

    def _stock(self, item: dict, on_sale: bool) -> int | None:
        """Counted stock, else default_quantity for 'instock', 0 otherwise; None: not counted."""
        if not on_sale:
            return 0
        if item.get("manage_stock") is True and item.get("stock_quantity") is not None:
            return self.quantity(item.get("stock_quantity"))
        return None if item.get("stock_status") == "instock" else 0

    def _variations(self, variations: list, code: str, published: bool):
        variants, priced = [], None
        for variation in variations:
            if not isinstance(variation, dict):
                continue
            size_value = next((a.get("option") for a in variation.get("attributes") or []
                               if isinstance(a, dict) and self._is(a, self.size_names)), None)
            size = self.size(size_value, code)
            on_sale = published and variation.get("status", "publish") == "publish"
            stock = self._stock(variation, on_sale)
            quantity = self.options["default_quantity"] if stock is None else stock
            variants.append(FeedVariant(size=size, quantity=quantity, sku=str(variation.get("sku") or ""),
                                        barcode=str(variation.get("global_unique_id") or "")))
            if str(variation.get("price") or "").strip() and (
                    priced is None or _amount(variation) < _amount(priced)):
                priced = variation
        if priced is None and variations:
            self.warn(code, "no variation has a price")
        return self.merge_variants(variants, code), priced

    def _simple_sizes(self, product: dict, code: str, published: bool) -> list[FeedVariant]:
        attribute = next((a for a in product.get("attributes") or []
                          if isinstance(a, dict) and self._is(a, self.size_names)), None)
        sizes = [s for s in (self.size(v, code) for v in (attribute or {}).get("options") or []) if s]
        if not sizes:
            self.warn(code, "no size: the product has no size attribute")
            return []
        stock = self._stock(product, published)
        shares = ([self.options["default_quantity"]] * len(sizes) if stock is None
                  else spread(stock, len(sizes)) if stock else [0] * len(sizes))
        sku = str(product.get("sku") or "")
        return self.merge_variants([FeedVariant(size=s, quantity=q, sku=f"{sku}-{s}" if sku else "")
                                    for s, q in zip(sizes, shares, strict=True)], code)


def _amount(item: dict) -> float:
    try:
        return float(str(item.get("price")).replace(",", "."))
    except (TypeError, ValueError):
        return float("inf")
