"""The Nova Poshta picker in a real browser, with its script: type a city, pick it from the
stored directory's suggestions, choose a branch from the list that replaces the text field."""

import pytest

from shop.orders.models import Order
from tests.orders.test_browser import outside_the_event_loop

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_search_a_city_pick_a_branch_and_order_with_it(shoe, branch_delivery, cod, directory, live_server,
                                                       browser_page):
    page = browser_page
    page.goto(live_server.url + shoe.get_absolute_url())
    page.locator("label[for^=size-]", has_text="38").click()
    page.locator("form.buy button[type=submit]").click()
    page.locator("[data-cart-count]", has_text="1").wait_for()
    page.goto(live_server.url + "/checkout/")
    page.fill("#id_name", "Олена Коваль")
    page.fill("#id_phone", "067 123 45 67")
    page.fill("#id_email", "olena@example.com")
    page.check(f"input[name=delivery_method][value='{branch_delivery.pk}']")

    page.locator("#id_city").press_sequentially("олекс")
    # Suggestions come from our stored directory (the fake Nova Poshta is never asked per keystroke).
    page.locator("#id_city-options option[value='Олександрівка']").first.wait_for(state="attached")
    labels = page.locator("#id_city-options option").evaluate_all("(options) => options.map(o => o.label)")
    assert any("Кіровоградська" in label for label in labels) and any("Одеська" in label for label in labels)

    page.fill("#id_city", "Київ")
    page.locator("#id_city").dispatch_event("change")
    branch = page.locator("select[name=branch][data-np-branch]")
    branch.wait_for()
    assert branch.locator("option").all_inner_texts()[1:] == [
        "Відділення №1: вул. Пирогівський шлях, 135", "Відділення №2: вул. Богатирська, 11",
        "Поштомат №5501: вул. Хрещатик, 22"]
    branch.select_option("Відділення №2: вул. Богатирська, 11")
    page.check(f"input[name=payment_method][value='{cod.pk}']")
    page.get_by_role("button", name="Підтвердити замовлення").click()

    page.wait_for_url("**/orders/*/")
    order = outside_the_event_loop(lambda: Order.objects.get())
    assert (order.city, order.branch) == ("Київ", "Відділення №2: вул. Богатирська, 11")
    assert order.number in page.locator("h1").inner_text()
