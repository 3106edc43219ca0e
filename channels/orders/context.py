"""Who is moving an order right now: the channel itself (then nothing is pushed back to it), or a
manager cancelling with a reason (which the cancellation push carries)."""

from contextlib import contextmanager
from contextvars import ContextVar

_from_channel: ContextVar[bool] = ContextVar("channel_orders_from_channel", default=False)
_cancel_reason: ContextVar[tuple[str, str]] = ContextVar("channel_orders_cancel_reason", default=("", ""))


@contextmanager
def from_channel():
    token = _from_channel.set(True)
    try:
        yield
    finally:
        _from_channel.reset(token)


def is_from_channel() -> bool:
    return _from_channel.get()


@contextmanager
def cancelling_with(reason: str, text: str = ""):
    token = _cancel_reason.set((reason, text))
    try:
        yield
    finally:
        _cancel_reason.reset(token)


def cancel_reason() -> tuple[str, str]:
    return _cancel_reason.get()
