"""The checkout: the HTML form and the JSON endpoint, field validation, phones, abandoned carts."""

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from shop.models import Product, StockRecord
from shop.orders.forms import CheckoutForm
from shop.orders.models import AbandonedCart, Checkout, Order
from shop.phones import normalize_phone
from tests.orders.conftest import size

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("typed", [
    "0671234567", "067 123 45 67", "(067) 123-45-67", "+380671234567", "380671234567",
    "+38 067 123 45 67", "80671234567",
])
def test_ukrainian_phones_are_normalised(typed):
    assert normalize_phone(typed) == "+380671234567"


@pytest.mark.parametrize("typed", ["", "12345", "+1 202 555 0199", "067123456", "0671234567890",
                                   "phone", "+380071234567", "067+1234567"])
def test_other_phones_are_refused(typed):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        normalize_phone(typed)


def form_data(delivery, payment, **overrides):
    return {"name": "  Олена   Коваль ", "phone": "067 123 45 67", "email": "olena@example.com",
            "delivery_method": delivery.pk, "city": "Київ", "branch": "12", "address": "",
            "payment_method": payment.pk, "comment": "", "idempotency_key": "k1", **overrides}


def test_the_form_checks_each_field(branch_delivery, cod):
    form = CheckoutForm(form_data(branch_delivery, cod, phone="123", email="nope", branch="", city=""))
    assert not form.is_valid()
    assert set(form.errors) == {"phone", "email", "branch", "city"}
    form = CheckoutForm(form_data(branch_delivery, cod))
    assert form.is_valid()
    assert form.cleaned_data["phone"] == "+380671234567" and form.cleaned_data["name"] == "Олена Коваль"


def test_courier_needs_an_address_and_pickup_needs_nothing(cod):
    from shop.orders.models import DeliveryMethod

    courier = DeliveryMethod.objects.create(name="Кур'єр", code="c", needs="address")
    pickup = DeliveryMethod.objects.create(name="Самовивіз", code="p", needs="nothing")
    assert set(CheckoutForm(form_data(courier, cod, branch="")).errors) == {"address"}
    form = CheckoutForm(form_data(pickup, cod, city="", branch="9"))
    assert form.is_valid() and form.checkout_data()["branch"] == ""


def test_html_checkout_places_the_order_and_shows_the_confirmation(client, shoe, branch_delivery, cod):
    client.post("/cart/add/", {"variant": size(shoe, "38").pk, "quantity": 2})
    page = client.get("/checkout/")
    assert page.status_code == 200
    key = page.context["form"].initial["idempotency_key"]

    response = client.post("/checkout/", form_data(branch_delivery, cod, idempotency_key=key), follow=True)

    order = Order.objects.get()
    assert response.redirect_chain[-1][0] == f"/orders/{order.token}/"
    html = response.content.decode()
    assert order.number in html and "Кросівки Лумо" in html
    assert order.phone == "+380671234567"
    # Submitting the same form again (a double click) makes no second order.
    again = client.post("/checkout/", form_data(branch_delivery, cod, idempotency_key=key))
    assert Order.objects.count() == 1
    assert again.status_code == 302
    assert 'data-cart-count hidden' in client.get("/cart/").content.decode()


def test_the_confirmation_needs_the_token_not_the_number(client, shoe, branch_delivery, cod):
    client.post("/cart/add/", {"variant": size(shoe, "38").pk})
    client.post("/checkout/", form_data(branch_delivery, cod))
    order = Order.objects.get()
    assert Client().get(f"/orders/{order.number}/").status_code == 404
    assert Client().get(f"/orders/{order.token}/").status_code == 200


def test_html_checkout_shows_what_changed_and_places_nothing(client, shoe, branch_delivery, cod):
    client.post("/cart/add/", {"variant": size(shoe, "38").pk})
    client.get("/checkout/")
    Product.objects.filter(pk=shoe.pk).update(current_price=Decimal("1990"))

    response = client.post("/checkout/", form_data(branch_delivery, cod))

    assert response.status_code == 409
    html = response.content.decode()
    assert "1\u202f890\u00a0₴" in html and "data-order-problems" in html
    assert not Order.objects.exists()
    # The shopper has now seen the new price; the (new) form goes through.
    key = response.context["form"]["idempotency_key"].value()
    assert key != "k1"
    client.post("/checkout/", form_data(branch_delivery, cod, idempotency_key=key))
    assert Order.objects.get().total == Decimal("2070")  # 1 990 + 80 delivery


def test_invalid_fields_keep_what_was_typed_and_place_nothing(client, shoe, branch_delivery, cod):
    client.post("/cart/add/", {"variant": size(shoe, "38").pk})
    response = client.post("/checkout/", form_data(branch_delivery, cod, phone="12"))
    assert response.status_code == 200 and "field--error" in response.content.decode()
    assert 'value="olena@example.com"' in response.content.decode()
    assert not Order.objects.exists()


def test_checkout_without_a_cart_goes_to_the_cart(client):
    assert client.get("/checkout/")["Location"] == "/cart/"


def test_api_checkout_201_then_409_with_the_list(shoe, branch_delivery, cod):
    client = Client(enforce_csrf_checks=True)
    client.get(shoe.get_absolute_url())
    csrf = {"HTTP_X_CSRFTOKEN": client.cookies["csrftoken"].value}
    client.post("/cart/add/", {"variant": size(shoe, "38").pk,
                               "csrfmiddlewaretoken": csrf["HTTP_X_CSRFTOKEN"]})
    body = {k: str(v) for k, v in form_data(branch_delivery, cod).items()}

    without_csrf = client.post("/api/orders/checkout", json.dumps(body), content_type="application/json")
    assert without_csrf.status_code == 403
    StockRecord.objects.filter(variant=size(shoe, "38")).update(quantity=0)
    response = client.post("/api/orders/checkout", json.dumps(body), content_type="application/json", **csrf)
    assert response.status_code == 409
    assert len(response.json()["problems"]) == 1 and not Order.objects.exists()

    StockRecord.objects.filter(variant=size(shoe, "38")).update(quantity=5)
    response = client.post("/api/orders/checkout", json.dumps({**body, "idempotency_key": "k2"}),
                           content_type="application/json", **csrf)
    assert response.status_code == 201
    order = Order.objects.get()
    assert response.json() == {"number": order.number, "url": f"/orders/{order.token}/"}


def test_api_checkout_bad_fields_400(client, shoe, branch_delivery, cod):
    client.post("/cart/add/", {"variant": size(shoe, "38").pk})
    body = {k: str(v) for k, v in form_data(branch_delivery, cod, phone="x").items()}
    response = client.post("/api/orders/checkout", json.dumps(body), content_type="application/json")
    assert response.status_code == 400 and response.json()["problems"][0].startswith("phone")


def test_expired_checkouts_become_abandoned_carts(client, shoe, branch_delivery, cod):
    client.post("/cart/add/", {"variant": size(shoe, "38").pk, "quantity": 2})
    client.post("/checkout/", form_data(branch_delivery, cod, phone="bad"))  # started, not finished
    assert Checkout.objects.get().email == "olena@example.com"  # the valid fields were kept
    Checkout.objects.update(phone="+380671234567")
    call_command("expire_checkouts")
    assert not AbandonedCart.objects.exists()  # not expired yet

    Checkout.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    call_command("expire_checkouts")

    abandoned = AbandonedCart.objects.get()
    assert (abandoned.email, abandoned.phone, abandoned.amount, abandoned.item_count) == (
        "olena@example.com", "+380671234567", Decimal("3780"), 2)
    assert abandoned.lines[0]["product"] == "Кросівки Лумо"
    assert Checkout.objects.get().status == "abandoned"
    # Coming back later starts a fresh checkout with the details filled in.
    page = client.get("/checkout/")
    assert page.context["form"].initial["email"] == "olena@example.com"
    assert Checkout.objects.filter(status="open").count() == 1


def test_the_cluster_expires_checkouts_every_ten_minutes():
    from django.utils.module_loading import import_string
    from django_q.models import Schedule

    schedule = Schedule.objects.get(name="orders: expire checkouts")
    assert schedule.schedule_type == Schedule.MINUTES and schedule.minutes == 10
    assert import_string(schedule.func)() == 0  # runs; nothing has expired yet


def test_a_retried_form_goes_to_the_order_it_already_placed(client, shoe, branch_delivery, cod):
    client.post("/cart/add/", {"variant": size(shoe, "38").pk, "quantity": 1})
    key = client.get("/checkout/").context["form"].initial["idempotency_key"]
    first = client.post("/checkout/", form_data(branch_delivery, cod, idempotency_key=key))
    order = Order.objects.get()
    again = client.post("/checkout/", form_data(branch_delivery, cod, idempotency_key=key))
    assert first["Location"] == again["Location"] == f"/orders/{order.token}/"
    assert Order.objects.count() == 1


def test_an_api_retry_answers_200_with_the_same_order(shoe, branch_delivery, cod):
    client = Client(enforce_csrf_checks=True)
    client.get(shoe.get_absolute_url())
    csrf = {"HTTP_X_CSRFTOKEN": client.cookies["csrftoken"].value}
    client.post("/cart/add/", {"variant": size(shoe, "38").pk,
                               "csrfmiddlewaretoken": csrf["HTTP_X_CSRFTOKEN"]})
    body = json.dumps({k: str(v) for k, v in form_data(branch_delivery, cod, idempotency_key="k-1").items()})
    first = client.post("/api/orders/checkout", body, content_type="application/json", **csrf)
    again = client.post("/api/orders/checkout", body, content_type="application/json", **csrf)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json() == again.json() and Order.objects.count() == 1
    # Another shopper who learns the key gets nothing of this order.
    stranger = Client()
    stranger.post("/cart/add/", {"variant": size(shoe, "38").pk})
    answer = stranger.post("/checkout/", {"idempotency_key": "k-1"})
    assert first.json()["url"] not in answer.get("Location", "") + answer.content.decode()
