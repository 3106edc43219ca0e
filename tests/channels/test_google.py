"""Google Merchant: the price format and the page's price, apparel attributes, identifiers."""

import json
import re
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from django.core.exceptions import ValidationError

from channels.models import Channel, RefusedOffer

from .conftest import G, build, offers, read_feed

pytestmark = pytest.mark.django_db
GOOGLE = Channel.Kind.GOOGLE_MERCHANT


def page_price(client, link):
    """The price the product page's JSON-LD shows at the feed's link for a variant."""
    parts = urlsplit(link)
    html = client.get(f"{parts.path}?{parts.query}").content.decode()
    script = re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S)
    data = json.loads(script.group(1))
    product = next(node for node in data["@graph"] if node["@type"] == "Product")
    return product["offers"]["price"], product["offers"]["priceCurrency"]


def test_the_feed_price_is_formatted_and_equals_the_product_page(make_shoe, make_channel, client):
    make_shoe(price="1299", sale_price=Decimal("1149.5"), sizes={"38": 1, "39": 2})
    channel = make_channel(GOOGLE)
    build(channel)

    items = offers(read_feed(channel))
    assert len(items) == 2
    for item in items:
        price = item.findtext(f"{G}price")
        assert re.fullmatch(r"\d+\.\d{2} [A-Z]{3}", price)
        amount, currency = page_price(client, item.findtext("link"))
        assert price == f"{Decimal(amount):.2f} {currency}" == "1149.50 UAH"


def test_a_google_channel_cannot_change_the_page_price():
    channel = Channel(name="Google", kind=GOOGLE, markup_percent=Decimal("5"))
    with pytest.raises(ValidationError):
        channel.full_clean()


@pytest.mark.parametrize("mapping, options, missing", [
    ({"gender": ""}, ("colour:black",), "gender"),
    ({"age_group": ""}, ("colour:black",), "age_group"),
    ({}, (), "color"),
])
def test_missing_apparel_attributes_are_reported(make_shoe, make_channel, mapping, options, missing):
    make_shoe(sizes={"38": 1})
    bad = make_shoe(sizes={"38": 1}, options=options)
    channel = make_channel(GOOGLE, **mapping)
    run = build(channel)

    refusals = {r.product_id: r for r in run.refusals.all()}
    assert refusals[bad.pk].reason == RefusedOffer.Reason.APPAREL_ATTRIBUTES
    assert missing in refusals[bad.pk].detail
    if not mapping:  # the good product still goes out with all four attributes
        [item] = offers(read_feed(channel))
        assert all(item.findtext(f"{G}{name}") for name in ("size", "color", "gender", "age_group"))


def test_a_valid_gtin_is_sent_and_anything_else_says_identifier_exists_no(make_shoe, make_channel):
    from shop.models import Variant

    shoe = make_shoe(sizes={"38": 1, "39": 1})
    Variant.objects.filter(product=shoe, size="38").update(barcode="4006381333931")  # a real EAN-13
    Variant.objects.filter(product=shoe, size="39").update(barcode="4006381333932")  # wrong check digit
    channel = make_channel(GOOGLE)
    build(channel)

    by_size = {i.findtext(f"{G}size"): i for i in offers(read_feed(channel))}
    assert by_size["38"].findtext(f"{G}gtin") == "4006381333931"
    assert by_size["38"].find(f"{G}identifier_exists") is None
    assert by_size["39"].find(f"{G}gtin") is None
    assert by_size["39"].findtext(f"{G}identifier_exists") == "no"


def test_availability_uses_googles_values(make_shoe, make_channel):
    make_shoe(sizes={"38": 0, "39": 2})
    channel = make_channel(GOOGLE)
    build(channel)

    by_size = {i.findtext(f"{G}size"): i.findtext(f"{G}availability") for i in offers(read_feed(channel))}
    assert by_size == {"38": "out_of_stock", "39": "in_stock"}
