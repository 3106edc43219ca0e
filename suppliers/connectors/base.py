"""What every store connector is: given the store, its options and secrets, read the products
changed since a moment (or all of them) into a Snapshot.

A connector only reads. Turning the rows into FeedRecords is the matching feed adapter's
job (suppliers/feeds/adapters/<dialect>.py), so a snapshot file can also be replayed with
`sync_supplier SLUG --source snapshot.jsonl`.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import ClassVar

from .http import ApiClient, Clock, ConnectorError
from .snapshot import Snapshot

CONNECTORS: dict[str, type[Connector]] = {}

ONE_SECOND = timedelta(seconds=1)


def register(cls: type[Connector]) -> type[Connector]:
    CONNECTORS[cls.dialect] = cls
    return cls


def parse_time(value, *, assume_utc: bool = True) -> datetime | None:
    """A store's timestamp ('2026-01-05T06:00:00', '...Z', '+02:00', '2026-01-05 06:00:00')."""
    if not value or not isinstance(value, str):
        return None
    text = value.strip().replace(" ", "T", 1)
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None:
        if not assume_utc:
            return None
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


class Connector:
    dialect: ClassVar[str] = ""
    secret_names: ClassVar[tuple[str, ...]] = ()

    def __init__(self, store_url: str, options: dict, secrets: dict[str, str], *,
                 clock: Clock | None = None, beat=None, memory: dict | None = None,
                 private_hosts: frozenset[str] = frozenset()):
        if not store_url:
            raise ConnectorError("the supplier has no store address (set it in the feed URL field)")
        self.store_url = store_url.rstrip("/")
        self.options = options
        self.secrets = secrets
        self.clock = clock or Clock()
        self.beat = beat
        self.memory = dict(memory or {})  # what the connector keeps between runs (ConnectorState.data)
        self.client = ApiClient(self.api_base(), headers=self.auth_headers(), secrets=self.secret_values(),
                                clock=self.clock, beat=beat, private_hosts=frozenset(private_hosts))

    def api_base(self) -> str:
        return self.store_url

    def auth_headers(self) -> dict[str, str]:
        return {}

    def secret_values(self) -> tuple[str, ...]:
        """Everything that must never reach a message: the secrets and what is built from them."""
        built = self.auth_headers().get("Authorization", "")
        return tuple(v for v in self.secrets.values() if v) + ((built.split(" ", 1)[-1],) if built else ())

    def require(self, *names: str) -> None:
        missing = [name for name in names if not self.secrets.get(name)]
        if missing:
            raise ConnectorError(f"{self.dialect}: credentials missing: {', '.join(missing)}")

    def read(self, snapshot: Snapshot, since: datetime | None) -> None:
        """Add every product changed after `since` (all of them when None) to the snapshot."""
        raise NotImplementedError
