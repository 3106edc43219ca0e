"""Shopify products (Admin GraphQL) as the Shopify connector stores them:
{"product": {id, title, descriptionHtml, vendor, productType, category, status, images,
variants: [{sku, barcode, price, compareAtPrice, selectedOptions, inventoryQuantity,
levels?}]}}.

The size is the variant's selected option named in `size_attributes`. Stock is the
variant's quantity at the supplier's `locations` when they are set (the connector then
stores `levels`), else its inventoryQuantity over all locations. Only ACTIVE products are
on sale; DRAFT and ARCHIVED ones keep their sizes at zero.
"""

from __future__ import annotations

from ..records import FeedRecord, FeedVariant
from ._store import StoreAdapter
from .base import register


@register
class ShopifyAdapter(StoreAdapter):
    dialect = "shopify"
    defaults = {**StoreAdapter.defaults, "api_version": "", "page_size": 10, "bulk": True,
                "locations": [], "category_from": "product_type"}  # or "category" (Shopify's taxonomy)

    def record(self, row: dict) -> FeedRecord | None:
        product = row.get("product") or {}
        gid = str(product.get("id") or "")
        code = gid.rsplit("/", 1)[-1]
        if not code:
            self.warn("", "a product without id ignored")
            return None
        on_sale = product.get("status") == "ACTIVE"
        taxonomy = product.get("category") or {}
        if self.options["category_from"] == "category" and taxonomy.get("id"):
            key, name = str(taxonomy["id"]), str(taxonomy.get("fullName") or "")
        else:
            key = name = str(product.get("productType") or "")
        record = FeedRecord(
            model_code=code, name=str(product.get("title") or ""),
            description=str(product.get("descriptionHtml") or ""),
            category_key=key, category_name=name.split(" > ")[-1],
            brand=str(product.get("vendor") or "") or self.options["brand"],
            currency=self.options["currency"],
            pictures=self.pictures(product.get("images") or [], code),
            url=str(product.get("onlineStoreUrl") or ""), available=on_sale,
        )
        variants, cheapest = [], None
        for variant in product.get("variants") or []:
            if not isinstance(variant, dict):
                continue
            options = {str(o.get("name") or "").casefold(): o.get("value")
                       for o in variant.get("selectedOptions") or [] if isinstance(o, dict)}
            size = self.size(next((v for n, v in options.items() if n in self.size_names), ""), code)
            variants.append(FeedVariant(size=size, quantity=self._quantity(variant) if on_sale else 0,
                                        sku=str(variant.get("sku") or ""),
                                        barcode=str(variant.get("barcode") or "")))
            price = self.to_uah(str(variant.get("price") or ""), record.currency, code)
            if price is not None and (cheapest is None or price < cheapest[0]):
                cheapest = (price, variant)
        record.variants = self.merge_variants(variants, code)
        if cheapest is not None:
            record.price = cheapest[0]
            record.old_price = self.to_uah(str(cheapest[1].get("compareAtPrice") or ""), record.currency,
                                           code, "old price")
        for name_, value in self._params(product).items():
            record.params[name_] = value
        return record

    def _quantity(self, variant: dict) -> int:
        if self.options["locations"]:
            return sum(self.quantity(level.get("available")) for level in variant.get("levels") or [])
        return self.quantity(variant.get("inventoryQuantity"))

    def _params(self, product: dict) -> dict[str, str]:
        """Non-size options shared by every variant (a model in one colour) become params."""
        seen: dict[str, set[str]] = {}
        for variant in product.get("variants") or []:
            for option in variant.get("selectedOptions") or []:
                name = str(option.get("name") or "")
                if name and name.casefold() not in self.size_names and name.casefold() != "title":
                    seen.setdefault(name, set()).add(str(option.get("value") or ""))
        return {name: ", ".join(sorted(v for v in values if v)) for name, values in seen.items() if values}
