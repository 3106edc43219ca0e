"""Buying in a real browser: product page -> cart -> checkout -> confirmation."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connections

from shop.orders.models import Order
from tests.factories import make_catalog, make_product

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def shoe(db):
    catalog = make_catalog()
    return make_product(catalog["sneakers"], name="Кросівки Лумо", price="1890", sizes={"38": 3, "39": 0})


def outside_the_event_loop(function):
    """Playwright's sync API runs an event loop in this thread; the ORM must query from another."""
    def run():
        try:
            return function()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run).result()


def test_add_to_cart_check_out_and_see_the_confirmation(shoe, live_server, browser_page):
    page = browser_page

    page.goto(live_server.url + shoe.get_absolute_url())
    page.locator("label[for^=size-]", has_text="38").click()
    page.locator("form.buy button[type=submit]").click()
    # The script adds through the API and updates the header count without leaving the page.
    page.locator("[data-cart-count]", has_text="1").wait_for()
    page.locator("[data-cart-link]").click()
    page.wait_for_url("**/cart/")
    page.locator(".stepper__button", has_text="+").click()
    page.locator("[data-cart-count]", has_text="2").wait_for()
    assert "3\u202f780\u00a0₴" in page.locator("[data-cart-total]").inner_text()

    page.get_by_role("link", name="Оформити замовлення").click()
    page.wait_for_url("**/checkout/")
    page.fill("#id_name", "Олена Коваль")
    page.fill("#id_phone", "067 123 45 67")
    page.fill("#id_email", "olena@example.com")
    page.locator("input[name=delivery_method]").first.check()
    page.fill("#id_city", "Київ")
    page.fill("#id_branch", "12")
    page.locator("input[name=payment_method]").first.check()
    page.get_by_role("button", name="Підтвердити замовлення").click()

    page.wait_for_url("**/orders/*/")
    order, quantity = outside_the_event_loop(
        lambda: (Order.objects.get(), Order.objects.get().lines.get().quantity))
    assert order.number in page.locator("h1").inner_text()
    assert (order.phone, order.total, quantity) == ("+380671234567", 3780, 2)
