"""Known-vector signature tests: the vectors are computed from each provider's documented algorithm
(../shared/research/channels-payments-delivery.md, Appendix A), not taken from our own code."""

import base64
import json
from decimal import Decimal

import pytest
from django.core.cache import cache

from payments.providers import liqpay, monobank_key, wayforpay
from payments.providers.monobank import to_kopiyky

from .fakes import MonobankKeys

LIQPAY_DATA = ("eyJwdWJsaWNfa2V5Ijoic2FuZGJveF9pMDAwMDAwMDAiLCJ2ZXJzaW9uIjoiMyIsImFjdGlvbiI6InBheSIs"
               "ImFtb3VudCI6IjEwMC41MCIsImN1cnJlbmN5IjoiVUFIIiwiZGVzY3JpcHRpb24iOiJPcmRlciAxMDAxIiwi"
               "b3JkZXJfaWQiOiIxMDAxIn0=")


def test_liqpay_data_and_signature_match_the_known_vector():
    params = {"public_key": "sandbox_i00000000", "version": "3", "action": "pay", "amount": "100.50",
              "currency": "UAH", "description": "Order 1001", "order_id": "1001"}
    assert liqpay.encode(params) == LIQPAY_DATA
    assert liqpay.signature("sandbox_private_key_TEST", LIQPAY_DATA) == "pF9DTU7qnSVTup5rXD8TMCvGsCk="


def test_liqpay_signature_is_of_the_raw_digest_not_its_hex():
    signed = base64.b64decode(liqpay.signature("k", "data"))
    assert len(signed) == 20


def test_wayforpay_purchase_signature_matches_the_known_vector():
    products = [("Процесор Intel Core i5-4670 3.4GHz", 1, "1000"),
                ("Память Kingston DDR3-1600 4096MB PC3-12800", 1, "547.36")]
    assert wayforpay.purchase_signature(
        "flk3409refn54t54t*FNJRET", account="test_merch_n1", domain="www.market.ua", reference="DH783023",
        date=1415379863, amount="1547.36", currency="UAH", products=products,
    ) == "29bd60853d6fba7a35a2a12d8a2eca5f"


def test_wayforpay_accept_answer_signature_matches_the_known_vector():
    assert wayforpay.sign("flk3409refn54t54t*FNJRET", ["DH783023", "accept", 1415379863]) \
        == "bd8d3443f99fb2c7a8b610ac600c80b0"


@pytest.mark.parametrize("amount, kopiyky", [("1970.00", 197000), ("0.01", 1), ("100.5", 10050)])
def test_monobank_amounts_are_in_kopiyky(amount, kopiyky):
    assert to_kopiyky(Decimal(amount)) == kopiyky


def test_monobank_refuses_a_fraction_of_a_kopiyka():
    with pytest.raises(ValueError):
        to_kopiyky(Decimal("1.005"))


@pytest.mark.django_db
def test_monobank_x_sign_verifies_and_a_one_byte_change_fails(monobank_api):
    body = json.dumps({"invoiceId": "i", "status": "success"}).encode()
    signature = base64.b64decode(monobank_api.keys.sign(body))
    assert monobank_key.verify(body, signature)
    tampered = body.replace(b"success", b"succesS")
    assert len(tampered) == len(body) and not monobank_key.verify(tampered, signature)


@pytest.mark.django_db
def test_monobank_key_is_cached_and_a_rotation_refetches_it_exactly_once(monobank_api):
    def pubkey_requests():
        return sum(1 for request, _ in monobank_api.log if request.path == "/api/merchant/pubkey")

    first = json.dumps({"n": 1}).encode()
    assert monobank_key.verify(first, base64.b64decode(monobank_api.keys.sign(first)))
    assert monobank_key.verify(first, base64.b64decode(monobank_api.keys.sign(first)))
    assert pubkey_requests() == 1  # cached

    # The bank rotates its key; our cached copy (old enough to be re-asked) no longer verifies.
    cache.set(monobank_key.CACHE_KEY, {**cache.get(monobank_key.CACHE_KEY), "fetched": 0}, timeout=None)
    monobank_api.keys.rotate()
    second = json.dumps({"n": 2}).encode()
    assert monobank_key.verify(second, base64.b64decode(monobank_api.keys.sign(second)))
    assert pubkey_requests() == 2
    assert monobank_key.verify(second, base64.b64decode(monobank_api.keys.sign(second)))
    assert pubkey_requests() == 2


@pytest.mark.django_db
def test_monobank_forged_signatures_do_not_make_us_ask_the_bank_each_time(monobank_api):
    body = b'{"status":"success"}'
    forged = base64.b64decode(MonobankKeys().sign(body))
    for _ in range(3):
        assert not monobank_key.verify(body, forged)
    assert sum(1 for request, _ in monobank_api.log if request.path == "/api/merchant/pubkey") == 1
