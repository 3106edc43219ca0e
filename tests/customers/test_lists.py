"""Shopping lists (seed 001): several per shopper, anonymous ones by session token, prices
remembered, read-only sharing, and the merge when a visitor signs in."""

import re
from decimal import Decimal

import pytest
from django.test import Client

from shop.customers.lists import ListOwner, create_list, default_list
from shop.customers.models import ListItem, ShoppingList
from tests.admin.helpers import add_photo
from tests.factories import make_product

from .conftest import PASSWORD, steady_queries

pytestmark = pytest.mark.django_db


def add(client, product, list_token=None):
    data = {"product": product.pk}
    if list_token:
        data["list"] = list_token
    return client.post("/account/lists/add/", data)


def test_a_visitor_saves_a_product_into_a_default_list_kept_by_session(client, boots):
    response = add(client, boots)
    shopping_list = ShoppingList.objects.get()
    assert response["Location"] == f"/account/lists/{shopping_list.token}/"
    assert shopping_list.user is None and shopping_list.is_default and shopping_list.name == "Обране"
    assert len(shopping_list.token) >= 32 and not shopping_list.token.isdigit()
    assert client.session["customers.list_owner"] == shopping_list.session_token
    item = shopping_list.items.get()
    assert item.price_when_added == Decimal("2400.00")
    page = client.get(response["Location"]).content.decode()
    assert "«Чоботи зимові» збережено до «Обране»" in page


def test_product_page_offers_add_to_list_and_the_shoppers_lists(client, boots):
    page = client.get(boots.get_absolute_url()).content.decode()
    assert 'action="/account/lists/add/"' in page
    add(client, boots)
    client.post("/account/lists/", {"name": "Літо"})
    page = client.get(boots.get_absolute_url()).content.decode()
    assert re.search(r'<select[^>]*name="list"', page) and "Літо" in page


def test_adding_again_keeps_one_item_and_the_first_price(client, boots):
    add(client, boots)
    boots.sale_price = Decimal("1999")
    boots.save()
    add(client, boots)
    item = ListItem.objects.get()
    assert item.price_when_added == Decimal("2400.00")


def test_a_cheaper_price_shows_on_the_list(client, boots, sold_out):
    add(client, boots)
    add(client, sold_out)
    boots.sale_price = Decimal("1900")
    boots.save()
    shopping_list = ShoppingList.objects.get()
    page = client.get(f"/en/account/lists/{shopping_list.token}/").content.decode()
    assert "Cheaper by 500" in page
    assert page.count("Cheaper by") == 1  # the other price did not move


def test_hidden_or_unknown_products_cannot_be_saved(client, boots):
    boots.status = "hidden"
    boots.save()
    assert add(client, boots).status_code == 404
    assert client.post("/account/lists/add/", {"product": "x"}).status_code == 404
    assert client.post("/account/lists/add/", {"product": 99999}).status_code == 404
    assert not ListItem.objects.exists()


def test_lists_are_created_and_named_once_per_shopper(client):
    assert client.post("/account/lists/", {"name": "  Літо  "}).status_code == 302
    response = client.post("/en/account/lists/", {"name": "літо"})
    assert response.status_code == 400
    assert "You already have a list called “літо”" in response.content.decode()
    assert client.post("/account/lists/", {"name": ""}).status_code == 400
    assert client.post("/account/lists/", {"name": "x" * 81}).status_code == 400
    assert list(ShoppingList.objects.values_list("name", flat=True)) == ["Літо"]


def test_a_list_from_another_session_is_not_found(client, boots):
    add(client, boots)
    shopping_list = ShoppingList.objects.get()
    stranger = Client()
    stranger.get("/account/lists/")  # a session of its own
    url = f"/account/lists/{shopping_list.token}/"
    assert stranger.get(url).status_code == 404
    assert stranger.post(f"{url}remove/{boots.pk}/").status_code == 404
    assert stranger.post(f"{url}rename/", {"name": "Моє"}).status_code == 404
    assert stranger.post(f"{url}delete/").status_code == 404
    assert add(stranger, boots, list_token=shopping_list.token).status_code == 404
    shopping_list.refresh_from_db()
    assert shopping_list.name == "Обране" and shopping_list.items.count() == 1


def test_someone_elses_list_token_is_not_found(olena_client, boots):
    petro = Client()
    petro.post("/account/sign-up/", {"email": "petro@example.com", "password": PASSWORD})
    petro.post("/account/sign-in/", {"email": "petro@example.com", "password": PASSWORD})
    add(petro, boots)
    theirs = ShoppingList.objects.get(user__email="petro@example.com")
    assert olena_client.get(f"/account/lists/{theirs.token}/").status_code == 404
    assert olena_client.post(f"/account/lists/{theirs.token}/remove/{boots.pk}/").status_code == 404
    assert theirs.items.count() == 1


def test_owner_renames_removes_and_deletes(client, boots, sold_out):
    add(client, boots)
    add(client, sold_out)
    shopping_list = ShoppingList.objects.get()
    url = f"/account/lists/{shopping_list.token}/"
    assert client.get(f"{url}remove/{boots.pk}/").status_code == 405
    client.post(f"{url}remove/{boots.pk}/")
    assert list(shopping_list.items.values_list("product_id", flat=True)) == [sold_out.pk]
    client.post(f"{url}rename/", {"name": "Подарунки"})
    shopping_list.refresh_from_db()
    assert shopping_list.name == "Подарунки"
    client.post(f"{url}delete/")
    assert not ShoppingList.objects.exists()


def test_a_shared_link_shows_the_list_read_only_to_anyone(client, boots):
    add(client, boots)
    shopping_list = ShoppingList.objects.get()
    assert shopping_list.share_token != shopping_list.token
    page = client.get(f"/account/lists/{shopping_list.token}/").content.decode()
    assert f"/lists/shared/{shopping_list.share_token}/" in page
    stranger = Client()
    response = stranger.get(f"/lists/shared/{shopping_list.share_token}/")
    shared = response.content.decode()
    assert response.status_code == 200 and "Чоботи зимові" in shared
    assert "/remove/" not in shared and "/rename/" not in shared and "/delete/" not in shared
    assert shopping_list.token not in shared  # the editing address is not given away
    # The share token does not open the owner's pages.
    assert stranger.get(f"/account/lists/{shopping_list.share_token}/").status_code == 404
    assert stranger.get("/lists/shared/not-a-token/").status_code == 404


def test_list_changes_need_csrf(csrf_client, boots):
    assert csrf_client.post("/account/lists/add/", {"product": boots.pk}).status_code == 403
    assert csrf_client.post("/account/lists/", {"name": "Літо"}).status_code == 403
    assert not ShoppingList.objects.exists()


class TestMergeOnSignIn:
    def sign_in(self, client):
        return client.post("/account/sign-in/", {"email": "olena@example.com", "password": PASSWORD})

    def test_default_list_merges_without_duplicates_and_named_lists_move_renamed(
            self, client, olena, boots, sold_out, catalog):
        sandals = make_product(catalog["sneakers"], name="Сандалі")
        mine = ListOwner(user_id=olena.pk)
        my_default = default_list(mine)
        ListItem.objects.create(shopping_list=my_default, product=boots, price_when_added=Decimal("2600"))
        create_list(mine, "Літо")

        add(client, boots)
        add(client, sold_out)
        client.post("/account/lists/", {"name": "літо"})
        summer = ShoppingList.objects.get(user__isnull=True, name="літо")
        add(client, sandals, list_token=summer.token)
        client.post("/account/lists/", {"name": "Подарунки"})

        assert self.sign_in(client).status_code == 302

        assert not ShoppingList.objects.filter(user__isnull=True).exists()
        lists = {sl.name: sl for sl in ShoppingList.objects.filter(user=olena)}
        assert set(lists) == {"Обране", "Літо", "літо (2)", "Подарунки"}
        default_items = ListItem.objects.filter(shopping_list=lists["Обране"])
        assert sorted(default_items.values_list("product__name", flat=True)) == ["Кеди білі", "Чоботи зимові"]
        # The shopper's own earlier item (and its price) stays.
        assert default_items.get(product=boots).price_when_added == Decimal("2600")
        assert list(lists["літо (2)"].items.values_list("product", flat=True)) == [sandals.pk]
        # The moved list keeps its address, so links the visitor had still work for them.
        assert client.get(f"/account/lists/{summer.token}/").status_code == 200

    def test_a_shopper_without_lists_inherits_the_default_list_and_its_links(self, client, olena, boots):
        add(client, boots)
        before = ShoppingList.objects.get()
        self.sign_in(client)
        shopping_list = ShoppingList.objects.get()
        assert shopping_list.user == olena and shopping_list.is_default
        assert shopping_list.items.get().product == boots
        assert (shopping_list.token, shopping_list.share_token) == (before.token, before.share_token)

    def test_a_failed_sign_in_merges_nothing(self, client, olena, boots):
        add(client, boots)
        client.post("/account/sign-in/", {"email": "olena@example.com", "password": "nope-nope"})
        assert ShoppingList.objects.get().user is None


class TestQueryCounts:
    def test_lists_page_costs_the_same_for_one_list_or_many(self, olena_client, olena, catalog):
        owner = ListOwner(user_id=olena.pk)
        create_list(owner, "Перший")
        one = steady_queries(olena_client, "/account/lists/")
        for n in range(12):
            shopping_list = create_list(owner, f"Список {n}")
            ListItem.objects.create(shopping_list=shopping_list, price_when_added=1,
                                    product=make_product(catalog["boots"]))
        assert steady_queries(olena_client, "/account/lists/") == one

    def test_a_list_page_costs_the_same_for_one_item_or_many(self, client, catalog):
        products = [add_photo(make_product(catalog["boots"])) for _ in range(8)]
        add(client, products[0])
        url = f"/account/lists/{ShoppingList.objects.get().token}/"
        one = steady_queries(client, url)
        for product in products[1:]:
            add(client, product)
        assert steady_queries(client, url) == one
        shared = f"/lists/shared/{ShoppingList.objects.get().share_token}/"
        assert steady_queries(Client(), shared) <= one

    def test_a_visitor_without_lists_costs_no_list_queries(self, client, boots):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as context:
            client.get("/account/lists/")
            client.get(boots.get_absolute_url())
        assert not [q for q in context.captured_queries if "customers_shoppinglist" in q["sql"]]
