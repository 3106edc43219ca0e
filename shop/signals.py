from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished, post_page_move

from shop.events import stock_refreshed
from shop.facets import catalog_changed, forget_facets
from shop.models import (
    AttributeDefinition,
    AttributeOption,
    CatalogPage,
    CategoryPage,
    Product,
    ProductAttribute,
)
from shop.models.products import only_bookkeeping

for model in (AttributeDefinition, AttributeOption):
    post_save.connect(forget_facets, sender=model, dispatch_uid=f"facets-save-{model.__name__}")
    post_delete.connect(forget_facets, sender=model, dispatch_uid=f"facets-del-{model.__name__}")

def product_saved(sender, update_fields=None, **kwargs):
    if not only_bookkeeping(update_fields):  # a draft revision leaves the listings as they are
        catalog_changed()


# Cached listing counts (shop.listing) go stale when products, their attributes, their stock
# or categories change. A supplier sync writes in bulk and calls catalog_changed itself
# before it sends shop.events.products_synced.
post_save.connect(product_saved, sender=Product, dispatch_uid="catalog-save-Product")
post_save.connect(catalog_changed, sender=ProductAttribute, dispatch_uid="catalog-save-ProductAttribute")
for model in (Product, ProductAttribute):
    post_delete.connect(catalog_changed, sender=model, dispatch_uid=f"catalog-del-{model.__name__}")
stock_refreshed.connect(catalog_changed, dispatch_uid="catalog-stock")
for page_model in (CatalogPage, CategoryPage):  # unpublishing one closes every category under it
    page_published.connect(catalog_changed, sender=page_model,
                           dispatch_uid=f"catalog-published-{page_model.__name__}")
    page_unpublished.connect(catalog_changed, sender=page_model,
                             dispatch_uid=f"catalog-unpublished-{page_model.__name__}")
post_page_move.connect(catalog_changed, dispatch_uid="catalog-page-moved")
