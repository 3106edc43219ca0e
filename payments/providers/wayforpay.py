"""WayForPay: a Purchase form the browser posts, and a serviceUrl callback we must answer.

merchantSignature = hex(HMAC-MD5(secret key, the documented fields joined with ";")), UTF-8.
The callback is answered with a signed {"status": "accept"}; without it WayForPay keeps retrying.
"""

import hashlib
import hmac
import json
import time
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.http import JsonResponse

from payments.models import Payment

from .base import CallbackRejected, PaymentEvent, PaymentProvider, ProviderError, Redirect, description

Status = Payment.Status
STATUSES = {
    "Approved": Status.PAID,
    "Declined": Status.FAILED,
    "Expired": Status.FAILED,
    "Refunded": Status.REFUNDED,
    "Voided": Status.REFUNDED,
    # A refund under way leaves the payment as it is.
    "RefundInProcessing": None,
}
TIMEOUT = 15
BAD_SIGNATURE = 1103
CALLBACK_FIELDS = ("merchantAccount", "orderReference", "amount", "currency", "authCode", "cardPan",
                   "transactionStatus", "reasonCode")


def sign(secret: str, values) -> str:
    return hmac.new(secret.encode(), ";".join(str(v) for v in values).encode(), hashlib.md5).hexdigest()


def purchase_signature(secret, *, account, domain, reference, date, amount, currency, products):
    """`products` are (name, count, price) triples; the string lists all names, then counts, then prices."""
    names, counts, prices = zip(*products, strict=True)
    return sign(secret, [account, domain, reference, date, amount, currency, *names, *counts, *prices])


class WayForPay(PaymentProvider):
    code = "wayforpay"
    label = "WayForPay"

    def configured(self):
        return bool(settings.WAYFORPAY_MERCHANT_ACCOUNT and settings.WAYFORPAY_SECRET_KEY)

    def domain(self):
        return settings.WAYFORPAY_DOMAIN or urlsplit(settings.PAYMENTS_BASE_URL).hostname or ""

    def begin(self, payment, urls):
        # One product line for the whole order: the amount must match the products, and discounts
        # and delivery have no product line of their own.
        amount = str(payment.amount)
        products = [(description(payment.order), 1, amount)]
        date = int(payment.created_at.timestamp())
        values = {"account": settings.WAYFORPAY_MERCHANT_ACCOUNT, "domain": self.domain(),
                  "reference": payment.reference, "date": date, "amount": amount,
                  "currency": payment.currency, "products": products}
        fields = [
            ("merchantAccount", values["account"]), ("merchantAuthType", "SimpleSignature"),
            ("merchantDomainName", values["domain"]),
            ("merchantSignature", purchase_signature(settings.WAYFORPAY_SECRET_KEY, **values)),
            ("orderReference", payment.reference), ("orderDate", str(date)), ("amount", amount),
            ("currency", payment.currency), ("returnUrl", urls.shopper), ("serviceUrl", urls.callback),
            ("language", "EN" if payment.order.language.startswith("en") else "UA"),
        ]
        for name, count, price in products:
            fields += [("productName[]", name), ("productCount[]", str(count)), ("productPrice[]", price)]
        return Redirect(settings.WAYFORPAY_PAY_URL, "POST", fields)

    def verify(self, request):
        try:
            # Decimals keep the amount exactly as written, which is what WayForPay signed.
            body = json.loads(request.body, parse_float=Decimal)
        except ValueError:
            raise CallbackRejected("not a WayForPay callback") from None
        return self.read_signed(body)

    def read_signed(self, body) -> PaymentEvent:
        """A callback's or a CHECK_STATUS answer's fields: both are signed over CALLBACK_FIELDS."""
        try:
            given = str(body["merchantSignature"])
            values = [body.get(name, "") for name in CALLBACK_FIELDS]
        except (KeyError, TypeError, AttributeError):
            raise CallbackRejected("not a WayForPay callback") from None
        expected = sign(settings.WAYFORPAY_SECRET_KEY, ["" if v is None else v for v in values])
        if not hmac.compare_digest(expected.encode(), given.encode()):
            raise CallbackRejected("bad signature")
        if body["merchantAccount"] != settings.WAYFORPAY_MERCHANT_ACCOUNT:
            raise CallbackRejected("another merchant's callback")
        try:
            amount = Decimal(str(body["amount"]))
        except InvalidOperation:
            raise CallbackRejected("unreadable amount") from None
        status = str(body.get("transactionStatus", ""))
        processed = body.get("processingDate")
        return PaymentEvent(
            reference=str(body["orderReference"]), status=STATUSES.get(status, Status.PENDING),
            amount=amount, currency=str(body.get("currency", "")), provider_status=status,
            occurred_at=datetime.fromtimestamp(int(processed), UTC) if isinstance(processed, int) else None)

    def fetch_status(self, payment):
        """CHECK_STATUS, signed over merchantAccount;orderReference; the answer is signed like a
        callback and is checked the same way."""
        account = settings.WAYFORPAY_MERCHANT_ACCOUNT
        request = {"transactionType": "CHECK_STATUS", "merchantAccount": account,
                   "orderReference": payment.reference, "apiVersion": 1,
                   "merchantSignature": sign(settings.WAYFORPAY_SECRET_KEY, [account, payment.reference])}
        try:
            response = requests.post(settings.WAYFORPAY_API_URL, json=request, timeout=TIMEOUT)
            response.raise_for_status()
            body = json.loads(response.content, parse_float=Decimal)
        except (requests.RequestException, ValueError) as error:
            raise ProviderError(f"WayForPay could not be asked about {payment.reference}: {error}") from None
        if not isinstance(body, dict) or body.get("reasonCode") == BAD_SIGNATURE:
            raise ProviderError(f"WayForPay refused the status request: {body}")
        if not body.get("transactionStatus"):
            # WayForPay knows no transaction under this reference: the shopper never paid there.
            return None
        try:
            return self.read_signed(body)
        except CallbackRejected as error:
            raise ProviderError(f"WayForPay's status of {payment.reference} does not verify: {error}") \
                from None

    def acknowledge(self, event):
        now = int(time.time())
        signature = sign(settings.WAYFORPAY_SECRET_KEY, [event.reference, "accept", now])
        return JsonResponse({"orderReference": event.reference, "status": "accept", "time": now,
                             "signature": signature})
