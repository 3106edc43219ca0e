"""Monobank acquiring (plata by mono): an invoice created over the API, and a signed webhook.

Amounts are integers in kopiyky, the currency ISO 4217 numeric (980 = UAH). The webhook's X-Sign
header is a base64 ECDSA (SHA-256) signature of the raw body, checked against the merchant public
key from /api/merchant/pubkey (see monobank_key.py). Webhooks may arrive out of order; each one
carries modifiedDate, which payments.events uses to ignore older ones.
"""

import base64
import binascii
import json
from datetime import datetime
from decimal import Decimal

import requests
from django.conf import settings

from payments.models import Payment

from . import monobank_key
from .base import CallbackRejected, PaymentEvent, PaymentProvider, ProviderError, Redirect, description

Status = Payment.Status
STATUSES = {
    "created": Status.CREATED,
    "processing": Status.PENDING,
    "hold": Status.PENDING,
    "success": Status.PAID,
    "failure": Status.FAILED,
    "expired": Status.FAILED,
    "reversed": Status.REFUNDED,
}
CURRENCY_CODES = {"UAH": 980, "USD": 840, "EUR": 978}
TIMEOUT = 15


def to_kopiyky(amount: Decimal) -> int:
    minor = amount * 100
    if minor != minor.to_integral_value():
        raise ValueError(f"{amount} has fractions of a kopiyka")
    return int(minor)


class Monobank(PaymentProvider):
    code = "monobank"
    label = "monobank"

    def configured(self):
        return bool(settings.MONOBANK_TOKEN)

    def begin(self, payment, urls):
        body = {
            "amount": to_kopiyky(payment.amount), "ccy": CURRENCY_CODES[payment.currency],
            "merchantPaymInfo": {"reference": payment.reference,
                                 "destination": description(payment.order)},
            "redirectUrl": urls.shopper, "webHookUrl": urls.callback,
            "validity": settings.PAYMENTS_UNPAID_EXPIRY_MINUTES * 60, "paymentType": "debit",
        }
        try:
            response = requests.post(f"{settings.MONOBANK_API_URL}/api/merchant/invoice/create", json=body,
                                     headers={"X-Token": settings.MONOBANK_TOKEN}, timeout=TIMEOUT)
            answer = response.json()
        except (requests.RequestException, ValueError) as error:
            raise ProviderError(f"monobank could not be reached: {error}") from None
        if response.status_code != 200 or "pageUrl" not in answer:
            raise ProviderError("monobank refused the invoice: {} {}".format(
                answer.get("errCode", response.status_code), answer.get("errText", "")).strip())
        return Redirect(answer["pageUrl"], "GET", provider_reference=str(answer.get("invoiceId", "")))

    def fetch_status(self, payment):
        """GET invoice/status by the invoice id we were given when the invoice was created."""
        if not payment.provider_reference:
            return None  # no invoice was ever created
        try:
            response = requests.get(f"{settings.MONOBANK_API_URL}/api/merchant/invoice/status",
                                    params={"invoiceId": payment.provider_reference},
                                    headers={"X-Token": settings.MONOBANK_TOKEN}, timeout=TIMEOUT)
            if response.status_code == 404:
                return None
            answer = response.json()
        except (requests.RequestException, ValueError) as error:
            raise ProviderError(f"monobank could not be asked about {payment.reference}: {error}") from None
        if response.status_code != 200 or "status" not in answer:
            raise ProviderError("monobank refused the status request: {} {}".format(
                answer.get("errCode", response.status_code), answer.get("errText", "")).strip())
        try:
            return self.event(answer)
        except (ValueError, KeyError, TypeError) as error:
            raise ProviderError(f"monobank's status of {payment.reference} is unreadable: {error}") from None

    def event(self, body) -> PaymentEvent:
        """An invoice status object (a webhook's body or a status answer) in our terms."""
        status = str(body["status"])
        amount = Decimal(int(body["amount"])) / 100
        currency = {code: name for name, code in CURRENCY_CODES.items()}.get(body.get("ccy", 980), "")
        modified = datetime.fromisoformat(body["modifiedDate"]) if body.get("modifiedDate") else None
        return PaymentEvent(reference=str(body["reference"]), status=STATUSES.get(status, Status.PENDING),
                            amount=amount, currency=currency, provider_status=status,
                            provider_reference=str(body.get("invoiceId", "")), occurred_at=modified)

    def verify(self, request):
        try:
            signature = base64.b64decode(request.headers.get("X-Sign", ""), validate=True)
        except (binascii.Error, ValueError):
            raise CallbackRejected("X-Sign is not base64") from None
        if not signature or not monobank_key.verify(request.body, signature):
            raise CallbackRejected("bad signature")
        try:
            return self.event(json.loads(request.body))
        except (ValueError, KeyError, TypeError) as error:
            raise CallbackRejected(f"unreadable webhook: {error}") from None
