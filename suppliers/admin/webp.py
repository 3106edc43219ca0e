"""Convert every Wagtail image that is not WebP yet: the "Convert all images to WebP" action.

A django-q task walks the images by primary key in batches (only a batch of ids and one
picture are in memory at a time), re-reads each row under a row lock (so two runs never
convert the same picture twice), fits it into 1920x1920 with LANCZOS, saves WebP quality 85
with its transparency, updates the record and drops its renditions, which Wagtail
regenerates from the new file on demand. The old file is deleted once the row is committed.
"""

from __future__ import annotations

import hashlib
import io
import logging
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from PIL import Image, ImageOps, UnidentifiedImageError
from wagtail.images import get_image_model

logger = logging.getLogger(__name__)

MAX_SIDE = 1920
QUALITY = 85
BATCH = 50
ORIENTATION = 0x0112  # the EXIF tag
TASK = "suppliers.admin.webp.convert_images_to_webp"


def pending_images():
    """Images whose file is not WebP yet (SVGs are vectors and stay as they are)."""
    return get_image_model().objects.exclude(
        Q(file__iendswith=".webp") | Q(file__iendswith=".svg"))


def remaining_count() -> int:
    return pending_images().count()


class Skip(Exception):
    """This picture is left as it is (animated, unreadable, over Pillow's pixel limit)."""


@dataclass
class Encoded:
    data: bytes
    width: int
    height: int
    reoriented: bool  # EXIF rotation applied: the old focal point no longer fits


def encode(stream) -> Encoded:
    try:
        with Image.open(stream) as picture:
            if getattr(picture, "n_frames", 1) > 1:
                raise Skip("animated image")
            if picture.format == "JPEG":
                picture.draft("RGB", (MAX_SIDE, MAX_SIDE))  # decode big JPEGs at a reduced scale
            reoriented = picture.getexif().get(ORIENTATION, 1) != 1
            upright = ImageOps.exif_transpose(picture)
            transparent = upright.mode in ("RGBA", "LA", "PA") or (
                upright.mode == "P" and "transparency" in upright.info)
            upright = upright.convert("RGBA" if transparent else "RGB")
            if max(upright.size) > MAX_SIDE:
                upright.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
            out = io.BytesIO()
            upright.save(out, "WEBP", quality=QUALITY, method=4)
            return Encoded(out.getvalue(), upright.width, upright.height, reoriented)
    except (UnidentifiedImageError, Image.DecompressionBombError) as exc:
        raise Skip(f"cannot convert: {exc}") from exc
    except (OSError, ValueError, SyntaxError) as exc:
        raise Skip(f"broken image data: {exc}") from exc


@dataclass
class Report:
    converted: int = 0
    skipped: int = 0
    failures: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"converted": self.converted, "skipped": self.skipped, "failures": self.failures[:50],
                "remaining": remaining_count()}


def convert_images_to_webp(batch_size: int = BATCH) -> dict:
    """The task: convert every pending image; returns counts for the task result."""
    report, cursor = Report(), 0
    while True:
        ids = list(pending_images().filter(pk__gt=cursor).order_by("pk")
                   .values_list("pk", flat=True)[:batch_size])
        if not ids:
            return report.as_dict()
        for pk in ids:
            try:
                report.converted += convert_one(pk)
            except Skip as exc:
                report.skipped += 1
                report.failures.append(f"image {pk}: {exc}")
                logger.warning("WebP conversion skipped image %s: %s", pk, exc)
        cursor = ids[-1]


def convert_one(pk: int) -> bool:
    """Convert one image; False when another run got to it first."""
    with transaction.atomic():
        image = get_image_model().objects.select_for_update().filter(pk=pk).first()
        if image is None or image.file.name.lower().endswith((".webp", ".svg")):
            return False
        try:
            with image.open_file() as stream:
                encoded = encode(stream)
        except FileNotFoundError as exc:
            raise Skip("the file is missing") from exc
        old_name = image.file.name
        old_width = image.width
        image.file.save(PurePosixPath(old_name).stem + ".webp", ContentFile(encoded.data), save=False)
        _fit_focal_point(image, encoded, old_width)
        image.width, image.height = encoded.width, encoded.height
        image.file_size = len(encoded.data)
        image.file_hash = hashlib.sha1(encoded.data).hexdigest()  # what Wagtail keeps in file_hash
        image.save(update_fields=["file", "width", "height", "file_size", "file_hash", "focal_point_x",
                                  "focal_point_y", "focal_point_width", "focal_point_height"])
        image.renditions.all().delete()  # their files go with them (Wagtail's post_delete handler)
        storage = image.file.storage
        transaction.on_commit(lambda: storage.delete(old_name))
    return True


def _fit_focal_point(image, encoded: Encoded, old_width: int) -> None:
    if not image.has_focal_point():
        return
    if encoded.reoriented or not old_width:
        image.set_focal_point(None)
        return
    scale = encoded.width / old_width
    for name in ("focal_point_x", "focal_point_y", "focal_point_width", "focal_point_height"):
        setattr(image, name, max(0, round(getattr(image, name) * scale)))


def enqueue_conversion() -> str:
    from django_q.tasks import async_task

    return async_task(TASK, task_name="convert images to webp")
