"""Against the real providers, with sandbox/test credentials from the environment (skipped without):
LIQPAY_PUBLIC_KEY + LIQPAY_PRIVATE_KEY, WAYFORPAY_MERCHANT_ACCOUNT + WAYFORPAY_SECRET_KEY, MONOBANK_TOKEN.
Each proves the provider accepts our signatures (or token) and answers in the documented shape."""

import base64
import json
import os
import uuid

import pytest
import requests
from cryptography.hazmat.primitives.serialization import load_pem_public_key

from payments.attempts import start_payment
from payments.providers import liqpay, wayforpay


def real(*names):
    missing = [name for name in names if not os.environ.get(name)]
    return pytest.mark.skipif(bool(missing), reason=f"set {', '.join(missing)} to run against the real API")


@pytest.mark.liqpay_live
@real("LIQPAY_PUBLIC_KEY", "LIQPAY_PRIVATE_KEY")
def test_liqpay_accepts_our_signature():
    data = liqpay.encode({"public_key": os.environ["LIQPAY_PUBLIC_KEY"], "version": "3", "action": "status",
                          "order_id": f"kramnytsia-live-{uuid.uuid4().hex[:8]}"})
    answer = requests.post("https://www.liqpay.ua/api/request", timeout=30, data={
        "data": data, "signature": liqpay.signature(os.environ["LIQPAY_PRIVATE_KEY"], data)}).json()
    assert "status" in answer
    assert "signature" not in json.dumps(answer).lower()  # an unknown order, not a refused signature


@pytest.mark.wayforpay_live
@real("WAYFORPAY_MERCHANT_ACCOUNT", "WAYFORPAY_SECRET_KEY")
def test_wayforpay_accepts_our_signature():
    account, reference = os.environ["WAYFORPAY_MERCHANT_ACCOUNT"], f"kramnytsia-live-{uuid.uuid4().hex[:8]}"
    answer = requests.post("https://api.wayforpay.com/api", timeout=30, json={
        "transactionType": "CHECK_STATUS", "merchantAccount": account, "orderReference": reference,
        "merchantSignature": wayforpay.sign(os.environ["WAYFORPAY_SECRET_KEY"], [account, reference]),
        "apiVersion": 1}).json()
    assert answer.get("reasonCode") != 1103  # 1103: the signature was refused


@pytest.mark.monobank_live
@real("MONOBANK_TOKEN")
@pytest.mark.django_db
def test_monobank_creates_an_invoice_and_serves_its_public_key(place, settings):
    settings.MONOBANK_TOKEN = os.environ["MONOBANK_TOKEN"]
    settings.MONOBANK_API_URL = "https://api.monobank.ua"
    payment = start_payment(place("monobank"))
    assert payment.status == "created", payment.error
    assert payment.provider_reference and payment.redirect["url"].startswith("https://")
    key = requests.get("https://api.monobank.ua/api/merchant/pubkey", timeout=30,
                       headers={"X-Token": settings.MONOBANK_TOKEN}).json()["key"]
    assert load_pem_public_key(base64.b64decode(key))
