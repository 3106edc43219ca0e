"""Import a channel's orders: poll what changed since the last good run, store each order once by
(channel, external id) with its raw payload, place it (reserving stock) or hold it for a manager,
and follow its status through the channel's mapping.

Idempotent: an order whose payload is byte-for-byte what we stored changes nothing; re-polling an
overlap (every run asks from the last good run's start minus CHANNEL_ORDERS_OVERLAP_MINUTES) only
finds such orders again. A run that fails half way keeps what it stored (each order is its own
transaction) and does not move the watermark, so the next run asks for the same window again.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from channels.lock import ChannelLock, FeedBusy
from channels.models import (
    Channel,
    ImportedOrder,
    ImportedOrderEvent,
    ImportedOrderLine,
    ImportRun,
    OrderImportLock,
)
from shop.orders.models import Order
from shop.orders.services.external import ExternalLine, place_external_order
from shop.orders.services.placement import PlaceOrderError
from shop.phones import normalize_phone

from . import prom, rozetka
from .api import ChannelApiError
from .matching import match_offers
from .neutral import ChannelOrder, PayloadError, digest
from .statuses import apply_channel_status, mapping_for

logger = logging.getLogger(__name__)
Status = ImportedOrder.Status
Event = ImportedOrderEvent.Kind
RUNS_KEPT = 200  # per channel
DRAFT_FIELDS = (
    "name",
    "phone",
    "email",
    "city",
    "address",
    "branch",
    "comment",
    "delivery_name",
    "payment_name",
    "cash_on_delivery",
)
NOT_PLACED_AHEAD = (Order.State.SENT_TO_SUPPLIER, Order.State.SHIPPED, Order.State.DELIVERED)


def client_for(channel):
    if channel.orders_api == "prom":
        return prom.PromOrdersClient(channel.prom_api_token)
    if channel.orders_api == "rozetka":
        return rozetka.RozetkaOrdersClient(
            token=channel.rozetka_api_token,
            username=channel.rozetka_username,
            password=channel.rozetka_password,
        )
    raise ValueError(f"{channel} has no orders API")


def parser_for(channel):
    return {"prom": prom.parse_order, "rozetka": rozetka.parse_order}[channel.orders_api]


def modified_since(channel):
    last = (
        ImportRun.objects.filter(channel=channel, status=ImportRun.Status.DONE)
        .order_by("-started_at")
        .first()
    )
    if last is not None:
        return last.started_at - timedelta(minutes=settings.CHANNEL_ORDERS_OVERLAP_MINUTES)
    return timezone.now() - timedelta(days=settings.CHANNEL_ORDERS_FIRST_DAYS)


def import_orders(
    channel_id: int, trigger: str = ImportRun.Trigger.SCHEDULE, *, client=None
) -> ImportRun | None:
    """One import run; None when another run of the channel holds the lock (it runs again after)."""
    channel = Channel.objects.get(pk=channel_id)
    lock = ChannelLock(channel, model=OrderImportLock)
    try:
        lock.acquire()
    except FeedBusy as busy:
        logger.info("%s: not importing orders, %s", channel, busy)
        return None
    try:
        run = ImportRun.objects.create(
            channel=channel, trigger=trigger, modified_since=modified_since(channel)
        )
        _run(channel, run, client or client_for(channel))
    finally:
        again = lock.release()
    if again:
        from channels.orders.tasks import enqueue_import

        enqueue_import(channel, trigger)
    stale = (
        ImportRun.objects.filter(channel=channel)
        .order_by("-started_at")
        .values_list("pk", flat=True)[RUNS_KEPT:]
    )
    ImportRun.objects.filter(pk__in=list(stale)).delete()
    return run


def _run(channel, run, client):
    failed = False
    try:
        for payload in client.changed_orders(run.modified_since):
            run.fetched += 1
            try:
                outcome = receive(channel, payload)
            except Exception as error:  # noqa: BLE001  (one order must not stop the others)
                logger.exception("%s: order %s", channel, _id_of(payload))
                run.add_error(_("Order %(id)s: %(error)s") % {"id": _id_of(payload), "error": error})
                failed = True  # the window is asked for again next time
                continue
            if outcome == "held":
                run.held += 1
            if outcome in ("imported", "held"):
                run.imported += 1
            elif outcome == "updated":
                run.updated += 1
            else:
                run.unchanged += 1
    except ChannelApiError as error:
        run.status, run.message = ImportRun.Status.FAILED, str(error)
    except Exception as error:  # noqa: BLE001  (recorded on the run; the traceback goes to the log)
        logger.exception("%s: order import failed", channel)
        run.status, run.message = ImportRun.Status.FAILED, f"{type(error).__name__}: {error}"
    else:
        run.status = ImportRun.Status.FAILED if failed else ImportRun.Status.DONE
        if failed:
            run.message = _("Some orders could not be stored; their window is fetched again next time.")
    run.finished_at = timezone.now()
    run.save()


def _id_of(payload):
    return payload.get("id") if isinstance(payload, dict) else "?"


def receive(channel, payload) -> str:
    """Store or update one order from the channel: "imported", "held", "updated" or "unchanged"."""
    try:
        parsed = parser_for(channel)(payload)
    except PayloadError as error:
        return _unreadable(channel, payload, error)
    for attempt in range(2):
        try:
            with transaction.atomic():
                return _receive(channel, parsed, payload, digest(payload))
        except IntegrityError:
            if attempt:  # the same order stored by someone else between our read and our insert
                raise
    raise AssertionError("unreachable")


def _locked(channel, external_id):
    """The imported order under its row lock, its shop order locked first (as transitions do)."""
    found = (
        ImportedOrder.objects.filter(channel=channel, external_id=external_id).only("pk", "order_id").first()
    )
    if found is None:
        return None
    if found.order_id:
        Order.objects.select_for_update().filter(pk=found.order_id).first()
    return ImportedOrder.objects.select_for_update(of=("self",)).select_related("channel").get(pk=found.pk)


def _receive(channel, parsed: ChannelOrder, payload, payload_digest) -> str:
    imported = _locked(channel, parsed.external_id)
    if imported is None:
        imported = _create(channel, parsed, payload, payload_digest)
        return "held" if imported.status == Status.HELD else "imported"
    if imported.payload_digest == payload_digest:
        return "unchanged"
    if parsed.changed_at and imported.channel_changed_at and parsed.changed_at < imported.channel_changed_at:
        imported.log(
            Event.IGNORED,
            _(
                "An older version of the order arrived after a newer one (changed "
                "%(old)s, ours %(new)s); not applied."
            )
            % {"old": parsed.changed_at, "new": imported.channel_changed_at},
            channel_status=parsed.status,
        )
        return "unchanged"
    imported.payload, imported.payload_digest = payload, payload_digest
    if parsed.changed_at:
        imported.channel_changed_at = parsed.changed_at
    if parsed.tracking_number:
        imported.tracking_number = parsed.tracking_number
    _follow_lines(imported, parsed)
    imported.save()
    if parsed.status != imported.channel_status:
        apply_channel_status(
            imported, parsed.status, parsed.status_label, tracking_number=parsed.tracking_number
        )
    return "updated"


def _create(channel, parsed, payload, payload_digest):
    imported = ImportedOrder.objects.create(
        channel=channel,
        external_id=parsed.external_id,
        status=Status.HELD,
        payload=payload,
        payload_digest=payload_digest,
        lines_digest=parsed.lines_digest(),
        channel_status=parsed.status,
        channel_status_label=parsed.status_label[:200],
        channel_changed_at=parsed.changed_at,
        tracking_number=parsed.tracking_number,
        total=parsed.total,
        duplicate_of=parsed.duplicate_of,
        **{field: getattr(parsed, field) for field in DRAFT_FIELDS},
    )
    _write_lines(imported, parsed)
    imported.log(
        Event.IMPORTED,
        _("Imported from %(channel)s, status %(code)s %(label)s.")
        % {"channel": channel, "code": parsed.status, "label": parsed.status_label},
        channel_status=parsed.status,
    )
    _link_duplicate(imported)
    mapping = mapping_for(channel, parsed.status, parsed.status_label)
    if mapping.target in (Order.State.CANCELLED, Order.State.RETURNED):
        imported.status = Status.DISMISSED
        imported.save()
        imported.log(Event.NOTE, _("Already cancelled on the channel when it arrived: not placed."))
        return imported
    if mapping.target in NOT_PLACED_AHEAD:
        imported.flag(
            "arrived_ahead",
            _(
                "It arrived already “%(label)s” on the channel: not placed "
                "automatically; place it by hand if it is ours to fulfil."
            )
            % {"label": parsed.status_label or parsed.status},
        )
        imported.save()
        imported.log(Event.HELD, imported.attention[-1]["text"])
        return imported
    place(imported)
    if imported.order_id and mapping.target and mapping.target not in ("keep", Order.State.NEW):
        apply_channel_status(
            imported, parsed.status, parsed.status_label, tracking_number=parsed.tracking_number
        )
    elif not mapping.target:
        apply_channel_status(imported, parsed.status, parsed.status_label)
    return imported


def _write_lines(imported, parsed):
    variants = match_offers(line.offer_id for line in parsed.lines)
    ImportedOrderLine.objects.bulk_create(
        [
            ImportedOrderLine(
                imported_order=imported,
                external_id=line.external_id,
                offer_id=line.offer_id,
                name=line.name,
                sku=line.sku,
                quantity=line.quantity,
                unit_price=line.unit_price,
                variant=variants.get(line.offer_id),
            )
            for line in parsed.lines
        ]
    )


def _follow_lines(imported, parsed):
    """The channel changed the order's goods: a held order nobody edited takes them as sent; else a
    manager decides (a placed order's reservation is never changed behind their back)."""
    new_digest = parsed.lines_digest()
    if new_digest == imported.lines_digest:
        return
    imported.lines_digest = new_digest
    if imported.status == Status.HELD and not imported.edited:
        imported.lines.all().delete()
        _write_lines(imported, parsed)
        imported.log(Event.NOTE, _("The channel changed the order's goods; the held order took them."))
        place(imported)
        return
    text = _(
        "The channel changed the order's goods; ours were not changed. Compare the payload with the "
        "lines and edit the order if needed."
    )
    imported.flag("channel_lines", text)
    imported.log(Event.NOTE, text)


def _link_duplicate(imported):
    if not imported.duplicate_of:
        return
    other = ImportedOrder.objects.filter(channel=imported.channel, external_id=imported.duplicate_of).first()
    if other is None:
        return
    text = _("Rozetka links orders %(a)s and %(b)s (an order recovered as a new number).") % {
        "a": imported.external_id,
        "b": other.external_id,
    }
    imported.log(Event.NOTE, text)
    other.log(Event.NOTE, text)
    if other.order_id and other.order.state not in (Order.State.CANCELLED, Order.State.RETURNED):
        imported.flag("duplicate", text + " " + _("Both hold stock until one is cancelled."))


def place(imported, *, user=None) -> bool:
    """Reserve the held order's stock as a shop order; else say why it stays held."""
    if imported.order_id or imported.status != Status.HELD:
        return bool(imported.order_id)
    lines = list(imported.lines.select_related("variant__product"))
    unmatched = [line for line in lines if line.variant_id is None]
    imported.unflag("unmatched")
    imported.unflag("stock")
    imported.unflag("no_lines")
    if not lines:
        imported.flag("no_lines", _("The order has no lines."))
    if unmatched:
        imported.flag(
            "unmatched",
            _("Not matched to our goods: %(lines)s.")
            % {
                "lines": "; ".join(
                    f"{line.name or '?'} ({line.offer_id or _('no offer id')})" for line in unmatched
                )
            },
        )
    if not lines or unmatched:
        imported.save()
        imported.log(Event.HELD, " ".join(item["text"] for item in imported.attention), user=user)
        return False
    try:
        with transaction.atomic():
            order = place_external_order(
                source=imported.channel.order_source,
                external_id=imported.external_id,
                lines=[ExternalLine(line.variant, line.quantity, line.unit_price) for line in lines],
                contact=contact_of(imported),
                delivery_name=imported.delivery_name or str(imported.channel),
                delivery_needs="branch" if imported.branch else "address",
                payment_name=imported.payment_name or str(imported.channel),
                payment_kind="cod" if imported.cash_on_delivery else "channel",
                user=user,
                note=_("From %(channel)s, order %(id)s")
                % {"channel": imported.channel, "id": imported.external_id},
            )
    except PlaceOrderError as error:
        imported.flag("stock", _("Not enough stock: %(problems)s") % {"problems": " ".join(error.problems)})
        imported.save()
        imported.log(Event.HELD, imported.attention[-1]["text"], user=user)
        return False
    imported.order, imported.status = order, Status.PLACED
    imported.save()
    imported.log(
        Event.PLACED,
        _("Placed as order %(number)s, stock reserved; awaiting approval.") % {"number": order.number},
        user=user,
    )
    return True


def contact_of(imported) -> dict:
    try:
        phone = normalize_phone(imported.phone)
    except Exception:  # noqa: BLE001  (a foreign number is kept as sent, cut to the field)
        phone = imported.phone[:13]
    return {
        "name": imported.name or _("Buyer on %(channel)s") % {"channel": imported.channel},
        "phone": phone,
        "email": imported.email if "@" in imported.email else "",
        "city": imported.city,
        "address": imported.address,
        "branch": imported.branch,
        "comment": imported.comment,
    }


def _unreadable(channel, payload, error) -> str:
    """An order we cannot read is still kept (raw, held, flagged) when it has an id; else it is the
    run's error."""
    external_id = str(_id_of(payload) or "").strip()[:64]
    if not external_id or external_id == "?":
        raise error
    with transaction.atomic():
        imported = _locked(channel, external_id)
        payload_digest = digest(payload)
        if imported is None:
            imported = ImportedOrder(channel=channel, external_id=external_id, status=Status.HELD)
        elif imported.payload_digest == payload_digest:
            return "unchanged"
        imported.payload, imported.payload_digest = payload, payload_digest
        text = _("The channel's order could not be read: %(error)s") % {"error": error}
        imported.flag("unreadable", text)
        created = imported.pk is None
        imported.save()
        imported.log(Event.HELD, text)
    return "held" if created else "updated"
