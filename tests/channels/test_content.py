"""What goes inside offers: clean text, escaped entities, picture caps, encoded URLs, refusals."""

import gzip

import pytest
from lxml import etree

from channels.build import feed_path
from channels.models import Channel, RefusedOffer

from .conftest import G, build, offers, read_feed

pytestmark = pytest.mark.django_db
ALL_KINDS = [Channel.Kind.PROM_YML, Channel.Kind.ROZETKA_YML, Channel.Kind.GOOGLE_MERCHANT]


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_control_characters_are_stripped_and_entities_escaped(make_shoe, make_channel, kind):
    make_shoe(name="Кеди \x01Tom\x0b & Jerry <\"Класика\"> 'ліміт'\x1f", brand="A&B\x02",
              description="<p>Опис\x07 & <b>жирний</b> ]]> кінець</p>", sizes={"38": 1})
    channel = make_channel(kind)
    build(channel)

    raw = gzip.open(feed_path(channel)).read()
    assert not any(byte < 0x20 and byte not in (0x09, 0x0A, 0x0D) for byte in raw)
    parser = etree.XMLParser(recover=False, resolve_entities=False)
    root = etree.fromstring(raw, parser)  # strict parse: nothing unescaped
    [offer] = offers(root)
    name = offer.findtext("name") or offer.findtext("title")
    assert name.startswith("Кеди Tom & Jerry <\"Класика\"> 'ліміт'")
    assert b"&amp; Jerry &lt;" in raw
    brand = offer.findtext("vendor") or offer.findtext(f"{G}brand")
    assert brand == "A&B"
    if kind != Channel.Kind.GOOGLE_MERCHANT:
        assert offer.findtext("description") == "<p>Опис & <b>жирний</b> ]]> кінець</p>"
    else:
        assert offer.findtext("description") == "Опис & жирний ]]> кінець"


@pytest.mark.parametrize("kind, cap", [(Channel.Kind.PROM_YML, 11), (Channel.Kind.ROZETKA_YML, 16)])
def test_yml_pictures_are_capped(make_shoe, make_channel, kind, cap):
    make_shoe(photos=20, sizes={"38": 1})
    channel = make_channel(kind)
    build(channel)

    [offer] = offers(read_feed(channel))
    assert len(offer.findall("picture")) == cap


def test_google_has_one_image_link_and_at_most_ten_additional(make_shoe, make_channel):
    make_shoe(photos=20, sizes={"38": 1})
    channel = make_channel(Channel.Kind.GOOGLE_MERCHANT)
    build(channel)

    [item] = offers(read_feed(channel))
    assert len(item.findall(f"{G}image_link")) == 1
    assert len(item.findall(f"{G}additional_image_link")) == 10


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_cyrillic_urls_are_percent_encoded(make_shoe, make_channel, photo, settings, kind):
    from wagtail.images.models import Image

    Image.objects.filter(pk=photo.pk).update(file="original_images/кросівки чорні.png")
    settings.CHANNELS_SITE_URL = "https://shop.example/магазин"
    make_shoe(sizes={"36/37": 1})
    channel = make_channel(kind)
    build(channel)

    [offer] = offers(read_feed(channel))
    picture = offer.findtext("picture") or offer.findtext(f"{G}image_link")
    link = offer.findtext("url") or offer.findtext("link")
    assert picture == ("https://shop.example/%D0%BC%D0%B0%D0%B3%D0%B0%D0%B7%D0%B8%D0%BD/media/original_images/"
                       "%D0%BA%D1%80%D0%BE%D1%81%D1%96%D0%B2%D0%BA%D0%B8%20%D1%87%D0%BE%D1%80%D0%BD%D1%96.png")
    assert link.isascii() and link.endswith("?size=36/37")


@pytest.mark.parametrize("kind, reason, fields", [
    (Channel.Kind.ROZETKA_YML, RefusedOffer.Reason.MISSING_BRAND, {"brand": ""}),
    (Channel.Kind.GOOGLE_MERCHANT, RefusedOffer.Reason.MISSING_BRAND, {"brand": ""}),
    (Channel.Kind.PROM_YML, RefusedOffer.Reason.NO_PHOTO, {"photos": 0}),
    (Channel.Kind.PROM_YML, RefusedOffer.Reason.ZERO_PRICE, {"price": "0"}),
    (Channel.Kind.PROM_YML, RefusedOffer.Reason.UNMAPPED_CATEGORY, {"category": "boots"}),
])
def test_products_a_channel_cannot_list_are_refused_with_their_reason(make_shoe, make_channel, kind, reason,
                                                                      fields):
    make_shoe(sizes={"38": 1}, brand="Lumo")  # a good one keeps the feed publishable
    bad = make_shoe(sizes={"38": 1}, **fields)
    channel = make_channel(kind, mapped="sneakers")
    run = build(channel)

    assert run.status == run.Status.PUBLISHED
    assert run.refused == 1 and run.offers_written == 1
    refusal = run.refusals.get()
    assert (refusal.product_id, refusal.reason) == (bad.pk, reason)


def test_a_product_without_sizes_is_refused(make_shoe, make_channel):
    from shop.models import Variant

    make_shoe(sizes={"38": 1})
    bad = make_shoe(sizes={"38": 1})
    Variant.objects.filter(product=bad).delete()
    run = build(make_channel())

    assert list(run.refusals.values_list("product_id", "reason")) == [(bad.pk, RefusedOffer.Reason.NO_SIZE)]
