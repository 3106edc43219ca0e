"""The customers part of the JSON API under /api/customers/ (see config/api.py): shopping lists.

Lists belong to the session's shopper (a signed-in user, or an anonymous visitor's session),
so every request that changes something must carry the CSRF token (X-CSRFToken header),
exactly as the HTML forms do.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.urls import reverse
from ninja import Router, Schema, Status
from ninja.utils import check_csrf

from . import lists

router = Router(tags=["customers"])


class ItemOut(Schema):
    product_id: int
    name: str
    url: str
    price_when_added: Decimal
    price: Decimal
    price_dropped: bool
    in_stock: bool


class ListOut(Schema):
    token: str
    name: str
    is_default: bool
    url: str
    share_url: str
    items: list[ItemOut]


class ListIn(Schema):
    name: str


class ItemIn(Schema):
    product_id: int


class ErrorOut(Schema):
    detail: str


def _list_out(request, shopping_list):
    return {
        "token": shopping_list.token, "name": shopping_list.name, "is_default": shopping_list.is_default,
        "url": reverse("customers:list", args=[shopping_list.token]),
        "share_url": request.build_absolute_uri(
            reverse("customers:shared_list", args=[shopping_list.share_token])),
        "items": [
            {"product_id": item.product_id, "name": item.product.title,
             "url": item.product.get_absolute_url(), "price_when_added": item.price_when_added,
             "price": item.product.current_price, "price_dropped": item.price_drop is not None,
             "in_stock": item.product.buyable}
            for item in shopping_list.items.all()
        ],
    }


def _csrf_failed(request):
    return check_csrf(request) is not None


CSRF_FAILED_DETAIL = {"detail": "CSRF check failed: send the csrftoken cookie's value as X-CSRFToken."}


@router.get("/lists", response=list[ListOut], url_name="customers_lists")
def get_lists(request):
    owner = lists.owner_for(request)
    return [_list_out(request, sl) for sl in lists.list_with_items(lists.lists_of(owner))]


@router.post("/lists", response={201: ListOut, 400: ErrorOut, 403: ErrorOut},
             url_name="customers_list_create")
def create_list(request, payload: ListIn):
    if _csrf_failed(request):
        return Status(403, CSRF_FAILED_DETAIL)
    try:
        shopping_list = lists.create_list(lists.owner_for(request, create=True), payload.name)
    except ValidationError as invalid:
        return Status(400, {"detail": invalid.messages[0]})
    return Status(201, _list_out(request, shopping_list))


@router.post("/lists/{token}/items", response={200: ListOut, 201: ListOut, 403: ErrorOut, 404: ErrorOut},
             url_name="customers_list_add")
def add_item(request, token: str, payload: ItemIn):
    if _csrf_failed(request):
        return Status(403, CSRF_FAILED_DETAIL)
    owner = lists.owner_for(request)
    shopping_list = lists.owned_list(owner, token)
    if shopping_list is None:
        return Status(404, {"detail": "No such list."})
    product = lists.addable_product(payload.product_id)
    if product is None:
        return Status(404, {"detail": "No such product."})
    _item, created = lists.add_item(shopping_list, product)
    fresh = lists.list_with_items(lists.lists_of(owner)).get(pk=shopping_list.pk)
    return Status((201 if created else 200), _list_out(request, fresh))


@router.delete("/lists/{token}/items/{product_id}", response={204: None, 403: ErrorOut, 404: ErrorOut},
               url_name="customers_list_remove")
def remove_item(request, token: str, product_id: int):
    if _csrf_failed(request):
        return Status(403, CSRF_FAILED_DETAIL)
    shopping_list = lists.owned_list(lists.owner_for(request), token)
    if shopping_list is None or not lists.remove_item(shopping_list, product_id):
        return Status(404, {"detail": "No such list or item."})
    return Status(204, None)
