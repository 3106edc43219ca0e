"""The cart as shoppers use it through plain HTML forms."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from shop.models import Product, StockRecord, refresh_product_stock
from shop.orders.models import Cart, CartLine
from tests.orders.conftest import size

pytestmark = pytest.mark.django_db

CART = "/cart/"


def add(client, variant, quantity=1, **extra):
    variant = variant.pk if hasattr(variant, "pk") else variant
    return client.post(reverse("orders:cart_add"), {"variant": variant, "quantity": quantity, **extra},
                       follow=True)


def page_text(response):
    return response.content.decode()


def test_adding_from_the_product_page_puts_the_size_in_the_cart(client, shoe):
    product_page = client.get(shoe.get_absolute_url())
    assert f'action="{reverse("orders:cart_add")}"' in page_text(product_page)

    response = add(client, size(shoe, "38"), 2)

    assert response.redirect_chain[-1][0] == CART
    line = CartLine.objects.get()
    assert (line.variant.size, line.quantity, line.seen_price) == ("38", 2, Decimal("1890"))
    html = page_text(response)
    assert "Кросівки Лумо" in html and "3\u202f780\u00a0₴" in html


def test_the_cart_is_found_by_a_random_token_in_the_session_never_an_id(client, shoe):
    add(client, size(shoe, "38"))
    cart = Cart.objects.get()
    assert client.session["orders_cart_token"] == cart.token
    assert len(cart.token) >= 40
    html = page_text(client.get(CART))
    assert cart.token not in html
    assert all(cart.token not in morsel.value for morsel in client.cookies.values())


def test_adding_the_same_size_again_adds_up_capped_at_stock(client, shoe):
    add(client, size(shoe, "39"))
    response = add(client, size(shoe, "39"))
    assert CartLine.objects.get().quantity == 1
    assert "Лише 1 шт." in page_text(response)


@pytest.mark.parametrize("quantity", ["-1", "0", "21", "1000000", "abc", "1.5"])
def test_bad_quantities_are_refused_and_change_nothing(client, shoe, quantity):
    response = add(client, size(shoe, "38"), quantity)
    assert not CartLine.objects.exists()
    assert not Cart.objects.exists()
    assert "notice--error" in page_text(response)


def test_unknown_hidden_disabled_and_sold_out_sizes_are_refused(client, shoe, boots):
    for variant in ("999999", "x"):
        add(client, variant)
    Product.objects.filter(pk=boots.pk).update(status="hidden")
    add(client, size(boots, "40"))
    Product.objects.filter(pk=boots.pk).update(status="disabled")
    response = add(client, size(boots, "40"))
    assert "«Чоботи Зима» недоступний для замовлення." in page_text(response)
    StockRecord.objects.filter(variant__product=shoe).update(quantity=0)
    add(client, size(shoe, "38"))
    assert not CartLine.objects.exists()


def test_the_price_is_never_taken_from_the_request(client, shoe):
    add(client, size(shoe, "38"), 1, price="1", unit_price="1", seen_price="1")
    assert CartLine.objects.get().seen_price == Decimal("1890")
    assert "1\u202f890\u00a0₴" in page_text(client.get(CART))


def test_changing_and_removing_lines(client, shoe):
    add(client, size(shoe, "38"), 1)
    line = CartLine.objects.get()
    client.post(reverse("orders:line_update", args=[line.pk]), {"quantity": "3"})
    line.refresh_from_db()
    assert line.quantity == 3
    response = client.post(reverse("orders:line_update", args=[line.pk]), {"quantity": "-2"}, follow=True)
    line.refresh_from_db()
    assert line.quantity == 3 and "notice--error" in page_text(response)
    client.post(reverse("orders:line_update", args=[line.pk]), {"quantity": "50"})
    line.refresh_from_db()
    assert line.quantity == 3  # 50 is over the limit: refused, not capped
    client.post(reverse("orders:line_update", args=[line.pk]), {"quantity": "9"})
    line.refresh_from_db()
    assert line.quantity == 5  # capped at stock
    client.post(reverse("orders:line_remove", args=[line.pk]))
    assert not CartLine.objects.exists()


def test_another_sessions_line_cannot_be_touched(client, shoe, django_user_model):
    from django.test import Client

    other = Client()
    add(other, size(shoe, "38"), 2)
    theirs = CartLine.objects.get()
    add(client, size(shoe, "39"), 1)
    client.post(reverse("orders:line_update", args=[theirs.pk]), {"quantity": "1"})
    client.post(reverse("orders:line_remove", args=[theirs.pk]))
    theirs.refresh_from_db()
    assert theirs.quantity == 2
    # Planting the other cart's token in a form or cookie does nothing either.
    client.cookies["orders_cart_token"] = theirs.cart.token
    add(client, size(shoe, "38"), 1, cart=theirs.cart.token)
    theirs.refresh_from_db()
    assert theirs.quantity == 2
    assert theirs.cart.lines.count() == 1


def test_the_cart_says_what_changed_since_the_shopper_last_looked(client, shoe, boots):
    add(client, size(shoe, "38"), 3)
    add(client, size(boots, "40"), 1)
    Product.objects.filter(pk=shoe.pk).update(current_price=Decimal("1990"), price=Decimal("1990"))
    StockRecord.objects.filter(variant=size(shoe, "38")).update(quantity=1)
    Product.objects.filter(pk=boots.pk).update(status="hidden")

    html = page_text(client.get(CART))

    assert "1\u202f890\u00a0₴" in html and "1\u202f990\u00a0₴" in html  # price changed from … to …
    assert "Чоботи Зима" in html  # named in "no longer available"
    line = CartLine.objects.get()
    assert (line.quantity, line.seen_price) == (1, Decimal("1990"))
    # Told once: the next look is quiet.
    again = page_text(client.get(CART))
    assert "1\u202f890\u00a0₴" not in again and "Чоботи Зима" not in again


def test_a_disabled_product_stays_listed_but_blocks_checkout(client, shoe):
    add(client, size(shoe, "38"))
    Product.objects.filter(pk=shoe.pk).update(status="disabled")
    response = client.get(CART)
    assert response.context["summary"].can_checkout is False
    assert response.context["summary"].total == 0
    checkout = client.get(reverse("orders:checkout"))
    assert checkout.context["summary"].can_checkout is False
    assert 'type="submit" disabled' in page_text(checkout)


def test_header_shows_the_count_without_a_query_when_there_is_no_cart(client, shoe):
    url = shoe.get_absolute_url()
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    assert not any("orders_" in q["sql"] for q in queries.captured_queries)
    add(client, size(shoe, "38"), 2)
    html = page_text(client.get(url))
    assert 'data-cart-count>2<' in html


def test_cart_page_query_count_does_not_grow_with_lines(client, catalog):
    from tests.factories import make_product

    products = [make_product(catalog["sneakers"], sizes={"38": 5}) for _ in range(6)]
    add(client, size(products[0], "38"))
    client.get(CART)
    with CaptureQueriesContext(connection) as one:
        client.get(CART)
    for product in products[1:]:
        add(client, size(product, "38"))
    client.get(CART)
    with CaptureQueriesContext(connection) as six:
        client.get(CART)
    assert len(six) == len(one)


def test_signing_in_merges_the_guest_cart_into_the_account(client, shoe, boots):
    user = get_user_model().objects.create_user("ivan", "ivan@example.com", "pw")
    from shop.orders.models import Cart as CartModel

    mine = CartModel.objects.create(user=user)
    CartLine.objects.create(cart=mine, variant=size(shoe, "38"), quantity=1, seen_price=Decimal("1890"))
    add(client, size(shoe, "38"), 2)
    add(client, size(boots, "40"), 1)

    assert client.login(username="ivan", password="pw")

    assert Cart.objects.count() == 1
    lines = {line.variant.size: line.quantity for line in Cart.objects.get().lines.all()}
    assert lines == {"38": 3, "40": 1}
    html = page_text(client.get(CART))
    assert "Чоботи Зима" in html
    client.logout()
    assert Cart.objects.get().user == user


def test_signing_in_without_an_account_cart_keeps_the_guest_cart(client, shoe, user):
    add(client, size(shoe, "38"), 2)
    assert client.login(username="olena", password="pw")
    cart = Cart.objects.get()
    assert cart.user == user and cart.lines.get().quantity == 2
    assert client.get(CART).context["summary"].count == 2


def test_stock_refresh_keeps_header_in_step(client, shoe):
    add(client, size(shoe, "38"), 2)
    StockRecord.objects.filter(variant=size(shoe, "38")).update(quantity=0)
    refresh_product_stock([shoe.pk])
    response = client.get(CART)
    assert response.context["summary"].can_checkout is False
    assert "Розпродано." in page_text(response)
