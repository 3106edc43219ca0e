"""Keeping the index in step with the catalog: django-q2 tasks in batches, never the request.

    reindex_products(ids)   queue (re)indexing of these products, BATCH ids a task; the
                            supplier sync and bulk admin actions call this
    schedule(ids)           the same, once the current transaction commits, with every id
                            scheduled during it in the same batches (signal handlers use it)
    index_now(ids)          do it here and now (what the task runs)
    reindex_all()           every product, then drop words nobody uses (`search_reindex`)

With django-q2 in sync mode (tests, Q_CLUSTER["sync"]), `schedule` indexes at
once instead of waiting for the commit, so what a test saves is findable.
"""

import logging
import threading

from django.conf import settings
from django.db import connection, transaction
from django_q.tasks import async_task

from search import embedded
from search.backends import get_backend
from search.documents import build, category_infos
from search.vocabulary import announce_change

logger = logging.getLogger(__name__)
BATCH = 500
_local = threading.local()


def reindex_products(product_ids) -> int:
    """Queue indexing of `product_ids` in batches; returns the number of tasks queued."""
    ids = sorted({int(i) for i in product_ids})
    for start in range(0, len(ids), BATCH):
        async_task("search.tasks.index_products", ids[start:start + BATCH], group="search-index")
    return (len(ids) + BATCH - 1) // BATCH


def schedule(product_ids):
    ids = {int(i) for i in product_ids if i is not None}
    if not ids:
        return
    if _sync_mode() or not connection.in_atomic_block:
        reindex_products(ids)
        return
    state = getattr(_local, "state", None)
    # A rolled-back transaction drops our callback: then start a new batch.
    if state is None or not any(entry[1] is state[1] for entry in connection.run_on_commit):
        pending = set()

        def flush():
            _local.state = None
            reindex_products(pending)

        transaction.on_commit(flush)
        state = _local.state = (pending, flush)
    state[0].update(ids)


def _sync_mode():
    return bool(getattr(settings, "Q_CLUSTER", {}).get("sync"))


def index_now(product_ids, categories=None):
    documents, gone = build(product_ids, categories)
    embedded.update(documents, gone)
    backend = get_backend()
    if backend.name != "database":
        backend.index(documents, gone)
    announce_change()
    return len(documents), len(gone)


def reindex_all(batch=BATCH, progress=None):
    """Index every product (and forget documents of products that are gone). Returns (indexed, removed)."""
    from search.models import SearchDocument
    from shop.models import Product

    ids = sorted(set(Product.objects.values_list("pk", flat=True))
                 | set(SearchDocument.objects.values_list("product_id", flat=True)))
    categories = category_infos()
    indexed = removed = 0
    for start in range(0, len(ids), batch):
        done, gone = index_now(ids[start:start + batch], categories)
        indexed, removed = indexed + done, removed + gone
        if progress:
            progress(min(start + batch, len(ids)), len(ids))
    embedded.recount()
    embedded.prune()
    announce_change()
    return indexed, removed
