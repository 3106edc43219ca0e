"""One supplier sync: fetch -> read and check the whole feed -> write in batches -> unpublish.

    run = sync_supplier(supplier, source=None, dry_run=False, force=False, images=True)

Phase one reads the feed with the supplier's adapter, cleans names, notes
categories and parameters and parks the models in a spool; it writes nothing,
so a feed that is broken anywhere (FeedError) or has no usable model is
rejected with the catalog untouched. Phase two writes the spool batch by
batch, each batch in its own transaction (a long sync never holds the
catalog's rows locked for minutes), then disables what left the feed.
Raises SyncBusy (lock.py) when another sync of the supplier is running.

A store connector's supplier (WooCommerce, Shopify, Magento) runs the same way: its "feed"
is the snapshot the connector read from the store's API (suppliers/connectors/run.py). An
incremental run's snapshot holds only what changed: it may be empty, and it never
unpublishes; the connector's watermark moves only when the run is done.
"""

from __future__ import annotations

import logging
import traceback

from django.utils import timezone

from suppliers.feeds import FeedError
from suppliers.models import SyncRun

from . import conf, hooks, inputs
from .fetch import fetch_feed
from .images import ImageStore
from .lock import SupplierLock
from .mapping import AttributeMapper, CategoryMapper
from .name_template import Namer
from .names import NameCleaner
from .prices import Pricing
from .progress import Progress
from .spool import Spool
from .unpublish import unpublish_missing
from .writer import BatchWriter, Item

logger = logging.getLogger(__name__)

COUNTERS = ["records", "created", "updated", "unchanged", "stock_changed", "unpublished", "api_requests",
            "api_retries",
            "unpublish_held", "hidden", "skipped", "reasons", "images_fetched", "images_reused",
            "images_failed", "warnings", "warnings_total", "phase", "progress_done", "progress_total"]


def sync_supplier(supplier, *, source: str | None = None, dry_run: bool = False, force: bool = False,
                  images: bool = True, mode: str | None = None) -> SyncRun:
    """`mode` ("full" or "incremental") is for store connectors; None lets the supplier's state
    decide (connectors/run.py: choose_mode)."""
    lock = SupplierLock(supplier).acquire()  # SyncBusy if another run holds it
    try:
        if supplier.is_store and not source:
            from suppliers.connectors.run import choose_mode

            mode = choose_mode(supplier, mode, force=force)
        else:
            mode = ""
        run = SyncRun.objects.create(
            supplier=supplier, dry_run=dry_run, forced=force, mode=mode,
            source=(source or supplier.feed_url or getattr(supplier.feed_file, "name", "") or "")[:1000],
        )
        lock.attach(run)
        Pipeline(supplier, run, lock, source=source, dry_run=dry_run, force=force,
                 images=images and not dry_run).execute()
    finally:
        lock.release()
    return run


class Pipeline:
    def __init__(self, supplier, run, lock, *, source, dry_run, force, images):
        self.supplier = supplier
        self.run = run
        self.lock = lock
        self.source = source
        self.dry_run = dry_run
        self.force = force
        self.images = images
        self.present: set[str] = set()
        self.progress = Progress(run)

    def execute(self) -> None:
        run = self.run
        try:
            self.supplier.ensure_warehouse()
            base = self.base_run()
            feed = fetch_feed(self.supplier, self.source, conditional=base is not None, beat=self.lock.beat,
                              mode=run.mode)
            try:
                self.note_store(feed)
                if feed.not_modified or (base and feed.sha256() == base.feed_sha256):
                    self.finish_unchanged(base)
                    return self.remember_store(feed)
                self.apply(feed)
            finally:
                feed.cleanup()
            self.finish(SyncRun.Status.DONE)
            self.remember_store(feed)
        except FeedError as exc:
            run.error = str(exc)
            self.finish(SyncRun.Status.REJECTED)
        except Exception as exc:  # noqa: BLE001 - the run must record any failure, then report it
            logger.exception("sync of %s failed", self.supplier.slug)
            run.error = f"{type(exc).__name__}: {exc}\n\n{traceback.format_exc(limit=8)}"
            self.finish(SyncRun.Status.FAILED)

    def base_run(self) -> SyncRun | None:
        """The last run, when nothing but the feed can have changed since it (inputs.py)."""
        if self.dry_run or self.force:
            return None
        base = inputs.last_applied(self.supplier)
        if base is None or base.mode != self.run.mode:
            # A store's full run is never "unchanged" because a delta looked like it: what
            # vanished since the last full run would never be unpublished.
            return None
        digest = inputs.settings_digest(self.supplier, images=self.images)
        return base if inputs.unchanged_since(base, self.supplier, digest) else None

    def apply(self, feed) -> None:
        categories, attributes = CategoryMapper(self.supplier), AttributeMapper(self.supplier)
        with Spool() as spool:
            self.read(feed, spool, categories, attributes)
            if not self.dry_run:
                categories.save()
                attributes.save_params()
            used = inputs.settings_digest(self.supplier, images=self.images)
            self.write(spool, categories, attributes, feed)
        if self.dry_run:
            return
        attributes.save_unknown()
        if not self.source and feed.source == self.supplier.feed_url:
            type(self.supplier).objects.filter(pk=self.supplier.pk).update(
                feed_etag=feed.etag, feed_last_modified=feed.last_modified)
        # A mapping a manager changed while the run wrote was not applied: leave no base then.
        if inputs.settings_digest(self.supplier, images=self.images) == used:
            self.run.feed_sha256 = feed.sha256()
            self.run.settings_digest = used
            self.run.catalog_state = inputs.catalog_state(self.supplier)

    def note_store(self, feed) -> None:
        read = feed.store
        if read is not None:
            self.run.api_requests, self.run.api_retries = read.requests, read.retries
            if read.duplicates:
                self.run.warn("", f"{read.duplicates} product versions read twice while paging (kept once)")

    def remember_store(self, feed) -> None:
        """A store connector's watermark moves on only after a done, real run."""
        if feed.store is not None and not self.dry_run and self.run.status == SyncRun.Status.DONE:
            from suppliers.connectors.run import remember

            remember(self.supplier, feed.store, self.run.started_at)

    def finish_unchanged(self, base: SyncRun) -> None:
        run = self.run
        run.not_modified = True
        run.feed_sha256, run.settings_digest = base.feed_sha256, base.settings_digest
        run.catalog_state = base.catalog_state
        self.finish(SyncRun.Status.DONE)

    # --- phase one: read everything, write nothing ---
    def read(self, feed, spool: Spool, categories: CategoryMapper, attributes: AttributeMapper) -> None:
        run, slug = self.run, self.supplier.slug
        try:
            adapter = self.supplier.get_adapter()
        except (ValueError, TypeError) as exc:
            raise FeedError(f"the supplier's feed settings are invalid: {exc}") from exc
        cleaner = NameCleaner(self.supplier.compiled_name_rules(),
                              brands=[self.supplier.name, adapter.options.get("brand") or ""])
        namer = Namer(self.supplier, categories, attributes)
        self.progress.start(SyncRun.Phase.READING)
        with open(feed.path, "rb") as stream:
            for record in adapter.parse(stream):
                self.lock.beat()
                run.records += 1
                self.progress.advance()
                code = (record.model_code or "").strip()
                sync_id = f"{slug}:{code}"
                if not code or len(sync_id) > 200:
                    self.skip(code, "no model code" if not code else "model code too long")
                    continue
                if sync_id in self.present:
                    self.skip(code, "duplicate model code")
                    continue
                self.present.add(sync_id)
                attributes.observe(record)  # before naming: the template reads the mapped params
                name = namer.name(cleaner.clean(record.name or record.name_ru, brand=record.brand,
                                                model_code=code), record)
                if not name:
                    self.skip(code, "no name")
                    continue
                categories.observe(record)
                spool.add(Item(sync_id=sync_id, name=name, record=record))
        for warning in adapter.warnings:
            run.warn(warning.offer_id, warning.message)
        run.warnings_total += adapter.warnings_dropped
        if not spool.count and feed.complete:
            raise FeedError("the feed has no usable models")
        run.save(update_fields=COUNTERS)

    def skip(self, code: str, reason: str) -> None:
        self.run.skipped += 1
        self.run.count_reason(reason)
        self.run.warn(code, f"skipped: {reason}")

    # --- phase two: write in batches ---
    def write(self, spool: Spool, categories, attributes, feed) -> None:
        run = self.run
        store = (ImageStore(self.supplier, run, local_root=feed.local_root, progress=self.progress,
                            beat=self.lock.beat)
                 if self.images else None)
        writer = BatchWriter(supplier=self.supplier, run=run, categories=categories,
                             attributes=attributes, pricing=Pricing(self.supplier), images=store,
                             dry_run=self.dry_run)
        self.progress.start(SyncRun.Phase.WRITING, total=spool.count)
        for batch in spool.batches(conf.get("SUPPLIER_SYNC_BATCH")):
            self.lock.beat(force=True)  # LockLost stops us before we write over a newer run
            writer.write(batch)
            run.progress_done += len(batch)
            run.save(update_fields=COUNTERS)
        gone = []
        if feed.complete:  # an incremental store run lists only what changed
            gone = unpublish_missing(self.supplier, run, self.present, force=self.force,
                                     dry_run=self.dry_run, log=writer.audit)
        if not self.dry_run:
            hooks.products_changed(writer.changed_ids | set(gone), run=run)

    def finish(self, status: str) -> None:
        run = self.run
        run.status = status
        run.finished_at = timezone.now()
        if status != SyncRun.Status.DONE:
            logger.warning("sync of %s %s: %s", self.supplier.slug, status, run.error.splitlines()[:1])
        run.save()
