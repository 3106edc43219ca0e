"""Store connectors: WooCommerce, Shopify and Magento stores as supplier feeds.

Each is a supplier dialect: the connector (this package) reads the store's API into a
snapshot file, and the feed adapter of the same name (suppliers/feeds/adapters/) turns the
snapshot into FeedRecords, so the sync pipeline (names, mapping, markup, images, the
unpublishing safety share, the lock and the run log) treats a store like any feed.

    from suppliers.connectors import is_connector
    from suppliers.connectors.run import fetch_store  # used by suppliers.sync.fetch
"""

from . import magento, shopify, woocommerce  # noqa: F401  (each registers its connector)
from .base import CONNECTORS
from .http import ConnectorError

FULL, INCREMENTAL = "full", "incremental"


def is_connector(dialect: str) -> bool:
    return dialect in CONNECTORS


__all__ = ["CONNECTORS", "FULL", "INCREMENTAL", "ConnectorError", "is_connector"]
