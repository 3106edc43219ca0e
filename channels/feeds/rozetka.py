"""Rozetka YML: up to 16 pictures, `old_price` (with the underscore), `stock_quantity`, `rz_id`
on categories, a brand on every offer (required), the article as a param, and multi-value
params joined with <br/> inside CDATA."""

from lxml import etree

from .text import cap, cdata, clean
from .yml import YmlWriter


class RozetkaWriter(YmlWriter):
    kind = "rozetka_yml"
    picture_cap = 16
    name_limit = 500
    category_attribute = "rz_id"
    old_price_tag = "old_price"
    stock_tag = "stock_quantity"
    brand_required = True

    def add_params(self, element, entry):
        if entry.sku:
            etree.SubElement(element, "param", name="Артикул").text = cap(entry.sku, 100)
        for name, values in entry.params:
            param = etree.SubElement(element, "param", name=clean(name))
            param.text = cdata("<br/>".join(values)) if len(values) > 1 else clean(values[0])

    def check_more(self, texts, pictures, errors):
        if not texts.get("vendor", "").strip():
            errors.append("missing <vendor> (Rozetka requires a brand)")
        if not pictures:
            errors.append("no <picture>")
        if "stock_quantity" not in texts:
            errors.append("missing <stock_quantity>")
