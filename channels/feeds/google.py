"""Google Merchant Center RSS 2.0 with the `g:` namespace, one <item> per size.

Apparel items carry size, color, gender and age_group always (needed for variant grouping and
cross-border listing even where Ukraine does not require them); a product missing one of them
is refused with the names of what is missing. The price is the product page's own, as
"1299.00 UAH" (the Channel forbids a markup on Google channels).
"""

from __future__ import annotations

import re
from contextlib import contextmanager

from django.conf import settings
from lxml import etree

from channels.projection import Refusal

from .base import FeedWriter, Reason
from .text import cap, clean, money

G = "http://base.google.com/ns/1.0"
NSMAP = {"g": G}
PRICE_RE = re.compile(r"^\d+\.\d{2} [A-Z]{3}$")
AVAILABILITY = {"in_stock", "out_of_stock", "preorder", "backorder"}
APPAREL = ("color", "gender", "age_group", "size")
EXTRA_IMAGE = f"{{{G}}}additional_image_link"


def g(tag: str) -> str:
    return f"{{{G}}}{tag}"


def valid_gtin(code: str) -> bool:
    """A GTIN-8/12/13/14 with a correct check digit (an invented one is worse than none)."""
    if not code.isdigit() or len(code) not in (8, 12, 13, 14):
        return False
    digits = [int(c) for c in code]
    total = sum(d * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(digits[:-1])))
    return (10 - total % 10) % 10 == digits[-1]


class GoogleMerchantWriter(FeedWriter):
    kind = "google_merchant"
    offer_tag = "item"
    root_tag = "rss"
    picture_cap = 11  # one image_link and up to 10 additional_image_link
    name_limit = 150
    id_limit = 50
    brand_required = True
    required_header = ("channel/title", "channel/link", "channel/description")

    def refuse(self, entry):
        refusal = super().refuse(entry)
        if refusal:
            return refusal
        missing = [name for name, value in (
            ("color", entry.colour()), ("gender", entry.mapping.gender),
            ("age_group", entry.mapping.age_group),
        ) if not value]
        if missing:
            return Refusal(entry.product_id, entry.title[:255], Reason.APPAREL_ATTRIBUTES, ", ".join(missing))
        return None

    @contextmanager
    def document(self, xf):
        xf.write_declaration()
        with xf.element("rss", version="2.0", nsmap=NSMAP), xf.element("channel"):
            for tag, value in (("title", self.shop.name), ("link", self.shop.url),
                               ("description", self.shop.company)):
                element = etree.Element(tag)
                element.text = cap(value, 255)
                xf.write(element)
            yield

    def entry_template(self, entry):
        item = etree.Element("item", nsmap=NSMAP)

        def add(tag, value):
            etree.SubElement(item, tag).text = value

        add("description", cap(entry.description_text or entry.title, 5000))
        add(g("image_link"), entry.pictures[0])
        for picture in entry.pictures[1: self.picture_cap]:
            add(g("additional_image_link"), picture)
        add(g("condition"), "new")
        add(g("brand"), cap(entry.brand, 70))
        add(g("google_product_category"), clean(entry.mapping.external_id))
        if entry.group_id:
            add(g("item_group_id"), entry.group_id)
        add(g("color"), cap(entry.colour(), 100))
        add(g("gender"), entry.mapping.gender)
        add(g("age_group"), entry.mapping.age_group)
        material = "/".join(entry.attributes.get("material", [])[:3])
        if material:
            add(g("material"), cap(material, 200))
        return item

    def fill_offer(self, item, entry, offer):
        head = [(g("id"), offer.id), ("title", cap(f"{entry.title}, {offer.size}", self.name_limit)),
                ("link", offer.url)]
        for position, (tag, value) in enumerate(head):
            child = etree.Element(tag)
            child.text = value
            item.insert(position, child)

        def add(tag, value):
            etree.SubElement(item, tag).text = value

        add(g("availability"), "in_stock" if offer.available else "out_of_stock")
        add(g("price"), f"{money(offer.price)} {settings.SHOP_CURRENCY}")
        if valid_gtin(offer.barcode):
            add(g("gtin"), offer.barcode)
        else:
            add(g("identifier_exists"), "no")
        add(g("size"), cap(offer.size, 100))

    # --- the offer element ---
    def offer_id(self, element) -> str:
        return element.findtext(g("id")) or ""

    def mark_unavailable(self, element) -> None:
        availability = element.find(g("availability"))
        if availability is not None:
            availability.text = "out_of_stock"

    def check_offer(self, element, context) -> list[str]:
        texts, extra = {}, []
        for child in element:  # one pass over the children
            if child.tag == EXTRA_IMAGE:
                extra.append(child.text or "")
            elif child.tag not in texts:
                texts[child.tag] = child.text or ""
        errors = []
        offer_id = texts.get(g("id"), "")
        if not offer_id or len(offer_id) > self.id_limit:
            errors.append(f"g:id missing or longer than {self.id_limit}")
        title = texts.get("title", "")
        if not title or len(title) > self.name_limit:
            errors.append(f"title missing or longer than {self.name_limit}")
        for tag in ("link", g("image_link"), g("brand")):
            if not texts.get(tag, "").strip():
                errors.append(f"missing {_short(tag)}")
        if len(extra) > 10:
            errors.append(f"{len(extra)} additional_image_link, at most 10")
        if any(not url.isascii() for url in [texts.get("link", ""), texts.get(g("image_link"), ""), *extra]):
            errors.append("a URL is not percent-encoded ASCII")
        price = texts.get(g("price"), "")
        if not PRICE_RE.match(price):
            errors.append(f"price {price!r} is not like '1299.00 UAH'")
        availability = texts.get(g("availability"), "")
        if availability not in AVAILABILITY:
            errors.append(f"availability {availability!r}")
        elif availability in ("preorder", "backorder") and not texts.get(g("availability_date")):
            errors.append(f"{availability} without availability_date")
        if not texts.get(g("gtin")) and texts.get(g("identifier_exists")) != "no":
            errors.append("neither gtin nor identifier_exists=no")
        missing = [name for name in APPAREL if not texts.get(g(name), "").strip()]
        if missing:
            errors.append("apparel attributes missing: " + ", ".join(missing))
        return errors


def _short(tag: str) -> str:
    return tag.replace(f"{{{G}}}", "g:")
