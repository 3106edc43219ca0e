"""Local fakes of the Prom.ua orders API and the Rozetka seller API, speaking their protocols
(paths, Bearer tokens, parameters, answer shapes, Rozetka's success flag inside a 200)."""

from __future__ import annotations

import base64
import json
import re
from datetime import UTC, datetime

from django.utils import timezone
from werkzeug import Response


def _json(body, status=200):
    return Response(json.dumps(body, ensure_ascii=False), status=status, content_type="application/json")


def prom_order(order_id, status="pending", products=(), **fields):
    """An order as Prom's /orders/list shows it; products are (offer id, quantity, price) triples."""
    order = {
        "id": order_id,
        "date_created": "2026-12-01T10:00:00",
        "client_first_name": "Олена",
        "client_last_name": "Коваль",
        "client_second_name": "",
        "phone": "+380671234567",
        "email": "olena@example.com",
        "price": "0 грн.",
        "delivery_option": {"id": 1, "name": "Нова Пошта"},
        "delivery_provider_data": {"provider": "nova_poshta", "type": "W", "declaration_number": ""},
        "delivery_address": "Київ, Відділення №12",
        "payment_option": {"id": 2, "name": "Наложений платіж"},
        "status": status,
        "status_name": status,
        "source": "portal",
        "client_notes": "",
        "products": [
            {
                "id": 900 + n,
                "external_id": offer,
                "name": f"Товар {offer}",
                "sku": f"SKU-{offer}",
                "quantity": quantity,
                "price": price,
                "measure_unit": "шт.",
            }
            for n, (offer, quantity, price) in enumerate(products)
        ],
    }
    order.update(fields)
    return order


class FakeProm:
    """GET /orders/list (last_modified_from, limit, last_id: ids below it, newest first),
    POST /orders/set_status, POST /delivery/save_declaration_id."""

    def __init__(self, server, token="prom-token", *, inclusive_last_id=False):
        self.token, self.inclusive = token, inclusive_last_id
        self.orders: dict[int, dict] = {}
        self.modified: dict[int, datetime] = {}
        self.list_calls, self.status_calls, self.declaration_calls = [], [], []
        self.script = []  # (status, body) answers for the next POSTs
        self.on_page = None  # called with the page number after a page is served
        server.expect_request("/api/v1/orders/list", method="GET").respond_with_handler(self.list)
        server.expect_request("/api/v1/orders/set_status", method="POST").respond_with_handler(
            self.set_status
        )
        server.expect_request("/api/v1/delivery/save_declaration_id", method="POST").respond_with_handler(
            self.declaration
        )
        self.url = server.url_for("/api/v1")

    def put(self, order):
        self.orders[order["id"]] = order
        self.modified[order["id"]] = timezone.now()

    def authorized(self, request):
        return request.headers.get("Authorization") == f"Bearer {self.token}"

    def list(self, request):
        if not self.authorized(request):
            return _json({"error": "incorrect_access_token"}, 401)
        args = request.args
        self.list_calls.append(dict(args))
        since = datetime.strptime(args["last_modified_from"], "%Y-%m-%dT%H:%M:%S").replace(tzinfo=UTC)
        limit = int(args.get("limit", 100))
        ids = sorted((i for i in self.orders if self.modified[i] >= since), reverse=True)
        if "last_id" in args:
            last = int(args["last_id"])
            ids = [i for i in ids if (i <= last if self.inclusive else i < last)]
        page = [self.orders[i] for i in ids[:limit]]
        answer = _json({"orders": page})
        if self.on_page:
            self.on_page(len(self.list_calls))
        return answer

    def _scripted(self):
        if self.script:
            status, body = self.script.pop(0)
            return _json(body, status)
        return None

    def set_status(self, request):
        if not self.authorized(request):
            return _json({"error": "incorrect_access_token"}, 401)
        body = json.loads(request.data)
        self.status_calls.append(body)
        return self._scripted() or _json({"processed_ids": body["ids"]})

    def declaration(self, request):
        if not self.authorized(request):
            return _json({"error": "incorrect_access_token"}, 401)
        self.declaration_calls.append(json.loads(request.data))
        return self._scripted() or _json({"status": "success"})


def rozetka_order(order_id, status=1, purchases=(), changed="2026-12-01 12:00:00", **fields):
    """An order as Rozetka's /orders/search shows it (expanded); purchases are (offer, qty, price)."""
    order = {
        "id": order_id,
        "created": "2026-12-01 11:00:00",
        "changed": changed,
        "amount": "0.00",
        "cost_with_discount": "0.00",
        "status": status,
        "status_group": 1,
        "status_data": {"id": status, "name_uk": f"Статус {status}"},
        "user_phone": "380671234567",
        "user_title": {"full_name": "Петренко Петро"},
        "comment": "",
        "ttn": "",
        "payment_type": "cash",
        "payment_type_name": "Оплата під час отримання товару",
        "duplicate_order_id": None,
        "delivery": {
            "delivery_service_name": "Нова Пошта",
            "recipient_title": "Петренко Петро",
            "place_number": "7",
            "place_street": "",
            "city": {"name_ua": "Львів"},
        },
        "purchases": [
            {
                "id": 5000 + n,
                "price": price,
                "price_with_discount": price,
                "quantity": quantity,
                "item_name": f"Товар {offer}",
                "item": {"price_offer_id": offer, "article": ""},
            }
            for n, (offer, quantity, price) in enumerate(purchases)
        ],
    }
    order.update(fields)
    return order


class FakeRozetka:
    """POST /sites (login), GET /orders/search (changed_from, page, sort=id), PUT /orders/{id};
    every answer {"success": bool, ...} with HTTP 200 unless scripted otherwise."""

    def __init__(self, server, *, token="rz-token", username="seller", password="пароль", per_page=2):
        self.token, self.username, self.password, self.per_page = token, username, password, per_page
        self.orders: dict[int, dict] = {}
        self.modified: dict[int, datetime] = {}
        self.logins, self.search_calls, self.puts = [], [], []
        self.script = []  # (status, body) answers for the next calls of any kind
        self.on_page = None
        server.expect_request("/sites", method="POST").respond_with_handler(self.login)
        server.expect_request("/orders/search", method="GET").respond_with_handler(self.search)
        server.expect_request(re.compile(r"^/orders/\d+$"), method="PUT").respond_with_handler(self.put_order)
        self.url = server.url_for("")

    def put(self, order):
        self.orders[order["id"]] = order
        self.modified[order["id"]] = timezone.now()

    def login(self, request):
        body = json.loads(request.data)
        self.logins.append(body)
        if (
            body.get("username") == self.username
            and base64.b64decode(body.get("password", "")).decode() == self.password
        ):
            return _json({"success": True, "content": {"access_token": self.token}})
        return _json({"success": False, "errors": {"message": "wrong login", "code": 1001}})

    def _auth_error(self, request):
        if self.script:
            status, body = self.script.pop(0)
            return _json(body, status)
        if request.headers.get("Authorization") != f"Bearer {self.token}":
            return _json(
                {
                    "success": False,
                    "errors": {"message": "Incorrect access token", "code": "incorrect_access_token"},
                }
            )
        return None

    def search(self, request):
        self.search_calls.append(dict(request.args))
        refusal = self._auth_error(request)
        if refusal:
            return refusal
        args = request.args
        since = datetime.strptime(args["changed_from"], "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
        ids = sorted(i for i in self.orders if self.modified[i] >= since)
        if args.get("sort") == "-id":
            ids.reverse()
        page = int(args.get("page", 1))
        chunk = ids[(page - 1) * self.per_page : page * self.per_page]
        pages = max(1, -(-len(ids) // self.per_page))
        answer = _json(
            {
                "success": True,
                "content": {
                    "orders": [self.orders[i] for i in chunk],
                    "_meta": {
                        "totalCount": len(ids),
                        "pageCount": pages,
                        "currentPage": page,
                        "perPage": self.per_page,
                    },
                },
            }
        )
        if self.on_page:
            self.on_page(page)
        return answer

    def put_order(self, request):
        refusal = self._auth_error(request)
        if refusal:
            return refusal
        order_id = int(request.path.rsplit("/", 1)[1])
        body = json.loads(request.data)
        self.puts.append((order_id, body))
        return _json({"success": True, "content": {"id": order_id, "status": body["status"]}})
