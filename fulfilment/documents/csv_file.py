"""The CSV a supplier gets with a dispatch: one row per line, opening right in a spreadsheet."""

import csv
import io

HEADER = ["order", "sku", "product", "size", "quantity", "recipient", "phone", "delivery", "city",
          "branch_or_address", "comment"]


def _cell(value) -> str:
    """Product names come from feeds: a cell starting with = + - @ would run as a formula."""
    text = str(value)
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def dispatch_csv(groups) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for group in groups:
        order = group.order
        for line in group.lines:
            # The phone is ours (normalised to +380XXXXXXXXX), so it goes as it is.
            writer.writerow([
                *(_cell(value) for value in (order.number, line.sku, line.product_name, line.size,
                                              line.quantity, order.name)),
                order.phone,
                *(_cell(value) for value in (order.delivery_name, order.city, group.delivery_point,
                                              order.comment))])
    # With a BOM spreadsheet programs read the Cyrillic as UTF-8.
    return out.getvalue().encode("utf-8-sig")
