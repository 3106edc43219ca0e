"""The Google Merchant feed as tab-separated text, rendered from the validated XML file.

Merchant Center takes the same attributes as a tab-delimited file: a header row of attribute
names, then one row per item. Rendering it from the XML that has just passed the validator
means both files always hold the same items, ids, prices and refusals, and the projection is
not run twice. Tabs and line breaks in values become spaces (they would split a row); a value
holding a double quote is quoted as spreadsheets do; several additional images share one cell,
separated by commas, so a comma inside an image URL is percent-encoded.
"""

from __future__ import annotations

import csv
import gzip
import io
import re

from lxml import etree

from .google import G, GoogleMerchantWriter

COLUMNS = (
    "id", "title", "description", "link", "image_link", "additional_image_link", "availability",
    "price", "brand", "gtin", "identifier_exists", "condition", "google_product_category",
    "item_group_id", "color", "gender", "age_group", "material", "size",
)
PLAIN = {"title", "description", "link"}  # RSS elements; every other column is in the g: namespace
COLUMN_OF_TAG = {(name if name in PLAIN else f"{{{G}}}{name}"): name for name in COLUMNS}
BREAKS = re.compile(r"[\t\r\n]+")


def item_row(item) -> list[str]:
    values: dict[str, list[str]] = {}
    for child in item:
        column = COLUMN_OF_TAG.get(child.tag)
        if column:
            values.setdefault(column, []).append(BREAKS.sub(" ", child.text or "").strip())
    images = [url.replace(",", "%2C") for url in values.get("additional_image_link", [])]
    values["additional_image_link"] = [",".join(images)]
    return [values.get(column, [""])[0] for column in COLUMNS]


def write_tsv(xml_path, tsv_path, gzip_level: int = 4) -> int:
    """Render the gzipped XML feed at xml_path as gzipped TSV at tsv_path; the number of rows."""
    rows = 0
    with gzip.open(xml_path, "rb") as source, gzip.open(tsv_path, "wb", compresslevel=gzip_level) as raw:
        out = io.TextIOWrapper(raw, encoding="utf-8", newline="")
        writer = csv.writer(out, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        writer.writerow(COLUMNS)
        for _event, item in etree.iterparse(source, events=("end",), tag=GoogleMerchantWriter.offer_tag,
                                            resolve_entities=False, no_network=True, huge_tree=True):
            writer.writerow(item_row(item))
            rows += 1
            item.clear()
            parent = item.getparent()
            while item.getprevious() is not None:  # keep memory flat over 200,000 items
                del parent[0]
        out.flush()
        out.detach()
    return rows
