"""Against real stores, read only, with credentials from the environment (skipped without):
WOOCOMMERCE_LIVE_URL + WOOCOMMERCE_LIVE_KEY + WOOCOMMERCE_LIVE_SECRET,
SHOPIFY_LIVE_URL (https://<shop>.myshopify.com) + SHOPIFY_LIVE_TOKEN,
MAGENTO_LIVE_URL + MAGENTO_LIVE_TOKEN (an integration token allowed as a bearer).

Each reads the products changed in the last 30 days (a full read of a big store would take
long), runs the snapshot through the dialect's adapter and checks the records' shape."""

import os
from datetime import UTC, datetime, timedelta

import pytest

from suppliers.connectors.base import CONNECTORS
from suppliers.connectors.snapshot import Snapshot
from suppliers.feeds import get_adapter


def real(*names):
    missing = [name for name in names if not os.environ.get(name)]
    return pytest.mark.skipif(bool(missing), reason=f"set {', '.join(missing)} to run against a real store")


def read_recent(dialect: str, url: str, secrets: dict, options: dict | None = None) -> list:
    options = get_adapter(dialect, options or {}).options
    connector = CONNECTORS[dialect](url, options, secrets)
    snapshot = Snapshot()
    connector.read(snapshot, datetime.now(UTC) - timedelta(days=30))
    path = snapshot.finish()
    try:
        with open(path, "rb") as stream:
            records = list(get_adapter(dialect, options).parse(stream))
    finally:
        path.unlink()
    for record in records:
        assert record.model_code and record.name
        assert all(v.quantity >= 0 for v in record.variants)
    return records


@pytest.mark.woocommerce_live
@real("WOOCOMMERCE_LIVE_URL", "WOOCOMMERCE_LIVE_KEY", "WOOCOMMERCE_LIVE_SECRET")
def test_woocommerce_store_is_read():
    read_recent("woocommerce", os.environ["WOOCOMMERCE_LIVE_URL"], {
        "consumer_key": os.environ["WOOCOMMERCE_LIVE_KEY"],
        "consumer_secret": os.environ["WOOCOMMERCE_LIVE_SECRET"]})


@pytest.mark.shopify_live
@real("SHOPIFY_LIVE_URL", "SHOPIFY_LIVE_TOKEN")
def test_shopify_store_is_read():
    read_recent("shopify", os.environ["SHOPIFY_LIVE_URL"], {"access_token": os.environ["SHOPIFY_LIVE_TOKEN"]},
                {"page_size": 5})


@pytest.mark.magento_live
@real("MAGENTO_LIVE_URL", "MAGENTO_LIVE_TOKEN")
def test_magento_store_is_read():
    read_recent("magento", os.environ["MAGENTO_LIVE_URL"], {"access_token": os.environ["MAGENTO_LIVE_TOKEN"]})
