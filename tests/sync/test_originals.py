"""A synced product's history starts with the supplier's original, and reverting to it is Wagtail's
revert: the editor's text goes, the photos, sizes and the feed's price stay."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.models import Revision

from shop.models import Product

from .conftest import make_supplier, premap, sync


def test_the_first_revision_holds_the_suppliers_text_and_reverting_to_it_keeps_the_rest(
        sample, store_categories, client):
    supplier = make_supplier(sample, "solomoda")
    premap(supplier, sample.feed("solomoda"), store_categories)
    assert sync("solomoda", "--source", str(sample.feed("solomoda")), "--no-images")[0] == 0
    products = Product.objects.filter(supplier=supplier)
    assert Revision.objects.filter(base_content_type__model="product").count() == products.count() > 0
    product = products.order_by("pk").first()
    original = product.latest_revision
    assert product.live_revision_id == original.pk and original.user is None
    assert (original.content["name"], original.content["description"]) == (product.name, product.description)
    assert "variants" not in original.content and "images" not in original.content
    feed_name, sizes = product.name, product.variants.count()

    # An editor rewrites the product and publishes it.
    product.name, product.description = "Мої туфлі", "<p>Від редактора</p>"
    product.save_revision().publish()
    assert sync("solomoda", "--source", str(sample.feed("solomoda")), "--no-images")[0] == 0
    assert Revision.objects.filter(object_id=str(product.pk)).count() == 2  # a re-sync adds none

    # Revert: Wagtail's revert view loads the original into the editor; publishing it restores the text.
    boss = get_user_model().objects.create_superuser("boss", "boss@example.com", "pw")
    client.force_login(boss)
    revert = reverse("wagtailsnippets_shop_product:revisions_revert", args=[product.pk, original.pk])
    page = client.get(revert)
    assert page.status_code == 200 and feed_name in page.content.decode()
    restored = original.as_object()
    assert restored.name == feed_name and restored.variants.count() == sizes
    restored.save_revision(user=boss).publish()
    product.refresh_from_db()
    assert product.name == feed_name and product.variants.count() == sizes and product.live


def test_a_dry_run_records_no_revision(sample, store_categories):
    supplier = make_supplier(sample, "solomoda")
    premap(supplier, sample.feed("solomoda"), store_categories)
    assert sync("solomoda", "--source", str(sample.feed("solomoda")), "--no-images", "--dry-run")[0] == 0
    assert not Revision.objects.filter(base_content_type__model="product").exists()
