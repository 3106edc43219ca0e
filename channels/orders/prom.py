"""Prom.ua orders API: the client and the reading of its orders.

`GET /orders/list?last_modified_from=&limit=&last_id=` lists orders changed since a moment,
newest id first; the next page asks for ids below the smallest one seen (`last_id`), a keyset
that neither skips nor repeats orders when new ones arrive while we page. A page shorter than
`limit` (or one that brings no id we have not seen) is the last. `POST /orders/set_status`
(`ids`, `status`, and for "canceled" `cancellation_reason`, `cancellation_text`) answers
`processed_ids`; `POST /delivery/save_declaration_id` (`order_id`, `declaration_id`,
`delivery_type`) attaches a waybill. Authorization: `Bearer <token>`. 429 and 5xx are retried
with backoff; any other refusal is an error.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import datetime

from django.conf import settings

from channels.retry import GaveUp, request_json

from .api import ChannelApiError, json_body, transient, utc_param
from .neutral import ChannelLine, ChannelOrder, PayloadError, parse_money, parse_quantity, text

# Prom's cancellation reasons (the `cancellation_reason` of /orders/set_status).
CANCELLATION_REASONS = [
    ("not_available", "Немає в наявності"),
    ("price_changed", "Змінилася ціна"),
    ("buyers_request", "На прохання покупця"),
    ("not_enough_fields", "Недостатньо даних"),
    ("duplicate", "Дубль замовлення"),
    ("invalid_phone_number", "Невірний номер телефону"),
    ("less_than_minimal_price", "Менше мінімальної суми"),
    ("another", "Інша причина"),
]
# Words in a payment option's name that mean cash on delivery.
COD_WORDS = ("післяплат", "наложен", "накладен", "при отриманні", "при получении")
CARRIERS = {
    "nova_poshta": ("нова пошта", "новая почта", "nova poshta", "novaposhta"),
    "ukrposhta": ("укрпошта", "укрпочта", "ukrposhta"),
    "meest": ("meest", "міст", "мист"),
    "rozetka_delivery": ("rozetka", "розетка"),
}


class PromOrdersClient:
    def __init__(
        self,
        token: str,
        *,
        base_url: str | None = None,
        page_size: int | None = None,
        retries: int | None = None,
        backoff: float | None = None,
        sleep=time.sleep,
    ):
        self.token = token
        self.base_url = (base_url or settings.PROM_API_URL).rstrip("/")
        self.page_size = page_size or settings.CHANNEL_ORDERS_PAGE_SIZE
        self.retries = settings.CHANNEL_API_RETRIES if retries is None else retries
        self.backoff = settings.CHANNEL_API_BACKOFF_SECONDS if backoff is None else backoff
        self.sleep = sleep

    def _request(self, method: str, path: str, *, params=None, payload=None):
        try:
            response = request_json(
                method,
                f"{self.base_url}{path}",
                params=params,
                json=payload,
                headers={"Authorization": f"Bearer {self.token}", "Accept": "application/json"},
                retryable=transient,
                retries=self.retries,
                backoff=self.backoff,
                sleep=self.sleep,
            )
        except GaveUp as exc:
            raise ChannelApiError(
                f"Prom {path} kept failing after {self.retries} retries: {exc.last}"
            ) from exc
        body = json_body(response, f"Prom {path}")
        error = body.get("error") or body.get("message") if isinstance(body, dict) else None
        if response.status_code >= 400 or (isinstance(body, dict) and body.get("status") == "error"):
            raise ChannelApiError(f"Prom {path} refused: HTTP {response.status_code} {error or body}"[:500])
        if not isinstance(body, dict):
            raise ChannelApiError(f"Prom {path} answered {type(body).__name__}, not an object")
        if body.get("error"):
            raise ChannelApiError(f"Prom {path} refused: {body['error']}"[:500])
        return body

    def changed_orders(self, since: datetime) -> Iterator[dict]:
        """Every order changed since `since`, once each, page by page."""
        seen, last_id = set(), None
        while True:
            params = {"last_modified_from": utc_param(since), "limit": self.page_size}
            if last_id is not None:
                params["last_id"] = last_id
            orders = self._request("GET", "/orders/list", params=params).get("orders")
            if not isinstance(orders, list):
                raise ChannelApiError("Prom /orders/list answered without an 'orders' list")
            ids = []
            for order in orders:
                try:
                    ids.append(int(order["id"]))
                except (KeyError, TypeError, ValueError):
                    raise ChannelApiError(
                        f"Prom sent an order without a numeric id: {str(order)[:200]}"
                    ) from None
            fresh = [order for order, order_id in zip(orders, ids, strict=True) if order_id not in seen]
            for order in fresh:
                seen.add(int(order["id"]))
                yield order
            if len(orders) < self.page_size or not fresh:
                return
            last_id = min(ids)

    def set_status(self, order_id: str, status: str, *, reason: str = "", reason_text: str = "") -> dict:
        body = {"ids": [int(order_id)], "status": status}
        if reason:
            body["cancellation_reason"] = reason
        if reason_text:
            body["cancellation_text"] = reason_text
        answer = self._request("POST", "/orders/set_status", payload=body)
        if int(order_id) not in [_as_int(i) for i in answer.get("processed_ids") or []]:
            raise ChannelApiError(f"Prom did not take the status: {answer.get('errors') or answer}"[:500])
        return answer

    def save_declaration(self, order_id: str, number: str, delivery_type: str) -> dict:
        return self._request(
            "POST",
            "/delivery/save_declaration_id",
            payload={"order_id": int(order_id), "declaration_id": number, "delivery_type": delivery_type},
        )


def _as_int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def parse_order(payload: dict) -> ChannelOrder:
    if not isinstance(payload, dict) or payload.get("id") in (None, ""):
        raise PayloadError("an order without an id")
    status = payload.get("status")
    if isinstance(status, dict):  # some answers nest it
        status = status.get("id") or status.get("name")
    delivery = payload.get("delivery_option") or {}
    payment = payload.get("payment_option") or {}
    provider = payload.get("delivery_provider_data") or {}
    payment_name = text(payment.get("name") if isinstance(payment, dict) else payment, 120)
    name = " ".join(
        text(payload.get(key), 60)
        for key in ("client_last_name", "client_first_name", "client_second_name")
        if payload.get(key)
    )
    total = None
    for key in ("full_price", "price"):
        if payload.get(key) not in (None, ""):
            try:
                total = parse_money(payload[key])
            except PayloadError:
                total = None
            break
    return ChannelOrder(
        external_id=text(payload["id"], 64),
        status=text(status, 64),
        status_label=text(payload.get("status_name"), 200),
        name=name,
        phone=text(payload.get("phone"), 20),
        email=text(payload.get("email"), 254),
        address=text(payload.get("delivery_address")),
        comment=text(payload.get("client_notes"), 2000),
        delivery_name=text(delivery.get("name") if isinstance(delivery, dict) else delivery, 120),
        payment_name=payment_name,
        cash_on_delivery=any(w in payment_name.lower() for w in COD_WORDS),
        tracking_number=text(provider.get("declaration_number") if isinstance(provider, dict) else "", 60),
        total=total,
        lines=[_line(item) for item in payload.get("products") or []],
    )


def _line(item: dict) -> ChannelLine:
    if not isinstance(item, dict):
        raise PayloadError(f"a line that is not an object: {item!r}")
    return ChannelLine(
        external_id=text(item.get("id"), 64),
        offer_id=text(item.get("external_id"), 100),
        name=text(item.get("name")),
        sku=text(item.get("sku"), 120),
        quantity=parse_quantity(item.get("quantity")),
        unit_price=parse_money(item.get("price")),
    )


def delivery_type(payload: dict) -> str:
    """Prom's carrier code for a waybill; "" when the order does not say."""
    provider = payload.get("delivery_provider_data") or {}
    code = text(provider.get("provider") if isinstance(provider, dict) else "", 40).lower()
    if code:
        return code
    option = payload.get("delivery_option") or {}
    name = text(option.get("name") if isinstance(option, dict) else option).lower()
    for carrier, words in CARRIERS.items():
        if any(word in name for word in words):
            return carrier
    return ""
