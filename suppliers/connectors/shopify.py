"""Shopify Admin GraphQL API as a product source: products, variants, stock per location.

- Authentication: the Admin API access token in X-Shopify-Access-Token.
- A full run is a bulk operation (bulkOperationRunQuery): Shopify writes every product with
  its variants, photos and inventory levels to a JSONL file, children pointing at their
  parents by `__parentId`; we poll the operation, download the file (no credentials go to
  its storage URL) and put each product back together. `bulk: false` pages instead.
- An incremental run pages `products(query: "updated_at:>'W'", sortKey: UPDATED_AT)` by
  cursor; a product with more variants than a page holds gets the rest by its own cursor.
- Throttling is cost based: every answer carries extensions.cost.throttleStatus (bucket
  size, what is left, restore rate per second). Before a query we wait until the bucket,
  refilled for the time that passed, holds what the last such query cost; a THROTTLED
  answer waits for the same reason and is asked again.

Stock: the variant's `inventoryQuantity` (all locations), or, when the supplier's options
list `locations` (gid://shopify/Location/...), the sum of "available" at those locations.
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
from datetime import datetime

from suppliers.sync import conf, safehttp

from .base import Connector, parse_time, register
from .http import ConnectorError
from .snapshot import Snapshot, utc_text

API_VERSION = "2025-01"
MAX_THROTTLED = 20  # THROTTLED answers in a row before the run gives up
DONE_STATES = {"COMPLETED", "FAILED", "CANCELED", "EXPIRED"}

PRODUCT_FIELDS = """id title handle descriptionHtml vendor productType status updatedAt onlineStoreUrl
      category { id fullName }"""
VARIANT_FIELDS = """id sku barcode price compareAtPrice updatedAt inventoryQuantity
        selectedOptions { name value }"""


def level_fields(locations: list[str]) -> str:
    """Per-location stock, one aliased inventoryLevel per chosen location (cheap: no connection)."""
    if not locations:
        return ""
    parts = [f'l{i}: inventoryLevel(locationId: {json.dumps(gid)}) {{ location {{ id }} '
             f'quantities(names: ["available"]) {{ name quantity }} }}' for i, gid in enumerate(locations)]
    return "inventoryItem { id " + " ".join(parts) + " }"


def available(level: dict) -> int:
    for quantity in level.get("quantities") or []:
        if quantity.get("name") == "available":
            return int(quantity.get("quantity") or 0)
    return 0


@register
class ShopifyConnector(Connector):
    dialect = "shopify"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.bucket: dict | None = None  # the last throttleStatus and when it was read
        self.costs: dict[str, float] = {}  # what each kind of query cost last time

    def api_base(self) -> str:
        version = self.options.get("api_version") or API_VERSION
        return f"{self.store_url}/admin/api/{version}/graphql.json"

    def auth_headers(self) -> dict[str, str]:
        return {"X-Shopify-Access-Token": self.secrets.get("access_token", ""), "Accept": "application/json"}

    @property
    def locations(self) -> list[str]:
        return [str(gid) for gid in self.options.get("locations") or []]

    # ------------------------------------------------------------------ GraphQL and its throttle
    def graphql(self, kind: str, query: str, variables: dict | None = None) -> dict:
        """One query's data; waits for the cost bucket first and again whenever Shopify throttles."""
        for _attempt in range(MAX_THROTTLED):
            self.wait_for_bucket(kind)
            answer = self.client.post_json("", {"query": query, "variables": variables or {}}).json()
            if not isinstance(answer, dict):
                raise ConnectorError("Shopify answered something that is not a GraphQL response")
            cost = (answer.get("extensions") or {}).get("cost") or {}
            self.note_cost(kind, cost)
            errors = answer.get("errors") or []
            if any((e.get("extensions") or {}).get("code") == "THROTTLED"
                   for e in errors if isinstance(e, dict)):
                continue  # wait_for_bucket() waits for what the throttled query asked
            if errors:
                text = "; ".join(str(e.get("message", e)) if isinstance(e, dict) else str(e) for e in errors)
                raise ConnectorError(f"Shopify {kind}: {text[:300]}")
            if not isinstance(answer.get("data"), dict):
                raise ConnectorError(f"Shopify {kind}: the answer has no data")
            return answer["data"]
        raise ConnectorError(f"Shopify {kind}: throttled {MAX_THROTTLED} times in a row")

    def note_cost(self, kind: str, cost: dict) -> None:
        status = cost.get("throttleStatus")
        if isinstance(status, dict) and status.get("restoreRate"):
            self.bucket = {"max": float(status.get("maximumAvailable") or 0),
                           "available": float(status.get("currentlyAvailable") or 0),
                           "rate": float(status["restoreRate"]), "at": self.clock.monotonic()}
        if cost.get("requestedQueryCost") is not None:
            self.costs[kind] = float(cost["requestedQueryCost"])

    def wait_for_bucket(self, kind: str) -> None:
        need, bucket = self.costs.get(kind), self.bucket
        if need is None or bucket is None:
            return
        need = min(need, bucket["max"]) if bucket["max"] else need
        refilled = bucket["available"] + (self.clock.monotonic() - bucket["at"]) * bucket["rate"]
        if refilled < need:
            self.client.pause((need - refilled) / bucket["rate"], f"Shopify cost bucket: {refilled:.0f} "
                                                                  f"of {need:.0f} points")

    # ------------------------------------------------------------------ reading
    def read(self, snapshot: Snapshot, since: datetime | None) -> None:
        self.require("access_token")
        if since is None and self.options.get("bulk", True):
            self.read_bulk(snapshot)
        else:
            self.read_pages(snapshot, since)

    def products_query(self) -> str:
        return f"""query Products($first: Int!, $after: String, $query: String) {{
  products(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {{
    pageInfo {{ hasNextPage endCursor }}
    nodes {{
      {PRODUCT_FIELDS}
      media(first: 20) {{ nodes {{ ... on MediaImage {{ image {{ url }} }} }} }}
      variants(first: 50) {{ pageInfo {{ hasNextPage endCursor }}
        nodes {{ {VARIANT_FIELDS} {level_fields(self.locations)} }} }}
    }}
  }}
}}"""

    def read_pages(self, snapshot: Snapshot, since: datetime | None) -> None:
        search = f"updated_at:>'{utc_text(since)}'" if since else None
        first = max(1, min(250, int(self.options.get("page_size") or 10)))
        after, query = None, self.products_query()
        while True:
            data = self.graphql("products", query, {"first": first, "after": after, "query": search})
            connection = data.get("products") or {}
            for node in connection.get("nodes") or []:
                modified = parse_time(node.get("updatedAt"))
                if not node.get("id") or modified is None or snapshot.knows(node["id"], modified):
                    continue
                variants = node.get("variants") or {}
                rows = list(variants.get("nodes") or [])
                page = variants.get("pageInfo") or {}
                if page.get("hasNextPage"):
                    rows += self.more_variants(node["id"], page.get("endCursor"))
                snapshot.add(node["id"], modified, {"product": self.shape(node, rows)})
            info = connection.get("pageInfo") or {}
            if not info.get("hasNextPage"):
                return
            after = info.get("endCursor")

    def more_variants(self, product_id: str, after: str | None) -> list[dict]:
        query = f"""query Variants($id: ID!, $after: String) {{
  product(id: $id) {{ variants(first: 100, after: $after) {{ pageInfo {{ hasNextPage endCursor }}
    nodes {{ {VARIANT_FIELDS} {level_fields(self.locations)} }} }} }}
}}"""
        out = []
        while True:
            variants = ((self.graphql("variants", query, {"id": product_id, "after": after})
                         .get("product") or {}).get("variants") or {})
            out += variants.get("nodes") or []
            info = variants.get("pageInfo") or {}
            if not info.get("hasNextPage"):
                return out
            after = info.get("endCursor")

    def shape(self, node: dict, variants: list[dict]) -> dict:
        """A product as the adapter reads it, the same from pages and from a bulk file."""
        media = node.get("media") or {}
        images = [m["image"]["url"] for m in media.get("nodes") or []
                  if isinstance(m, dict) and isinstance(m.get("image"), dict) and m["image"].get("url")]
        product = {k: v for k, v in node.items() if k not in ("media", "variants")}
        product["images"] = images
        product["variants"] = [self.shape_variant(v) for v in variants]
        return product

    def shape_variant(self, variant: dict) -> dict:
        out = {k: v for k, v in variant.items() if k not in ("inventoryItem", "levels")}
        item = variant.get("inventoryItem") or {}
        levels = [item[k] for k in sorted(item) if k.startswith("l") and isinstance(item[k], dict)]
        levels += variant.get("levels") or []
        if self.locations:
            out["levels"] = [{"location": (lv.get("location") or {}).get("id"), "available": available(lv)}
                             for lv in levels if (lv.get("location") or {}).get("id") in self.locations]
        return out

    # ------------------------------------------------------------------ bulk
    def bulk_query(self) -> str:
        levels = ("inventoryItem { id inventoryLevels { edges { node { id location { id } "
                  'quantities(names: ["available"]) { name quantity } } } } }') if self.locations else ""
        return f"""{{ products {{ edges {{ node {{
  {PRODUCT_FIELDS}
  media {{ edges {{ node {{ id ... on MediaImage {{ image {{ url }} }} }} }} }}
  variants {{ edges {{ node {{ {VARIANT_FIELDS} {levels} }} }} }}
}} }} }} }}"""

    def read_bulk(self, snapshot: Snapshot) -> None:
        mutation = """mutation Run($query: String!) {
  bulkOperationRunQuery(query: $query) { bulkOperation { id status } userErrors { field message } }
}"""
        data = self.graphql("bulk start", mutation, {"query": self.bulk_query()})
        started = data.get("bulkOperationRunQuery") or {}
        if started.get("userErrors"):
            raise ConnectorError("Shopify refused the bulk export: "
                                 + "; ".join(e.get("message", "") for e in started["userErrors"]))
        operation = self.wait_for_bulk((started.get("bulkOperation") or {}).get("id"))
        if operation.get("url"):
            self.load_bulk_file(operation["url"], snapshot)
        elif int(operation.get("objectCount") or 0):
            raise ConnectorError("Shopify's bulk export finished without a file")

    def wait_for_bulk(self, operation_id: str | None) -> dict:
        if not operation_id:
            raise ConnectorError("Shopify started no bulk operation")
        query = """query Bulk($id: ID!) { node(id: $id) { ... on BulkOperation {
  id status errorCode objectCount url } } }"""
        deadline = self.clock.monotonic() + conf.get("SUPPLIER_CONNECTOR_BULK_TIMEOUT")
        while True:
            operation = self.graphql("bulk status", query, {"id": operation_id}).get("node") or {}
            status = operation.get("status")
            if status == "COMPLETED":
                return operation
            if status in DONE_STATES:
                raise ConnectorError(f"Shopify's bulk export ended {status} ({operation.get('errorCode')}); "
                                     "nothing was imported")
            if self.clock.monotonic() > deadline:
                raise ConnectorError("Shopify's bulk export did not finish in time")
            if self.beat is not None:
                self.beat()
            self.clock.sleep(conf.get("SUPPLIER_CONNECTOR_BULK_POLL_SECONDS"))

    def load_bulk_file(self, url: str, snapshot: Snapshot) -> None:
        """Download the JSONL and put products back together with their children.

        Children may come anywhere after their parent, so lines go into a scratch SQLite
        table indexed by parent, and each product is assembled from it."""
        handle, name = tempfile.mkstemp(prefix="shopify-bulk-", suffix=".sqlite3")
        os.close(handle)
        db = sqlite3.connect(name)
        try:
            db.execute("CREATE TABLE line (n INTEGER PRIMARY KEY, id TEXT, parent TEXT, body TEXT)")
            self.download_lines(url, db)
            db.execute("CREATE INDEX line_parent ON line (parent)")
            for (body,) in db.execute("SELECT body FROM line WHERE parent IS NULL ORDER BY n"):
                node = json.loads(body)
                modified = parse_time(node.get("updatedAt"))
                if not node.get("id") or modified is None:
                    raise ConnectorError("Shopify's bulk file has a product without id or updatedAt")
                children = [json.loads(b) for (b,) in db.execute(
                    "SELECT body FROM line WHERE parent = ? ORDER BY n", (node["id"],))]
                variants = [c for c in children if "/ProductVariant/" in str(c.get("id"))]
                media = [c for c in children if "/ProductVariant/" not in str(c.get("id"))]
                for variant in variants:
                    item_id = (variant.get("inventoryItem") or {}).get("id")
                    variant["levels"] = [json.loads(b) for (b,) in db.execute(
                        "SELECT body FROM line WHERE parent IN (?, ?) ORDER BY n", (variant["id"], item_id))]
                snapshot.add(node["id"], modified, {"product": self.shape({**node, "media": {"nodes": media}},
                                                                          variants)})
        finally:
            db.close()
            os.unlink(name)

    def download_lines(self, url: str, db) -> None:
        limit = conf.get("SUPPLIER_FEED_MAX_BYTES")
        total, batch = 0, []
        try:
            with safehttp.open_url(url, timeout=conf.get("SUPPLIER_CONNECTOR_TIMEOUT"),
                                   private_hosts=self.client.private_hosts) as answer:
                for raw in answer:
                    total += len(raw)
                    if total > limit:
                        raise ConnectorError(f"Shopify's bulk file is over {limit} bytes")
                    if not raw.strip():
                        continue
                    try:
                        row = json.loads(raw)
                    except ValueError as exc:
                        raise ConnectorError(f"Shopify's bulk file is damaged: {exc}") from exc
                    batch.append((row.get("id"), row.get("__parentId"), raw.decode("utf-8")))
                    if len(batch) >= 1000:
                        db.executemany("INSERT INTO line (id, parent, body) VALUES (?, ?, ?)", batch)
                        batch = []
                        if self.beat is not None:
                            self.beat()
        except ConnectorError:
            raise
        except OSError as exc:  # urllib's errors, timeouts, a blocked address
            raise ConnectorError(f"cannot download Shopify's bulk file: {type(exc).__name__}") from exc
        db.executemany("INSERT INTO line (id, parent, body) VALUES (?, ?, ?)", batch)
