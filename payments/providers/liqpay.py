"""LiqPay (PrivatBank): a form the browser posts to the checkout page, and a server callback.

Both carry `data` (base64 of a JSON object) and `signature` = base64(sha1(private + data + private)),
the raw 20-byte digest, not its hex. The signature is checked before `data` is decoded at all.
"""

import base64
import hashlib
import hmac
import json
from decimal import Decimal, InvalidOperation
from urllib.parse import urlencode

import requests
from django.conf import settings

from payments.models import Payment

from .base import CallbackRejected, PaymentEvent, PaymentProvider, ProviderError, Redirect, description

Status = Payment.Status
STATUSES = {
    "success": Status.PAID,
    "failure": Status.FAILED,
    "error": Status.FAILED,
    "reversed": Status.REFUNDED,
}
# What LiqPay answers about an order_id it never saw a payment for.
NOT_FOUND = ("payment_not_found", "order_not_found")
TIMEOUT = 15


def encode(params: dict) -> str:
    return base64.b64encode(json.dumps(params, separators=(",", ":")).encode()).decode()


def signature(private_key: str, data: str) -> str:
    return base64.b64encode(hashlib.sha1((private_key + data + private_key).encode()).digest()).decode()


class LiqPay(PaymentProvider):
    code = "liqpay"
    label = "LiqPay"

    def configured(self):
        return bool(settings.LIQPAY_PUBLIC_KEY and settings.LIQPAY_PRIVATE_KEY)

    def begin(self, payment, urls):
        params = {
            "public_key": settings.LIQPAY_PUBLIC_KEY, "version": "3", "action": "pay",
            "amount": str(payment.amount), "currency": payment.currency,
            "description": description(payment.order), "order_id": payment.reference,
            "result_url": urls.shopper, "server_url": urls.callback,
            "language": "en" if payment.order.language.startswith("en") else "uk",
        }
        if settings.PAYMENTS_SANDBOX:
            params["sandbox"] = "1"
        data = encode(params)
        return Redirect(settings.LIQPAY_CHECKOUT_URL, "POST",
                        [("data", data), ("signature", signature(settings.LIQPAY_PRIVATE_KEY, data))])

    def signed_body(self, request):
        # A form post: its fields may already be parsed (so the raw stream is gone); the signed
        # content is the two fields themselves.
        fields = {name: request.POST.get(name, "") for name in ("data", "signature")}
        return urlencode(fields).encode()

    def verify(self, request):
        data, given = request.POST.get("data", ""), request.POST.get("signature", "")
        if not data or not given:
            raise CallbackRejected("data and signature are required")
        if not hmac.compare_digest(signature(settings.LIQPAY_PRIVATE_KEY, data).encode(), given.encode()):
            raise CallbackRejected("bad signature")
        try:
            body = json.loads(base64.b64decode(data, validate=True), parse_float=Decimal)
            amount = Decimal(str(body["amount"]))
            reference, status = str(body["order_id"]), str(body["status"])
        except (ValueError, KeyError, TypeError, InvalidOperation) as error:
            raise CallbackRejected(f"unreadable data: {error}") from None
        if body.get("public_key") not in (None, settings.LIQPAY_PUBLIC_KEY):
            raise CallbackRejected("another merchant's callback")
        return PaymentEvent(reference=reference, status=self.our_status(status), amount=amount,
                            currency=str(body.get("currency", "")), provider_status=status,
                            provider_reference=str(body.get("payment_id", "")))

    def fetch_status(self, payment):
        """The documented status request: the same data + signature pair, action "status"."""
        data = encode({"action": "status", "version": "3", "public_key": settings.LIQPAY_PUBLIC_KEY,
                       "order_id": payment.reference})
        try:
            response = requests.post(settings.LIQPAY_API_URL, timeout=TIMEOUT, data={
                "data": data, "signature": signature(settings.LIQPAY_PRIVATE_KEY, data)})
            response.raise_for_status()
            body = response.json(parse_float=Decimal)
        except (requests.RequestException, ValueError) as error:
            raise ProviderError(f"LiqPay could not be asked about {payment.reference}: {error}") from None
        if body.get("err_code") in NOT_FOUND:
            return None
        if body.get("result") == "error" or "status" not in body:
            raise ProviderError("LiqPay refused the status request: {} {}".format(
                body.get("err_code", ""), body.get("err_description", "")).strip())
        try:
            amount = Decimal(str(body["amount"]))
        except (KeyError, InvalidOperation):
            raise ProviderError(f"LiqPay's status of {payment.reference} has no amount") from None
        status = str(body["status"])
        return PaymentEvent(reference=str(body.get("order_id", payment.reference)),
                            status=self.our_status(status), amount=amount,
                            currency=str(body.get("currency", "")), provider_status=status,
                            provider_reference=str(body.get("payment_id", "")))

    def our_status(self, status):
        if status == "sandbox":
            # A test payment moved no money: it counts only while the shop runs in sandbox mode.
            return Status.PAID if settings.PAYMENTS_SANDBOX else None
        # Every other status (processing, wait_accept, the *_verify steps, ...) is still under way.
        return STATUSES.get(status, Status.PENDING)
