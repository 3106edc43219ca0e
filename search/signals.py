"""What changes trigger reindexing (see search.indexing.schedule: batched, after commit, queued)."""

from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished, post_page_move

from search.analytics import forget_popular
from search.backends import get_backend
from search.indexing import reindex_products, schedule
from search.models import SearchQuery, SearchSynonym
from search.vocabulary import announce_change
from shop.events import products_synced as synced
from shop.events import stock_crossed_zero as stock_signal
from shop.models import CategoryPage, Product, ProductAttribute
from shop.models.products import only_bookkeeping


def product_changed(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or only_bookkeeping(update_fields):  # an AI or editor draft: nothing findable changed
        return
    schedule([instance.pk])


def attribute_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        schedule([instance.product_id])


def stock_crossed_zero(sender, product_ids=(), **kwargs):
    """In stock first: the index carries whether a product is in stock."""
    schedule(product_ids)


def category_changed(sender, instance, **kwargs):
    """A category published, unpublished, renamed or moved: its subtree's products change."""
    page = instance.specific if not isinstance(instance, CategoryPage) else instance
    if not isinstance(page, CategoryPage):
        return
    ids = Product.objects.filter(category__path__startswith=page.path).values_list("pk", flat=True)
    schedule(ids)


def synonyms_changed(sender, **kwargs):
    announce_change()
    if get_backend().name != "database":
        from django_q.tasks import async_task

        async_task("search.tasks.push_settings", group="search-settings")


def products_synced(sender, product_ids=(), **kwargs):
    """A supplier sync finished: reindex what it created, changed or unpublished."""
    reindex_products(product_ids)


def connect():
    post_save.connect(product_changed, sender=Product, dispatch_uid="search-product-save")
    post_delete.connect(product_changed, sender=Product, dispatch_uid="search-product-delete")
    for signal in (post_save, post_delete):
        signal.connect(attribute_changed, sender=ProductAttribute, dispatch_uid=f"search-attr-{id(signal)}")
        signal.connect(synonyms_changed, sender=SearchSynonym, dispatch_uid=f"search-syn-{id(signal)}")
        signal.connect(forget_popular, sender=SearchQuery, dispatch_uid=f"search-popular-{id(signal)}")
    stock_signal.connect(stock_crossed_zero, dispatch_uid="search-stock-crossed-zero")
    for signal in (page_published, page_unpublished):
        signal.connect(category_changed, sender=CategoryPage, dispatch_uid=f"search-cat-{id(signal)}")
    post_page_move.connect(category_changed, dispatch_uid="search-cat-move")
    synced.connect(products_synced, dispatch_uid="search-products-synced")
