"""What shop.orders calls through ORDER_ONLINE_PAYMENTS (see shop/orders/online_payment.py)."""

from django.urls import reverse

from payments.attempts import PaymentNotPossible, start_payment
from payments.providers import PROVIDERS


class OnlinePayments:
    def providers(self) -> dict:
        return {code: provider.label for code, provider in PROVIDERS.items()}

    def start(self, order) -> str:
        """Create the payment right after the order is placed; the shopper goes to our pay page,
        which hands them on to the provider (or says what went wrong, with a retry)."""
        try:
            start_payment(order)
        except PaymentNotPossible:
            pass
        return self.payment_url(order) + "?go=1"

    def payment_url(self, order) -> str:
        return reverse("payments:pay", kwargs={"token": order.token})


gateway = OnlinePayments()
