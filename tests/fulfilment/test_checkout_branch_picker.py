"""Checkout picks a Nova Poshta branch from the stored directory, with or without JavaScript."""

import re
import uuid

import pytest

from shop.orders.models import Order
from tests.fulfilment.conftest import size

pytestmark = pytest.mark.django_db


def fields(delivery, payment, **extra):
    return {"name": "Олена Коваль", "phone": "067 123 45 67", "email": "olena@example.com",
            "delivery_method": delivery.pk, "payment_method": payment.pk, "idempotency_key": uuid.uuid4().hex,
            **extra}


def options(html):
    return re.findall(r'<option value="([^"]*)"', html)


@pytest.fixture
def in_cart(client, shoe):
    client.post("/cart/add/", {"variant": size(shoe, "38").pk})
    return client


def test_without_a_directory_the_branch_stays_a_text_field(in_cart, branch_delivery, cod):
    html = in_cart.get("/checkout/").content.decode()
    assert 'name="branch"' in html and '<select name="branch"' not in html
    assert 'name="refresh"' not in html


def test_show_branches_redraws_the_form_with_that_citys_branches(in_cart, directory, branch_delivery, cod):
    response = in_cart.post("/checkout/", fields(branch_delivery, cod, city="київ", refresh="city"))
    assert response.status_code == 302 and not Order.objects.exists()

    html = in_cart.get("/checkout/").content.decode()

    select = html[html.index('<select name="branch"'):]
    select = select[:select.index("</select>")]
    assert options(select) == ["", "Відділення №1: вул. Пирогівський шлях, 135",
                               "Відділення №2: вул. Богатирська, 11", "Поштомат №5501: вул. Хрещатик, 22"]
    assert 'value="київ"' in html  # what was typed is kept; name and phone too
    assert 'value="Олена Коваль"' in html


def test_a_name_several_places_share_lists_each_as_a_group(in_cart, directory, branch_delivery, cod):
    in_cart.post("/checkout/", fields(branch_delivery, cod, city="Олександрівка", refresh="city"))
    html = in_cart.get("/checkout/").content.decode()
    assert '<optgroup label="Олександрівка (Кіровоградська)">' in html
    assert '<optgroup label="Олександрівка (Одеська)">' in html


def test_the_chosen_branch_is_ordered_with_the_city_as_the_directory_spells_it(in_cart, directory,
                                                                                branch_delivery, cod):
    response = in_cart.post("/checkout/", fields(branch_delivery, cod, city="київ",
                                                branch="Відділення №2: вул. Богатирська, 11"))
    assert response.status_code == 302
    order = Order.objects.get()
    assert (order.city, order.branch) == ("Київ", "Відділення №2: вул. Богатирська, 11")


def test_a_branch_of_another_city_is_refused(in_cart, directory, branch_delivery, cod):
    response = in_cart.post("/checkout/", fields(branch_delivery, cod, city="Львів",
                                                branch="Відділення №2: вул. Богатирська, 11"))
    assert response.status_code == 200 and not Order.objects.exists()
    assert "Оберіть відділення зі списку для вашого міста" in response.content.decode()


def test_the_script_is_a_static_file_never_inline(in_cart, directory, branch_delivery, cod):
    html = in_cart.get("/checkout/").content.decode()
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    assert any("fulfilment/branch_picker.js" in attrs for attrs, _body in scripts)
    assert all(body.strip() == "" for attrs, body in scripts if "nonce" not in attrs)


def test_the_json_lookups_read_the_stored_directory(client, directory):
    calls = len(directory.calls)
    cities = client.get("/delivery/nova-poshta/cities/", {"q": "льв"}).json()
    branches = client.get("/delivery/nova-poshta/branches/", {"city": "Львів"}).json()
    assert cities == {"cities": [{"name": "Львів", "area": "Львівська", "label": "Львів (Львівська)"}]}
    assert branches == {"groups": [{"city": "Львів (Львівська)",
                                    "branches": ["Відділення №3: вул. Городоцька, 1"]}]}
    assert len(directory.calls) == calls  # no call to Nova Poshta per keystroke


def test_other_delivery_methods_are_not_checked_against_the_directory(in_cart, directory, cod):
    from shop.orders.models import DeliveryMethod

    ukrposhta = DeliveryMethod.objects.create(name="Укрпошта", code="ukrposhta", needs="branch")
    in_cart.post("/checkout/", fields(ukrposhta, cod, city="Житомир", branch="Відділення 10001"))
    assert Order.objects.get().branch == "Відділення 10001"


def test_without_javascript_search_then_pick_from_the_plain_select_and_order(
        in_cart, directory, branch_delivery, cod):
    """The whole no-script path, submitting only what the rendered forms hold."""
    from bs4 import BeautifulSoup

    from tests.admin.helpers import form_data

    search = form_data(in_cart.get("/checkout/").content.decode(), "form.checkout__form")
    search.update(name="Олена Коваль", phone="067 123 45 67", email="olena@example.com",
                  delivery_method=str(branch_delivery.pk), payment_method=str(cod.pk), city="льві",
                  refresh="city")
    in_cart.post("/checkout/", search)

    page = in_cart.get("/checkout/").content.decode()
    select = BeautifulSoup(page, "html.parser").select_one("form.checkout__form select[name=branch]")
    assert [option.get_text() for option in select.find_all("option")][1:] == [
        "Відділення №3: вул. Городоцька, 1"]
    chosen = form_data(page, "form.checkout__form")
    chosen["branch"] = select.find_all("option")[1]["value"]
    response = in_cart.post("/checkout/", chosen)

    assert response.status_code == 302
    order = Order.objects.get()
    assert (order.city, order.branch, order.name) == ("Львів", "Відділення №3: вул. Городоцька, 1",
                                                      "Олена Коваль")
