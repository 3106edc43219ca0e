"""A connector inside a sync run: which kind of run, reading the store, and remembering where
it got to once the run is done.

- A full run reads every product. It is the only kind that may unpublish what vanished
  from the store (through the pipeline's safety share), and it comes when nothing was read
  yet, when the last full one is older than the supplier's `full_sync_hours`, when a
  webhook reported a deletion, or when the operator forces it.
- An incremental run reads what changed since the watermark less the overlap window
  (SUPPLIER_CONNECTOR_OVERLAP_MINUTES) and never unpublishes.
The watermark (the newest modification date read) moves only when a run is done; a failed
or rejected run leaves it, so the next run asks again from the same moment.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from suppliers.feeds import FeedError
from suppliers.models import ConnectorState
from suppliers.sync import conf

from . import FULL, INCREMENTAL, credentials
from .base import CONNECTORS
from .http import Clock
from .snapshot import Snapshot


@dataclass
class StoreRead:
    """What a connector run read, for the pipeline and for ConnectorState once the run is done."""

    mode: str
    newest: datetime | None
    memory: dict = field(default_factory=dict)
    requests: int = 0
    retries: int = 0
    duplicates: int = 0


def state_of(supplier) -> ConnectorState | None:
    return ConnectorState.objects.filter(supplier=supplier).first()


def choose_mode(supplier, requested: str | None = None, *, force: bool = False) -> str:
    state = state_of(supplier)
    if state is None or state.watermark is None:
        return FULL  # nothing read yet: there is no "since"
    if requested in (FULL, INCREMENTAL):
        return requested
    if force or state.full_requested_at or state.last_full_at is None:
        return FULL
    if timezone.now() - state.last_full_at >= timedelta(hours=supplier.full_sync_hours):
        return FULL
    return INCREMENTAL


# Tests hand in a clock that does not sleep; runs use the real one.
clock_factory = Clock


def read_store(supplier, mode: str, *, beat=None) -> tuple[Snapshot, StoreRead]:
    """Read the store into a snapshot; raises FeedError (ConnectorError) and keeps nothing then."""
    state = state_of(supplier)
    since = None
    if mode == INCREMENTAL:
        since = state.watermark - timedelta(minutes=conf.get("SUPPLIER_CONNECTOR_OVERLAP_MINUTES"))
    try:
        secrets = credentials.resolve(supplier)
        options = supplier.get_adapter().options
    except credentials.CredentialsError as exc:
        raise FeedError(str(exc)) from exc
    except (ValueError, TypeError) as exc:
        raise FeedError(f"the supplier's feed settings are invalid: {exc}") from exc
    connector = CONNECTORS[supplier.dialect](supplier.feed_url, options, secrets, clock=clock_factory(),
                                             beat=beat, memory=state.data if state else {},
                                             private_hosts=supplier.private_hosts())
    snapshot = Snapshot()
    try:
        connector.read(snapshot, since)
    except BaseException:
        snapshot.close()
        raise
    finally:
        requests, retries = connector.client.requests, connector.client.retried
    return snapshot, StoreRead(mode=mode, newest=snapshot.newest, memory=connector.memory,
                               requests=requests, retries=retries, duplicates=snapshot.duplicates)


def remember(supplier, read: StoreRead, started_at) -> None:
    """The run is done: move the watermark forward (never back) and note a full run."""
    with transaction.atomic():
        state, _created = ConnectorState.objects.select_for_update().get_or_create(supplier=supplier)
        if read.newest is not None and (state.watermark is None or read.newest > state.watermark):
            state.watermark = read.newest
        if read.mode == FULL:
            state.last_full_at = started_at
            if state.full_requested_at and state.full_requested_at <= started_at:
                state.full_requested_at = None  # a deletion reported during the run needs another
            if state.watermark is None:  # an empty store: the next run asks from now on
                state.watermark = started_at
        state.data = read.memory
        state.save()
