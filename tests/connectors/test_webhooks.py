"""Store webhooks: HMAC over the raw body (known vectors), repeats and stale deliveries ignored,
hints debounced into one scheduled run, deletions asking for a full one."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_q.models import Schedule

from suppliers.connectors import webhooks
from suppliers.connectors.run import choose_mode
from suppliers.models import HINT_SCHEDULE_NAME, ConnectorState, WebhookDelivery

from .conftest import store_supplier

BODY = b'{"id":123,"status":"processing"}'


def hints():
    return Schedule.objects.filter(name__startswith="supplier-hint-")


def test_the_signatures_match_the_known_vectors():
    # Research notes, Appendix A (computed from the documented algorithm).
    assert webhooks.signature("woo_secret", BODY) == "UyqdfIBBNFokgigVTFq/fX7Wvs8gwS5pNQ6gNNwZ7LY="
    assert webhooks.signature("shpss_client_secret", BODY) == "J5TBi2s4FyDIHBrXvXem29kc/sB5/DPSCWIg01iakBw="
    assert webhooks.signature_matches("woo_secret", BODY, "UyqdfIBBNFokgigVTFq/fX7Wvs8gwS5pNQ6gNNwZ7LY=")
    assert not webhooks.signature_matches("woo_secret", BODY + b" ",
                                          "UyqdfIBBNFokgigVTFq/fX7Wvs8gwS5pNQ6gNNwZ7LY=")
    assert not webhooks.signature_matches("woo_secret", BODY, "")


@pytest.fixture
def woo_hooked(db):
    return store_supplier("lumo", "woocommerce", "https://lumo.example.com", {
        "consumer_key": "ck_x", "consumer_secret": "cs_x", "webhook_secret": "woo_secret"})


@pytest.fixture
def shop_hooked(db):
    return store_supplier("kalyna-shop", "shopify", "https://kalyna.myshopify.com", {
        "access_token": "shpat_x", "webhook_secret": "shpss_client_secret"})


def post(client, slug, body=BODY, **headers):
    return client.post(reverse("suppliers:webhook", args=[slug]), data=body,
                       content_type="application/json", headers=headers)


def woo_headers(delivery="d-1", topic="product.updated", signature=None, body=BODY):
    return {"X-WC-Webhook-Signature": signature or webhooks.signature("woo_secret", body),
            "X-WC-Webhook-Topic": topic, "X-WC-Webhook-Delivery-ID": delivery,
            "X-WC-Webhook-Source": "https://lumo.example.com/"}


def test_a_signed_delivery_schedules_one_debounced_run(client, woo_hooked, settings):
    settings.SUPPLIER_WEBHOOK_DEBOUNCE_SECONDS = 90
    first = post(client, "lumo", **woo_headers("d-1"))
    second = post(client, "lumo", **woo_headers("d-2"))

    assert first.status_code == second.status_code == 200
    assert first.json()["result"] == second.json()["result"] == "scheduled"
    schedules = Schedule.objects.filter(name=HINT_SCHEDULE_NAME.format(pk=woo_hooked.pk))
    assert schedules.count() == 1  # a burst makes one run
    hint = schedules.get()
    assert hint.func == "suppliers.tasks.sync_supplier_task" and hint.schedule_type == Schedule.ONCE
    assert timedelta(seconds=80) < hint.next_run - timezone.now() <= timedelta(seconds=90)


def test_a_bad_signature_is_refused_and_schedules_nothing(client, woo_hooked):
    response = post(client, "lumo", **woo_headers(signature=webhooks.signature("other", BODY)))
    assert response.status_code == 401
    tampered = post(client, "lumo", body=BODY.replace(b"123", b"124"), **woo_headers())
    assert tampered.status_code == 401
    assert not hints() and not WebhookDelivery.objects.exists()


def test_a_repeated_delivery_is_acknowledged_and_ignored(client, woo_hooked):
    assert post(client, "lumo", **woo_headers("same")).json()["result"] == "scheduled"
    hints().delete()  # the first hint's run has happened
    repeat = post(client, "lumo", **woo_headers("same"))
    assert repeat.status_code == 200 and repeat.json()["result"] == "duplicate"
    assert not hints()


def test_a_deletion_asks_for_a_full_run(client, woo_hooked, settings):
    ConnectorState.objects.create(supplier=woo_hooked, watermark=timezone.now(), last_full_at=timezone.now())
    assert choose_mode(woo_hooked) == "incremental"
    body = json.dumps({"id": 77}).encode()
    response = post(client, "lumo", body=body, **woo_headers("del-1", "product.deleted", body=body))
    assert response.json()["result"] == "full"
    assert choose_mode(woo_hooked) == "full"


def test_woocommerce_ping_on_saving_a_webhook_is_answered(client, woo_hooked):
    response = client.post(reverse("suppliers:webhook", args=["lumo"]), data="webhook_id=12",
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200 and response.json()["result"] == "ping"
    assert not hints()


def shopify_headers(webhook_id="w-1", topic="products/update", triggered=None, body=BODY):
    return {"X-Shopify-Hmac-Sha256": webhooks.signature("shpss_client_secret", body),
            "X-Shopify-Topic": topic, "X-Shopify-Webhook-Id": webhook_id,
            "X-Shopify-Shop-Domain": "kalyna.myshopify.com",
            "X-Shopify-Triggered-At": (triggered or timezone.now()).isoformat()}


def test_shopify_deliveries_are_verified_and_deduplicated(client, shop_hooked):
    assert post(client, "kalyna-shop", **shopify_headers("w-1")).json()["result"] == "scheduled"
    assert post(client, "kalyna-shop", **shopify_headers("w-1")).json()["result"] == "duplicate"
    wrong = shopify_headers("w-2")
    wrong["X-Shopify-Hmac-Sha256"] = webhooks.signature("woo_secret", BODY)
    assert post(client, "kalyna-shop", **wrong).status_code == 401


def test_a_delivery_outside_the_replay_window_is_ignored(client, shop_hooked, settings):
    settings.SUPPLIER_WEBHOOK_REPLAY_SECONDS = 600
    old = timezone.now() - timedelta(hours=2)
    response = post(client, "kalyna-shop", **shopify_headers("w-old", triggered=old))
    assert response.status_code == 200 and response.json()["result"] == "stale"
    assert not hints()


def test_a_delivery_for_another_shop_is_refused(client, shop_hooked):
    headers = shopify_headers("w-3")
    headers["X-Shopify-Shop-Domain"] = "someone-else.myshopify.com"
    assert post(client, "kalyna-shop", **headers).status_code == 403


def test_no_secret_no_webhooks(client, db):
    store_supplier("quiet", "woocommerce", "https://q.example.com",
                   {"consumer_key": "a", "consumer_secret": "b"})
    assert post(client, "quiet", **woo_headers()).status_code == 404
    assert post(client, "nobody", **woo_headers()).status_code == 404
    assert client.get(reverse("suppliers:webhook", args=["quiet"])).status_code == 405


def test_the_hint_run_syncs_the_store(client, woo, woo_supplier, clock, settings):
    """The scheduled run is the ordinary task: it reads the store and advances the watermark."""
    from suppliers.tasks import sync_supplier_task

    woo.add("Модель", sizes={"38": 1})
    body = json.dumps({"id": 100}).encode()
    assert post(client, "lumo", body=body, **woo_headers("h-1", body=body)).status_code == 200
    schedule = Schedule.objects.get(name=HINT_SCHEDULE_NAME.format(pk=woo_supplier.pk))
    result = sync_supplier_task(int(schedule.args))
    assert result["exit_code"] == 0 and ConnectorState.objects.get(supplier=woo_supplier).watermark
