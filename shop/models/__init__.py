from shop.forms import EDITORIAL_FIELDS

from .attributes import AttributeDefinition, AttributeOption, ProductAttribute
from .catalog import CatalogPage, CategoryPage
from .products import FEED_FIELDS, Product, ProductImage, Variant
from .stock import StockRecord, Warehouse, refresh_product_stock

__all__ = [
    "AttributeDefinition", "AttributeOption", "ProductAttribute", "CatalogPage", "CategoryPage",
    "EDITORIAL_FIELDS", "FEED_FIELDS", "Product", "ProductImage", "Variant", "StockRecord", "Warehouse",
    "refresh_product_stock",
]
