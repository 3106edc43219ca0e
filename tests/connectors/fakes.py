"""Local fake stores speaking the documented protocols, served by pytest-httpserver.

Each keeps its catalogue in memory with its own clock, and applies filters, sorting and
paging as the real API does, including the behaviours the connectors must survive:
WooCommerce's exclusive modified_after with local versus GMT dates and rows moving while
pages are read; Shopify's cost bucket and bulk operations; Magento's page past the end
answered with the last page again.
"""

from __future__ import annotations

import base64
import json
import math
import re
from datetime import UTC, datetime, timedelta

from werkzeug import Request, Response

T0 = datetime(2026, 1, 5, 6, 0, tzinfo=UTC)


def as_json(data, status=200, headers=None) -> Response:
    return Response(json.dumps(data, ensure_ascii=False), status=status, headers=headers or {},
                    content_type="application/json")


class Hooks:
    """Call-backs a test sets to change the catalogue between requests."""

    def __init__(self):
        self.before_page = []  # functions(page_number_served) run before a products page is answered
        self.served = 0

    def run(self):
        self.served += 1
        for hook in self.before_page:
            hook(self.served)


# ---------------------------------------------------------------------------------- WooCommerce
class FakeWoo:
    KEY, SECRET = "ck_test_0123456789abcdef", "cs_test_fedcba9876543210"

    def __init__(self, server, *, utc_offset_hours: int = 0):
        self.server = server
        self.url = server.url_for("").rstrip("/")
        self.offset = timedelta(hours=utc_offset_hours)
        self.now = T0
        self.products: dict[int, dict] = {}
        self.variations: dict[int, list[dict]] = {}
        self.next_id = 100
        self.hooks = Hooks()
        self.log: list[dict] = []  # query args of every products request
        self.fail_next: list[Response] = []  # answers served before the real ones (429, 503...)
        server.expect_request(re.compile(r"^/wp-json/wc/v3/products$")).respond_with_handler(self.list_products)
        server.expect_request(re.compile(r"^/wp-json/wc/v3/products/\d+/variations$")).respond_with_handler(
            self.list_variations)

    def tick(self, seconds=60) -> datetime:
        self.now += timedelta(seconds=seconds)
        return self.now

    def stamp(self, product: dict, moment: datetime) -> None:
        product["date_modified_gmt"] = moment.strftime("%Y-%m-%dT%H:%M:%S")
        product["date_modified"] = (moment + self.offset).strftime("%Y-%m-%dT%H:%M:%S")

    def add(self, name="Кросівки", sizes=None, price="1500", regular="", category=(7, "Кросівки"),
            status="publish", at: datetime | None = None) -> int:
        pid, self.next_id = self.next_id, self.next_id + 1
        sizes = {"38": 2, "39": 0} if sizes is None else sizes
        product = {"id": pid, "name": name, "type": "variable", "status": status, "permalink":
                   f"{self.url}/product/p{pid}/", "description": "<p>Шкіра</p>", "short_description": "",
                   "sku": f"W{pid}", "categories": [{"id": category[0], "name": category[1]}],
                   "images": [], "attributes": [
                       {"id": 1, "name": "Розмір", "variation": True, "options": list(sizes)},
                       {"id": 2, "name": "Колір", "variation": False, "options": ["чорний"]}],
                   "brands": [{"id": 3, "name": "Lumo"}], "date_created_gmt": "2025-12-01T00:00:00"}
        self.stamp(product, at or self.tick(1))
        self.products[pid] = product
        self.variations[pid] = [
            {"id": pid * 100 + i, "sku": f"W{pid}-{size}", "price": price, "regular_price": regular or price,
             "sale_price": "", "status": "publish", "manage_stock": True, "stock_quantity": qty,
             "stock_status": "instock" if qty else "outofstock",
             "attributes": [{"id": 1, "name": "Розмір", "option": size}]}
            for i, (size, qty) in enumerate(sizes.items())]
        return pid

    def edit(self, pid: int, at: datetime | None = None, **fields) -> None:
        self.products[pid].update(fields)
        self.stamp(self.products[pid], at or self.tick(1))

    def set_stock(self, pid: int, size: str, quantity: int) -> None:
        for variation in self.variations[pid]:
            if variation["attributes"][0]["option"] == size:
                variation["stock_quantity"] = quantity
        self.stamp(self.products[pid], self.tick(1))

    def authorised(self, request: Request) -> bool:
        expected = "Basic " + base64.b64encode(f"{self.KEY}:{self.SECRET}".encode()).decode()
        return request.headers.get("Authorization") == expected

    def list_products(self, request: Request) -> Response:
        if self.fail_next:
            return self.fail_next.pop(0)
        if not self.authorised(request):
            return as_json({"code": "woocommerce_rest_cannot_view", "message": "Sorry, you cannot list "
                            "resources.", "data": {"status": 401}}, 401)
        args = request.args
        self.log.append(dict(args))
        per_page = int(args.get("per_page", 10))
        if per_page > 100:
            return as_json({"code": "rest_invalid_param", "message": "Invalid parameter(s): per_page",
                            "data": {"status": 400}}, 400)
        self.hooks.run()
        gmt = args.get("dates_are_gmt") == "true"
        field = "date_modified_gmt" if gmt else "date_modified"
        rows = [p for p in self.products.values() if p["status"] != "trash"]
        if args.get("status", "any") != "any":
            rows = [p for p in rows if p["status"] == args["status"]]
        if args.get("modified_after"):  # WP_Date_Query "after": exclusive
            rows = [p for p in rows if p[field] > args["modified_after"]]
        if args.get("modified_before"):
            rows = [p for p in rows if p[field] < args["modified_before"]]
        orderby = args.get("orderby", "date")
        key = {"modified": lambda p: (p["date_modified_gmt"], p["id"]), "id": lambda p: p["id"],
               "date": lambda p: (p["date_created_gmt"], p["id"])}[orderby]
        rows.sort(key=key, reverse=args.get("order", "desc") == "desc")
        page = int(args.get("page", 1))
        total = len(rows)
        chunk = rows[(page - 1) * per_page: page * per_page]
        return as_json(json.loads(json.dumps(chunk)), headers={
            "X-WP-Total": str(total), "X-WP-TotalPages": str(max(1, math.ceil(total / per_page)))})

    def list_variations(self, request: Request) -> Response:
        if not self.authorised(request):
            return as_json({"code": "woocommerce_rest_cannot_view", "message": "no"}, 401)
        pid = int(request.path.split("/")[-2])
        rows = self.variations.get(pid, [])
        per_page, page = int(request.args.get("per_page", 10)), int(request.args.get("page", 1))
        chunk = rows[(page - 1) * per_page: page * per_page]
        return as_json(chunk, headers={"X-WP-Total": str(len(rows)),
                                       "X-WP-TotalPages": str(max(1, math.ceil(len(rows) / per_page)))})


# ---------------------------------------------------------------------------------- Shopify
class FakeShopify:
    TOKEN = "shpat_test_0123456789abcdef"

    def __init__(self, server, *, bucket=1000.0, restore=100.0):
        self.server = server
        self.url = server.url_for("").rstrip("/")
        self.now = T0
        self.products: dict[str, dict] = {}
        self.next_id = 1000
        self.bucket_max, self.available, self.restore = bucket, bucket, restore
        self.cost = 0.0  # what a products query costs, set by tests
        self.throttled = 0  # THROTTLED answers given
        self.queries: list[dict] = []
        self.bulk = {"status": "NONE"}
        self.bulk_polls_before_done = 2
        graphql = re.compile(r"^/admin/api/[\w-]+/graphql\.json$")
        server.expect_request(graphql, method="POST").respond_with_handler(self.graphql)
        server.expect_request("/bulk/result.jsonl").respond_with_handler(self.bulk_file)

    def tick(self, seconds=60):
        self.now += timedelta(seconds=seconds)
        return self.now

    def add(self, title="Черевики", sizes=None, price="2100.00", compare=None, status="ACTIVE",
            product_type="Черевики", vendor="Kalyna") -> str:
        self.next_id += 1
        gid = f"gid://shopify/Product/{self.next_id}"
        sizes = {"38": 3, "39": 1} if sizes is None else sizes
        self.products[gid] = {
            "id": gid, "title": title, "handle": f"p{self.next_id}", "descriptionHtml": "<p>Замша</p>",
            "vendor": vendor, "productType": product_type, "status": status,
            "updatedAt": self.tick(1).strftime("%Y-%m-%dT%H:%M:%SZ"), "onlineStoreUrl": None,
            "category": None,
            "media": [f"https://cdn.example.com/{self.next_id}.jpg"],
            "variants": [{"id": f"gid://shopify/ProductVariant/{self.next_id}{i}",
                          "sku": f"S{self.next_id}-{s}",
                          "barcode": "", "price": price, "compareAtPrice": compare,
                          "updatedAt": "2026-01-01T00:00:00Z", "inventoryQuantity": q,
                          "selectedOptions": [{"name": "Розмір", "value": s},
                                              {"name": "Колір", "value": "синій"}],
                          "inventoryItem": {"id": f"gid://shopify/InventoryItem/{self.next_id}{i}",
                                            "levels": {"gid://shopify/Location/1": q,
                                                       "gid://shopify/Location/2": 10}}}
                         for i, (s, q) in enumerate(sizes.items())]}
        return gid

    def edit(self, gid, **fields):
        self.products[gid].update(fields)
        self.products[gid]["updatedAt"] = self.tick(1).strftime("%Y-%m-%dT%H:%M:%SZ")

    # --- GraphQL ---
    def cost_extension(self, requested: float, actual: float | None) -> dict:
        return {"cost": {"requestedQueryCost": requested, "actualQueryCost": actual, "throttleStatus": {
            "maximumAvailable": self.bucket_max, "currentlyAvailable": self.available,
            "restoreRate": self.restore}}}

    def graphql(self, request: Request) -> Response:
        if request.headers.get("X-Shopify-Access-Token") != self.TOKEN:
            return as_json({"errors": "[API] Invalid API key or access token (unrecognized login or wrong "
                            "password)"}, 401)
        body = json.loads(request.data)
        query, variables = body["query"], body.get("variables") or {}
        self.queries.append({"query": query, "variables": variables})
        cost = self.cost
        if self.available < cost:
            self.throttled += 1
            return as_json({"errors": [{"message": "Throttled", "extensions": {
                "code": "THROTTLED", "documentation": "https://shopify.dev/api/usage/rate-limits"}}],
                "extensions": self.cost_extension(cost, None)})
        self.available -= cost
        if "bulkOperationRunQuery" in query:
            data = self.start_bulk(variables["query"])
        elif "BulkOperation" in query:
            data = {"node": self.poll_bulk()}
        elif "product(id:" in query:
            data = {"product": {"variants": {"pageInfo": {"hasNextPage": False, "endCursor": None},
                                             "nodes": []}}}
        else:
            data = {"products": self.page(variables)}
        return as_json({"data": data, "extensions": self.cost_extension(cost, cost)})

    def node(self, product: dict, locations=()) -> dict:
        out = {k: v for k, v in product.items() if k not in ("media", "variants")}
        out["media"] = {"nodes": [{"image": {"url": url}} for url in product["media"]]}
        variants = []
        for variant in product["variants"]:
            row = {k: v for k, v in variant.items() if k != "inventoryItem"}
            item = variant["inventoryItem"]
            if locations:
                row["inventoryItem"] = {"id": item["id"], **{
                    f"l{i}": {"location": {"id": loc}, "quantities": [
                        {"name": "available", "quantity": item["levels"].get(loc, 0)}]}
                    for i, loc in enumerate(locations)}}
            variants.append(row)
        out["variants"] = {"pageInfo": {"hasNextPage": False, "endCursor": None}, "nodes": variants}
        return out

    def page(self, variables: dict) -> dict:
        rows = sorted(self.products.values(), key=lambda p: (p["updatedAt"], p["id"]))
        search = variables.get("query") or ""
        match = re.match(r"updated_at:>'([^']+)'", search)
        if match:
            rows = [p for p in rows if p["updatedAt"] > match.group(1)]
        after = variables.get("after")
        if after:
            stamp, gid = json.loads(base64.b64decode(after))
            rows = [p for p in rows if (p["updatedAt"], p["id"]) > (stamp, gid)]
        first = variables["first"]
        chunk = rows[:first]
        last = chunk[-1] if chunk else None
        cursor = (base64.b64encode(json.dumps([last["updatedAt"], last["id"]]).encode()).decode()
                  if last else None)
        locations = re.findall(r'inventoryLevel\(locationId: "([^"]+)"\)', self.queries[-1]["query"])
        return {"pageInfo": {"hasNextPage": len(rows) > first, "endCursor": cursor},
                "nodes": [self.node(p, locations) for p in chunk]}

    # --- bulk ---
    def start_bulk(self, query: str) -> dict:
        if self.bulk.get("status") in ("CREATED", "RUNNING"):
            return {"bulkOperationRunQuery": {"bulkOperation": None, "userErrors": [
                {"field": None, "message": "A bulk query operation for this app and shop is already in "
                 "progress"}]}}
        self.bulk = {"id": "gid://shopify/BulkOperation/1", "status": "CREATED", "polls": 0, "query": query}
        return {"bulkOperationRunQuery": {"bulkOperation": {"id": self.bulk["id"], "status": "CREATED"},
                                          "userErrors": []}}

    def poll_bulk(self) -> dict:
        self.bulk["polls"] += 1
        done = self.bulk["polls"] > self.bulk_polls_before_done
        if done and self.bulk["status"] != "COMPLETED":
            self.bulk["status"] = "COMPLETED"
            self.bulk["file"] = self.bulk_lines()
        elif not done:
            self.bulk["status"] = "RUNNING"
        return {"id": self.bulk["id"], "status": self.bulk["status"], "errorCode": None,
                "objectCount": str(len(self.bulk.get("file", []))),
                "url": self.server.url_for("/bulk/result.jsonl") if done and self.products else None}

    def bulk_lines(self) -> list[str]:
        """JSONL as Shopify writes it: products, then children with __parentId, not grouped."""
        products, children = [], []
        with_levels = "inventoryLevels" in self.bulk["query"]
        for product in self.products.values():
            node = {k: v for k, v in product.items() if k not in ("media", "variants")}
            products.append(node)
            for n, url in enumerate(product["media"]):
                children.append({"id": f"gid://shopify/MediaImage/{product['id'].rsplit('/', 1)[1]}{n}",
                                 "image": {"url": url}, "__parentId": product["id"]})
            for variant in product["variants"]:
                row = {k: v for k, v in variant.items() if k != "inventoryItem"}
                row["inventoryItem"] = {"id": variant["inventoryItem"]["id"]}
                row["__parentId"] = product["id"]
                children.append(row)
                if with_levels:
                    for n, (loc, qty) in enumerate(variant["inventoryItem"]["levels"].items()):
                        children.append({"id": f"gid://shopify/InventoryLevel/{variant['id'][-6:]}{n}",
                                         "location": {"id": loc},
                                         "quantities": [{"name": "available", "quantity": qty}],
                                         "__parentId": variant["id"]})
        # Children after all products: a parent is never directly followed by its own.
        return [json.dumps(row, ensure_ascii=False) for row in products + children[::-1]]

    def bulk_file(self, request: Request) -> Response:
        if request.headers.get("X-Shopify-Access-Token"):
            return Response("credentials must not travel to the storage URL", status=400)
        return Response("\n".join(self.bulk.get("file", [])) + "\n", content_type="application/jsonl")


# ---------------------------------------------------------------------------------- Magento
class FakeMagento:
    TOKEN = "mg_integration_token_0123456789"
    ADMIN = ("shopadmin", "Sup3r-Secret!")

    def __init__(self, server, *, honour_keyset=True):
        self.server = server
        self.url = server.url_for("").rstrip("/")
        self.now = T0
        self.products: dict[int, dict] = {}
        self.sources: list[dict] = []
        self.next_id = 1
        self.honour_keyset = honour_keyset
        self.admin_tokens: set[str] = set()
        self.requests: list[tuple[str, dict]] = []
        self.hooks = Hooks()
        server.expect_request("/rest/V1/integration/admin/token", method="POST").respond_with_handler(
            self.token)
        server.expect_request("/rest/V1/products", method="GET").respond_with_handler(self.list_products)
        server.expect_request(re.compile(r"^/rest/V1/configurable-products/[^/]+/children$")).respond_with_handler(
            self.children)
        server.expect_request("/rest/V1/products/attributes/size/options").respond_with_handler(self.options)
        server.expect_request("/rest/V1/categories").respond_with_handler(self.categories)
        server.expect_request("/rest/V1/inventory/source-items").respond_with_handler(self.source_items)
        self.size_options = {"38": "167", "39": "168", "40": "169", "41": "170"}

    def tick(self, seconds=60):
        self.now += timedelta(seconds=seconds)
        return self.now.strftime("%Y-%m-%d %H:%M:%S")

    def add(self, name="Туфлі", sizes=None, price="1800.0000", special=None, stamp: str | None = None) -> str:
        sizes = {"38": 4, "39": 0} if sizes is None else sizes
        parent_id, self.next_id = self.next_id, self.next_id + 1
        sku = f"M-{parent_id}"
        updated = stamp or self.tick(1)
        child_ids = []
        for size, qty in sizes.items():
            cid, self.next_id = self.next_id, self.next_id + 1
            attrs = [{"attribute_code": "size", "value": self.size_options[size]}]
            if special:
                attrs.append({"attribute_code": "special_price", "value": special})
            self.products[cid] = {"id": cid, "sku": f"{sku}-{size}", "name": f"{name} {size}",
                                  "type_id": "simple",
                                  "status": 1, "visibility": 1, "price": float(price), "updated_at": updated,
                                  "custom_attributes": attrs}
            self.sources.append({"sku": f"{sku}-{size}", "source_code": "default", "quantity": qty,
                                 "status": 1 if qty else 0})
            child_ids.append(cid)
        self.products[parent_id] = {
            "id": parent_id, "sku": sku, "name": name, "type_id": "configurable", "status": 1,
            "visibility": 4,
            "price": 0, "updated_at": updated, "media_gallery_entries": [
                {"id": 1, "file": f"/t/u/{sku}.jpg", "position": 1, "disabled": False, "types": ["image"]}],
            "extension_attributes": {"category_links": [{"category_id": "12", "position": 0}],
                                     "configurable_product_links": child_ids},
            "custom_attributes": [{"attribute_code": "description", "value": "<p>Лак</p>"},
                                  {"attribute_code": "url_key", "value": f"tufli-{parent_id}"}]}
        return sku

    def by_sku(self, sku):
        return next(p for p in self.products.values() if p["sku"] == sku)

    def authorised(self, request: Request) -> bool:
        header = request.headers.get("Authorization", "")
        return header == f"Bearer {self.TOKEN}" or header.removeprefix("Bearer ") in self.admin_tokens

    def token(self, request: Request) -> Response:
        body = json.loads(request.data)
        if (body.get("username"), body.get("password")) != self.ADMIN:
            return as_json({"message": "The account sign-in was incorrect or your account is disabled "
                            "temporarily. Please wait and try again later."}, 401)
        token = f"admintoken{len(self.admin_tokens)}"
        self.admin_tokens.add(token)
        return as_json(token)

    def unauthorised(self):
        return as_json({"message": "The consumer isn't authorized to access %resources.",
                        "parameters": {"resources": "Magento_Catalog::products"}}, 401)

    @staticmethod
    def criteria(args) -> tuple[list[list[tuple]], list[tuple], int, int]:
        groups: dict[int, dict[int, dict]] = {}
        sorts: dict[int, dict] = {}
        for key, value in args.items(multi=True):
            m = re.match(r"searchCriteria\[filter_?[gG]roups\]\[(\d+)\]\[filters\]\[(\d+)\]\[(\w+)\]", key)
            if m:
                groups.setdefault(int(m[1]), {}).setdefault(int(m[2]), {})[m[3]] = value
            m = re.match(r"searchCriteria\[sort_?[oO]rders\]\[(\d+)\]\[(\w+)\]", key)
            if m:
                sorts.setdefault(int(m[1]), {})[m[2]] = value
        filters = [[(f["field"], f.get("conditionType") or f.get("condition_type") or "eq", f["value"])
                    for _, f in sorted(g.items())] for _, g in sorted(groups.items())]
        order = [(s["field"], s.get("direction", "ASC")) for _, s in sorted(sorts.items())]
        return (filters, order, int(args.get("searchCriteria[pageSize]", 20)),
                int(args.get("searchCriteria[currentPage]", 1)))

    @staticmethod
    def matches(row: dict, field: str, condition: str, value: str) -> bool:
        have = row.get(field if field != "entity_id" else "id")
        if condition == "in":
            return str(have) in value.split(",")
        if field == "entity_id":
            have, value = int(have), int(value)
        else:
            have = str(have)
        return {"eq": have == value, "gt": have > value, "gteq": have >= value, "lt": have < value}[condition]

    def search(self, rows, args):
        groups, order, size, page = self.criteria(args)
        if not self.honour_keyset:
            groups = [g for g in groups if not any(f[0] == "entity_id" for f in g)]
        rows = [r for r in rows if all(any(self.matches(r, *f) for f in g) for g in groups)]
        for field, direction in reversed(order):
            rows.sort(key=lambda r, f=field: r.get("id" if f == "entity_id" else f),
                      reverse=direction.upper() == "DESC")
        total = len(rows)
        last_page = max(1, math.ceil(total / size))
        page = min(max(page, 1), last_page)  # past the end: the last page again (magento#3787)
        return rows[(page - 1) * size: page * size], total

    def list_products(self, request: Request) -> Response:
        if not self.authorised(request):
            return self.unauthorised()
        self.requests.append(("products", dict(request.args)))
        self.hooks.run()
        items, total = self.search(list(self.products.values()), request.args)
        return as_json({"items": json.loads(json.dumps(items)), "total_count": total,
                        "search_criteria": {}})

    def children(self, request: Request) -> Response:
        if not self.authorised(request):
            return self.unauthorised()
        sku = request.path.split("/")[-2]
        parent = self.by_sku(sku)
        ids = parent["extension_attributes"]["configurable_product_links"]
        return as_json([self.products[i] for i in ids])

    def options(self, request: Request) -> Response:
        return as_json([{"label": " ", "value": ""}] + [{"label": k, "value": v}
                                                         for k, v in self.size_options.items()])

    def categories(self, request: Request) -> Response:
        return as_json({"id": 1, "name": "Root", "children_data": [
            {"id": 2, "name": "Default Category", "children_data": [{"id": 12, "name": "Туфлі",
                                                                     "children_data": []}]}]})

    def source_items(self, request: Request) -> Response:
        if not self.authorised(request):
            return self.unauthorised()
        self.requests.append(("source-items", dict(request.args)))
        items, total = self.search(self.sources, request.args)
        return as_json({"items": items, "total_count": total})
