"""A channel's status for an order -> what happens to ours, through the channel's mapping table.

Rules (each also written into the imported order's log and, once placed, the shop order's):
- the same state, or a status mapped to "record only": nothing moves;
- a status behind ours (late, or out of order): recorded, ours never moves back;
- one step forward that our state machine allows: taken (a "shipped" needs the waybill number
  the channel sent); a jump further ahead is flagged for a manager, not improvised;
- cancelled before shipment: our order is cancelled and its stock goes back;
- cancelled or returned after shipment: a return is expected, flagged for a manager; stock comes
  back when the goods do (the fulfilment return flow or the order's "Returned"), not before;
- a status not mapped yet: added to the table unmapped and the order is flagged.
The caller holds the shop order's and the imported order's row locks (in that order).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from channels.models import ImportedOrder, ImportedOrderEvent, StatusMapping
from channels.models.orders import KEEP
from shop.orders.models import Order, OrderTransition
from shop.orders.services.states import TransitionError, allowed_transitions, transition

from .context import from_channel

State = Order.State
Event = ImportedOrderEvent.Kind
FORWARD = [State.NEW, State.CONFIRMED, State.SENT_TO_SUPPLIER, State.SHIPPED, State.DELIVERED]
SHIPPED_OR_LATER = (State.SHIPPED, State.DELIVERED)
ENDED = (State.CANCELLED, State.RETURNED)


def mapping_for(channel, code: str, label: str = "") -> StatusMapping:
    """The channel's row for this status; a status never seen before is added, not mapped."""
    mapping, _created = StatusMapping.objects.get_or_create(
        channel=channel, code=code, defaults={"label": label[:200], "target": ""}
    )
    return mapping


def decide(current: str, target: str) -> str:
    """What a channel status mapped to `target` does to an order in `current`:
    "same", "back", "move", "cancel", "return", "ahead" or "ended"."""
    if target == current:
        return "same"
    if current in ENDED:
        return "ended"
    if target == State.CANCELLED:
        return "return" if current in SHIPPED_OR_LATER else "cancel"
    if target == State.RETURNED:
        return "return" if current in SHIPPED_OR_LATER else "ahead"
    if FORWARD.index(target) < FORWARD.index(current):
        return "back"
    return "move" if target in allowed_transitions_for(current) else "ahead"


def allowed_transitions_for(state: str):
    return allowed_transitions(Order(state=state))


def apply_channel_status(imported: ImportedOrder, code: str, label: str = "", *, tracking_number: str = ""):
    """Record the channel's new status for the order and act on it (see the module's rules)."""
    channel = imported.channel
    mapping = mapping_for(channel, code, label)
    imported.channel_status, imported.channel_status_label = code, (label or mapping.label)[:200]
    said = _("%(channel)s says: %(code)s %(label)s") % {
        "channel": channel,
        "code": code,
        "label": imported.channel_status_label,
    }
    imported.unflag("unknown_status")
    if not mapping.target:
        imported.flag(
            "unknown_status",
            _("The channel's status “%(code)s” is not mapped to ours yet (Channels → Order statuses).")
            % {"code": code},
        )
        return _record(imported, Event.CHANNEL_STATUS, said + " — " + _("not mapped yet"), code)
    if mapping.target == KEEP:
        return _record(imported, Event.CHANNEL_STATUS, said, code)
    if imported.order_id is None:
        if mapping.target in ENDED and imported.status == ImportedOrder.Status.HELD:
            imported.status = ImportedOrder.Status.DISMISSED
            imported.attention = []
            return _record(
                imported,
                Event.CHANNEL_STATUS,
                said + " — " + _("cancelled before it was placed; nothing was reserved"),
                code,
            )
        return _record(
            imported, Event.CHANNEL_STATUS, said + " — " + _("not placed yet, nothing to move"), code
        )

    order = Order.objects.get(pk=imported.order_id)
    verdict = decide(order.state, mapping.target)
    target_label = State(mapping.target).label
    if verdict == "same":
        return _record(imported, Event.CHANNEL_STATUS, said, code)
    if verdict in ("back", "ended"):
        text = _(
            "%(said)s — late or out of order: ours is already “%(ours)s”, it does not go back to "
            "“%(theirs)s”."
        ) % {"said": said, "ours": order.get_state_display(), "theirs": target_label}
        _note_on_order(order, text)
        return _record(imported, Event.IGNORED, text, code)
    if verdict == "return":
        imported.return_requested = True
        text = _(
            "%(said)s — after shipment this is a return, not a cancellation: receive the goods back "
            "to restock them."
        ) % {"said": said}
        imported.flag("return", text)
        _note_on_order(order, text)
        return _record(imported, Event.CHANNEL_STATUS, text, code)
    if verdict == "ahead":
        text = _(
            "%(said)s — ours is “%(ours)s” and cannot follow to “%(theirs)s” in one step; a manager "
            "should look."
        ) % {"said": said, "ours": order.get_state_display(), "theirs": target_label}
        imported.flag("channel_ahead", text)
        _note_on_order(order, text)
        return _record(imported, Event.CHANNEL_STATUS, text, code)
    to_state = State.CANCELLED if verdict == "cancel" else mapping.target
    imported.save()  # the transition's receivers read and write it too (approval, log)
    try:
        with from_channel():
            transition(
                order, to_state, note=said, tracking_number=tracking_number or imported.tracking_number
            )
    except TransitionError as error:
        text = f"{said} — {error}"
        imported.flag("channel_ahead", text)
        _note_on_order(order, text)
        return _record(imported, Event.CHANNEL_STATUS, text, code)
    imported.refresh_from_db()
    imported.unflag("channel_ahead")
    return _record(
        imported,
        Event.STATE,
        said + " — " + _("ours is now “%(state)s”.") % {"state": State(to_state).label},
        code,
    )


def _record(imported, kind, message, code):
    imported.save()
    imported.log(kind, message, channel_status=code)


def _note_on_order(order, text):
    """The shop order's own history shows what the channel said even when nothing moved."""
    OrderTransition.objects.create(
        order=order, from_state=order.state, to_state=order.state, note=text[:2000]
    )
