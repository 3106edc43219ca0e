"""What the providers send, built straight from their documented algorithms (independent of the
payments app's own code), and a fake Monobank API on pytest-httpserver."""

import base64
import hashlib
import hmac
import json

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

LIQPAY = {"public": "sandbox_i00000000", "private": "sandbox_private_key_TEST"}
WAYFORPAY = {"account": "shop_kramnytsia", "secret": "flk3409refn54t54t*FNJRET"}
MONOBANK_TOKEN = "mono-test-token"


def liqpay_callback(payment, status="success", **extra):
    """The form LiqPay posts to server_url."""
    body = {"public_key": LIQPAY["public"], "version": 3, "action": "pay", "status": status,
            "order_id": payment.reference, "amount": float(payment.amount), "currency": payment.currency,
            "payment_id": 123456789, **extra}
    data = base64.b64encode(json.dumps(body).encode()).decode()
    digest = hashlib.sha1((LIQPAY["private"] + data + LIQPAY["private"]).encode()).digest()
    return {"data": data, "signature": base64.b64encode(digest).decode()}


def wayforpay_callback(payment, status="Approved", **extra) -> bytes:
    """The JSON body WayForPay posts to serviceUrl."""
    body = {"merchantAccount": WAYFORPAY["account"], "orderReference": payment.reference,
            "amount": float(payment.amount), "currency": payment.currency, "authCode": "541963",
            "cardPan": "41****8217", "transactionStatus": status, "reasonCode": 1100, "email": "a@b.ua",
            "processingDate": 1_700_000_000, **extra}
    signed = ";".join(str(body[k]) for k in ("merchantAccount", "orderReference", "amount", "currency",
                                              "authCode", "cardPan", "transactionStatus", "reasonCode"))
    secret = WAYFORPAY["secret"].encode()
    body["merchantSignature"] = hmac.new(secret, signed.encode(), hashlib.md5).hexdigest()
    return json.dumps(body).encode()


class MonobankKeys:
    """A P-256 key pair standing in for the bank's; `rotate()` makes a new one."""

    def __init__(self):
        self.rotate()

    def rotate(self):
        self.private = ec.generate_private_key(ec.SECP256R1())

    def public_b64(self):
        pem = self.private.public_key().public_bytes(serialization.Encoding.PEM,
                                                     serialization.PublicFormat.SubjectPublicKeyInfo)
        return base64.b64encode(pem).decode()

    def sign(self, body: bytes) -> str:
        return base64.b64encode(self.private.sign(body, ec.ECDSA(hashes.SHA256()))).decode()


def monobank_webhook(payment, status="success", modified="2026-12-04T10:00:05Z", **extra) -> bytes:
    body = {"invoiceId": payment.provider_reference or "inv-1", "status": status,
            "amount": int(payment.amount * 100), "ccy": 980, "reference": payment.reference,
            "createdDate": "2026-12-04T10:00:00Z", "modifiedDate": modified, **extra}
    return json.dumps(body).encode()
