"""Turn checkouts left past their expiry into AbandonedCarts.

Run it every few minutes from cron, or as a django-q2 schedule of
`shop.orders.services.checkout.expire_checkouts` (docs: shop/orders/README.md).
"""

from django.core.management.base import BaseCommand

from shop.orders.services.checkout import expire_checkouts


class Command(BaseCommand):
    help = "Record expired, unfinished checkouts as abandoned carts."

    def handle(self, *args, **options):
        recorded = expire_checkouts()
        self.stdout.write(f"abandoned carts recorded: {recorded}")
