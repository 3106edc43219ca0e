"""Feed models parked on disk between reading the feed and writing the catalog.

The whole feed is read and checked before anything is written (a feed that
turns out truncated at its last byte must change nothing), yet 50,000 models
must not sit in memory: they are pickled one after another into a temporary
file and read back in batches.
"""

from __future__ import annotations

import pickle
import tempfile
from collections.abc import Iterator


class Spool:
    def __init__(self):
        self._file = tempfile.TemporaryFile(prefix="sync-spool-")
        self.count = 0

    def add(self, item) -> None:
        pickle.dump(item, self._file, protocol=pickle.HIGHEST_PROTOCOL)
        self.count += 1

    def batches(self, size: int) -> Iterator[list]:
        self._file.flush()
        self._file.seek(0)
        batch = []
        for _ in range(self.count):
            batch.append(pickle.load(self._file))  # our own file, written above: trusted
            if len(batch) >= size:
                yield batch
                batch = []
        if batch:
            yield batch

    def close(self) -> None:
        self._file.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False
