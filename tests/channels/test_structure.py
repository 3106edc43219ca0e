"""The files against the structure in the research notes (section 1), checked here independently of
the build's own validator: the tags and attributes each marketplace reads, where they must be."""

import re

import pytest

from channels.models import Channel

from .conftest import G, build, offers, read_feed

pytestmark = pytest.mark.django_db


@pytest.fixture
def feeds(make_shoe, make_channel):
    make_shoe(sizes={"38": 1, "39": 0}, photos=2, options=("colour:black", "material:leather"),
              compare_at_price="1500", price="1200")
    make_shoe(sizes={"40": 5})
    channels = {kind: make_channel(kind) for kind in Channel.Kind.values}
    for channel in channels.values():
        assert build(channel).status == "published"
    return {kind: read_feed(channel) for kind, channel in channels.items()}


@pytest.mark.parametrize("kind, old_price, stock, category_id_attr", [
    (Channel.Kind.PROM_YML, "oldprice", "quantity_in_stock", "portal_id"),
    (Channel.Kind.ROZETKA_YML, "old_price", "stock_quantity", "rz_id"),
])
def test_yml_structure(feeds, kind, old_price, stock, category_id_attr):
    root = feeds[kind]
    assert root.tag == "yml_catalog" and re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", root.get("date"))
    shop = root.find("shop")
    assert [c.tag for c in shop] == ["name", "company", "url", "currencies", "categories", "offers"]
    assert shop.find("currencies/currency").attrib == {"id": "UAH", "rate": "1"}
    categories = {c.get("id"): c for c in shop.findall("categories/category")}
    assert all(c.get(category_id_attr) == "187" for c in categories.values())
    assert all(c.get("parentId") in categories for c in categories.values() if c.get("parentId"))

    ids = [o.get("id") for o in offers(root)]
    assert len(ids) == len(set(ids)) == 3
    for offer in offers(root):
        assert offer.get("available") in ("true", "false")
        for tag in ("url", "price", "currencyId", "categoryId", "picture", "name", "name_ua", "vendor",
                    "description", "description_ua", stock):
            assert offer.findtext(tag), tag
        assert offer.findtext("categoryId") in categories
        assert offer.findtext("currencyId") == "UAH"
        assert re.fullmatch(r"\d+\.\d{2}", offer.findtext("price"))
        assert offer.find("param[@name='Розмір']") is not None
    with_old = [o for o in offers(root) if o.find(old_price) is not None]
    assert [o.findtext(old_price) for o in with_old] == ["1500.00", "1500.00"]
    assert all(o.find("oldprice" if old_price == "old_price" else "old_price") is None for o in offers(root))
    unavailable = [o for o in offers(root) if o.get("available") == "false"]
    assert [o.findtext(stock) for o in unavailable] == ["0"]
    if kind == Channel.Kind.ROZETKA_YML:
        assert all(o.find("param[@name='Артикул']") is not None for o in offers(root))


def test_google_structure_and_attribute_rules(feeds):
    root = feeds[Channel.Kind.GOOGLE_MERCHANT]
    assert root.tag == "rss" and root.get("version") == "2.0" and root.nsmap["g"] == G[1:-1]
    channel = root.find("channel")
    assert all(channel.findtext(tag) for tag in ("title", "link", "description"))
    items = offers(root)
    assert len(items) == 3
    for item in items:
        assert len(item.findtext(f"{G}id")) <= 50
        assert 0 < len(item.findtext("title")) <= 150
        assert item.findtext(f"{G}availability") in {"in_stock", "out_of_stock", "preorder", "backorder"}
        assert re.fullmatch(r"\d+\.\d{2} [A-Z]{3}", item.findtext(f"{G}price"))
        assert item.findtext(f"{G}gtin") or item.findtext(f"{G}identifier_exists") == "no"
        assert item.findtext(f"{G}google_product_category") == "187"
        for name in ("brand", "size", "color", "gender", "age_group", "image_link"):
            assert item.findtext(f"{G}{name}"), name
        assert all(url.isascii() for url in [item.findtext("link"), item.findtext(f"{G}image_link")])
    groups = [i.findtext(f"{G}item_group_id") for i in items]
    assert groups.count(None) == 1 and len(set(filter(None, groups))) == 1  # the parent itself is not sent
