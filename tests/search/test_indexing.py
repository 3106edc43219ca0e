"""Indexing follows the catalog: edits, publishing, categories, supplier syncs; batched tasks."""

import pytest
from django.core.management import call_command
from django.db import transaction

from search import indexing
from search.models import SearchDocument, SearchPosting, SearchTerm
from shop.models import ProductAttribute
from tests.search.helpers import found

pytestmark = pytest.mark.django_db


def test_an_edited_product_is_found_by_its_new_name(shop):
    product = shop["products"]["pumps"]
    product.name = "Мокасини червоні"
    product.save()
    assert found("мокасини", shop) == ["pumps"]
    assert not found("човники")  # the old name is forgotten


def test_unpublished_products_leave_the_index(shop):
    product = shop["products"]["ankle"]
    product.unpublish()
    assert not found("черевики")
    assert not SearchDocument.objects.filter(product=product).exists()
    assert not SearchPosting.objects.filter(product=product).exists()
    assert not SearchTerm.objects.filter(word="черевики", documents__gt=0).exists()


def test_products_of_an_unpublished_category_are_not_found(shop):
    boots = shop["pages"]["boots"]
    boots.unpublish()
    assert not found("чоботи")
    boots.refresh_from_db()
    boots.save_revision().publish()
    assert set(found("чоботи", shop)) == {"boots", "rubber"}


def test_new_attributes_are_searchable(shop):
    from shop.models import AttributeOption

    product = shop["products"]["ankle"]
    assert not found("хутро")
    ProductAttribute.objects.create(product=product, option=AttributeOption.objects.get(slug="fur"),
                                    raw_value="натуральне хутро")
    assert found("хутро", shop) == ["ankle"]


def test_category_titles_in_both_languages_are_indexed(shop):
    from wagtail.models import Locale

    sneakers = shop["pages"]["sneakers"]
    english = Locale.objects.get_or_create(language_code="en")[0]
    for key in ("home", "catalog", "women", "sneakers"):
        page = shop["pages"][key]
        page.refresh_from_db()
        copy = page.copy_for_translation(english)
        copy.title = {"sneakers": "Trainers"}.get(key, page.title)
        copy.save_revision().publish()
    indexing.reindex_products([p.pk for p in shop["products"].values()])
    assert set(found("trainers", shop)) == {"black", "white", "sold_out"}
    assert sneakers.title == "Кросівки"


def test_reindex_products_queues_batches(monkeypatch):
    queued = []
    monkeypatch.setattr(indexing, "async_task", lambda name, ids, **kw: queued.append((name, ids)))
    assert indexing.reindex_products(range(1, 1201)) == 3
    assert [len(ids) for _, ids in queued] == [500, 500, 200]
    assert {name for name, _ in queued} == {"search.tasks.index_products"}


def test_changes_in_a_request_are_queued_once_after_commit(shop, settings, monkeypatch,
                                                          django_capture_on_commit_callbacks):
    settings.Q_CLUSTER = {**settings.Q_CLUSTER, "sync": False}
    queued = []
    monkeypatch.setattr(indexing, "async_task", lambda name, ids, **kw: queued.append(ids))
    products = list(shop["products"].values())[:3]
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            for product in products:
                product.save()
            assert queued == []  # nothing inside the transaction
    assert queued == [sorted(p.pk for p in products)]


def test_a_supplier_sync_reindexes_what_it_changed(monkeypatch, db):
    from shop.events import products_synced

    queued = []
    monkeypatch.setattr(indexing, "async_task", lambda name, ids, **kw: queued.append(ids))
    products_synced.send(sender=object, supplier=None, product_ids={3, 1, 2}, run=None)
    assert queued == [[1, 2, 3]]


def test_search_reindex_command_rebuilds_everything(shop, capsys):
    SearchPosting.objects.all().delete()
    SearchTerm.objects.all().delete()
    assert not found("чоботи")
    call_command("search_reindex")
    assert "database: indexed 7 products, removed 2" in capsys.readouterr().out
    assert set(found("чоботи", shop)) == {"boots", "rubber"}


def test_a_draft_is_not_found_until_it_is_published(shop, monkeypatch):
    product = shop["products"]["pumps"]
    product.name = "Мокасини червоні"
    scheduled = []
    monkeypatch.setattr("search.signals.schedule", lambda ids: scheduled.append(list(ids)))
    revision = product.save_revision()  # a draft: only revision bookkeeping is written
    assert scheduled == []
    monkeypatch.undo()
    assert found("човники", shop) == ["pumps"] and not found("мокасини")
    revision.publish()
    assert found("мокасини", shop) == ["pumps"]
