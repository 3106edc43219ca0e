"""Supplier photos -> Wagtail images: fetched once, checked, resized, WebP, deduplicated.

A photo is accepted only if Pillow decodes it as JPEG, PNG, WebP or GIF
within the byte and pixel limits; it is turned upright, fitted into
1920x1920 with LANCZOS and saved as WebP quality 85 (alpha kept). Every URL
is remembered (ImageSource), so a known URL is never downloaded again, and
identical pictures behind different URLs become one image. A photo that
cannot be had is a warning for the run, never a failure; it is tried again at
the next run and then with growing pauses (retry_at), so photos a supplier
uploads after the feed arrive the same day while a dead link is not hammered.
"""

from __future__ import annotations

import hashlib
import io
import os
import threading
import urllib.error
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import ExifTags, Image, UnidentifiedImageError
from wagtail.images import get_image_model

from suppliers.models import ImageSource, SyncRun

from . import conf, memory, safehttp
from .progress import Progress

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}


class BadImage(Exception):
    pass


@dataclass
class Converted:
    webp: bytes
    width: int
    height: int
    source_hash: str


def retry_at(failures: int, now):
    """When a URL that has failed `failures` times in a row may be tried again.

    The first failure waits for nothing but the next run; each later one waits
    SUPPLIER_IMAGE_RETRY_MINUTES, doubled per further failure, capped at
    SUPPLIER_IMAGE_RETRY_MAX_HOURS."""
    if failures <= 1:
        return now
    cap = timedelta(hours=conf.get("SUPPLIER_IMAGE_RETRY_MAX_HOURS"))
    wait = timedelta(minutes=conf.get("SUPPLIER_IMAGE_RETRY_MINUTES")) * 2 ** min(failures - 2, 20)
    return now + min(wait, cap)


def workers() -> int:
    """Photo threads: SUPPLIER_IMAGE_WORKERS, or one per CPU the process may use."""
    configured = conf.get("SUPPLIER_IMAGE_WORKERS")
    if configured:
        return configured
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, usable or 1)


def url_hash(url: str) -> str:
    return hashlib.sha256(url.encode("utf-8", "surrogatepass")).hexdigest()


class PixelBudget:
    """How many pixels this process's photo threads may hold decoded at full size at once.

    A decoded 3200x3200 picture and its resizing take ~100 MB, so the worker count alone
    would let memory grow with the cores; this caps it (SUPPLIER_IMAGE_DECODE_MEGAPIXELS).
    A picture bigger than the whole budget waits until it is decoded alone."""

    def __init__(self):
        self._free = threading.Condition()
        self.used = 0

    @contextmanager
    def hold(self, pixels: int):
        limit = int(conf.get("SUPPLIER_IMAGE_DECODE_MEGAPIXELS") * 1_000_000)
        pixels = min(pixels, limit)
        with self._free:
            self._free.wait_for(lambda: self.used == 0 or self.used + pixels <= limit)
            self.used += pixels
        try:
            yield
        finally:
            with self._free:
                self.used -= pixels
                self._free.notify_all()


DECODING = PixelBudget()

# EXIF orientation -> the transpose that turns the picture upright (what ImageOps.exif_transpose does).
UPRIGHT = {2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180,
           4: Image.Transpose.FLIP_TOP_BOTTOM, 5: Image.Transpose.TRANSPOSE,
           6: Image.Transpose.ROTATE_270, 7: Image.Transpose.TRANSVERSE, 8: Image.Transpose.ROTATE_90}
# Modes LANCZOS resizes as they are; others (palette, 16-bit, CMYK) are converted first.
RESIZABLE = {"RGB", "RGBA", "L", "LA"}


def to_webp(data: bytes) -> Converted:
    """Decode, check, orient, fit into the size limit and encode as WebP; BadImage if not a photo.

    Memory is the constraint (several photo threads, 3200x3200 PNGs): a JPEG is decoded at a
    reduced scale (draft); any other picture is shrunk right after decoding, before it is
    converted or turned upright, so no full-size copy is ever made; the fit is square, so
    turning it afterwards changes nothing."""
    max_side = conf.get("SUPPLIER_IMAGE_MAX_SIDE")
    try:
        with Image.open(io.BytesIO(data)) as opened:
            if opened.format not in ACCEPTED_FORMATS:
                raise BadImage(f"{opened.format or 'unknown'} is not an accepted image format")
            width, height = opened.size
            if width * height > conf.get("SUPPLIER_IMAGE_MAX_PIXELS"):
                raise BadImage(f"{width}x{height} is over the pixel limit")
            if opened.format == "JPEG":
                opened.draft("RGB", (max_side, max_side))  # decode big JPEGs at a reduced scale
            transparent = opened.mode in ("RGBA", "LA", "PA") or (
                opened.mode == "P" and "transparency" in opened.info)
            target = "RGBA" if transparent else "RGB"
            with DECODING.hold(opened.width * opened.height):
                # Inside the budget: a PNG's EXIF may follow its pixels, so reading it decodes.
                upright = UPRIGHT.get(opened.getexif().get(ExifTags.Base.Orientation, 1))
                image = opened
                if image.mode not in RESIZABLE:
                    image = image.convert(target)
                image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)  # no-op when small
                if image.mode != target:
                    image = image.convert(target)
            if upright is not None:
                image = image.transpose(upright)
            out = io.BytesIO()
            image.save(out, "WEBP", quality=85, method=4)
            return Converted(out.getvalue(), image.width, image.height,
                             hashlib.sha256(data).hexdigest())
    except (UnidentifiedImageError, Image.DecompressionBombError) as exc:
        raise BadImage("not a readable image") from exc
    except (OSError, ValueError, SyntaxError) as exc:  # truncated or corrupt data
        raise BadImage(f"broken image data: {exc}") from exc


class ImageStore:
    """Resolves the picture URLs of one batch of models to Wagtail image ids."""

    def __init__(self, supplier, run, local_root: Path | None = None, progress: Progress | None = None,
                 beat=None):
        self.supplier = supplier
        self.run = run
        self.progress = progress or Progress(run)
        self.beat = beat
        self.local_root = local_root.resolve() if local_root else None
        self.private_hosts = supplier.private_hosts()  # read here: workers do not touch the database
        memory.return_large_blocks()
        self.model = get_image_model()
        self.resolved: dict[str, int | None] = {}  # url -> image id, None: unavailable this run
        self.unchanged: set[str] = set()  # photos of models skipped as unchanged (all stored before)

    def keep(self, urls) -> None:
        """Photos of an unchanged model: each was stored by an earlier run, count it as reused."""
        for url in urls:
            if url not in self.unchanged and url not in self.resolved:
                self.run.images_reused += 1
            self.unchanged.add(url)

    def resolve(self, wanted: dict[str, str]) -> dict[str, int]:
        """`wanted` maps url -> the offer id that uses it (for warnings); returns url -> image id."""
        todo = [u for u in wanted if u not in self.resolved]
        if todo:
            self._lookup(todo, wanted)
        return {u: self.resolved[u] for u in wanted if self.resolved.get(u)}

    def _lookup(self, urls: list[str], offers: dict[str, str]) -> None:
        hashes = {url_hash(u): u for u in urls}
        now = timezone.now()
        fetch = []
        known = ImageSource.objects.filter(url_hash__in=hashes).values_list(
            "url_hash", "image_id", "retry_at", "failures")
        found = {h: (image_id, retry, failures) for h, image_id, retry, failures in known}
        failures: dict[str, int] = {}
        for digest, url in hashes.items():
            image_id, retry, failures[url] = found.get(digest, (None, None, 0))
            if image_id:
                self.resolved[url] = image_id
                if url not in self.unchanged:
                    self.run.images_reused += 1
            elif retry is not None and retry > now:
                # Failed again and again: waiting. Still counted as missing, so this run does
                # not let the next one skip the feed as unchanged (inputs.last_applied).
                self.resolved[url] = None
                self.run.images_failed += 1
            else:
                fetch.append(url)
        if not fetch:
            return
        with ThreadPoolExecutor(max_workers=workers()) as pool, \
                self.progress.interlude(SyncRun.Phase.PHOTOS, len(fetch)):
            # Each photo is stored (and committed) as soon as it is ready, not after the whole
            # batch: a worker killed half way loses only the photos in flight, and the next
            # run finds the others in ImageSource instead of downloading them again.
            for url, result in zip(fetch, pool.map(self._download_and_convert, fetch), strict=True):
                if isinstance(result, Converted):
                    self.resolved[url] = self._store(url, result, offers.get(url, ""))
                else:
                    self._failed(url, result, offers.get(url, ""), failures[url] + 1)
                self.progress.advance()
                if self.beat is not None:
                    self.beat()  # a batch of slow photos must not let the lock go stale

    def _failed(self, url: str, reason: str, offer_id: str, failures: int) -> None:
        self.resolved[url] = None
        self.run.images_failed += 1
        self.run.warn(offer_id, f"photo {url[:120]}: {reason}")
        now = timezone.now()
        ImageSource.objects.update_or_create(
            url_hash=url_hash(url),
            defaults={"url": url, "image": None, "error": str(reason)[:255], "fetched_at": now,
                      "failures": min(failures, 32767), "retry_at": retry_at(failures, now)})

    # --- worker threads: no database access here ---
    def _download_and_convert(self, url: str) -> Converted | str:
        try:
            return to_webp(self._download(url))
        except BadImage as exc:
            return str(exc)
        except urllib.error.HTTPError as exc:
            return f"HTTP {exc.code}"
        except urllib.error.URLError as exc:
            return f"cannot fetch: {exc.reason}"
        except (safehttp.TooLarge, safehttp.DeadlineExceeded) as exc:
            return str(exc)
        except (OSError, ValueError) as exc:
            return f"cannot fetch: {exc}"

    def _download(self, url: str) -> bytes:
        max_bytes = conf.get("SUPPLIER_IMAGE_MAX_BYTES")
        if url.lower().startswith("file://"):
            return self._local(url, max_bytes)
        out = io.BytesIO()
        timeout = conf.get("SUPPLIER_IMAGE_TIMEOUT")
        with safehttp.open_url(url, timeout=timeout, private_hosts=self.private_hosts) as response:
            kind = response.headers.get_content_type()
            if kind and not kind.startswith("image/") and kind != "application/octet-stream":
                raise BadImage(f"served as {kind}, not an image")
            safehttp.copy_limited(response, out, max_bytes=max_bytes)
        return out.getvalue()

    def _local(self, url: str, max_bytes: int) -> bytes:
        """file:// photos only beside a feed the operator gave as a local file."""
        if self.local_root is None:
            raise BadImage("file:// photos are read only for a local feed given with --source")
        path = Path(unquote(urlparse(url).path)).resolve()
        if not path.is_relative_to(self.local_root) or not path.is_file():
            raise BadImage("the file is missing or outside the feed's folder")
        if path.stat().st_size > max_bytes:
            raise safehttp.TooLarge(f"more than {max_bytes} bytes")
        return path.read_bytes()

    def _save_file(self, data: bytes, filename: str) -> str:
        """Store the WebP and return its name.

        Handing the image an already stored name keeps the size we measured:
        given unsaved content, Django's ImageField re-reads the dimensions on save
        and Wagtail decodes the whole picture to do so (~0.15 s per photo).
        """
        field = self.model._meta.get_field("file")
        return field.storage.save(field.generate_filename(self.model(), filename), ContentFile(data))

    # --- main thread ---
    def _store(self, url: str, converted: Converted, offer_id: str) -> int:
        """The image for these bytes: an existing one with the same content, or a new one."""
        same_source = ImageSource.objects.filter(
            content_hash=converted.source_hash, image__isnull=False,
        ).values_list("image_id", flat=True).first()
        file_hash = hashlib.sha1(converted.webp).hexdigest()  # what Wagtail keeps in file_hash
        image_id = same_source or self.model.objects.filter(file_hash=file_hash).values_list(
            "pk", flat=True).first()
        if image_id:
            self.run.images_reused += 1
        else:
            image = self.model(
                title=f"{self.supplier.name} {offer_id}".strip()[:255],
                file=self._save_file(converted.webp, f"{self.supplier.slug}-{file_hash[:16]}.webp"),
                width=converted.width, height=converted.height,
                file_size=len(converted.webp), file_hash=file_hash,
            )
            image.save()
            image_id = image.pk
            self.run.images_fetched += 1
        ImageSource.objects.update_or_create(
            url_hash=url_hash(url),
            defaults={"url": url, "image_id": image_id, "content_hash": converted.source_hash,
                      "error": "", "fetched_at": timezone.now(), "failures": 0, "retry_at": None})
        return image_id
