"""Saved addresses: phone numbers normalised, branch or street required, one default."""

import pytest
from django.core.exceptions import ValidationError

from shop.customers.accounts import create_account
from shop.customers.models import Address
from shop.phones import normalize_phone

from .conftest import steady_queries

pytestmark = pytest.mark.django_db

BRANCH = {"name": "Олена Пчілка", "phone": "067 123-45-67", "city": "Київ", "delivery": "branch",
          "branch": "25", "street_address": ""}
COURIER = {**BRANCH, "delivery": "courier", "branch": "", "street_address": "вул. Хрещатик, 1, кв. 5"}


@pytest.mark.parametrize("raw", ["0671234567", "067 123-45-67", "(067) 123 45 67", "+380671234567",
                                 "380671234567", "+38 (067) 123-45-67", "671234567"])
def test_phone_numbers_are_stored_as_plus_380(raw):
    assert normalize_phone(raw) == "+380671234567"


@pytest.mark.parametrize("raw", ["", "12345", "+1 212 555 0100", "067123456789", "067-12a-45-67x",
                                 "+380+671234567", "44 123 45 67 89"])
def test_numbers_that_are_not_ukrainian_are_refused(raw):
    with pytest.raises(ValidationError):
        normalize_phone(raw)


def test_first_address_is_saved_normalised_and_becomes_the_default(olena_client, olena):
    response = olena_client.post("/account/addresses/new/", BRANCH)
    assert response["Location"] == "/account/addresses/"
    address = Address.objects.get(user=olena)
    assert address.phone == "+380671234567" and address.is_default and address.branch == "25"
    page = olena_client.get("/account/addresses/").content.decode()
    assert "+380671234567" in page and "Nova Poshta branch 25" in olena_client.get(
        "/en/account/addresses/").content.decode()


def test_a_new_default_address_takes_the_flag_from_the_old_one(olena_client, olena):
    olena_client.post("/account/addresses/new/", BRANCH)
    olena_client.post("/account/addresses/new/", {**COURIER, "is_default": "on"})
    defaults = Address.objects.filter(user=olena, is_default=True)
    assert [a.street_address for a in defaults] == ["вул. Хрещатик, 1, кв. 5"]
    branch = Address.objects.get(user=olena, delivery="branch")
    olena_client.post(f"/account/addresses/{branch.pk}/default/")
    assert list(Address.objects.filter(user=olena, is_default=True)) == [branch]


def test_deleting_the_default_hands_the_flag_to_another_address(olena_client, olena):
    olena_client.post("/account/addresses/new/", BRANCH)
    olena_client.post("/account/addresses/new/", COURIER)
    default = Address.objects.get(user=olena, is_default=True)
    olena_client.post(f"/account/addresses/{default.pk}/delete/")
    assert Address.objects.get(user=olena).is_default


@pytest.mark.parametrize("data, field", [
    ({**BRANCH, "phone": "12345"}, "phone"),
    ({**BRANCH, "branch": " "}, "branch"),
    ({**COURIER, "street_address": ""}, "street_address"),
    ({**BRANCH, "name": ""}, "name"),
    ({**BRANCH, "city": ""}, "city"),
    ({**BRANCH, "delivery": "pigeon"}, "delivery"),
])
def test_bad_addresses_are_refused_with_a_message(olena_client, olena, data, field):
    response = olena_client.post("/account/addresses/new/", data)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not Address.objects.exists()


def test_branch_delivery_forgets_a_street_and_courier_forgets_a_branch(olena_client, olena):
    olena_client.post("/account/addresses/new/", {**BRANCH, "street_address": "вул. Зайва, 3"})
    assert Address.objects.get().street_address == ""


def test_someone_elses_address_cannot_be_seen_changed_or_deleted(olena_client, client):
    other = create_account(email="petro@example.com", password="whatever-123456")
    theirs = Address.objects.create(user=other, name="Петро", phone="+380501112233", city="Львів",
                                    branch="3", is_default=True)
    assert olena_client.get(f"/account/addresses/{theirs.pk}/").status_code == 404
    assert olena_client.post(f"/account/addresses/{theirs.pk}/", BRANCH).status_code == 404
    assert olena_client.post(f"/account/addresses/{theirs.pk}/delete/").status_code == 404
    assert olena_client.post(f"/account/addresses/{theirs.pk}/default/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.name == "Петро"


def test_address_changes_are_posts(olena_client, olena):
    olena_client.post("/account/addresses/new/", BRANCH)
    address = Address.objects.get()
    assert olena_client.get(f"/account/addresses/{address.pk}/delete/").status_code == 405
    assert Address.objects.exists()


def test_addresses_page_costs_the_same_queries_for_one_or_many(olena_client, olena):
    olena_client.post("/account/addresses/new/", BRANCH)
    one = steady_queries(olena_client, "/account/addresses/")
    for _ in range(10):
        olena_client.post("/account/addresses/new/", COURIER)
    assert steady_queries(olena_client, "/account/addresses/") == one
