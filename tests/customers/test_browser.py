"""The shopper's path in a real browser (chromium): save a product as a visitor, sign up, find the
list in the account, ask to be told when a size is back. Fails on any script or CSP error."""

import re

import pytest
from django.core import mail

from tests.factories import make_catalog, make_product

from .conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def boots(transactional_db):
    catalog = make_catalog()
    return make_product(catalog["boots"], name="Чоботи зимові", price="2400", sizes={"38": 2, "40": 0})


def verification_link(body):
    return re.search(r"https?://\S+/account/verify/\S+/", body).group(0)


# The data is made before the browser starts: Playwright's loop makes the ORM refuse to run
# inside the test, so what happened is read from the pages, as the shopper would.
def test_visitor_saves_a_product_signs_up_and_keeps_the_list(live_server, boots, browser_page):
    page = browser_page

    page.goto(live_server.url + boots.get_absolute_url())
    page.get_by_role("button", name="Додати до списку").click()
    page.wait_for_url("**/account/lists/*/")
    assert "«Чоботи зимові» збережено до «Обране»" in page.content()

    page.goto(live_server.url + "/account/sign-up/")
    page.locator("#id_email").fill("olena@example.com")
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Створити обліковий запис").click()
    page.wait_for_url("**/account/sign-up/sent/")
    page.goto(verification_link(mail.outbox[-1].body))  # the letter's link signs her in
    page.wait_for_url("**/account/")
    page.get_by_role("link", name="Списки покупок").click()
    page.get_by_role("link", name="Обране").click()
    # is_visible() does not wait: the URL changes when the navigation commits, before the new
    # page is parsed, so the old check could read the previous page (a flake seen in CI).
    page.get_by_role("link", name="Чоботи зимові").wait_for(state="visible")  # the list came along

    page.goto(live_server.url + boots.get_absolute_url())
    form = page.locator("form.back-in-stock")
    assert form.locator("input[type=email]").input_value() == "olena@example.com"
    form.locator("select").select_option(label="40")
    form.get_by_role("button", name="Повідомити мене").click()
    page.get_by_role("heading", name="Ми повідомимо").wait_for()
    assert "Чоботи зимові розміру 40" in page.content()
