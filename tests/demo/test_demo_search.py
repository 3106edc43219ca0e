"""`make demo` runs no django-q cluster: load_demo itself must leave the search index built.

A module of its own: a transactional test must not run while test_load_demo's module fixture
holds its transaction open (on PostgreSQL the restored content types collided with it)."""

import io

import pytest
from django.core.management import call_command

from shop.models import Product


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_demo_is_searchable_without_a_task_cluster(tmp_path, settings, monkeypatch):
    from django_q.conf import Conf
    from django_q.models import OrmQ

    from search import service

    monkeypatch.setattr(Conf, "SYNC", False)  # tasks are queued, as with a real broker
    settings.Q_CLUSTER = {**settings.Q_CLUSTER, "sync": False}
    call_command("load_demo", models=8, seed=2, feeds_dir=str(tmp_path), no_images=True,
                 stdout=io.StringIO())
    assert OrmQ.objects.exists()  # the syncs queued their reindexing; nobody will run it
    product = Product.objects.visible().first()
    found = service.run(product.name)
    assert product.pk in found.hits.ids[:10]
