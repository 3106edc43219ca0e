"""Rozetka YML: up to 16 pictures, `old_price` (with the underscore), `stock_quantity`, `rz_id`
on categories, a brand on every offer (required), the article as a param, and multi-value
params joined with <br/> inside CDATA."""

from lxml import etree

from .text import cap, cdata, clean
from .yml import SIZE_PARAM, YmlWriter


class RozetkaWriter(YmlWriter):
    kind = "rozetka_yml"
    picture_cap = 16
    name_limit = 500
    category_attribute = "rz_id"
    old_price_tag = "old_price"
    stock_tag = "stock_quantity"
    brand_required = True

    def add_params(self, element, entry, offer):
        etree.SubElement(element, "param", name=SIZE_PARAM).text = clean(offer.size)
        if entry.sku:
            etree.SubElement(element, "param", name="Артикул").text = cap(entry.sku, 100)
        for name, values in entry.params:
            param = etree.SubElement(element, "param", name=clean(name))
            param.text = cdata("<br/>".join(values)) if len(values) > 1 else clean(values[0])

    def check_offer(self, element, context) -> list[str]:
        errors = super().check_offer(element, context)
        if not (element.findtext("vendor") or "").strip():
            errors.append("missing <vendor> (Rozetka requires a brand)")
        if not element.findall("picture"):
            errors.append("no <picture>")
        if element.find("stock_quantity") is None:
            errors.append("missing <stock_quantity>")
        return errors
