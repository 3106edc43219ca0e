"""The project's own sample feeds: four suppliers, four dialects, one catalog.

    from suppliers.feeds.sample import generate
    manifest = generate(Path("var/feeds"), models=300, seed=1, day=0)

    python -m suppliers.feeds.sample OUT [--models N] [--seed S] [--day D]
                                         [--no-images] [--base-url URL]

Writes OUT/<supplier>/<file> for kalyna (yml_grouped), vzuttia (yml_models),
solomoda (custom_xml) and lorena (csv_table, windows-1251, ';'), photos under
OUT/<supplier>/img/, OUT/manifest.json (how to read each feed) and
OUT/truth.jsonl (what a correct import must end up with, one model a line).
The same arguments always give the same bytes; --day N is day N-1 plus one
day of price and stock changes, departures and arrivals.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date, timedelta
from pathlib import Path

from .samplegen import catalog, writers
from .samplegen.vocab import SUPPLIERS

OPTIONS = {  # adapter options each supplier needs beyond the dialect defaults
    "kalyna": {},
    "vzuttia": {},
    "solomoda": {},
    "lorena": {"encoding": "windows-1251", "delimiter": ";"},
}


def _picture_url(out_dir: Path, base_url: str | None):
    root = base_url.rstrip("/") if base_url else out_dir.resolve().as_uri()

    def url(model: catalog.Model, name: str) -> str:
        return f"{root}/{model.supplier.slug}/img/{name}"

    return url


def _truth(model: catalog.Model) -> dict:
    def money(value):
        return None if value is None else str(value)

    return {
        "supplier": model.supplier.slug,
        "model_code": model.code,
        "name_uk": model.clean_name,
        "name_en": model.english_name,
        "category": model.kind.slug,
        "colour": model.colour.uk,
        "colour_group": model.colour.group,
        "season": model.season,
        "material": model.material.uk,
        "price_uah": money(model.feed_price()),
        "old_price_uah": money(model.feed_old_price()),
        "sizes_in_stock": [str(s) for s, q in model.stock.items() if q > 0],
        "stock": {str(s): q for s, q in model.stock.items()},
        "photos": model.photos,
        "quirks": sorted(model.quirks),
    }


def generate(out_dir: Path, models: int = 300, seed: int = 1, day: int = 0,
             images: bool = True, base_url: str | None = None) -> dict:
    """Write the four feeds, manifest.json and truth.jsonl; returns the manifest."""
    if models < len(SUPPLIERS) or day < 0:
        raise ValueError("need at least one model per supplier and a day >= 0")
    out_dir = Path(out_dir)
    live = catalog.build(models, seed, day)
    url = _picture_url(out_dir, base_url)
    stamp = (date(2026, 1, 5) + timedelta(days=day)).isoformat() + " 06:00"
    manifest = {"generator": "suppliers.feeds.sample", "seed": seed, "day": day,
                "models": models, "base_url": base_url, "suppliers": {}}
    drawn = 0
    for supplier in SUPPLIERS:
        folder = out_dir / supplier.slug
        folder.mkdir(parents=True, exist_ok=True)
        encoding = "cp1251" if supplier.encoding == "windows-1251" else supplier.encoding
        with open(folder / supplier.file, "w", encoding=encoding, newline="") as fh:
            writers.WRITERS[supplier.slug](fh, live[supplier.slug], stamp, url)
        if images:
            from .samplegen.images import draw_photos  # Pillow only when drawing

            (folder / "img").mkdir(exist_ok=True)
            for model in live[supplier.slug]:
                drawn += draw_photos(model, folder / "img", writers.picture_names(model))
        manifest["suppliers"][supplier.slug] = {
            "brand": supplier.brand,
            "dialect": supplier.dialect,
            "file": f"{supplier.slug}/{supplier.file}",
            "encoding": supplier.encoding,
            "delimiter": supplier.delimiter,
            "options": OPTIONS[supplier.slug],
            "models": len(live[supplier.slug]),
            "suggested_markup_percent": supplier.markup,
        }
    with open(out_dir / "truth.jsonl", "w", encoding="utf-8") as fh:
        for supplier in SUPPLIERS:
            for model in live[supplier.slug]:
                fh.write(json.dumps(_truth(model), ensure_ascii=False) + "\n")
    manifest["images_drawn"] = drawn
    (out_dir / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m suppliers.feeds.sample", description="Write the sample supplier feeds.")
    parser.add_argument("out", type=Path, help="output directory")
    parser.add_argument("--models", type=int, default=300, help="models on day 0 (all suppliers)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--day", type=int, default=0, help="move the catalog N days forward")
    parser.add_argument("--no-images", action="store_true", help="skip drawing photos")
    parser.add_argument("--base-url", help="serve photos from here instead of file:// paths")
    args = parser.parse_args(argv)
    manifest = generate(args.out, models=args.models, seed=args.seed, day=args.day,
                        images=not args.no_images, base_url=args.base_url)
    counts = {slug: s["models"] for slug, s in manifest["suppliers"].items()}
    print(json.dumps({"out": str(args.out), "models": counts,
                      "images_drawn": manifest["images_drawn"]}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
