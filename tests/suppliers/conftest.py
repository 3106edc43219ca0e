"""Fixtures for the feed tests: pure Python, no database, no Django settings."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest

from suppliers.feeds import get_adapter
from suppliers.feeds.sample import generate


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The project-wide autouse fixture clears Django's cache; feed parsing needs no Django."""
    yield


def load_truth(out: Path) -> dict[str, dict[str, dict]]:
    """supplier -> model_code -> truth row."""
    truth: dict[str, dict[str, dict]] = defaultdict(dict)
    with open(out / "truth.jsonl", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            truth[row["supplier"]][row["model_code"]] = row
    return truth


def parse_supplier(out: Path, slug: str):
    """(records by model code, adapter) for one supplier of a generated sample."""
    entry = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["suppliers"][slug]
    adapter = get_adapter(entry["dialect"], entry["options"])
    with open(out / entry["file"], "rb") as fh:
        records = {r.model_code: r for r in adapter.parse(fh)}
    return records, adapter


@pytest.fixture(scope="session")
def sample_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("sample")
    generate(out, models=160, seed=3, images=False)
    return out
