"""What a manager does with an imported order (seed 002's editing flow): edit its lines and where
it goes, place a held one, approve (our confirmation: what fulfilment then dispatches is the
approved version), dismiss a held one, cancel with the channel's reason, and handle pushes.

Every action is written into the imported order's log with who did it; an edit also into the
shop order's history. Locks: the shop order first, then the imported order (as the import does).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from channels.models import ChannelPush, ImportedOrder, ImportedOrderEvent, ImportedOrderLine
from shop.orders.models import Order
from shop.orders.services.external import ExternalLine, replace_order_lines
from shop.orders.services.placement import PlaceOrderError
from shop.orders.services.states import TransitionError, transition

from . import importing
from .context import cancelling_with
from .pushing import cancellation_reasons

Status = ImportedOrder.Status
Event = ImportedOrderEvent.Kind
CONTACT = ("name", "phone", "email", "city", "address", "branch", "comment")
BLOCKS_APPROVAL = ("channel_lines", "duplicate")


class ActionError(Exception):
    """The action does not fit the order now; the message says why."""


@dataclass
class DraftLine:
    variant: object  # shop.Variant, or None for a line still unmatched
    quantity: int
    unit_price: Decimal
    name: str = ""
    offer_id: str = ""
    source: ImportedOrderLine | None = None


def _lock(imported) -> ImportedOrder:
    if imported.order_id:
        Order.objects.select_for_update().filter(pk=imported.order_id).first()
    return (
        ImportedOrder.objects.select_for_update(of=("self",))
        .select_related("channel", "order")
        .get(pk=imported.pk)
    )


def edit(imported, *, lines: list[DraftLine], contact: dict, user) -> ImportedOrder:
    """Change the lines and the delivery details of an order not approved yet.

    A placed order's reservation is redone under the stock locks: if the new lines cannot be
    reserved, ActionError says why and nothing changes. A held order keeps the edit and is placed
    as soon as every line is matched and in stock."""
    if not lines:
        raise ActionError(_("An order needs at least one line."))
    with transaction.atomic():
        imported = _lock(imported)
        if imported.status not in (Status.HELD, Status.PLACED):
            raise ActionError(_("Only an order not approved yet can be edited."))
        before = summary(imported)
        after = _draft_summary(
            lines, {field: contact.get(field, getattr(imported, field)) for field in CONTACT}
        )
        if imported.order_id:
            if any(line.variant is None for line in lines):
                raise ActionError(_("Every line of a placed order must be one of our goods."))
            try:
                replace_order_lines(
                    imported.order,
                    [ExternalLine(line.variant, line.quantity, line.unit_price) for line in lines],
                    contact=importing.contact_of(_with_contact(imported, contact)),
                    user=user,
                    note=_("Edited before approval. Before: %(before)s. After: %(after)s")
                    % {"before": before, "after": after},
                )
            except PlaceOrderError as error:
                raise ActionError(" ".join(str(p) for p in error.problems)) from error
        for field in CONTACT:
            if field in contact:
                setattr(imported, field, (contact[field] or "").strip())
        imported.lines.all().delete()
        ImportedOrderLine.objects.bulk_create(
            [
                ImportedOrderLine(
                    imported_order=imported,
                    offer_id=line.offer_id or (line.source.offer_id if line.source else ""),
                    external_id=line.source.external_id if line.source else "",
                    name=line.name or (str(line.variant.product.name) if line.variant else ""),
                    sku=line.variant.sku if line.variant else "",
                    quantity=line.quantity,
                    unit_price=line.unit_price,
                    variant=line.variant,
                )
                for line in lines
            ]
        )
        imported.edited = True
        imported.unflag("channel_lines")
        imported.save()
        imported.log(
            Event.EDITED,
            _("Before: %(before)s\nAfter: %(after)s") % {"before": before, "after": after},
            user=user,
        )
        if not imported.order_id:
            importing.place(imported, user=user)
    return imported


def _with_contact(imported, contact):
    copy = ImportedOrder(
        **{field: contact.get(field, getattr(imported, field)) for field in CONTACT}, channel=imported.channel
    )
    return copy


def summary(imported) -> str:
    lines = [
        DraftLine(line.variant, line.quantity, line.unit_price, line.name, line.offer_id)
        for line in imported.lines.select_related("variant")
    ]
    return _draft_summary(lines, {field: getattr(imported, field) for field in CONTACT})


def _draft_summary(lines, contact) -> str:
    goods = "; ".join(
        f"{line.name or line.offer_id or (line.variant.sku if line.variant else '?')} "
        f"({line.variant.sku if line.variant else _('unmatched')}) × {line.quantity} @ {line.unit_price}"
        for line in lines
    )
    where = ", ".join(
        str(contact.get(field) or "").strip()
        for field in ("name", "phone", "city", "branch", "address")
        if str(contact.get(field) or "").strip()
    )
    return f"{goods} | {where}"


def place(imported, *, user) -> bool:
    with transaction.atomic():
        imported = _lock(imported)
        if imported.status != Status.HELD:
            raise ActionError(_("Only a held order can be placed."))
        imported.unflag("arrived_ahead")
        return importing.place(imported, user=user)


def approve(imported, *, user, note: str = "") -> Order:
    """Our confirmation: the shop order becomes "confirmed" (fulfilment takes it from there) and the
    channel is told."""
    with transaction.atomic():
        imported = _lock(imported)
        if imported.status != Status.PLACED or imported.order.state != Order.State.NEW:
            raise ActionError(_("Only a placed order awaiting approval can be approved."))
        # The channel changed the goods after we placed it: compare (and edit) before approving.
        blocking = [item for item in imported.attention if item.get("code") in BLOCKS_APPROVAL]
        if blocking:
            raise ActionError(
                _("Resolve what needs attention first: %(items)s")
                % {"items": " ".join(item["text"] for item in blocking)}
            )
        order = transition(
            imported.order,
            Order.State.CONFIRMED,
            user=user,
            note=note or _("Approved after review of the imported order."),
        )
    return order


def dismiss(imported, *, user, note: str) -> ImportedOrder:
    with transaction.atomic():
        imported = _lock(imported)
        if imported.status != Status.HELD:
            raise ActionError(_("Only a held order can be dismissed; cancel a placed one."))
        if not note.strip():
            raise ActionError(_("Say why the order is dismissed."))
        imported.status, imported.attention = Status.DISMISSED, []
        imported.save()
        imported.log(Event.NOTE, _("Dismissed: %(note)s") % {"note": note.strip()}, user=user)
    return imported


def cancel(imported, *, user, reason: str, text: str = "") -> Order:
    """Cancel the shop order (its stock goes back) and tell the channel, with the channel's reason."""
    valid = dict(cancellation_reasons(imported.channel))
    if reason not in valid:
        raise ActionError(
            _("Choose one of %(channel)s's cancellation reasons.") % {"channel": imported.channel}
        )
    if reason == "another" and not text.strip():
        raise ActionError(_("Describe the reason."))
    with transaction.atomic():
        imported = _lock(imported)
        if not imported.order_id:
            raise ActionError(_("The order is not placed; dismiss it instead."))
        try:
            with cancelling_with(reason, text.strip()):
                return transition(
                    imported.order,
                    Order.State.CANCELLED,
                    user=user,
                    note=_("Cancelled: %(reason)s %(text)s") % {"reason": valid[reason], "text": text},
                )
        except TransitionError as error:
            raise ActionError(str(error)) from error


def give_reason(push, *, user, reason: str, text: str = "") -> ChannelPush:
    """A cancellation made elsewhere (the orders admin) gets its reason; then it is sent."""
    imported = push.imported_order
    valid = dict(cancellation_reasons(imported.channel))
    if reason not in valid:
        raise ActionError(
            _("Choose one of %(channel)s's cancellation reasons.") % {"channel": imported.channel}
        )
    with transaction.atomic():
        push = ChannelPush.objects.select_for_update().get(pk=push.pk)
        if push.state != ChannelPush.State.NEEDS_REASON:
            raise ActionError(_("This push does not wait for a reason."))
        push.reason, push.reason_text = reason, text.strip()[:500]
        if imported.channel.orders_api == "rozetka":
            push.status_code = reason
        push.state, push.next_attempt_at = ChannelPush.State.PENDING, timezone.now()
        push.save()
        imported = ImportedOrder.objects.select_for_update().get(pk=imported.pk)
        imported.unflag("cancel_reason")
        imported.save(update_fields=["attention", "updated_at"])
        imported.log(
            Event.PUSH, _("Cancellation reason given: %(reason)s") % {"reason": valid[reason]}, user=user
        )
    return push


def send_again(push, *, user) -> ChannelPush:
    with transaction.atomic():
        push = ChannelPush.objects.select_for_update().get(pk=push.pk)
        if push.state not in (ChannelPush.State.FAILED, ChannelPush.State.PENDING):
            raise ActionError(_("Only a failed or pending push can be sent again."))
        if push.state == ChannelPush.State.FAILED:
            push.attempts = 0  # a fresh round of retries with backoff
        push.state, push.next_attempt_at = ChannelPush.State.PENDING, timezone.now()
        push.save()
        push.imported_order.log(
            Event.PUSH, _("Sent again by hand: %(push)s") % {"push": push.get_action_display()}, user=user
        )
    return push
