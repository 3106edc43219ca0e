"""Where the rest of the shop hears about what a sync changed."""

from __future__ import annotations

from shop.events import products_synced
from shop.facets import catalog_changed


def products_changed(product_ids, *, run) -> None:
    """The single call site after a run for every product it created, updated, unpublished
    or whose stock it changed.

    Later issues hook in here, not inside the pipeline:
    - search reindexing of the changed products (issue: search backends);
    - back-in-stock notifications: products whose stock went from 0 to > 0
      (compare with the subscriptions, then queue the e-mails);
    - Wagtail's reference index for bulk-written products, if the admin needs
      "usage" counts of the images they use.
    Receivers of `products_synced` get the same ids; keep them quick or queue a
    django-q task, the run's lock is still held while they run.
    """
    ids = set(product_ids)
    if ids:
        catalog_changed()  # the bulk writes sent no model signals
        products_synced.send(sender=type(run.supplier), supplier=run.supplier, product_ids=ids, run=run)
