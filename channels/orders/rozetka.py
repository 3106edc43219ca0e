"""Rozetka seller API (orders): the client and the reading of its orders.

Every answer is `{"success": true, "content": ...}` or `{"success": false, "errors": {"message",
"code"}}`, and the second one can come with HTTP 200, so success is read from the body, never
from the status line alone. Authorization is a Bearer token: a role-scoped API token, or the
`access_token` that `POST /sites {username, password: base64(password)}` returns (logged in again
once when the API calls it incorrect or expired). `GET /orders/search?changed_from=&page=&sort=id
&expand=purchases,delivery,user,status_data` pages by number; sorted by id (ids never change and
new orders come last), an order that changes while we page can only come again (deduplicated),
never go missing. `PUT /orders/{id} {status, ttn, seller_comment}` changes an order's status.
"""

from __future__ import annotations

import base64
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from django.conf import settings

from channels.retry import GaveUp, request_json

from .api import ChannelApiError, json_body, transient
from .neutral import ChannelLine, ChannelOrder, PayloadError, parse_money, parse_quantity, text

KYIV = ZoneInfo("Europe/Kyiv")
EXPAND = "purchases,delivery,user,status_data"
TOKEN_ERRORS = {"incorrect_access_token", "access_token_expired", "expired_access_token"}


class RozetkaOrdersClient:
    def __init__(
        self,
        *,
        token: str = "",
        username: str = "",
        password: str = "",
        base_url: str | None = None,
        max_pages: int | None = None,
        retries: int | None = None,
        backoff: float | None = None,
        sleep=time.sleep,
    ):
        self.api_token, self.username, self.password = token, username, password
        self.session_token = ""
        self.base_url = (base_url or settings.ROZETKA_API_URL).rstrip("/")
        self.max_pages = max_pages or settings.CHANNEL_ORDERS_MAX_PAGES
        self.retries = settings.CHANNEL_API_RETRIES if retries is None else retries
        self.backoff = settings.CHANNEL_API_BACKOFF_SECONDS if backoff is None else backoff
        self.sleep = sleep

    # --- transport ---
    def _call(self, method: str, path: str, *, params=None, payload=None, token: str | None = None):
        headers = {"Accept": "application/json", "Content-Language": "uk"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        try:
            response = request_json(
                method,
                f"{self.base_url}{path}",
                params=params,
                json=payload,
                headers=headers,
                retryable=transient,
                retries=self.retries,
                backoff=self.backoff,
                sleep=self.sleep,
            )
        except GaveUp as exc:
            raise ChannelApiError(
                f"Rozetka {path} kept failing after {self.retries} retries: {exc.last}"
            ) from exc
        body = json_body(response, f"Rozetka {path}")
        if not isinstance(body, dict):
            raise ChannelApiError(f"Rozetka {path} answered {type(body).__name__}, not an object")
        return response, body

    def _request(self, method: str, path: str, *, params=None, payload=None):
        response, body = self._call(method, path, params=params, payload=payload, token=self._token())
        if body.get("success") is not True and self._code(body) in TOKEN_ERRORS and not self.api_token:
            self.session_token = ""  # our login expired: once more with a fresh one
            response, body = self._call(method, path, params=params, payload=payload, token=self._token())
        if body.get("success") is not True:
            raise ChannelApiError(
                f"Rozetka {path} refused (HTTP {response.status_code}, success: false): "
                f"{self._message(body)}"[:500]
            )
        if response.status_code >= 400:
            raise ChannelApiError(f"Rozetka {path} answered HTTP {response.status_code}")
        return body.get("content")

    def _token(self) -> str:
        if self.api_token:
            return self.api_token
        if not self.session_token:
            self.session_token = self.login()
        return self.session_token

    def login(self) -> str:
        if not (self.username and self.password):
            raise ChannelApiError("Rozetka needs an API token or a login and password")
        password = base64.b64encode(self.password.encode("utf-8")).decode("ascii")
        response, body = self._call(
            "POST", "/sites", payload={"username": self.username, "password": password}
        )
        token = (body.get("content") or {}).get("access_token") if body.get("success") is True else None
        if not token:
            raise ChannelApiError(f"Rozetka login refused: {self._message(body)}"[:500])
        return token

    @staticmethod
    def _code(body) -> str:
        errors = body.get("errors")
        return str(errors.get("code") or "") if isinstance(errors, dict) else ""

    @staticmethod
    def _message(body) -> str:
        errors = body.get("errors")
        if isinstance(errors, dict):
            return f"{errors.get('message') or errors.get('description') or ''} (code {errors.get('code')})"
        return str(errors or body)[:300]

    # --- orders ---
    def changed_orders(self, since: datetime) -> Iterator[dict]:
        """Every order changed since `since`, once each, page by page."""
        seen = set()
        for page in range(1, self.max_pages + 1):
            content = (
                self._request(
                    "GET",
                    "/orders/search",
                    params={
                        "changed_from": since.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S"),
                        "page": page,
                        "sort": "id",
                        "expand": EXPAND,
                    },
                )
                or {}
            )
            orders = content.get("orders") if isinstance(content, dict) else None
            if not isinstance(orders, list):
                raise ChannelApiError("Rozetka /orders/search answered without an 'orders' list")
            fresh = [
                order for order in orders if isinstance(order, dict) and str(order.get("id")) not in seen
            ]
            for order in fresh:
                seen.add(str(order.get("id")))
                yield order
            pages = _as_int((content.get("_meta") or {}).get("pageCount")) or 0
            # A page of nothing new ends it too: the API has been seen to answer every page alike.
            if not orders or not fresh or page >= pages:
                return
        raise ChannelApiError(
            f"Rozetka /orders/search has more than {self.max_pages} pages; the rest is fetched next time"
        )

    def set_status(self, order_id: str, status: str, *, ttn: str = "", comment: str = ""):
        body = {"status": int(status)}
        if ttn:
            body["ttn"] = ttn
        if comment:
            body["seller_comment"] = comment[:500]
        return self._request("PUT", f"/orders/{int(order_id)}", payload=body)


def _as_int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _changed(value) -> datetime | None:
    try:
        return datetime.strptime(str(value), "%Y-%m-%d %H:%M:%S").replace(tzinfo=KYIV)
    except (TypeError, ValueError):
        return None


def parse_order(payload: dict) -> ChannelOrder:
    if not isinstance(payload, dict) or payload.get("id") in (None, ""):
        raise PayloadError("an order without an id")
    delivery = payload.get("delivery") or {}
    city = delivery.get("city") or {}
    status_data = payload.get("status_data") or {}
    user_title = payload.get("user_title") or {}
    name = (
        text(user_title.get("full_name"), 150)
        or text(delivery.get("recipient_title"), 150)
        or text((payload.get("user") or {}).get("contact_fio"), 150)
    )
    total = None
    for key in ("cost_with_discount", "amount_with_discount", "cost", "amount"):
        if payload.get(key) not in (None, ""):
            try:
                total = parse_money(payload[key])
            except PayloadError:
                total = None
            break
    duplicate = payload.get("duplicate_order_id")
    street = ", ".join(
        text(delivery.get(key), 80)
        for key in ("place_street", "place_house", "place_flat")
        if delivery.get(key)
    )
    return ChannelOrder(
        external_id=text(payload["id"], 64),
        status=text(payload.get("status"), 64),
        status_label=text(
            status_data.get("name_uk") or status_data.get("name_ua") or status_data.get("name"), 200
        ),
        changed_at=_changed(payload.get("changed")),
        name=name,
        phone=text(delivery.get("recipient_phone") or payload.get("user_phone"), 20),
        city=text(city.get("name_ua") or city.get("city_name") or city.get("title") or city.get("name"), 120),
        branch=text(delivery.get("place_number"), 120),
        address=street,
        delivery_name=text(delivery.get("delivery_service_name"), 120),
        payment_name=text(payload.get("payment_type_name") or payload.get("payment_type_title"), 120),
        cash_on_delivery=payload.get("payment_type") == "cash",
        comment=text(payload.get("comment"), 2000),
        tracking_number=text(payload.get("ttn"), 60),
        total=total,
        duplicate_of=text(duplicate, 64) if duplicate not in (None, "", 0, "0") else "",
        lines=[_line(item) for item in payload.get("purchases") or []],
    )


def _line(item: dict) -> ChannelLine:
    if not isinstance(item, dict):
        raise PayloadError(f"a line that is not an object: {item!r}")
    goods = item.get("item") or {}
    price = (
        item.get("price_with_discount")
        if item.get("price_with_discount") not in (None, "")
        else item.get("price")
    )
    return ChannelLine(
        external_id=text(item.get("id"), 64),
        offer_id=text(goods.get("price_offer_id") or goods.get("uploader_offer_id"), 100),
        name=text(item.get("item_name") or goods.get("name_ua") or goods.get("name")),
        sku=text(goods.get("article"), 120),
        quantity=parse_quantity(item.get("quantity")),
        unit_price=parse_money(price),
    )
