"""One variant-level projection: one offer per size, group ids, stable ids, prices by the channel's rule."""

from decimal import Decimal

import pytest

from channels.models import Channel
from shop.pricing import Rounding

from .conftest import G, build, offers, read_feed

pytestmark = pytest.mark.django_db


def test_a_three_size_product_gives_three_offers_with_one_group_id(make_shoe, make_channel):
    shoe = make_shoe(sizes={"38": 2, "39": 1, "40": 3})
    prom, google = make_channel(Channel.Kind.PROM_YML), make_channel(Channel.Kind.GOOGLE_MERCHANT)
    build(prom), build(google)

    prom_offers = offers(read_feed(prom))
    assert len(prom_offers) == 3
    assert {o.get("group_id") for o in prom_offers} == {f"vdvir-p{shoe.pk}"}
    assert sorted(o.find("param[@name='Розмір']").text for o in prom_offers) == ["38", "39", "40"]
    items = offers(read_feed(google))
    assert {i.findtext(f"{G}item_group_id") for i in items} == {f"vdvir-p{shoe.pk}"}
    assert sorted(i.findtext(f"{G}size") for i in items) == ["38", "39", "40"]
    assert len({i.findtext(f"{G}id") for i in items}) == 3


def test_a_single_size_product_has_no_group_id(make_shoe, make_channel):
    make_shoe(sizes={"41": 4})
    prom, google = make_channel(Channel.Kind.PROM_YML), make_channel(Channel.Kind.GOOGLE_MERCHANT)
    build(prom), build(google)

    [offer] = offers(read_feed(prom))
    assert offer.get("group_id") is None
    [item] = offers(read_feed(google))
    assert item.find(f"{G}item_group_id") is None


def test_offer_ids_survive_a_rebuild_and_a_rename_and_differ_across_suppliers(make_shoe, make_channel):
    from suppliers.models import Supplier

    other = Supplier(name="ShoeHub", slug="shoehub")
    other.save()
    shoe = make_shoe(sizes={"38": 1, "39": 1}, supplier_sku="X-1")
    make_shoe(sizes={"38": 1, "39": 1}, supplier=other, supplier_sku="X-1")  # the same SKU elsewhere
    channel = make_channel()
    build(channel)
    first = [o.get("id") for o in offers(read_feed(channel))]

    shoe.name = "Зовсім нова назва"
    shoe.save()
    build(channel)
    second = [o.get("id") for o in offers(read_feed(channel))]

    assert first == second
    assert len(set(first)) == 4
    assert any(i.startswith("vdvir-") for i in first) and any(i.startswith("shoehub-") for i in first)
    assert "Зовсім нова назва" in [o.findtext("name") for o in offers(read_feed(channel))]


def test_the_channel_price_is_the_shop_price_through_the_channel_rule(make_shoe, make_channel):
    make_shoe(price="1000", sale_price=Decimal("900"), sizes={"38": 1})
    channel = make_channel(markup_percent=Decimal("10"), rounding=Rounding.UP_TO_9)
    build(channel)

    [offer] = offers(read_feed(channel))
    assert offer.findtext("price") == "999.00"  # 900 + 10 % = 990, up to …9
    assert offer.findtext("oldprice") == "1109.00"  # 1000 + 10 % = 1100, up to …9


def test_sizes_below_the_minimum_stock_go_out_as_not_available(make_shoe, make_channel):
    make_shoe(sizes={"38": 1, "39": 5})
    channel = make_channel(min_stock=2)
    build(channel)

    by_size = {o.find("param[@name='Розмір']").text: o for o in offers(read_feed(channel))}
    assert by_size["38"].get("available") == "false"
    assert by_size["38"].findtext("quantity_in_stock") == "0"
    assert by_size["39"].get("available") == "true"
    assert by_size["39"].findtext("quantity_in_stock") == "5"


def test_the_selection_filters_by_supplier_brand_and_category(make_shoe, make_channel, catalog, supplier):
    from suppliers.models import Supplier

    other = Supplier(name="ShoeHub", slug="shoehub")
    other.save()
    wanted = make_shoe(brand="Lumo", sizes={"38": 1})
    make_shoe(brand="Vento", sizes={"38": 1})
    make_shoe(brand="Lumo", supplier=other, sizes={"38": 1})
    make_shoe(brand="Lumo", category="boots", sizes={"38": 1})
    channel = make_channel(brands="lumo, Kozak")
    channel.suppliers.add(supplier)
    channel.categories.add(catalog["sneakers"])
    channel.save()
    build(channel)

    assert [o.findtext("url") for o in offers(read_feed(channel))] == [
        f"http://localhost/product/{wanted.slug}/?size=38"]
