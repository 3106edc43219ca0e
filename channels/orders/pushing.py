"""Our own transitions, told to the channel the order came from, until it acknowledges them.

When a shop order from a channel moves (shop.events.order_state_changed: a manager's approval,
fulfilment's shipment, a cancellation), a ChannelPush is written in the same transaction, so it
cannot be lost; it is sent after commit and, if the channel fails, again by the schedule
"channels: order pushes" with exponential backoff (CHANNEL_PUSH_BACKOFF_SECONDS doubling, at most
CHANNEL_PUSH_MAX_DELAY_SECONDS) until it is acknowledged or CHANNEL_PUSH_MAX_ATTEMPTS is reached
(then it waits for a manager's "send again"). An order's pushes go in order: a later one waits
while an earlier one is not through. Moves the channel itself caused are not sent back to it.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from channels.models import ChannelPush, ImportedOrder, ImportedOrderEvent, StatusMapping
from shop.orders.models import Order

from . import prom, rozetka
from .api import ChannelApiError
from .context import cancel_reason, is_from_channel

logger = logging.getLogger(__name__)
State = Order.State
Push = ChannelPush
Event = ImportedOrderEvent.Kind
ACTIONS = {
    State.CONFIRMED: Push.Action.CONFIRM,
    State.SHIPPED: Push.Action.SHIP,
    State.DELIVERED: Push.Action.DELIVER,
    State.CANCELLED: Push.Action.CANCEL,
}
WAITING = (Push.State.PENDING, Push.State.NEEDS_REASON, Push.State.FAILED)


def order_moved(sender, order, from_state, to_state, user=None, note="", **kwargs):
    """shop.events.order_state_changed: note the move on the imported order, plan the push."""
    imported = ImportedOrder.objects.select_related("channel").filter(order_id=order.pk).first()
    if imported is None:
        return
    if to_state == State.CONFIRMED and imported.status == ImportedOrder.Status.PLACED:
        imported.status = ImportedOrder.Status.APPROVED
    imported.log(
        Event.STATE,
        _("Our order: “%(from)s” → “%(to)s”. %(note)s")
        % {
            "from": State(from_state).label if from_state in State.values else from_state,
            "to": State(to_state).label,
            "note": note,
        },
        user=user,
    )
    if not is_from_channel():
        push = plan(imported, order, to_state)
        if push is not None:
            push.save()
            imported.log(
                Event.PUSH,
                _("To send: %(push)s %(detail)s")
                % {"push": push.get_action_display(), "detail": describe(push)},
                user=user,
            )
            if push.state == Push.State.NEEDS_REASON:
                imported.flag(
                    "cancel_reason",
                    _("The cancellation needs a reason before the channel can be told (Channels → Pushes)."),
                )
            transaction.on_commit(lambda: enqueue_push(push.pk))
    imported.save(update_fields=["status", "attention", "updated_at"])


def plan(imported, order, to_state) -> ChannelPush | None:
    action = ACTIONS.get(to_state)
    if action is None:
        return None
    channel = imported.channel
    mapped = StatusMapping.objects.filter(channel=channel, push_for=to_state).first()
    push = Push(imported_order=imported, action=action, status_code=mapped.code if mapped else "")
    if action == Push.Action.SHIP:
        push.tracking_number = order.tracking_number
        if channel.orders_api == "prom":
            return push  # Prom has no "shipped" status: the waybill is attached to the order
    if action == Push.Action.CANCEL:
        reason, text = cancel_reason()
        push.reason, push.reason_text = reason, text[:500]
        if channel.orders_api == "rozetka" and reason:
            push.status_code = reason  # Rozetka's reasons are cancellation statuses
        if not reason:
            push.state = Push.State.NEEDS_REASON
        return push if push.status_code or push.state == Push.State.NEEDS_REASON else None
    return push if push.status_code else None


def describe(push) -> str:
    return " ".join(part for part in (push.status_code, push.tracking_number, push.reason) if part)


def cancellation_reasons(channel) -> list[tuple[str, str]]:
    if channel.orders_api == "prom":
        return list(prom.CANCELLATION_REASONS)
    return [(m.code, f"{m.code} {m.label}") for m in channel.status_mappings.filter(cancel_reason=True)]


def enqueue_push(push_id):
    from django_q.tasks import async_task

    async_task("channels.orders.tasks.send_push_task", push_id, group="channel-pushes")


def backoff(attempts: int) -> timedelta:
    seconds = settings.CHANNEL_PUSH_BACKOFF_SECONDS * (2 ** max(attempts - 1, 0))
    return timedelta(seconds=min(seconds, settings.CHANNEL_PUSH_MAX_DELAY_SECONDS))


def send_due_pushes() -> int:
    """The schedule's job: every pending push whose time has come, oldest first."""
    due = Push.objects.filter(state=Push.State.PENDING, next_attempt_at__lte=timezone.now()).order_by("pk")
    return sum(1 for push_id in list(due.values_list("pk", flat=True)[:500]) if send(push_id))


def send(push_id, *, client=None) -> bool:
    """Send one push if it is due and first in its order's line; True when acknowledged.

    The row stays locked while the channel answers, so two workers never send the same push."""
    with transaction.atomic():
        push = (
            Push.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("imported_order__channel")
            .filter(pk=push_id, state=Push.State.PENDING)
            .first()
        )
        if push is None:
            return False
        earlier = Push.objects.filter(
            imported_order_id=push.imported_order_id, pk__lt=push.pk, state__in=WAITING
        )
        if earlier.exists():
            return False
        imported = push.imported_order
        push.attempts += 1
        try:
            deliver(push, client=client)
        except (ChannelApiError, ValueError) as error:
            push.last_error = str(error)[:2000]
            if push.attempts >= settings.CHANNEL_PUSH_MAX_ATTEMPTS:
                push.state = Push.State.FAILED
                imported.flag(
                    "push_failed",
                    _("%(channel)s did not take “%(push)s”: %(error)s")
                    % {"channel": imported.channel, "push": push.get_action_display(), "error": error},
                )
                imported.save(update_fields=["attention", "updated_at"])
            else:
                push.next_attempt_at = timezone.now() + backoff(push.attempts)
            push.save()
            imported.log(
                Event.PUSH,
                _("%(push)s not taken (attempt %(n)s): %(error)s")
                % {"push": push.get_action_display(), "n": push.attempts, "error": error},
            )
            return False
        push.state, push.acknowledged_at, push.last_error = Push.State.ACKNOWLEDGED, timezone.now(), ""
        push.save()
        imported.unflag("push_failed")
        imported.save(update_fields=["attention", "updated_at"])
        imported.log(
            Event.PUSH,
            _("%(channel)s acknowledged: %(push)s %(detail)s")
            % {"channel": imported.channel, "push": push.get_action_display(), "detail": describe(push)},
        )
    later = (
        Push.objects.filter(
            imported_order_id=push.imported_order_id, pk__gt=push.pk, state=Push.State.PENDING
        )
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )
    if later:
        transaction.on_commit(lambda: enqueue_push(later))
    return True


def numbers(tracking: str) -> list[str]:
    return [number.strip() for number in (tracking or "").split(",") if number.strip()]


def deliver(push, *, client=None):
    """Say it to the channel; raises ChannelApiError (or ValueError for what cannot be sent)."""
    imported = push.imported_order
    channel = imported.channel
    external_id = imported.external_id
    if channel.orders_api == "prom":
        client = client or prom.PromOrdersClient(channel.prom_api_token, retries=0)
        if push.action == Push.Action.SHIP:
            carrier = prom.delivery_type(imported.payload)
            if not carrier:
                raise ValueError(_("Prom needs the carrier of the waybill and the order does not name one."))
            for number in numbers(push.tracking_number) or [""]:
                if not number:
                    raise ValueError(_("No tracking number to send."))
                client.save_declaration(external_id, number, carrier)
            return
        client.set_status(external_id, push.status_code, reason=push.reason, reason_text=push.reason_text)
        return
    if channel.orders_api == "rozetka":
        client = client or rozetka.RozetkaOrdersClient(
            token=channel.rozetka_api_token,
            username=channel.rozetka_username,
            password=channel.rozetka_password,
            retries=0,
        )
        waybills = numbers(push.tracking_number)
        comment = push.reason_text or (", ".join(waybills) if len(waybills) > 1 else "")
        client.set_status(external_id, push.status_code, ttn=waybills[0] if waybills else "", comment=comment)
        return
    raise ValueError(f"{channel} has no orders API")
