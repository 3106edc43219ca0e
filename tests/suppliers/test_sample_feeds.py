"""The project's own sample-feed generator: deterministic, realistic, moving by day."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from PIL import Image

from suppliers.feeds.sample import generate

from .conftest import load_truth, parse_supplier

COLOUR_GROUPS = {"black", "white", "beige", "brown", "grey", "red", "pink", "blue",
                 "light-blue", "green", "yellow", "purple", "multi"}
FEEDS = ["kalyna/feed.xml", "vzuttia/feed.xml", "solomoda/catalog.xml", "lorena/price.csv"]


def test_same_arguments_give_the_same_bytes(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    generate(a, models=40, seed=5, images=False, base_url="http://feeds.test")
    generate(b, models=40, seed=5, images=False, base_url="http://feeds.test")
    for name in [*FEEDS, "truth.jsonl", "manifest.json"]:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    generate(b, models=40, seed=6, images=False, base_url="http://feeds.test")
    assert (a / "truth.jsonl").read_bytes() != (b / "truth.jsonl").read_bytes()


def test_manifest_describes_every_feed(sample_dir):
    manifest = json.loads((sample_dir / "manifest.json").read_text(encoding="utf-8"))
    suppliers = manifest["suppliers"]
    assert {s: e["dialect"] for s, e in suppliers.items()} == {
        "kalyna": "yml_grouped", "vzuttia": "yml_models",
        "solomoda": "custom_xml", "lorena": "csv_table"}
    assert sum(e["models"] for e in suppliers.values()) == manifest["models"] == 160
    truth = load_truth(sample_dir)
    for slug, entry in suppliers.items():
        assert (sample_dir / entry["file"]).is_file()
        assert len(truth[slug]) == entry["models"]
        assert 0 < entry["suggested_markup_percent"] < 100
    lorena = suppliers["lorena"]
    assert (lorena["encoding"], lorena["delimiter"], lorena["file"]) == (
        "windows-1251", ";", "lorena/price.csv")


def test_truth_rows_use_the_store_vocabulary(sample_dir):
    rows = [r for by_code in load_truth(sample_dir).values() for r in by_code.values()]
    assert {r["colour_group"] for r in rows} <= COLOUR_GROUPS
    assert len({r["colour_group"] for r in rows}) >= 10
    assert len({r["category"] for r in rows}) >= 10
    assert {r["season"] for r in rows} <= {"демісезон", "літо", "зима"}
    assert {r["material"] for r in rows} <= {"натуральна шкіра", "замша", "текстиль", "лак",
                                             "нубук", "еко-шкіра"}
    for row in rows:
        assert row["name_uk"] and row["name_en"].startswith("Women's")
        assert row["model_code"] not in row["name_uk"]
        assert {int(s) for s in row["sizes_in_stock"]} <= set(range(35, 42))
        assert row["photos"] >= 2
        if row["price_uah"] is not None:
            assert Decimal(row["price_uah"]) > 0
        if row["colour"] == "капучино":
            assert row["colour_group"] == "beige"
        if row["colour"] == "айворі":
            assert row["colour_group"] == "white"
    assert any(r["price_uah"] is None for r in rows)  # a missing price now and then


def test_feeds_carry_the_quirks_real_suppliers_have(sample_dir):
    kalyna = (sample_dir / "kalyna/feed.xml").read_text(encoding="utf-8")
    assert '<!DOCTYPE yml_catalog SYSTEM "shops.dtd">' in kalyna
    assert "<name>" in kalyna and "женские" in kalyna  # Russian names next to Ukrainian
    vzuttia = (sample_dir / "vzuttia/feed.xml").read_text(encoding="utf-8")
    assert 'id="USD"' in vzuttia and "<![CDATA[" in vzuttia and "onerror=" in vzuttia
    assert "&amp;quot;" in vzuttia  # double-escaped entity
    raw = (sample_dir / "lorena/price.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    text = raw.decode("cp1251")
    assert text.endswith("\r\n\r\n")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:4] == ["Артикул", "Назва", "Категорія", "Ціна"]
    assert any(";" in cell for row in rows for cell in row)  # quoted delimiter
    assert any(" " in row[3] or "\u00a0" in row[3] for row in rows[1:] if row)  # "1 299,00"


def test_day_one_moves_the_catalog_forward(tmp_path):
    days = {}
    for day in (0, 1, 2):
        generate(tmp_path / str(day), models=400, seed=2, day=day, images=False)
        days[day] = {(s, c): r for s, rows in load_truth(tmp_path / str(day)).items()
                     for c, r in rows.items()}
    zero, one, two = days[0], days[1], days[2]
    left, arrived = zero.keys() - one.keys(), one.keys() - zero.keys()
    assert 0 < len(left) < len(zero) * 0.1 and 0 < len(arrived) < len(zero) * 0.1
    kept = zero.keys() & one.keys()
    repriced = [k for k in kept if zero[k]["price_uah"] != one[k]["price_uah"]]
    restocked = [k for k in kept if zero[k]["stock"] != one[k]["stock"]]
    assert 0 < len(repriced) < len(kept) * 0.25
    assert len(kept) * 0.1 < len(restocked) < len(kept) * 0.5
    unchanged = [k for k in kept if k not in repriced and k not in restocked]
    assert all(zero[k] == one[k] for k in unchanged)
    # day 2 extends day 1: nothing comes back, nothing is renamed, day 1's arrivals stay
    assert not (left & two.keys()) and one.keys() - two.keys()
    assert all(one[k]["name_uk"] == two[k]["name_uk"] for k in one.keys() & two.keys())
    assert arrived & two.keys()


def test_photos_are_drawn_and_referenced(tmp_path):
    manifest = generate(tmp_path, models=12, seed=4, images=True)
    assert manifest["images_drawn"] > 0
    truth = load_truth(tmp_path)
    for slug in ("kalyna", "solomoda"):
        records, _ = parse_supplier(tmp_path, slug)
        for code, record in records.items():
            assert len(record.pictures) == truth[slug][code]["photos"]
            for url in record.pictures:
                path = Path(unquote(urlparse(url).path))
                assert path.is_file(), url
                with Image.open(path) as image:
                    assert image.size == (800, 800)
                    assert image.format == ("PNG" if slug == "solomoda" else "JPEG")
    again = generate(tmp_path, models=12, seed=4, day=1, images=True)
    assert again["images_drawn"] < manifest["images_drawn"]  # day 1 reuses day 0's photos


def test_photo_shows_the_product_colour(tmp_path):
    generate(tmp_path, models=8, seed=1, images=True)
    row = next(r for r in load_truth(tmp_path)["kalyna"].values() if r["colour_group"] == "red")
    from suppliers.feeds.samplegen.vocab import COLOURS

    rgb = next(c.rgb for c in COLOURS if c.uk == row["colour"])
    image = Image.open(next((tmp_path / "kalyna/img").glob(f"{row['model_code']}*"))).convert("RGB")
    data = image.resize((100, 100)).tobytes()
    pixels = (data[i:i + 3] for i in range(0, len(data), 3))
    close = sum(1 for px in pixels if sum(abs(a - b) for a, b in zip(px, rgb, strict=True)) < 60)
    assert close > 300  # a good part of the picture is the shoe, in its colour


def test_base_url_and_cli(tmp_path):
    generate(tmp_path / "web", models=8, images=False, base_url="http://127.0.0.1:8765/")
    records, _ = parse_supplier(tmp_path / "web", "vzuttia")
    urls = [u for r in records.values() for u in r.pictures]
    assert urls and all(u.startswith("http://127.0.0.1:8765/vzuttia/img/") for u in urls)

    out = tmp_path / "cli"
    done = subprocess.run(
        [sys.executable, "-m", "suppliers.feeds.sample", str(out), "--models", "20",
         "--seed", "9", "--day", "1", "--no-images"],
        capture_output=True, text=True, cwd=Path(__file__).resolve().parents[2], check=True)
    assert json.loads(done.stdout)["images_drawn"] == 0
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["day"] == 1 and manifest["seed"] == 9
