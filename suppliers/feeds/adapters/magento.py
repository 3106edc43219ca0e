"""Magento 2 products (REST) as the Magento connector stores them:
{"product": <product>, "children": [<simple product with size_label>], "stock": {sku: qty},
"categories": [{id, name}], "store_url": ...}.

A configurable product is one model and its children are its sizes; a simple product is a
model of one size (its size attribute) or of none. Prices: the lowest child's price, its
special price as the current one when lower (the regular price becomes the old price).
Disabled products (status 2) and disabled children have nothing on sale.
"""

from __future__ import annotations

from ..records import FeedRecord, FeedVariant
from ._store import StoreAdapter
from .base import register


def custom(product: dict, code: str):
    for attribute in product.get("custom_attributes") or []:
        if isinstance(attribute, dict) and attribute.get("attribute_code") == code:
            return attribute.get("value")
    return None


@register
class MagentoAdapter(StoreAdapter):
    dialect = "magento"
    defaults = {**StoreAdapter.defaults, "store_code": "", "page_size": 100, "stock": "msi", "sources": [],
                "size_attribute_code": "size", "media_url": "", "url_suffix": ".html"}

    def record(self, row: dict) -> FeedRecord | None:
        product = row.get("product") or {}
        code = str(product.get("sku") or "")
        if not code:
            self.warn(str(product.get("id") or ""), "a product without SKU ignored")
            return None
        enabled = str(product.get("status")) == "1"
        categories = [c for c in row.get("categories") or [] if isinstance(c, dict)]
        url_key = custom(product, "url_key")
        base = str(row.get("store_url") or "").rstrip("/")  # the connector notes where it read
        record = FeedRecord(
            model_code=code, name=str(product.get("name") or ""),
            description=str(custom(product, "description") or custom(product, "short_description") or ""),
            category_key=str(categories[-1]["id"]) if categories else "",
            category_name=str(categories[-1].get("name") or "") if categories else "",
            brand=self.options["brand"], currency=self.options["currency"],
            pictures=self.pictures(self._pictures(product, base), code),
            url=f"{base}/{url_key}{self.options['url_suffix']}" if base and url_key else "",
            available=enabled,
        )
        stock = {str(k): self.quantity(v) for k, v in (row.get("stock") or {}).items()}
        children = [c for c in row.get("children") or [] if isinstance(c, dict)]
        if product.get("type_id") == "configurable":
            items = [(c, self.size(c.get("size_label"), code)) for c in children]
        else:
            items = [(product, self.size(custom(product, self.options["size_attribute_code"]) or "", code))]
        variants, cheapest = [], None
        for item, size in items:
            on_sale = enabled and str(item.get("status", 1)) == "1"
            sku = str(item.get("sku") or "")
            variants.append(FeedVariant(size=size, quantity=stock.get(sku, 0) if on_sale else 0, sku=sku))
            prices = self._prices(item, record.currency, code)
            if prices and (cheapest is None or prices[0] < cheapest[0]):
                cheapest = prices
        record.variants = self.merge_variants(variants, code)
        if cheapest:
            record.price, record.old_price = cheapest
        return record

    def _prices(self, item: dict, currency: str, code: str):
        regular = self.to_uah(str(item.get("price") or ""), currency, code)
        special = self.to_uah(str(custom(item, "special_price") or ""), currency, code, "special price")
        if regular is None:
            return None
        if special is not None and special < regular:
            return special, regular
        return regular, None

    def _pictures(self, product: dict, base: str) -> list[str]:
        root = (self.options["media_url"] or f"{base}/media/catalog/product").rstrip("/")
        entries = sorted((e for e in product.get("media_gallery_entries") or []
                          if isinstance(e, dict) and not e.get("disabled") and e.get("file")),
                         key=lambda e: e.get("position") or 0)
        return [root + "/" + str(e["file"]).lstrip("/") for e in entries]
