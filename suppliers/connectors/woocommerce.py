"""WooCommerce REST API v3 as a product source: /wp-json/wc/v3/products and their variations.

Authentication is HTTP Basic with the consumer key and secret (over HTTPS; the store
address must be https unless private addresses are allowed, as in development).

Paging is a keyset on the modified date, never bare page numbers: products come
`orderby=modified&order=asc`, and each next request asks `modified_after` the newest date
of the page before (less one second, because the filter is exclusive and dates have whole
seconds). A product edited while we page moves to the end and is met again (the snapshot
keeps its newest version); a product created meanwhile lands at the end too. Page numbers
would skip a row for every row that moved ahead of the cursor.

When a whole page shares one second (a CSV import stamps thousands of rows alike), that
second is read on its own, ordered by id, and read again until a pass finds nothing new:
rows leave the second when edited, which shifts the pages behind them.

Dates are the `*_gmt` fields and filters say `dates_are_gmt=true`; the local fields are in
the shop's time zone, and a store west of GMT would otherwise lose hours of changes.
"""

from __future__ import annotations

import base64
from datetime import datetime

from .base import ONE_SECOND, Connector, parse_time, register
from .http import ConnectorError
from .snapshot import Snapshot, utc_text

PRODUCTS = "/wp-json/wc/v3/products"
MAX_TIE_PASSES = 5


def modified_gmt(row: dict) -> datetime | None:
    return parse_time(row.get("date_modified_gmt")) or parse_time(row.get("date_created_gmt"))


def woo_time(moment: datetime) -> str:
    return utc_text(moment).rstrip("Z")


@register
class WooCommerceConnector(Connector):
    dialect = "woocommerce"

    def auth_headers(self) -> dict[str, str]:
        pair = f"{self.secrets.get('consumer_key', '')}:{self.secrets.get('consumer_secret', '')}"
        return {"Authorization": "Basic " + base64.b64encode(pair.encode()).decode(),
                "Accept": "application/json"}

    @property
    def per_page(self) -> int:
        return max(1, min(100, int(self.options.get("per_page") or 100)))  # Woo refuses more than 100

    def read(self, snapshot: Snapshot, since: datetime | None) -> None:
        self.require("consumer_key", "consumer_secret")
        cursor = since
        while True:
            params = {"per_page": self.per_page, "page": 1, "orderby": "modified", "order": "asc",
                      "status": "any", "dates_are_gmt": "true"}
            if cursor is not None:
                params["modified_after"] = woo_time(cursor)
            rows = self._page(params)
            self._keep(snapshot, rows)
            if len(rows) < self.per_page:
                return
            top = max(modified_gmt(row) for row in rows)
            if cursor is not None and top <= cursor + ONE_SECOND:
                self._read_second(snapshot, top)  # a full page inside one second
                cursor = top
            else:
                cursor = top - ONE_SECOND

    def _read_second(self, snapshot: Snapshot, second: datetime) -> None:
        for _attempt in range(MAX_TIE_PASSES):
            added, page = 0, 1
            while True:
                rows = self._page({"per_page": self.per_page, "page": page, "orderby": "id", "order": "asc",
                                   "status": "any", "dates_are_gmt": "true",
                                   "modified_after": woo_time(second - ONE_SECOND),
                                   "modified_before": woo_time(second + ONE_SECOND)})
                added += self._keep(snapshot, rows)
                if len(rows) < self.per_page:
                    break
                page += 1
            if not added:
                return
        raise ConnectorError(f"the products modified at {woo_time(second)} kept changing while they "
                             f"were read ({MAX_TIE_PASSES} passes)")

    def _page(self, params: dict) -> list[dict]:
        rows = self.client.get(PRODUCTS, params).json()
        if not isinstance(rows, list):
            raise ConnectorError(f"{PRODUCTS}: expected a list of products")
        for row in rows:
            if not isinstance(row, dict) or "id" not in row or modified_gmt(row) is None:
                raise ConnectorError(f"{PRODUCTS}: a product without id or modified date")
        return rows

    def _keep(self, snapshot: Snapshot, rows: list[dict]) -> int:
        """Add the versions we do not have yet, with their variations; how many were new."""
        added = 0
        for row in rows:
            key, modified = str(row["id"]), modified_gmt(row)
            if snapshot.knows(key, modified):
                snapshot.duplicates += 1
                continue
            variations = self._variations(row["id"]) if row.get("type") == "variable" else []
            added += snapshot.add(key, modified, {"product": row, "variations": variations})
        return added

    def _variations(self, product_id) -> list[dict]:
        """A product's variations: a few dozen sizes, by id, deduplicated."""
        path, out, seen, page = f"{PRODUCTS}/{int(product_id)}/variations", [], set(), 1
        while True:
            response = self.client.get(path, {"per_page": 100, "page": page, "orderby": "id", "order": "asc"})
            rows = response.json()
            if not isinstance(rows, list):
                raise ConnectorError(f"{path}: expected a list of variations")
            for row in rows:
                if isinstance(row, dict) and row.get("id") not in seen:
                    seen.add(row.get("id"))
                    out.append(row)
            pages = response.header("X-WP-TotalPages")
            if len(rows) < 100 or (pages.isdigit() and page >= int(pages)):
                return out
            page += 1
