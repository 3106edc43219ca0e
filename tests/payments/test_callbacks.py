"""Provider callbacks: a verified one marks the order paid; tampered ones get 400 and change
nothing; replays change nothing twice; out-of-order webhooks end in the right state."""

import base64
import hashlib
import hmac
import json

import pytest
from django.urls import reverse

from payments.models import Payment
from shop.orders.models import Order, OrderTransition

from .fakes import WAYFORPAY, liqpay_callback, monobank_webhook, wayforpay_callback

pytestmark = pytest.mark.django_db


def url(provider):
    return reverse("payment_callbacks:callback", kwargs={"provider": provider})


def post_liqpay(client, form):
    return client.post(url("liqpay"), form)


def post_wayforpay(client, body):
    return client.post(url("wayforpay"), body, content_type="application/json")


def post_monobank(client, body, keys, signature=None):
    return client.post(url("monobank"), body, content_type="application/json",
                       headers={"X-Sign": signature or keys.sign(body)})


def paid_notes(order):
    return list(OrderTransition.objects.filter(order=order, note__startswith="Paid via")
                .values_list("note", flat=True))


def state(order, payment):
    order.refresh_from_db()
    payment.refresh_from_db()
    return order.payment_status, payment.status


# --- LiqPay


def test_liqpay_success_marks_the_order_paid_once(client, paying):
    order, payment = paying("liqpay")
    response = post_liqpay(client, liqpay_callback(payment))
    assert response.status_code == 200
    assert state(order, payment) == ("paid", "paid")
    assert payment.provider_reference == "123456789"
    assert paid_notes(order) == ["Paid via liqpay (123456789)"]
    assert payment.callbacks.get().provider_status == "success"


def test_liqpay_tampered_data_is_refused_and_changes_nothing(client, paying):
    order, payment = paying("liqpay")
    form = liqpay_callback(payment, status="failure")
    # Swap in another body but keep the signature of the first.
    form["data"] = liqpay_callback(payment, status="success")["data"]
    response = post_liqpay(client, form)
    assert response.status_code == 400
    assert state(order, payment) == ("unpaid", "created")
    assert not payment.callbacks.exists()
    assert post_liqpay(client, {"data": form["data"]}).status_code == 400


def test_liqpay_replay_is_idempotent(client, paying):
    order, payment = paying("liqpay")
    form = liqpay_callback(payment)
    assert [post_liqpay(client, form).status_code for _ in range(3)] == [200, 200, 200]
    assert state(order, payment) == ("paid", "paid")
    assert payment.callbacks.count() == 1
    assert len(paid_notes(order)) == 1


def test_liqpay_failure_then_success_of_the_same_attempt_ends_paid(client, paying):
    order, payment = paying("liqpay")
    post_liqpay(client, liqpay_callback(payment, status="failure"))
    assert state(order, payment) == ("unpaid", "failed")
    post_liqpay(client, liqpay_callback(payment, status="success"))
    assert state(order, payment) == ("paid", "paid")


def test_liqpay_processing_after_success_does_not_undo_it(client, paying):
    order, payment = paying("liqpay")
    post_liqpay(client, liqpay_callback(payment, status="success"))
    post_liqpay(client, liqpay_callback(payment, status="processing"))
    assert state(order, payment) == ("paid", "paid")
    assert [c.applied for c in payment.callbacks.all()] == [True, False]


def test_liqpay_sandbox_payment_counts_only_in_sandbox_mode(client, paying, settings):
    order, payment = paying("liqpay")
    assert post_liqpay(client, liqpay_callback(payment, status="sandbox")).status_code == 200
    assert state(order, payment) == ("unpaid", "created")

    settings.PAYMENTS_SANDBOX = True
    post_liqpay(client, liqpay_callback(payment, status="sandbox", payment_id=2))
    assert state(order, payment) == ("paid", "paid")


def test_a_verified_callback_for_another_amount_is_refused(client, paying):
    order, payment = paying("liqpay")
    response = post_liqpay(client, liqpay_callback(payment, amount=1.00))
    assert response.status_code == 400
    assert state(order, payment) == ("unpaid", "created")


def test_a_callback_for_an_unknown_payment_is_refused(client, paying):
    order, payment = paying("liqpay")
    payment.reference = "SOMEONE-ELSE"
    assert post_liqpay(client, liqpay_callback(payment)).status_code == 400
    assert Order.objects.get(pk=order.pk).payment_status == "unpaid"


def test_a_provider_without_credentials_takes_no_callbacks(client, paying, settings):
    order, payment = paying("liqpay")
    settings.LIQPAY_PRIVATE_KEY = ""
    assert post_liqpay(client, liqpay_callback(payment)).status_code == 404
    assert client.post(url("nobody"), {}).status_code == 404
    assert client.get(url("liqpay")).status_code in (404, 405)
    assert state(order, payment) == ("unpaid", "created")


# --- WayForPay


def test_wayforpay_approved_is_answered_with_the_signed_accept(client, paying):
    order, payment = paying("wayforpay")
    response = post_wayforpay(client, wayforpay_callback(payment))
    assert response.status_code == 200
    answer = response.json()
    assert (answer["orderReference"], answer["status"]) == (payment.reference, "accept")
    signed = f"{payment.reference};accept;{answer['time']}".encode()
    assert answer["signature"] == hmac.new(WAYFORPAY["secret"].encode(), signed, hashlib.md5).hexdigest()
    assert state(order, payment) == ("paid", "paid")


def test_wayforpay_tampered_body_is_refused(client, paying):
    order, payment = paying("wayforpay")
    body = json.loads(wayforpay_callback(payment, status="Declined"))
    body["transactionStatus"] = "Approved"
    response = post_wayforpay(client, json.dumps(body).encode())
    assert response.status_code == 400
    assert state(order, payment) == ("unpaid", "created")
    assert post_wayforpay(client, b"not json").status_code == 400


def test_wayforpay_declined_then_a_replayed_approved_is_paid_once(client, paying):
    order, payment = paying("wayforpay")
    post_wayforpay(client, wayforpay_callback(payment, status="Declined", processingDate=1_700_000_000))
    assert state(order, payment) == ("unpaid", "failed")
    approved = wayforpay_callback(payment, status="Approved", processingDate=1_700_000_060)
    for _ in range(2):
        assert post_wayforpay(client, approved).json()["status"] == "accept"
    assert state(order, payment) == ("paid", "paid")
    assert len(paid_notes(order)) == 1


def test_wayforpay_amount_written_as_an_integer_still_verifies(client, paying, shoe):
    order, payment = paying("wayforpay")
    Payment.objects.filter(pk=payment.pk).update(amount=1970)
    payment.refresh_from_db()
    body = wayforpay_callback(payment, amount=1970)
    assert b'"amount": 1970,' in body
    assert post_wayforpay(client, body).status_code == 200
    assert state(order, payment)[1] == "paid"


# --- Monobank


def test_monobank_success_webhook_marks_the_order_paid(client, paying, monobank_api):
    order, payment = paying("monobank")
    assert payment.provider_reference == "2210012MPLYwJjVUYv1"
    response = post_monobank(client, monobank_webhook(payment), monobank_api.keys)
    assert response.status_code == 200
    assert state(order, payment) == ("paid", "paid")
    assert paid_notes(order) == ["Paid via monobank (2210012MPLYwJjVUYv1)"]


def test_monobank_out_of_order_success_then_processing_ends_in_success(client, paying, monobank_api):
    order, payment = paying("monobank")
    keys = monobank_api.keys
    post_monobank(client, monobank_webhook(payment, "success", "2026-12-04T10:00:09Z"), keys)
    post_monobank(client, monobank_webhook(payment, "processing", "2026-12-04T10:00:03Z"), keys)
    post_monobank(client, monobank_webhook(payment, "created", "2026-12-04T10:00:00Z"), keys)
    assert state(order, payment) == ("paid", "paid")
    assert [c.applied for c in payment.callbacks.all()] == [True, False, False]


def test_monobank_an_older_failure_after_a_newer_processing_is_ignored(client, paying, monobank_api):
    order, payment = paying("monobank")
    keys = monobank_api.keys
    post_monobank(client, monobank_webhook(payment, "processing", "2026-12-04T10:00:05Z"), keys)
    post_monobank(client, monobank_webhook(payment, "failure", "2026-12-04T10:00:01Z"), keys)
    assert state(order, payment) == ("unpaid", "pending")
    post_monobank(client, monobank_webhook(payment, "success", "2026-12-04T10:00:08Z"), keys)
    assert state(order, payment) == ("paid", "paid")


def test_monobank_tampered_body_and_bad_signatures_are_refused(client, paying, monobank_api):
    order, payment = paying("monobank")
    keys = monobank_api.keys
    body = monobank_webhook(payment, "failure")
    signature = keys.sign(body)
    tampered = body.replace(b'"failure"', b'"success"')
    assert post_monobank(client, tampered, keys, signature=signature).status_code == 400
    assert post_monobank(client, body, keys, signature="not base64!").status_code == 400
    assert client.post(url("monobank"), body, content_type="application/json").status_code == 400
    assert state(order, payment) == ("unpaid", "created")


def test_monobank_replayed_webhook_changes_nothing_twice(client, paying, monobank_api):
    order, payment = paying("monobank")
    body = monobank_webhook(payment)
    signature = monobank_api.keys.sign(body)
    for _ in range(3):
        assert post_monobank(client, body, monobank_api.keys, signature=signature).status_code == 200
    assert payment.callbacks.count() == 1 and len(paid_notes(order)) == 1


def test_monobank_webhook_signed_with_a_rotated_key_verifies_after_one_refetch(
        client, paying, monobank_api):
    from django.core.cache import cache

    from payments.providers import monobank_key

    order, payment = paying("monobank")
    post_monobank(client, monobank_webhook(payment, "processing", "2026-12-04T10:00:01Z"), monobank_api.keys)
    cache.set(monobank_key.CACHE_KEY, {**cache.get(monobank_key.CACHE_KEY), "fetched": 0}, timeout=None)
    monobank_api.keys.rotate()
    assert post_monobank(client, monobank_webhook(payment), monobank_api.keys).status_code == 200
    assert state(order, payment) == ("paid", "paid")
    assert base64.b64decode(monobank_api.keys.public_b64()).startswith(b"-----BEGIN PUBLIC KEY")


def test_reversed_after_success_marks_the_payment_and_the_order_refunded(client, paying, monobank_api):
    order, payment = paying("monobank")
    post_monobank(client, monobank_webhook(payment, "success", "2026-12-04T10:00:05Z"), monobank_api.keys)
    post_monobank(client, monobank_webhook(payment, "reversed", "2026-12-05T10:00:00Z"), monobank_api.keys)
    assert state(order, payment) == ("refunded", "refunded")
    assert order.transitions.filter(note__startswith="Refunded via monobank").count() == 1
