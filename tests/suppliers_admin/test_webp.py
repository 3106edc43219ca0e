"""'Convert all images to WebP': every picture becomes WebP within 1920 px, transparency kept."""

from __future__ import annotations

from io import BytesIO

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.images.models import Image
from wagtail.images.rect import Rect

from suppliers.admin import webp

from .conftest import admin_url

JSON = {"Accept": "application/json", "x-requested-with": "XMLHttpRequest"}


def upload(title, picture: PILImage.Image, fmt: str, name: str) -> Image:
    buffer = BytesIO()
    picture.save(buffer, format=fmt)
    return Image.objects.create(title=title, file=ImageFile(buffer, name=name))


def make_pictures():
    logo = PILImage.new("RGBA", (400, 300), (0, 0, 0, 0))
    logo.paste((200, 30, 30, 255), (100, 100, 300, 200))  # a red box on a transparent ground
    png = upload("logo", logo, "PNG", "logo.png")
    jpeg = upload("banner", PILImage.new("RGB", (4000, 2500), (20, 120, 200)), "JPEG", "banner.jpg")
    jpeg.set_focal_point(Rect(1800, 900, 2200, 1100))  # centre 2000x1000, 400x200
    jpeg.save()
    return png, jpeg


def open_stored(image: Image) -> PILImage.Image:
    with image.open_file() as stream:
        picture = PILImage.open(stream)
        picture.load()
    return picture


def test_the_button_converts_png_and_jpeg_to_webp_and_a_second_run_converts_nothing(
        manager_client, django_capture_on_commit_callbacks):
    png, jpeg = make_pictures()
    rendition = jpeg.get_rendition("fill-100x100")
    old_files = [png.file.name, jpeg.file.name]
    storage = png.file.storage
    page = manager_client.get(admin_url("overview")).content.decode()
    assert "2 images not WebP yet" in page

    with django_capture_on_commit_callbacks(execute=True):  # old files go once the rows are committed
        response = manager_client.post(admin_url("convert_webp"), headers=JSON)  # the queue runs inline
    assert response.status_code == 202 and response.json()["remaining"] == 0

    png.refresh_from_db()
    jpeg.refresh_from_db()
    for image in (png, jpeg):
        assert image.file.name.endswith(".webp")
        picture = open_stored(image)
        assert picture.format == "WEBP"
        assert (image.width, image.height) == picture.size and max(picture.size) <= 1920
        assert image.file_size == image.file.size and len(image.file_hash) == 40
    assert (png.width, png.height) == (400, 300)  # small pictures keep their size
    assert (jpeg.width, jpeg.height) == (1920, 1200)  # large ones are fitted, proportions kept
    logo = open_stored(png)
    assert logo.mode == "RGBA" and logo.getpixel((5, 5))[3] == 0 and logo.getpixel((200, 150))[3] == 255
    assert jpeg.focal_point_x == 960 and jpeg.focal_point_width == 192  # the focal point follows the scale
    assert not jpeg.renditions.filter(pk=rendition.pk).exists()
    assert not any(storage.exists(name) for name in old_files)
    assert webp.remaining_count() == 0

    hashes = {image.pk: image.file_hash for image in Image.objects.all()}
    assert webp.convert_images_to_webp()["converted"] == 0
    assert {image.pk: image.file_hash for image in Image.objects.all()} == hashes
    response = manager_client.post(admin_url("convert_webp"), follow=True)
    assert "Every image is WebP already." in response.content.decode()


def test_the_task_walks_in_batches_and_skips_what_it_cannot_read(db):
    images = [upload(f"p{n}", PILImage.new("RGB", (30, 20), (n * 40, 0, 0)), "PNG", f"p{n}.png")
              for n in range(5)]
    broken = images[2]
    name = broken.file.name
    broken.file.storage.delete(name)
    with broken.file.storage.open(name, "wb") as stream:
        stream.write(b"not a picture at all")

    report = webp.convert_images_to_webp(batch_size=2)
    assert report["converted"] == 4 and report["skipped"] == 1
    assert report["remaining"] == 1 and f"image {broken.pk}" in report["failures"][0]
