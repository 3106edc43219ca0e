"""Fields an editor took over are marked in the editor and can be given back to the feed, whose next
sync writes the supplier's values again."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.models import ModelLogEntry
from wagtail.users.models import UserProfile

from shop.models import Product

from .conftest import make_supplier, premap, sync


@pytest.fixture
def boss_client(client, db):
    boss = get_user_model().objects.create_superuser("boss", "boss@example.com", "pw")
    profile = UserProfile.get_for_user(boss)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(boss)
    return client


def test_a_field_given_back_is_written_by_the_next_sync(sample, store_categories, boss_client):
    supplier = make_supplier(sample, "solomoda")
    premap(supplier, sample.feed("solomoda"), store_categories)
    feed = str(sample.feed("solomoda"))
    assert sync("solomoda", "--source", feed, "--no-images")[0] == 0
    product = Product.objects.filter(supplier=supplier).order_by("pk").first()
    feed_name, feed_description = product.name, product.description
    product.name, product.description, product.brand = "Мої туфлі", "<p>Від редактора</p>", "Моя марка"
    product.manual_fields = ["brand", "description", "name"]
    product.save()
    assert sync("solomoda", "--source", feed, "--no-images")[0] == 0
    product.refresh_from_db()
    assert product.name == "Мої туфлі"  # owned: the sync left it

    edit_url = reverse("wagtailsnippets_shop_product:edit", args=[product.pk])
    release_url = reverse("wagtailsnippets_shop_product:release_fields", args=[product.pk])
    editor = boss_client.get(edit_url).content.decode()
    assert release_url in editor and editor.count("Edited by hand: syncs leave this field") == 3

    page = boss_client.get(release_url).content.decode()
    assert 'value="name"' in page and 'value="description"' in page and 'value="brand"' in page
    response = boss_client.post(release_url, {"fields_to_release": ["name", "description"]}, follow=True)
    assert "Given back to the feed: Name, Description." in response.content.decode()
    product.refresh_from_db()
    assert product.manual_fields == ["brand"] and product.name == "Мої туфлі"  # until the next sync
    entry = ModelLogEntry.objects.get(action="shop.release_fields")
    assert entry.data == {"fields": ["name", "description"]} and entry.object_id == str(product.pk)

    assert sync("solomoda", "--source", feed, "--no-images")[0] == 0
    product.refresh_from_db()
    assert (product.name, product.description) == (feed_name, feed_description)
    assert product.brand == "Моя марка"  # still the editor's


def test_giving_back_nothing_or_an_unowned_field_changes_nothing(sample, store_categories, boss_client):
    supplier = make_supplier(sample, "solomoda")
    premap(supplier, sample.feed("solomoda"), store_categories)
    assert sync("solomoda", "--source", str(sample.feed("solomoda")), "--no-images")[0] == 0
    product = Product.objects.filter(supplier=supplier).order_by("pk").first()
    Product.objects.filter(pk=product.pk).update(manual_fields=["name"])
    release_url = reverse("wagtailsnippets_shop_product:release_fields", args=[product.pk])

    assert "Choose at least one field." in boss_client.post(release_url, {}).content.decode()
    response = boss_client.post(release_url, {"fields_to_release": ["price"]})
    assert response.status_code == 200 and "price" not in str(response.context["form"].cleaned_data)
    product.refresh_from_db()
    assert product.manual_fields == ["name"] and not ModelLogEntry.objects.filter(
        action="shop.release_fields").exists()


def test_only_who_may_change_the_product_may_give_its_fields_back(client, db):
    from tests.admin.helpers import make_editor
    from tests.factories import make_catalog, make_product

    product = make_product(make_catalog()["boots"], name="Челсі", price="2400", sizes={"38": 1})
    Product.objects.filter(pk=product.pk).update(sync_id="x:1", manual_fields=["name"])
    client.force_login(make_editor("viewer", "view_product"))
    response = client.post(reverse("wagtailsnippets_shop_product:release_fields", args=[product.pk]),
                           {"fields_to_release": ["name"]})
    assert response.status_code == 403
    assert Product.objects.get(pk=product.pk).manual_fields == ["name"]
