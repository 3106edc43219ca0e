"""What every payment provider offers the rest of the app, and what it hands back."""

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.http import HttpResponse
from django.utils import translation
from django.utils.translation import pgettext


def description(order) -> str:
    """What the shopper sees on the provider's page for this order, in the order's language."""
    with translation.override(order.language or settings.LANGUAGE_CODE):
        return pgettext("payment description", "Order %(number)s") % {"number": order.number}


class ProviderError(Exception):
    """The provider refused a request or could not be reached; the message is for the log and admin."""


class CallbackRejected(Exception):
    """A callback whose signature or body does not hold up: answered 400, nothing changes."""


@dataclass(frozen=True)
class Redirect:
    """Where the shopper's browser goes to pay: a GET link or a form it posts (fields may repeat)."""

    url: str
    method: str = "GET"
    fields: list = field(default_factory=list)
    provider_reference: str = ""

    def as_json(self):
        return {"url": self.url, "method": self.method, "fields": [list(pair) for pair in self.fields]}


@dataclass(frozen=True)
class ReturnUrls:
    shopper: str   # where the provider sends the shopper back
    callback: str  # where the provider's server reports the outcome


@dataclass(frozen=True)
class PaymentEvent:
    """A verified callback, in our terms. `status` is a Payment.Status value, or None when the event
    must not change anything (e.g. a sandbox payment outside sandbox mode)."""

    reference: str
    status: str | None
    amount: Decimal
    currency: str
    provider_status: str
    provider_reference: str = ""
    occurred_at: datetime | None = None


class PaymentProvider:
    code = ""
    label = ""

    def configured(self) -> bool:
        raise NotImplementedError

    def begin(self, payment, urls: ReturnUrls) -> Redirect:
        """Start paying `payment` at the provider; raises ProviderError."""
        raise NotImplementedError

    def signed_body(self, request) -> bytes:
        """The bytes the provider signed, kept with the callback and hashed to recognise replays."""
        return request.body

    def verify(self, request) -> PaymentEvent:
        """Check a callback's signature, then read it; raises CallbackRejected."""
        raise NotImplementedError

    def fetch_status(self, payment) -> PaymentEvent | None:
        """Ask the provider where `payment` stands (before giving up on it); None when the provider
        has no such payment (the shopper never got as far as paying). Raises ProviderError when
        the provider cannot be asked or gives an answer we cannot trust."""
        raise NotImplementedError

    def acknowledge(self, event: PaymentEvent) -> HttpResponse:
        """The answer that tells the provider the callback arrived (so it stops retrying)."""
        return HttpResponse("OK", content_type="text/plain")
