"""What the sync hears from the catalog."""

from django.dispatch import receiver

from shop.events import feed_fields_released
from suppliers.models import FeedItem


@receiver(feed_fields_released)
def forget_released_products(sender, product_ids, fields, **kwargs):
    """The next run treats these products as changed and rewrites the fields given back
    (a description is otherwise rewritten only when the feed's text changes)."""
    FeedItem.objects.filter(product_id__in=product_ids).update(description_digest="", record_digest="")
