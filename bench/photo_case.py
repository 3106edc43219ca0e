"""The photo case of `make bench-sync`: a supplier whose photos are 3200x3200 PNGs.

A feed of `models` models, one PNG of 3200x3200 each (about 10 MB, photo-like: gradients,
shapes and sensor noise, so it compresses like a real photo), served over HTTP from this
process; the sync runs in a child process exactly as `manage.py sync_supplier` would, at
default settings (photo threads = cores), and reports its peak RSS and photos per second.
The photos are drawn once and kept under bench/out/photos-3200/.
"""

from __future__ import annotations

import functools
import http.server
import random
import threading
from pathlib import Path

SIDE = 3200
SLUG = "photos"
HEADER = "Артикул;Назва;Категорія;Ціна;Розміри;Фото;Наявність"


def draw_photos(folder: Path, count: int) -> list[Path]:
    from PIL import Image, ImageDraw

    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"p{n:03d}.png" for n in range(count)]
    if all(path.exists() for path in paths):
        return paths
    noise = Image.effect_noise((SIDE, SIDE), 12).convert("RGB")
    base = Image.linear_gradient("L").resize((SIDE, SIDE)).convert("RGB")
    for n, path in enumerate(paths):
        if path.exists():
            continue
        rnd = random.Random(n)
        picture = base.copy()
        draw = ImageDraw.Draw(picture)
        for _ in range(40):  # every photo different, so none is deduplicated
            x, y, r = rnd.randrange(SIDE), rnd.randrange(SIDE), rnd.randrange(50, 600)
            draw.ellipse((x - r, y - r, x + r, y + r), fill=tuple(rnd.randrange(256) for _ in range(3)))
        Image.blend(picture, noise, 0.15).save(path)
    return paths


def write_feed(folder: Path, photos: list[Path], base_url: str) -> Path:
    rows = [f"PH-{n};Кеди руді {n};Взуття/Кеди;1 000,00;36,37;{base_url}/{photo.name};так"
            for n, photo in enumerate(photos)]
    feed = folder / "photos.csv"
    feed.write_text("\r\n".join([HEADER, *rows]) + "\r\n", encoding="utf-8")
    return feed


class PhotoServer:
    """A quiet static file server on 127.0.0.1 for the child's sync to download from."""

    def __init__(self, root: Path):
        class Handler(http.server.SimpleHTTPRequestHandler):
            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(Handler, directory=str(root)))
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def create_supplier() -> None:
    """The supplier of the photo case; its photo server is on loopback, so it names that host."""
    from suppliers.models import Supplier

    Supplier.objects.update_or_create(slug=SLUG, defaults={
        "name": "Photos", "dialect": "csv_table", "adapter_options": {"delimiter": ";"},
        "allowed_private_hosts": "127.0.0.1"})
