"""The back-in-stock listing in the Wagtail admin: who may see it, and that nobody edits by hand."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shop.customers.models import BackInStockSubscription
from shop.customers.restock import subscribe
from tests.admin.helpers import make_editor
from tests.factories import make_product

pytestmark = pytest.mark.django_db
LIST_URL = "/admin/snippets/customers/backinstocksubscription/"


@pytest.fixture
def boss_client(client):
    client.force_login(get_user_model().objects.create_superuser("boss", "boss@example.com", "pw"))
    return client


def test_staff_with_view_permission_see_the_subscriptions(client, sold_out):
    subscribe(email="olena@example.com", product=sold_out)
    client.force_login(make_editor("manager", "view_backinstocksubscription"))
    response = client.get(LIST_URL)
    assert response.status_code == 200
    assert "olena@example.com" in response.content.decode()


def test_staff_without_the_permission_are_turned_away(client, sold_out):
    subscribe(email="olena@example.com", product=sold_out)
    client.force_login(make_editor("writer", "change_warehouse"))
    response = client.get(LIST_URL)
    assert response.status_code in (302, 403)
    assert "olena@example.com" not in client.get(LIST_URL, follow=True).content.decode()


def test_nobody_adds_or_edits_subscriptions_by_hand(boss_client, sold_out):
    subscription, _ = subscribe(email="olena@example.com", product=sold_out)
    listing = boss_client.get(LIST_URL).content.decode()
    assert f"{LIST_URL}add/" not in listing
    assert boss_client.get(f"{LIST_URL}add/").status_code in (302, 403)
    response = boss_client.post(f"{LIST_URL}edit/{subscription.pk}/", {"email": "evil@example.com"})
    assert response.status_code in (302, 403)
    subscription.refresh_from_db()
    assert subscription.email == "olena@example.com"


def test_a_manager_with_delete_permission_may_delete(client, sold_out):
    subscription, _ = subscribe(email="olena@example.com", product=sold_out)
    client.force_login(make_editor("manager", "view_backinstocksubscription",
                                   "delete_backinstocksubscription"))
    client.post(f"{LIST_URL}delete/{subscription.pk}/")
    assert not BackInStockSubscription.objects.exists()


def test_the_listing_costs_the_same_queries_for_one_or_many(boss_client, catalog):
    first = make_product(catalog["boots"], sizes={"38": 0, "39": 0})
    subscribe(email="s0@example.com", product=first, variant=first.variants.first())
    boss_client.get(LIST_URL)
    with CaptureQueriesContext(connection) as one:
        boss_client.get(LIST_URL)
    for n in range(1, 15):
        product = make_product(catalog["boots"], sizes={"38": 0, "39": 0})
        subscribe(email=f"s{n}@example.com", product=product, variant=product.variants.first())
    with CaptureQueriesContext(connection) as many:
        assert boss_client.get(LIST_URL).status_code == 200
    assert len(many) == len(one)
