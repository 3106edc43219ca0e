"""place_order: one transaction that re-checks everything, allocates warehouses and writes a snapshot."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shop.models import Product, StockRecord, Warehouse
from shop.orders.models import Checkout, Coupon, CouponUsage, Order, OrderLine
from shop.orders.services.placement import PlaceOrderError, place_order
from suppliers.models import Supplier
from tests.orders.conftest import cart_with, checkout_for, size

pytestmark = pytest.mark.django_db


def stock(variant):
    return {r.warehouse.code: r.quantity for r in StockRecord.objects.filter(variant=variant)
            .select_related("warehouse")}


def test_an_order_is_a_snapshot_of_what_was_bought(shoe, branch_delivery, cod):
    cart = cart_with((size(shoe, "38"), 2))
    checkout = checkout_for(cart, branch_delivery, cod, comment="Дзвоніть після 18:00")

    order = place_order(checkout, "key-1")

    assert order.state == "new" and order.payment_status == "unpaid" and order.currency == "UAH"
    assert (order.subtotal, order.discount, order.delivery_cost, order.total) == (
        Decimal("3780"), Decimal("0"), Decimal("0"), Decimal("3780"))  # free delivery over 3 000
    assert (order.name, order.phone, order.email, order.branch, order.delivery_name, order.payment_name) == (
        "Олена Коваль", "+380671234567", "olena@example.com", "Відділення 12", "Нова пошта",
        "Оплата при отриманні")
    assert order.source_channel == "site" and order.external_id == ""
    line = order.lines.get()
    assert (line.product_name, line.size, line.unit_price, line.quantity, line.line_total,
            line.warehouse_name) == ("Кросівки Лумо", "38", Decimal("1890"), 2, Decimal("3780"), "Склад")
    # The catalog changing later does not change the order.
    Product.objects.filter(pk=shoe.pk).update(name="Інша назва", current_price=Decimal("1"))
    line.refresh_from_db()
    assert line.product_name == "Кросівки Лумо" and line.unit_price == Decimal("1890")


def test_stock_goes_down_and_the_cart_is_emptied(shoe, branch_delivery, cod):
    cart = cart_with((size(shoe, "38"), 2), (size(shoe, "39"), 1))
    place_order(checkout_for(cart, branch_delivery, cod), "k")
    assert stock(size(shoe, "38")) == {"own": 3} and stock(size(shoe, "39")) == {"own": 0}
    shoe.refresh_from_db()
    assert shoe.total_stock == 3 and shoe.in_stock
    assert not cart.lines.exists()
    assert Checkout.objects.get().status == "placed"


def test_delivery_is_charged_under_the_free_threshold(shoe, branch_delivery, cod):
    order = place_order(checkout_for(cart_with((size(shoe, "38"), 1)), branch_delivery, cod), "k")
    assert (order.delivery_cost, order.total) == (Decimal("80"), Decimal("1970"))


def test_order_numbers_are_not_a_sequence_and_the_token_is_long(shoe, branch_delivery, cod):
    numbers = []
    for n in range(3):
        numbers.append(place_order(checkout_for(cart_with((size(shoe, "38"), 1)), branch_delivery, cod),
                                   f"k{n}"))
    assert len({o.number for o in numbers}) == 3
    assert all(len(o.number) == 8 and not o.number.isdigit() for o in numbers)
    assert all(len(o.token) >= 30 for o in numbers)


def test_own_stock_first_then_priority_then_suppliers_split_across_warehouses(shoe, branch_delivery, cod):
    supplier = Supplier.objects.create(name="NewFeet", slug="newfeet", default_markup_percent=Decimal("0"))
    supplier_warehouse = Warehouse.objects.get(supplier=supplier)
    second_own = Warehouse.objects.create(name="Склад 2", code="own-2", kind="own", priority=200)
    variant = size(shoe, "38")  # 5 in "own" (priority 100)
    StockRecord.objects.create(variant=variant, warehouse=second_own, quantity=2)
    StockRecord.objects.create(variant=variant, warehouse=supplier_warehouse, quantity=10)
    supplier_warehouse.priority = 1  # a supplier's priority never beats our own stock
    supplier_warehouse.save()
    from shop.models import refresh_product_stock

    refresh_product_stock([shoe.pk])
    shoe.refresh_from_db()

    order = place_order(checkout_for(cart_with((variant, 9)), branch_delivery, cod), "k")

    taken = [(line.warehouse.code, line.quantity) for line in order.lines.order_by("pk")]
    assert taken == [("own", 5), ("own-2", 2), ("supplier-newfeet", 2)]
    assert sum(line.line_total for line in order.lines.all()) == order.subtotal == Decimal("17010")
    assert stock(variant) == {"own": 0, "own-2": 0, "supplier-newfeet": 8}


def test_a_changed_price_stops_the_order_and_writes_nothing(shoe, boots, branch_delivery, cod):
    cart = cart_with((size(shoe, "38"), 1), (size(boots, "40"), 1))
    Product.objects.filter(pk=shoe.pk).update(current_price=Decimal("1990"))

    with pytest.raises(PlaceOrderError) as error:
        place_order(checkout_for(cart, branch_delivery, cod), "k")

    assert len(error.value.problems) == 1
    assert "1\u202f890\u00a0₴" in error.value.problems[0] and "1\u202f990\u00a0₴" in error.value.problems[0]
    assert not Order.objects.exists() and not OrderLine.objects.exists()
    assert stock(size(boots, "40")) == {"own": 3}
    assert cart.lines.count() == 2
    assert Checkout.objects.get().status == "open"


def test_every_problem_is_listed(shoe, boots, catalog, branch_delivery, cod):
    from tests.factories import make_product

    gone = make_product(catalog["boots"], name="Сандалі", sizes={"37": 1})
    cart = cart_with((size(shoe, "38"), 9), (size(boots, "40"), 1), (size(gone, "37"), 1))
    Product.objects.filter(pk=boots.pk).update(status="disabled")
    Product.objects.filter(pk=gone.pk).update(status="hidden")

    with pytest.raises(PlaceOrderError) as error:
        place_order(checkout_for(cart, branch_delivery, cod), "k")

    text = " | ".join(error.value.problems)
    assert len(error.value.problems) == 3
    assert "лише 5 шт., а ви замовили 9" in text
    assert "Чоботи Зима" in text and "Сандалі" in text
    assert stock(size(shoe, "38")) == {"own": 5}


def test_sold_out_is_named(shoe, branch_delivery, cod):
    cart = cart_with((size(shoe, "39"), 1))
    StockRecord.objects.filter(variant=size(shoe, "39")).update(quantity=0)
    with pytest.raises(PlaceOrderError) as error:
        place_order(checkout_for(cart, branch_delivery, cod), "k")
    assert error.value.problems == ["«Кросівки Лумо», розмір 39 — розпродано."]


def test_missing_contact_or_methods_stop_the_order(shoe, branch_delivery, cod):
    cart = cart_with((size(shoe, "38"), 1))
    checkout = checkout_for(cart, branch_delivery, cod, branch="", phone="")
    with pytest.raises(PlaceOrderError) as error:
        place_order(checkout, "k")
    assert len(error.value.problems) == 2
    cod.active = False
    cod.save()
    with pytest.raises(PlaceOrderError):
        place_order(checkout_for(cart, branch_delivery, cod), "k2")
    assert not Order.objects.exists()


def test_an_empty_cart_places_nothing(branch_delivery, cod):
    with pytest.raises(PlaceOrderError):
        place_order(checkout_for(cart_with(), branch_delivery, cod), "k")


def test_the_same_submission_twice_makes_one_order(shoe, branch_delivery, cod):
    checkout = checkout_for(cart_with((size(shoe, "38"), 2)), branch_delivery, cod)
    first = place_order(checkout, "same-key")
    second = place_order(checkout, "same-key")
    assert first.pk == second.pk
    assert Order.objects.count() == 1 and stock(size(shoe, "38")) == {"own": 3}


def test_someone_elses_key_does_not_reveal_their_order(shoe, branch_delivery, cod):
    place_order(checkout_for(cart_with((size(shoe, "38"), 1)), branch_delivery, cod), "their-key")
    with pytest.raises(PlaceOrderError):
        place_order(checkout_for(cart_with((size(shoe, "38"), 1)), branch_delivery, cod), "their-key")
    assert Order.objects.count() == 1


def test_a_placed_checkout_cannot_be_placed_again_with_a_new_key(shoe, branch_delivery, cod):
    checkout = checkout_for(cart_with((size(shoe, "38"), 1)), branch_delivery, cod)
    place_order(checkout, "a")
    with pytest.raises(PlaceOrderError):
        place_order(checkout, "b")


def test_coupon_discount_and_usage(shoe, branch_delivery, cod):
    coupon = Coupon.objects.create(code="spring10", kind="percent", value=Decimal("10"))
    cart = cart_with((size(shoe, "38"), 2))
    cart.coupon = coupon
    cart.save()

    order = place_order(checkout_for(cart, branch_delivery, cod), "k")

    assert (order.discount, order.total, order.coupon_code) == (Decimal("378"), Decimal("3402"), "SPRING10")
    assert CouponUsage.objects.get().order == order


def test_an_exhausted_coupon_stops_the_order(shoe, branch_delivery, cod):
    coupon = Coupon.objects.create(code="ONCE", kind="fixed", value=Decimal("100"), usage_limit=1)
    for key in ("a", "b"):
        cart = cart_with((size(shoe, "38"), 1))
        cart.coupon = coupon
        cart.save()
        checkout = checkout_for(cart, branch_delivery, cod)
        if key == "a":
            place_order(checkout, key)
    with pytest.raises(PlaceOrderError) as error:
        place_order(checkout, "b")
    assert "ONCE" in error.value.problems[0]
    assert CouponUsage.objects.count() == 1 and Order.objects.count() == 1


def test_emails_go_after_commit(shoe, branch_delivery, cod, mailoutbox, settings,
                                django_capture_on_commit_callbacks):
    settings.ORDER_MANAGER_EMAILS = ["manager@example.com"]
    with django_capture_on_commit_callbacks(execute=True):
        order = place_order(checkout_for(cart_with((size(shoe, "38"), 1)), branch_delivery, cod), "k")
    assert [m.to for m in mailoutbox] == [["olena@example.com"], ["manager@example.com"]]
    assert order.number in mailoutbox[0].subject and "Кросівки Лумо" in mailoutbox[0].body
    assert order.token in mailoutbox[0].body
    assert "+380671234567" in mailoutbox[1].body and "Склад" in mailoutbox[1].body


def test_no_emails_when_the_order_fails(shoe, branch_delivery, cod, mailoutbox,
                                        django_capture_on_commit_callbacks):
    cart = cart_with((size(shoe, "38"), 1))
    Product.objects.filter(pk=shoe.pk).update(status="disabled")
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(PlaceOrderError):
        place_order(checkout_for(cart, branch_delivery, cod), "k")
    assert mailoutbox == []


def test_locks_are_taken_in_a_fixed_order(shoe, boots, branch_delivery, cod):
    """Checkout, then products by pk, then stock records by pk, then the coupon."""
    coupon = Coupon.objects.create(code="X", kind="fixed", value=Decimal("10"))
    cart = cart_with((size(boots, "40"), 1), (size(shoe, "38"), 1))
    cart.coupon = coupon
    cart.save()
    with CaptureQueriesContext(connection) as queries:
        place_order(checkout_for(cart, branch_delivery, cod), "k")
    selects = [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().startswith("SELECT")]
    order = [next(i for i, sql in enumerate(selects) if f'FROM "{table}"' in sql and
                  ("ORDER BY" in sql or table in ("orders_checkout", "orders_coupon")))
             for table in ("orders_checkout", "shop_product", "shop_stockrecord", "orders_coupon")]
    assert order == sorted(order)
    if connection.vendor == "postgresql":
        assert all("FOR UPDATE" in selects[i] for i in order)
