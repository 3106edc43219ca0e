"""Bulk publish / unpublish from the product listing."""

import re

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from shop.models import Product, StockRecord, refresh_product_stock
from tests.factories import make_product

pytestmark = pytest.mark.django_db

LIST_URL = reverse("wagtailsnippets_shop_product:list")


def bulk_url(action, products):
    ids = "&".join(f"id={p.pk}" for p in products)
    return f"{reverse('wagtail_bulk_action', args=('shop', 'product', action))}?{ids}&next={LIST_URL}"


def make_draft(category, **fields):
    product = make_product(category, **fields)
    Product.objects.filter(pk=product.pk).update(live=False)
    product.refresh_from_db()
    return product


def visible_names():
    return set(Product.objects.visible().values_list("name", flat=True))


def test_listing_offers_publish_and_unpublish(boss_client, catalog):
    make_product(catalog["boots"])
    html = boss_client.get(LIST_URL).content.decode()
    assert reverse("wagtail_bulk_action", args=("shop", "product", "publish")) in html
    assert reverse("wagtail_bulk_action", args=("shop", "product", "unpublish")) in html


def test_publish_asks_for_confirmation_first(boss_client, catalog):
    draft = make_draft(catalog["boots"], name="Чернетка")
    response = boss_client.get(bulk_url("publish", [draft]))
    assert response.status_code == 200
    assert "Чернетка" in response.content.decode()
    draft.refresh_from_db()
    assert not draft.live


def test_bulk_publish_makes_drafts_live_and_logs_it(boss_client, boss, catalog):
    first = make_draft(catalog["boots"], name="Перший", sizes={"38": 4})
    second = make_draft(catalog["sneakers"], name="Другий")
    assert visible_names() == set()

    response = boss_client.post(bulk_url("publish", [first, second]))

    assert response.status_code == 302
    assert visible_names() == {"Перший", "Другий"}
    logs = ModelLogEntry.objects.filter(action="wagtail.publish", user=boss)
    assert {int(entry.object_id) for entry in logs} == {first.pk, second.pk}
    first.refresh_from_db()
    assert first.total_stock == 4 and first.in_stock  # stock totals survive the publish


def test_bulk_publish_publishes_the_editors_latest_draft(boss_client, boss, catalog):
    product = make_product(catalog["boots"], name="Стара назва", sizes={"38": 2})
    product.name = "Нова назва"
    product.save_revision(user=boss)  # a draft, not yet live
    # Stock moves after the draft was saved (a sale, a sync).
    StockRecord.objects.filter(variant__product=product).update(quantity=7)
    refresh_product_stock([product.pk])
    assert visible_names() == {"Стара назва"}

    boss_client.post(bulk_url("publish", [product]))

    assert visible_names() == {"Нова назва"}
    product.refresh_from_db()
    assert product.total_stock == 7  # not the 2 the draft revision remembers


def test_bulk_unpublish_hides_products_from_the_storefront(boss_client, boss, catalog):
    kept = make_product(catalog["boots"], name="Лишається")
    gone = make_product(catalog["boots"], name="Зникає")

    response = boss_client.post(bulk_url("unpublish", [gone]))

    assert response.status_code == 302
    assert visible_names() == {"Лишається"}
    assert ModelLogEntry.objects.filter(action="wagtail.unpublish", object_id=str(gone.pk)).exists()
    assert not ModelLogEntry.objects.filter(object_id=str(kept.pk)).exists()


def test_editor_without_publish_permission_cannot_publish(client, product_editor, catalog):
    draft = make_draft(catalog["boots"], name="Чернетка")
    client.force_login(product_editor)

    client.post(bulk_url("publish", [draft]))

    draft.refresh_from_db()
    assert not draft.live


def test_editor_without_publish_permission_cannot_unpublish(client, product_editor, catalog):
    product = make_product(catalog["boots"], name="Живий")
    client.force_login(product_editor)

    client.post(bulk_url("unpublish", [product]))

    assert visible_names() == {"Живий"}


def test_a_product_locked_by_someone_else_is_not_published(boss_client, catalog, product_editor):
    draft = make_draft(catalog["boots"])
    Product.objects.filter(pk=draft.pk).update(locked=True, locked_by=product_editor)

    boss_client.post(bulk_url("publish", [draft]))

    draft.refresh_from_db()
    assert not draft.live


def test_delete_is_the_last_bulk_action_not_the_first(boss_client, catalog):
    make_product(catalog["boots"], name="Челсі")
    html = boss_client.get(LIST_URL).content.decode()
    actions = list(dict.fromkeys(re.findall(r"/admin/bulk/shop/product/([a-z-]+)/", html)))
    assert actions[0] == "publish" and actions[-1] == "delete", actions
