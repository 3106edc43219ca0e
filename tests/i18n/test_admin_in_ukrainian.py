"""A manager whose admin language is Ukrainian reads the shop's menus, lists and buttons in Ukrainian."""

import json
import re

import pytest
from django.contrib.auth import get_user_model
from wagtail.users.models import UserProfile

from shop.orders.models import Coupon
from suppliers.admin.base import url as suppliers_url
from suppliers.models import Supplier


@pytest.fixture
def ukrainian_client(client, db):
    user = get_user_model().objects.create_superuser("manager", "manager@example.com", "pw")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "uk"
    profile.save()
    client.force_login(user)
    return client


def page(client, path):
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def menu_labels(html):
    """The labels of the admin's sidebar, which the page carries as JSON for its script."""
    props = re.search(r'<script id="wagtail-sidebar-props"[^>]*>(.*?)</script>', html, re.S)
    return re.findall(r'"label": "([^"]*)"', json.dumps(json.loads(props.group(1)), ensure_ascii=False))


def test_the_menu_names_our_sections_in_ukrainian(ukrainian_client):
    labels = menu_labels(page(ukrainian_client, "/admin/"))
    assert {"Каталог", "Товари", "Постачальники", "Канали", "Продажі", "Купони", "Замовлення",
            "Способи доставки", "Пошук", "Синоніми"} <= set(labels)
    assert not {"Catalog", "Products", "Suppliers", "Channels", "Sales", "Coupons", "Orders"} & set(
        labels)


def test_the_coupons_list_has_ukrainian_titles_columns_and_buttons(ukrainian_client):
    Coupon.objects.create(code="SPRING", kind=Coupon.Kind.PERCENT, value=10)
    html = page(ukrainian_client, "/admin/snippets/orders/coupon/")
    assert "Купони" in html and "Додати купон" in html and "Ліміт використань" in html
    assert "Купонs" not in html and "Додати coupon" not in html and "Usage limit" not in html


def test_the_suppliers_overview_buttons_and_columns_are_ukrainian(ukrainian_client):
    Supplier.objects.create(name="NewFeet", slug="newfeet", dialect="csv_table")
    html = page(ukrainian_client, suppliers_url("overview"))
    assert "Синхронізувати всіх" in html and "Останній запуск" in html and "Попередження" in html
    assert "Sync all" not in html and "Last run" not in html


def test_the_products_list_offers_to_add_a_product_in_ukrainian(ukrainian_client):
    html = page(ukrainian_client, "/admin/snippets/shop/product/")
    assert "Додати товар" in html
    assert "Додати product" not in html
