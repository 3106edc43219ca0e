"""The YML dialect Prom.ua and Rozetka both read:

    <yml_catalog date="YYYY-MM-DD hh:mm"><shop>
      <name/><company/><url/><currencies><currency id="UAH" rate="1"/></currencies>
      <categories><category id parentId? portal_id|rz_id>...</category></categories>
      <offers><offer id available [group_id]>...</offer></offers>
    </shop></yml_catalog>

Subclasses add the marketplace's own offer fields and limits.
"""

from __future__ import annotations

from contextlib import contextmanager

from django.conf import settings
from django.utils import timezone
from django.utils.html import escape
from lxml import etree

from .base import MONEY_RE, FeedWriter
from .text import cap, cdata, clean, money

SIZE_PARAM = "Розмір"


class YmlWriter(FeedWriter):
    offer_tag = "offer"
    root_tag = "yml_catalog"
    category_attribute = ""  # where the marketplace's own category id goes
    old_price_tag = "oldprice"
    stock_tag = "quantity_in_stock"
    required_header = ("shop/name", "shop/company", "shop/url", "shop/currencies/currency",
                       "shop/categories/category")

    @contextmanager
    def document(self, xf):
        xf.write_declaration()
        stamp = timezone.localtime().strftime("%Y-%m-%d %H:%M")
        with xf.element("yml_catalog", date=stamp), xf.element("shop"):
            for tag, value in (("name", self.shop.name), ("company", self.shop.company),
                               ("url", self.shop.url)):
                xf.write(_text(tag, cap(value, 255)))
            currencies = etree.Element("currencies")
            etree.SubElement(currencies, "currency", id=settings.SHOP_CURRENCY, rate="1")
            xf.write(currencies)
            xf.write(self.categories_element())
            with xf.element("offers"):
                yield

    def categories_element(self):
        categories = etree.Element("categories")
        for category in self.categories:
            element = etree.SubElement(categories, "category", id=str(category.id))
            if category.parent_id:
                element.set("parentId", str(category.parent_id))
            if category.external_id and self.category_attribute:
                element.set(self.category_attribute, clean(category.external_id))
            element.text = cap(category.title, 255)
        return categories

    def entry_template(self, entry):
        element = etree.Element("offer")
        add = _adder(element)
        add("currencyId", settings.SHOP_CURRENCY)
        add("categoryId", str(entry.category_id))
        for picture in entry.pictures[: self.picture_cap]:
            add("picture", picture)
        self.add_names(add, entry)
        add("vendor", cap(entry.brand or self.default_brand, 100))
        if entry.sku:
            add("vendorCode", cap(entry.sku, 100))
        self.add_descriptions(add, entry)
        self.add_params(element, entry)
        return element

    def fill_offer(self, element, entry, offer):
        element.set("id", offer.id)
        element.set("available", _bool(offer.available))
        head = [_text("url", offer.url), _text("price", money(offer.price))]
        if offer.old_price and offer.old_price > offer.price:
            head.append(_text(self.old_price_tag, money(offer.old_price)))
        for position, child in enumerate(head):
            element.insert(position, child)
        element.append(_text(self.stock_tag, str(offer.quantity)))
        size = etree.SubElement(element, "param", name=SIZE_PARAM)
        size.text = clean(offer.size)

    default_brand = ""

    def add_names(self, add, entry):
        title = cap(entry.title, self.name_limit)
        add("name", title)
        add("name_ua", title)

    def add_descriptions(self, add, entry):
        # Marketplaces want a description on every offer: a product without one gets its name.
        text = entry.description_html.strip() or f"<p>{escape(entry.title)}</p>"
        add("description", cdata(text))
        add("description_ua", cdata(text))

    def add_params(self, element, entry):
        for name, values in entry.params:
            etree.SubElement(element, "param", name=clean(name)).text = clean(", ".join(values))

    # --- the offer element ---
    def note_header(self, path: str, element, context) -> None:
        if path == "shop/categories/category":
            context.setdefault("categories", set()).add(element.get("id"))

    def offer_id(self, element) -> str:
        return element.get("id", "")

    def mark_unavailable(self, element) -> None:
        element.set("available", "false")
        stock = element.find(self.stock_tag)
        if stock is not None:
            stock.text = "0"

    def check_offer(self, element, context) -> list[str]:
        texts, pictures = child_texts(element), len(element.findall("picture"))
        errors = []
        offer_id = element.get("id", "")
        if not offer_id or len(offer_id) > self.id_limit:
            errors.append(f"offer id missing or longer than {self.id_limit}")
        if element.get("available") not in ("true", "false"):
            errors.append("available is not true/false")
        for tag in ("url", "price", "currencyId", "categoryId", "name"):
            if not texts.get(tag, "").strip():
                errors.append(f"missing <{tag}>")
        category = texts.get("categoryId")
        if category and category not in context["categories"]:
            errors.append(f"categoryId {category} is not declared")
        price = texts.get("price", "")
        if price and (not MONEY_RE.match(price) or float(price) <= 0):
            errors.append(f"bad price {price!r}")
        if len(texts.get("name", "")) > self.name_limit:
            errors.append(f"name longer than {self.name_limit}")
        if pictures > self.picture_cap:
            errors.append(f"{pictures} pictures, at most {self.picture_cap}")
        self.check_more(texts, pictures, errors)
        return errors

    def check_more(self, texts: dict, pictures: int, errors: list) -> None:
        """A marketplace's own rules on top of the dialect's."""


def child_texts(element) -> dict[str, str]:
    """Tag -> text of an element's children (the first of each tag), in one pass."""
    texts = {}
    for child in element:
        if child.tag not in texts:
            texts[child.tag] = child.text or ""
    return texts


def _text(tag, value):
    element = etree.Element(tag)
    element.text = value
    return element


def _adder(parent):
    def add(tag, value):
        etree.SubElement(parent, tag).text = value
    return add


def _bool(value: bool) -> str:
    return "true" if value else "false"
