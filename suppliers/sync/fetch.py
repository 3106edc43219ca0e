"""Getting a supplier's feed onto local disk, or refusing to.

Sources, in order: the operator's --source (a URL, a file:// URL or a local
path), the supplier's feed URL (http/https only: a URL stored in the database
must never read the server's own files), the uploaded feed file. Downloads go
to a temporary file with a size cap and a deadline; a conditional GET turns an
unchanged feed at the configured URL into "not modified" without downloading it.
"""

from __future__ import annotations

import hashlib
import http.client
import os
import shutil
import tempfile
import time
import urllib.error
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse

from suppliers.feeds import FeedError

from . import conf, safehttp


@dataclass
class FeedFile:
    path: Path | None
    source: str
    etag: str = ""
    last_modified: str = ""
    not_modified: bool = False
    temporary: bool = False
    local_root: Path | None = None  # an operator's local feed: photos may be read beside it
    # False for a store connector's incremental run: it holds only what changed, so what it
    # lacks has not left the store and must not be unpublished.
    complete: bool = True
    store: object | None = None  # a connector's StoreRead (suppliers/connectors/run.py)
    _sha256: str | None = field(default=None, init=False, repr=False)

    def sha256(self) -> str:
        """The file's digest, read once: an identical feed lets a run finish at once (inputs.py)."""
        if self._sha256 is None:
            with open(self.path, "rb") as stream:
                self._sha256 = hashlib.file_digest(stream, "sha256").hexdigest()
        return self._sha256

    def cleanup(self) -> None:
        if self.temporary and self.path is not None:
            self.path.unlink(missing_ok=True)


def is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def fetch_feed(supplier, source: str | None = None, *, conditional: bool = True, beat=None,
               mode: str = "") -> FeedFile:
    """The feed as a local file; raises FeedError with a message for the run log.

    `mode` is set for a store connector (full or incremental): the store is read through its
    API into a snapshot file instead of downloading a feed."""
    max_bytes = conf.get("SUPPLIER_FEED_MAX_BYTES")
    if source:
        if is_url(source):  # the stored ETag belongs to the configured URL, not to this one
            return download(source, None, max_bytes, beat, private_hosts=supplier.private_hosts())
        return local_file(source, max_bytes)
    if mode:
        return store_snapshot(supplier, mode, beat)
    if supplier.feed_url:
        if not is_url(supplier.feed_url):
            raise FeedError(f"the feed URL must be http or https: {supplier.feed_url[:80]!r}")
        return download(supplier.feed_url, supplier if conditional else None, max_bytes, beat,
                        private_hosts=supplier.private_hosts())
    if supplier.feed_file:
        return uploaded_file(supplier.feed_file, max_bytes)
    raise FeedError("the supplier has no feed URL or uploaded feed file")


def local_file(source: str, max_bytes: int) -> FeedFile:
    """An operator-given path or file:// URL (never one stored on the supplier)."""
    path = Path(unquote(urlparse(source).path)) if source.lower().startswith("file://") else Path(source)
    path = path.expanduser().resolve()
    if not path.is_file():
        raise FeedError(f"no feed file at {path}")
    size = path.stat().st_size
    if size > max_bytes:
        raise FeedError(f"the feed is over the size cap ({size} > {max_bytes} bytes)")
    return FeedFile(path=path, source=str(path), local_root=path.parent)


def uploaded_file(field_file, max_bytes: int) -> FeedFile:
    if field_file.size > max_bytes:
        raise FeedError(f"the uploaded feed is over the size cap ({field_file.size} > {max_bytes} bytes)")
    handle, name = tempfile.mkstemp(prefix="feed-", suffix=".upload")
    with os.fdopen(handle, "wb") as out, field_file.open("rb") as src:
        shutil.copyfileobj(src, out)
    return FeedFile(path=Path(name), source=f"upload:{field_file.name}", temporary=True)


def download(url: str, supplier, max_bytes: int, beat=None, *, private_hosts=()) -> FeedFile:
    """GET the feed into a temporary file. `supplier` given: send its ETag/Last-Modified.
    `private_hosts`: the supplier's hosts allowed on private addresses (safehttp)."""
    headers = {}
    if supplier is not None:
        if supplier.feed_etag:
            headers["If-None-Match"] = supplier.feed_etag
        if supplier.feed_last_modified:
            headers["If-Modified-Since"] = supplier.feed_last_modified
    timeout = conf.get("SUPPLIER_FEED_TIMEOUT")
    deadline = time.monotonic() + conf.get("SUPPLIER_FEED_DEADLINE")
    handle, name = tempfile.mkstemp(prefix="feed-", suffix=".download")
    path = Path(name)
    try:
        with os.fdopen(handle, "wb") as out, safehttp.open_url(
                url, timeout=timeout, headers=headers, private_hosts=private_hosts) as response:
            safehttp.copy_limited(response, out, max_bytes=max_bytes, deadline=deadline, beat=beat)
            etag = response.headers.get("ETag", "")[:255]
            modified = response.headers.get("Last-Modified", "")[:64]
    except urllib.error.HTTPError as exc:
        path.unlink(missing_ok=True)
        if exc.code == 304:
            return FeedFile(path=None, source=url, not_modified=True,
                            etag=supplier.feed_etag, last_modified=supplier.feed_last_modified)
        raise FeedError(f"the feed server answered HTTP {exc.code} for {url}") from exc
    except urllib.error.URLError as exc:
        path.unlink(missing_ok=True)
        reason = exc.reason
        if isinstance(reason, TimeoutError):
            raise FeedError(f"the feed download timed out ({url})") from exc
        raise FeedError(f"cannot fetch the feed {url}: {reason}") from exc
    except TimeoutError as exc:
        path.unlink(missing_ok=True)
        raise FeedError(f"the feed download timed out ({url})") from exc
    except safehttp.TooLarge as exc:
        path.unlink(missing_ok=True)
        raise FeedError(f"the feed is over the size cap: {exc}") from exc
    except safehttp.DeadlineExceeded as exc:
        path.unlink(missing_ok=True)
        raise FeedError(f"the feed download timed out: {exc}") from exc
    except (OSError, ValueError, http.client.HTTPException) as exc:
        path.unlink(missing_ok=True)
        raise FeedError(f"cannot fetch the feed {url}: {exc}") from exc
    return FeedFile(path=path, source=url, etag=etag, last_modified=modified, temporary=True)


def store_snapshot(supplier, mode: str, beat=None) -> FeedFile:
    """A store connector's read of the store (suppliers/connectors/run.py) as a feed file."""
    from suppliers.connectors import FULL
    from suppliers.connectors.run import read_store

    snapshot, read = read_store(supplier, mode, beat=beat)
    path = snapshot.finish()
    return FeedFile(path=path, source=supplier.feed_url, temporary=True, complete=mode == FULL, store=read)
