"""Build one channel's feed: project, write (streaming, gzip), validate, publish atomically.

The new file is written next to the live one under a temporary name and only replaces it
(os.replace, atomic on one filesystem) when the validator accepts it; otherwise the live file
stays as it was and the run says why. Every build is a FeedRun with its counts and refusals.
"""

from __future__ import annotations

import gzip
import logging
import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from lxml import etree

from channels.feeds import export_formats, writer_class
from channels.feeds.base import FeedCategory, ShopInfo
from channels.feeds.validate import validate_file
from channels.lock import ChannelLock, FeedBusy
from channels.models import Channel, ChannelListing, FeedRun, RefusedOffer
from channels.projection import Entry, Projection, category_mappings, site_root_url
from channels.vanished import CarryOver
from shop.models import CategoryPage

logger = logging.getLogger(__name__)
RUNS_KEPT = 30  # per channel; older runs and their refusals are deleted
GZIP_LEVEL = 4  # most of level 9's gain at a third of its time


def feed_path(channel, fmt: str = "xml") -> Path:
    return Path(settings.CHANNELS_FEED_ROOT) / f"channel-{channel.pk}.{fmt}.gz"


def build_feed(channel_id: int, trigger: str = FeedRun.Trigger.MANUAL) -> FeedRun | None:
    """Build and (when valid) publish; None when another build of the channel is running."""
    channel = Channel.objects.get(pk=channel_id)
    lock = ChannelLock(channel)
    try:
        lock.acquire()
    except FeedBusy as busy:
        logger.info("%s: not building, %s (it will build again when done)", channel, busy)
        return None
    try:
        run = FeedRun.objects.create(channel=channel, trigger=trigger)
        Builder(channel, run).run()
    finally:
        again = lock.release()
    if again:
        from channels.tasks import enqueue_build

        enqueue_build(channel, trigger)
    prune_runs(channel)
    return run


class Builder:
    def __init__(self, channel, run):
        self.channel = channel
        self.run_record = run
        self.target = feed_path(channel)
        mappings = category_mappings(channel)
        self.writer = writer_class(channel.kind)(channel, shop_info(), feed_categories(mappings))

    def run(self):
        run = self.run_record
        self.target.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=self.target.parent, prefix=f".{self.target.name}.", suffix=".tmp")
        os.close(handle)
        carry = None
        try:
            with translation.override(settings.LANGUAGE_CODE):
                carry = self.write(temp)
            carry.write_ids(f"{temp}.ids")  # and frees the id set before the validator builds its own
            report = validate_file(temp, self.writer)
            run.invalid_offers = report.invalid
            run.errors = report.messages
            run.file_bytes = os.path.getsize(temp)
            reason = self.rejection(report)
            if reason:
                run.status, run.message = FeedRun.Status.REJECTED, reason
            else:
                self.publish(temp, carry)
                run.status = FeedRun.Status.PUBLISHED
        except Exception as exc:
            logger.exception("building the feed of %s failed", self.channel)
            run.status, run.message = FeedRun.Status.FAILED, f"{type(exc).__name__}: {exc}"
        finally:
            if os.path.exists(temp):
                os.unlink(temp)
            if carry is not None:
                carry.discard()
            run.finished_at = timezone.now()
            run.save()

    def rejection(self, report) -> str:
        """Why the new file must not go live ('' when it may)."""
        kept = " The previous file stays live." if self.target.exists() else ""
        if report.fatal:
            hint = ""
            if report.offers == 0 and self.run_record.awaiting_approval:
                hint = f" {self.run_record.awaiting_approval} listings await approval."
            return f"Rejected: {report.fatal}.{hint}{kept}"
        limit = float(self.channel.max_invalid_percent)
        if report.invalid_percent() > limit:
            return (f"Rejected: {report.invalid} of {report.offers} offers are invalid "
                    f"({report.invalid_percent():.1f} %, the limit is {limit:g} %).{kept}")
        return ""

    def write(self, temp) -> CarryOver:
        run, writer = self.run_record, self.writer
        carry = CarryOver(self.channel, writer, self.target)
        current_ids: set[str] = set()
        refusals: list[RefusedOffer] = []
        with gzip.open(temp, "wb", compresslevel=GZIP_LEVEL) as stream, \
                etree.xmlfile(stream, encoding="utf-8") as xf, writer.document(xf):
            for item in Projection(self.channel):
                if isinstance(item, Entry):
                    item = writer.refuse(item) or item
                if not isinstance(item, Entry):
                    refusals.append(RefusedOffer(run=run, product_id=item.product_id,
                                                 product_name=item.product_name, reason=item.reason,
                                                 detail=item.detail[:255]))
                    if len(refusals) >= 1000:
                        RefusedOffer.objects.bulk_create(refusals)
                        run.refused += len(refusals)
                        refusals = []
                    continue
                if item.listing_state not in ChannelListing.IN_FEED:
                    if item.listing_state != ChannelListing.State.WITHDRAWN:
                        run.awaiting_approval += 1
                    continue
                writer.write_entry(xf, item)
                run.products += 1
                run.offers_written += len(item.offers)
                run.offers_unavailable += sum(1 for o in item.offers if not o.available)
                current_ids.update(o.id for o in item.offers)
            carry.write(xf, current_ids)
        RefusedOffer.objects.bulk_create(refusals)
        run.refused += len(refusals)
        run.vanished_kept, run.vanished_dropped = carry.kept, carry.dropped
        return carry

    def publish(self, temp, carry):
        """Replace the live file, and the kind's other formats rendered from it, together."""
        renderers = export_formats(self.channel.kind)
        exports = {fmt: f"{temp}.{fmt}" for fmt in renderers}
        try:
            for fmt, render in renderers.items():
                render(temp, exports[fmt], GZIP_LEVEL)
            for path in [temp, *exports.values()]:
                with open(path, "rb") as handle:
                    os.fsync(handle.fileno())
            with transaction.atomic():
                carry.commit()
                os.replace(temp, self.target)
                for fmt, path in exports.items():
                    os.replace(path, feed_path(self.channel, fmt))
        finally:
            for path in exports.values():
                if os.path.exists(path):
                    os.unlink(path)


def shop_info() -> ShopInfo:
    name = settings.WAGTAIL_SITE_NAME
    return ShopInfo(name=name, company=settings.CHANNELS_COMPANY or name, url=site_root_url() + "/")


def feed_categories(mappings) -> list[FeedCategory]:
    """Our categories that map to the channel, parents first, each linked to a declared parent."""
    rows = list(CategoryPage.objects.filter(pk__in=list(mappings)).order_by("path")
                .values_list("pk", "path", "title"))
    by_path = {path: pk for pk, path, _title in rows}
    step = CategoryPage.steplen
    return [FeedCategory(id=pk, parent_id=by_path.get(path[:-step]), title=title,
                         external_id=mappings[pk].external_id) for pk, path, title in rows]


def prune_runs(channel) -> None:
    old = list(FeedRun.objects.filter(channel=channel).order_by("-started_at")
               .values_list("pk", flat=True)[RUNS_KEPT:])
    if old:
        FeedRun.objects.filter(pk__in=old).delete()
