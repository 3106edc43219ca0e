"""An editor unpublishes a category, or a category above it, to take its goods off sale: they
leave the listings, the sitemap and search, their pages answer 404 and they cannot be bought,
exactly like hidden products; publishing it again brings them back."""

import pytest
from django.urls import reverse

from shop.orders.models import CartLine
from tests.factories import make_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def boots(site):
    return make_product(site["boots"], name="Чоботи Карпати", sizes={"39": 3})


def shown_everywhere(client, product):
    page = client.get(product.get_absolute_url()).status_code == 200
    listed = product.name in client.get("/catalog/").content.decode()
    sitemap = product.slug in client.get("/sitemap.xml").content.decode()
    found = [hit["name"] for hit in client.get("/api/search", {"q": "Карпати"}).json()["hits"]]
    return {"page": page, "listed": listed, "sitemap": sitemap, "search": product.name in found}


def test_goods_under_an_unpublished_ancestor_are_off_sale_everywhere(client, site, boots):
    assert shown_everywhere(client, boots) == dict.fromkeys(["page", "listed", "sitemap", "search"], True)
    site["women"].unpublish()  # boots live under women; the boots category itself stays live
    site["boots"].refresh_from_db()
    assert site["boots"].live
    assert shown_everywhere(client, boots) == dict.fromkeys(["page", "listed", "sitemap", "search"], False)
    response = client.post(reverse("orders:cart_add"), {"variant": boots.variants.get().pk, "quantity": 1})
    assert response.status_code in (302, 400, 404) and not CartLine.objects.exists()

    site["women"].save_revision().publish()
    assert shown_everywhere(client, boots)["page"] and shown_everywhere(client, boots)["listed"]


def test_a_line_already_in_the_cart_cannot_be_ordered_once_its_category_closes(client, site, boots):
    from shop.orders.services.placement import line_problem

    client.post(reverse("orders:cart_add"), {"variant": boots.variants.get().pk, "quantity": 1})
    line = CartLine.objects.get()
    site["boots"].unpublish()
    boots.refresh_from_db()
    assert "Чоботи Карпати" in line_problem(line, boots, [])
