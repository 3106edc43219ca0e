"""Big photos are shrunk before any full-size copy, turned upright, and decoded within a budget."""

from __future__ import annotations

import io
import os
import threading

from PIL import Image

from suppliers.sync import images
from suppliers.sync.images import DECODING, to_webp, workers


def encoded(picture: Image.Image, kind: str, **options) -> bytes:
    out = io.BytesIO()
    picture.save(out, kind, **options)
    return out.getvalue()


def decoded(converted) -> Image.Image:
    return Image.open(io.BytesIO(converted.webp))


def test_a_3200px_png_becomes_a_1920px_webp_keeping_transparency():
    opaque = to_webp(encoded(Image.new("RGB", (3200, 3200), (200, 30, 30)), "PNG"))
    assert (opaque.width, opaque.height) == (1920, 1920) and decoded(opaque).mode == "RGB"

    half_clear = Image.new("RGBA", (3200, 1600), (200, 30, 30, 255))
    half_clear.paste((0, 0, 0, 0), (0, 0, 1600, 1600))
    clear = to_webp(encoded(half_clear, "PNG"))
    assert (clear.width, clear.height) == (1920, 960) and decoded(clear).mode == "RGBA"

    palette = Image.new("P", (2400, 2400), 1)
    palette.putpalette([0, 0, 0, 255, 255, 255] + [0] * 762)
    palette.paste(0, (0, 0, 1200, 2400))  # index 0 is the transparent one
    paletted = to_webp(encoded(palette, "PNG", transparency=0))
    assert (paletted.width, paletted.height) == (1920, 1920) and decoded(paletted).mode == "RGBA"


def test_a_photo_taken_sideways_is_turned_upright_after_shrinking():
    picture = Image.new("RGB", (4000, 2000), (20, 90, 200))
    picture.paste((255, 255, 0), (0, 0, 200, 200))  # a yellow mark in the stored top-left corner
    exif = Image.Exif()
    exif[0x0112] = 6  # the camera was turned: show it rotated 90 degrees clockwise
    for kind in ("JPEG", "PNG"):
        upright = to_webp(encoded(picture, kind, exif=exif.tobytes()))
        assert (upright.width, upright.height) == (960, 1920), kind
        shown = decoded(upright).convert("RGB")
        red, green, blue = shown.getpixel((upright.width - 10, 10))  # now the top-right corner
        assert red > 200 and green > 200 and blue < 80, kind


def test_photo_threads_default_to_the_usable_cores(settings):
    settings.SUPPLIER_IMAGE_WORKERS = None
    assert workers() == len(os.sched_getaffinity(0))
    settings.SUPPLIER_IMAGE_WORKERS = 3
    assert workers() == 3


def test_two_big_pictures_are_never_decoded_at_once(settings):
    settings.SUPPLIER_IMAGE_DECODE_MEGAPIXELS = 12
    first_in, second_in, let_go = threading.Event(), threading.Event(), threading.Event()

    def first():
        with DECODING.hold(3200 * 3200):
            first_in.set()
            let_go.wait(10)

    def second():
        first_in.wait(10)
        with DECODING.hold(3200 * 3200):
            second_in.set()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    assert first_in.wait(10)
    assert not second_in.wait(0.3)  # waiting for the first picture's pixels
    let_go.set()
    assert second_in.wait(10)
    for thread in threads:
        thread.join()
    assert DECODING.used == 0

    with DECODING.hold(10 ** 9):  # bigger than the whole budget: decoded alone, never stuck
        assert DECODING.used == 12_000_000
    small = [DECODING.hold(1_000_000) for _ in range(3)]
    for hold in small:
        hold.__enter__()
    assert DECODING.used == 3_000_000  # small ones share the budget
    for hold in small:
        hold.__exit__(None, None, None)
    assert images.DECODING.used == 0
