"""After a supplier sync changed any of a channel's products: rebuild its feed, and push price and
stock to Prom.ua at once when the channel has an API token (the feed follows within minutes)."""

from django.conf import settings
from wagtail.signals import page_published, published

from shop.events import order_state_changed, products_synced


def rebuild_after_sync(sender, supplier=None, product_ids=(), **kwargs):
    from channels.models import Channel, ChannelListing
    from channels.tasks import enqueue_build, enqueue_prom_push

    product_ids = list(product_ids or ())
    if not product_ids:
        return
    for channel in Channel.objects.filter(active=True).prefetch_related("suppliers", "categories"):
        if touches(channel, product_ids, ChannelListing):
            enqueue_build(channel, "sync")
            if channel.kind == Channel.Kind.PROM_YML and channel.prom_api_token:
                enqueue_prom_push(channel, product_ids)


def touches(channel, product_ids, listing_model) -> bool:
    """Whether the sync changed a product the channel lists now or listed before (it may be gone)."""
    return (listing_model.objects.filter(channel=channel, product_id__in=product_ids).exists()
            or channel.products().filter(pk__in=product_ids).exists())


def indexnow_after_sync(sender, product_ids=(), **kwargs):
    if settings.INDEXNOW_KEY and product_ids:
        from channels.indexnow import product_and_category_urls, queue

        queue(product_and_category_urls(product_ids))


def indexnow_after_publish(sender, instance, **kwargs):
    """An editor published a product (a snippet) or a category page."""
    if not settings.INDEXNOW_KEY:
        return
    from channels.indexnow import product_and_category_urls, queue
    from shop.models import CategoryPage, Product

    if isinstance(instance, Product):
        queue(product_and_category_urls([instance.pk]))
    elif isinstance(instance, CategoryPage):  # page_published sends the specific page
        queue([instance.get_full_url()])


def order_state_changed_receiver(sender, **kwargs):
    from channels.orders.pushing import order_moved

    order_moved(sender, **kwargs)


def connect():
    order_state_changed.connect(order_state_changed_receiver, dispatch_uid="channels-order-pushes")
    products_synced.connect(rebuild_after_sync, dispatch_uid="channels-rebuild-after-sync")
    products_synced.connect(indexnow_after_sync, dispatch_uid="channels-indexnow-after-sync")
    published.connect(indexnow_after_publish, dispatch_uid="channels-indexnow-snippet-published")
    page_published.connect(indexnow_after_publish, dispatch_uid="channels-indexnow-page-published")
