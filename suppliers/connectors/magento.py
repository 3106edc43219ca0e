"""Magento 2 (Adobe Commerce / Magento Open Source) REST API as a product source.

- Authentication: an integration access token as a bearer (Magento 2.4.4+ needs "Allow
  OAuth access tokens to be used as standalone bearer tokens" switched on), or an admin
  user whose token (valid 4 hours) is fetched at the start of each run.
- Paging is a keyset over `searchCriteria`, never page numbers: sorted by updated_at, then
  entity_id, each next request asks for (updated_at > T) or (updated_at = T and
  entity_id > last id), written as two filter groups (groups AND, filters in a group OR):
  updated_at >= T, and (updated_at > T or entity_id > last id). currentPage stays 1, so
  Magento's habit of answering a page past the end with the last page again cannot bite;
  a full page of rows we already have still stops the run with an error instead of
  looping (a store that ignores the filter would otherwise page forever).
- Configurable products are the models; their children (simple products, one per size)
  come from /V1/configurable-products/{sku}/children. A child changed on its own reaches
  its parent through the map kept from earlier runs (Magento has no child->parent call).
- Stock: MSI source items (/V1/inventory/source-items, per source, optionally only the
  supplier's `sources`) or, with `stock: "legacy"`, /V1/stockItems/{sku}. The source-item
  list is paged by number, so there the termination guard applies: stop when
  page x size reaches total_count or when a page brings nothing new.
- Dates: Magento keeps updated_at in UTC and filters compare UTC.
"""

from __future__ import annotations

from datetime import datetime

from .base import Connector, parse_time, register
from .http import ConnectorError
from .snapshot import Snapshot

CHUNK = 50  # SKUs per source-item request (they travel in the query string)


def magento_time(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def criteria(groups: list[list[tuple[str, str, str]]], sorts: list[tuple[str, str]], size: int,
             page: int = 1) -> list[tuple[str, str]]:
    """searchCriteria as query parameters: groups of (field, condition, value) filters."""
    out = []
    for g, filters in enumerate(groups):
        for f, (field, condition, value) in enumerate(filters):
            prefix = f"searchCriteria[filterGroups][{g}][filters][{f}]"
            out += [(f"{prefix}[field]", field), (f"{prefix}[value]", value),
                    (f"{prefix}[conditionType]", condition)]
    for i, (field, direction) in enumerate(sorts):
        out += [(f"searchCriteria[sortOrders][{i}][field]", field),
                (f"searchCriteria[sortOrders][{i}][direction]", direction)]
    return out + [("searchCriteria[pageSize]", str(size)), ("searchCriteria[currentPage]", str(page))]


def custom(product: dict, code: str):
    for attribute in product.get("custom_attributes") or []:
        if isinstance(attribute, dict) and attribute.get("attribute_code") == code:
            return attribute.get("value")
    return None


@register
class MagentoConnector(Connector):
    dialect = "magento"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.option_labels: dict[str, dict[str, str]] = {}
        self.category_names: dict[str, str] | None = None

    def api_base(self) -> str:
        code = (self.options.get("store_code") or "").strip("/")
        return f"{self.store_url}/rest/{code + '/' if code else ''}V1"

    def auth_headers(self) -> dict[str, str]:
        token = self.secrets.get("access_token") or self.secrets.get("_admin_token", "")
        return {"Authorization": f"Bearer {token}", "Accept": "application/json"} if token else {
            "Accept": "application/json"}

    @property
    def page_size(self) -> int:
        return max(1, min(500, int(self.options.get("page_size") or 100)))

    def login(self) -> None:
        if self.secrets.get("access_token"):
            return
        self.require("admin_username", "admin_password")
        token = self.client.post_json("/integration/admin/token", {
            "username": self.secrets["admin_username"], "password": self.secrets["admin_password"]},
        ).json()
        if not isinstance(token, str) or not token:
            raise ConnectorError("Magento gave no admin token")
        self.secrets["_admin_token"] = token
        self.client.headers = self.auth_headers()
        self.client.secrets = self.secret_values()

    # ------------------------------------------------------------------ products
    def read(self, snapshot: Snapshot, since: datetime | None) -> None:
        self.login()
        parents: dict[str, str] = dict(self.memory.get("parents") or {})  # child id -> parent sku
        pending_parents: dict[str, datetime] = {}
        for product in self.changed_products(since):
            key, modified = str(product["id"]), parse_time(product.get("updated_at"))
            if product.get("type_id") == "configurable":
                self.keep(snapshot, product, modified, parents)
            elif key in parents or str(product.get("visibility")) == "1":
                # A size of a model: its parent carries it (and its stock) into the snapshot.
                if key in parents:
                    sku = parents[key]
                    pending_parents[sku] = max(modified, pending_parents.get(sku, modified))
            else:
                self.keep(snapshot, product, modified, parents)
        for sku, modified in pending_parents.items():
            parent = self.product_by_sku(sku)
            if parent is not None:
                parent_modified = max(parse_time(parent.get("updated_at")) or modified, modified)
                self.keep(snapshot, parent, parent_modified, parents)
        self.memory["parents"] = parents

    def changed_products(self, since: datetime | None):
        size, cursor, seen = self.page_size, None, set()
        sorts = [("updated_at", "ASC"), ("entity_id", "ASC")]
        while True:
            groups = []
            if cursor is not None:
                stamp, last_id = cursor
                groups = [[("updated_at", "gteq", stamp)],
                          [("updated_at", "gt", stamp), ("entity_id", "gt", str(last_id))]]
            elif since is not None:
                groups = [[("updated_at", "gteq", magento_time(since))]]
            answer = self.client.get("/products", criteria(groups, sorts, size)).json()
            items = [i for i in (answer or {}).get("items") or [] if isinstance(i, dict)]
            fresh = []
            for item in items:
                if "id" not in item or parse_time(item.get("updated_at")) is None:
                    raise ConnectorError("/V1/products: a product without id or updated_at")
                mark = (item["id"], item["updated_at"])
                if mark not in seen:
                    seen.add(mark)
                    fresh.append(item)
            yield from fresh
            total = int((answer or {}).get("total_count") or 0)
            if len(items) < size or total <= size:
                return
            if not fresh:
                raise ConnectorError("/V1/products answered a page already read: the store ignores the "
                                     "paging filter, so the run stops rather than loop")
            last = items[-1]
            cursor = (last["updated_at"], last["id"])

    def product_by_sku(self, sku: str) -> dict | None:
        answer = self.client.get("/products", criteria([[("sku", "eq", sku)]], [], 1)).json()
        items = (answer or {}).get("items") or []
        return items[0] if items else None

    def keep(self, snapshot: Snapshot, product: dict, modified: datetime, parents: dict) -> None:
        key = str(product["id"])
        if snapshot.knows(key, modified):
            snapshot.duplicates += 1
            return
        children = []
        if product.get("type_id") == "configurable":
            children = self.children(product)
            for child in children:
                parents[str(child.get("id"))] = product["sku"]
        skus = [c["sku"] for c in children if c.get("sku")] or [product["sku"]]
        snapshot.add(key, modified, {"product": product, "children": children, "stock": self.stock(skus),
                                     "categories": self.categories(product), "store_url": self.store_url})

    def children(self, product: dict) -> list[dict]:
        rows = self.client.get(f"/configurable-products/{quote(product['sku'])}/children").json()
        if not isinstance(rows, list):
            raise ConnectorError(f"configurable product {product['sku']}: its children are not a list")
        code = self.options.get("size_attribute_code") or "size"
        labels = self.labels(code)
        for child in rows:
            value = custom(child, code)
            child["size_label"] = labels.get(str(value), str(value or ""))
        return rows

    def labels(self, code: str) -> dict[str, str]:
        if code not in self.option_labels:
            rows = self.client.get(f"/products/attributes/{quote(code)}/options").json()
            self.option_labels[code] = {str(r.get("value")): str(r.get("label") or "")
                                        for r in rows or [] if isinstance(r, dict)}
        return self.option_labels[code]

    def categories(self, product: dict) -> list[dict]:
        if self.category_names is None:
            self.category_names = {}
            self._walk(self.client.get("/categories").json() or {})
        links = (product.get("extension_attributes") or {}).get("category_links") or []
        ids = [str(link.get("category_id")) for link in links if isinstance(link, dict)]
        return [{"id": i, "name": self.category_names.get(i, "")} for i in ids]

    def _walk(self, node: dict) -> None:
        if isinstance(node, dict):
            self.category_names[str(node.get("id"))] = str(node.get("name") or "")
            for child in node.get("children_data") or []:
                self._walk(child)

    # ------------------------------------------------------------------ stock
    def stock(self, skus: list[str]) -> dict[str, int]:
        if self.options.get("stock") == "legacy":
            out = {}
            for sku in skus:
                item = self.client.get(f"/stockItems/{quote(sku)}").json() or {}
                out[sku] = int(float(item.get("qty") or 0)) if item.get("is_in_stock") else 0
            return out
        out = {sku: 0 for sku in skus}
        sources = [str(s) for s in self.options.get("sources") or []]
        for start in range(0, len(skus), CHUNK):
            for item in self.source_items(skus[start:start + CHUNK], sources):
                if str(item.get("status")) == "1" and item.get("sku") in out:
                    out[item["sku"]] += max(0, int(float(item.get("quantity") or 0)))
        return out

    def source_items(self, skus: list[str], sources: list[str]):
        """Source items by page number: stop at total_count, or on a page that is all repeats
        (Magento answers a page past the end with the last one again)."""
        groups = [[("sku", "in", ",".join(skus))]]
        if sources:
            groups.append([("source_code", "in", ",".join(sources))])
        size, page, seen = self.page_size, 1, set()
        while True:
            answer = self.client.get("/inventory/source-items", criteria(groups, [], size, page)).json() or {}
            items = [i for i in answer.get("items") or [] if isinstance(i, dict)]
            fresh = [i for i in items if (i.get("sku"), i.get("source_code")) not in seen]
            seen.update((i.get("sku"), i.get("source_code")) for i in fresh)
            yield from fresh
            total = int(answer.get("total_count") or 0)
            if not fresh or len(items) < size or page * size >= total:
                return
            page += 1


def quote(value: str) -> str:
    from urllib.parse import quote as url_quote

    return url_quote(str(value), safe="")
