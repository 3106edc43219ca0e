"""What one connector run read from a store, as a JSON-lines file the dialect's adapter parses.

Paging a live store meets the same product more than once: the overlap window asks again
for rows the last run saw, and a product edited while we page moves to the end of the
modified-date order and comes round again. Rows are keyed by (id, modified): a version we
already have is dropped at once, a newer one replaces it, so the file ends with exactly one
line per product: its latest version.

Versions are appended to a scratch file as they arrive (a 50,000-product store does not sit
in memory); finish() copies the latest version of each product into the snapshot.
"""

from __future__ import annotations

import json
import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path


def utc_text(value: datetime) -> str:
    """An aware datetime as a sortable UTC string ('2026-01-05T06:00:00Z')."""
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class Snapshot:
    def __init__(self):
        self._scratch = tempfile.TemporaryFile(prefix="connector-versions-")
        self.latest: dict[str, str] = {}  # id -> modified (UTC text) of the newest version
        self.newest: datetime | None = None  # the largest modified date seen: the next watermark
        self.duplicates = 0

    def knows(self, key: str, modified: datetime) -> bool:
        """Whether this version (or a newer one) of the product is already in."""
        have = self.latest.get(key)
        return have is not None and have >= utc_text(modified)

    def add(self, key: str, modified: datetime, row: dict) -> bool:
        """Keep `row` as the product's latest version; False when it is a version we have."""
        if self.knows(key, modified):
            self.duplicates += 1
            return False
        stamp = utc_text(modified)
        self.latest[key] = stamp
        if self.newest is None or modified > self.newest:
            self.newest = modified
        line = json.dumps({"k": key, "m": stamp, "row": row}, ensure_ascii=False, separators=(",", ":"))
        self._scratch.write(line.encode("utf-8") + b"\n")
        return True

    def __len__(self) -> int:
        return len(self.latest)

    def finish(self) -> Path:
        """The snapshot file: one line per product, its latest version. The caller deletes it."""
        handle, name = tempfile.mkstemp(prefix="connector-", suffix=".jsonl")
        written: set[str] = set()
        self._scratch.flush()
        self._scratch.seek(0)
        with os.fdopen(handle, "wb") as out:
            for raw in self._scratch:
                entry = json.loads(raw)
                key = entry["k"]
                if key in written or self.latest.get(key) != entry["m"]:
                    continue
                written.add(key)
                out.write(json.dumps(entry["row"], ensure_ascii=False, sort_keys=True,
                                     separators=(",", ":")).encode("utf-8") + b"\n")
        self._scratch.close()
        return Path(name)

    def close(self) -> None:
        self._scratch.close()
