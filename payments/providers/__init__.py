"""The payment providers by code."""

from .base import CallbackRejected, PaymentEvent, PaymentProvider, ProviderError, Redirect, ReturnUrls
from .liqpay import LiqPay
from .monobank import Monobank
from .wayforpay import WayForPay

PROVIDERS = {provider.code: provider for provider in (LiqPay(), WayForPay(), Monobank())}

__all__ = ["PROVIDERS", "CallbackRejected", "PaymentEvent", "PaymentProvider", "ProviderError", "Redirect",
           "ReturnUrls", "get_provider"]


def get_provider(code) -> PaymentProvider:
    try:
        return PROVIDERS[code]
    except KeyError:
        raise ProviderError(f"Unknown payment provider {code!r}") from None
