"""Secrets encrypted at rest, taken from the environment when set, never shown back in the admin
and never in a run's log or an exception message; connector runs in the admin like feed runs."""

from __future__ import annotations

import logging

import pytest
from django.db import connection
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from suppliers.connectors import credentials
from suppliers.models import Supplier, SyncRun
from tests.suppliers_admin.conftest import admin_url

from .conftest import store_supplier, sync

SECRET = "cs_live_Tr0ub4dor_and_3"


def raw_credentials(supplier) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT credentials FROM suppliers_supplier WHERE id = %s", [supplier.pk])
        return cursor.fetchone()[0]


def test_secrets_are_encrypted_at_rest_and_readable_with_the_key(db):
    supplier = store_supplier("lumo", "woocommerce", "https://x.example.com",
                              {"consumer_key": "ck_live_abc", "consumer_secret": SECRET})
    stored = raw_credentials(supplier)
    assert SECRET not in stored and "ck_live_abc" not in stored
    assert credentials.resolve(supplier) == {"consumer_key": "ck_live_abc", "consumer_secret": SECRET}


def test_a_rotated_key_still_reads_old_secrets_and_a_lost_key_fails_clearly(db, settings):
    from cryptography.fernet import Fernet

    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.SUPPLIER_CREDENTIALS_KEYS = old
    token = credentials.encrypt({"access_token": SECRET})
    settings.SUPPLIER_CREDENTIALS_KEYS = f"{new},{old}"
    assert credentials.decrypt(token) == {"access_token": SECRET}
    settings.SUPPLIER_CREDENTIALS_KEYS = new
    with pytest.raises(credentials.CredentialsError) as error:
        credentials.decrypt(token)
    assert SECRET not in str(error.value) and token not in str(error.value)


def test_the_environment_wins_over_the_stored_secret(db, monkeypatch):
    supplier = store_supplier("lumo-ua", "woocommerce", "https://x.example.com",
                              {"consumer_key": "ck_db", "consumer_secret": "cs_db"})
    monkeypatch.setenv("SUPPLIER_LUMO_UA_CONSUMER_SECRET", "cs_from_env")
    assert credentials.resolve(supplier) == {"consumer_key": "ck_db", "consumer_secret": "cs_from_env"}


def test_a_failed_run_logs_no_secret(woo, catalog, clock, caplog):
    """The store echoes the credentials back in its error (some do); neither the run's error,
    the summary line nor the log may carry them."""
    from werkzeug import Response

    store_supplier("leaky", "woocommerce", woo.url, {"consumer_key": woo.KEY, "consumer_secret": SECRET})
    woo.fail_next = [Response(f'{{"code":"bad","message":"bad key {woo.KEY}:{SECRET}"}}', status=403,
                              content_type="application/json")]
    with caplog.at_level(logging.DEBUG):
        code, line = sync("leaky")
    run = SyncRun.objects.get(supplier__slug="leaky")
    assert code == 2 and "403" in run.error and "bad key" in run.error
    for text in (run.error, line, caplog.text, str(run.warnings)):
        assert SECRET not in text and woo.KEY not in text


def test_an_exception_message_carries_no_secret(woo, clock):
    from werkzeug import Response

    from suppliers.connectors.http import ConnectorError
    from suppliers.connectors.snapshot import Snapshot
    from suppliers.connectors.woocommerce import WooCommerceConnector

    woo.fail_next = [Response(f"Unauthorised: {SECRET}", status=401)]
    connector = WooCommerceConnector(woo.url, {}, {"consumer_key": "ck_abcdef", "consumer_secret": SECRET},
                                     clock=clock)
    with pytest.raises(ConnectorError) as error:
        connector.read(Snapshot(), None)
    assert SECRET not in str(error.value) and "***" in str(error.value)


def supplier_form(supplier: Supplier, **changes) -> dict:
    values = {
        "name": supplier.name, "slug": supplier.slug, "contact_email": "", "active": "on",
        "feed_url": supplier.feed_url, "dialect": supplier.dialect, "adapter_options": "{}",
        "default_markup_percent": "30", "price_rounding": "", "currency_mode": "feed", "exchange_rates": "{}",
        "name_rules": "[]", "unpublish_limit_percent": "30", "schedule": "off", "schedule_hour": "5",
        "schedule_interval_minutes": "240", "full_sync_hours": "24",
        "category_mappings": inline_formset([]), "attribute_mappings": inline_formset([]),
        **changes,
    }
    return nested_form_data(values)


@pytest.fixture
def store(db):
    return store_supplier("lumo", "woocommerce", "https://lumo.example.com",
                          {"consumer_key": "ck_live_abc", "consumer_secret": SECRET})


def test_the_form_offers_the_store_dialects_with_write_only_secret_fields(manager_client, store):
    html = manager_client.get(admin_url("edit", store.pk)).content.decode()
    for dialect in ("woocommerce", "shopify", "magento"):
        assert f'value="{dialect}"' in html
    for field in ("consumer_key", "consumer_secret", "access_token", "admin_password", "webhook_secret"):
        assert f'type="password" name="{field}"' in html
    assert SECRET not in html and "ck_live_abc" not in html and raw_credentials(store) not in html
    assert "A value is stored (not shown)" in html and "SUPPLIER_LUMO_CONSUMER_SECRET" in html


def test_saving_keeps_untouched_secrets_and_encrypts_new_ones(manager_client, store):
    response = manager_client.post(admin_url("edit", store.pk), supplier_form(
        store, webhook_secret="whsec_new_value", full_sync_hours="6"))
    assert response.status_code == 302, response.content.decode()[:2000]
    store.refresh_from_db()
    assert credentials.resolve(store) == {"consumer_key": "ck_live_abc", "consumer_secret": SECRET,
                                          "webhook_secret": "whsec_new_value"}
    assert "whsec_new_value" not in raw_credentials(store) and store.full_sync_hours == 6
    page = manager_client.get(admin_url("edit", store.pk)).content.decode()
    assert "whsec_new_value" not in page


def test_a_store_without_its_credentials_or_over_http_is_refused(manager_client, store, settings):
    settings.SUPPLIER_FEEDS_ALLOW_PRIVATE = False
    response = manager_client.post(admin_url("edit", store.pk), supplier_form(
        store, clear_credentials="on", feed_url="http://lumo.example.com"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "This store connector needs" in html and "over https only" in html
    store.refresh_from_db()
    assert credentials.resolve(store)["consumer_secret"] == SECRET  # nothing saved


def test_a_store_on_a_host_the_supplier_names_may_be_reached_over_http(manager_client, store, settings):
    settings.SUPPLIER_FEEDS_ALLOW_PRIVATE = False
    response = manager_client.post(admin_url("edit", store.pk), supplier_form(
        store, feed_url="http://woo.office.lan", allowed_private_hosts="woo.office.lan"))
    assert response.status_code == 302, response.content.decode()[:2000]
    store.refresh_from_db()
    assert store.feed_url == "http://woo.office.lan" and store.private_hosts() == {"woo.office.lan"}

    response = manager_client.post(admin_url("edit", store.pk), supplier_form(
        store, feed_url="http://woo.office.lan", allowed_private_hosts="other.office.lan"))
    assert response.status_code == 200 and "over https only" in response.content.decode()


def test_connector_runs_show_like_feed_runs(manager_client, store, woo, clock):
    store.feed_url = woo.url
    store.credentials = credentials.encrypt({"consumer_key": woo.KEY, "consumer_secret": woo.SECRET})
    store.save()
    woo.add("Модель", sizes={"38": 1})
    assert sync("lumo")[0] == 0
    run = SyncRun.objects.get(supplier=store)
    history = manager_client.get(admin_url("runs", store.pk)).content.decode()
    assert admin_url("run", run.pk) in history and "Full (store)" in history
    detail = manager_client.get(admin_url("run", run.pk)).content.decode()
    assert "Store API requests" in detail and "Full (store)" in detail
    overview = manager_client.get(admin_url("overview")).content.decode()
    assert admin_url("sync", store.pk) in overview
