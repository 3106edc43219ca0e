"""A small catalog with a supplier, shoes with photos and sizes, channels mapped onto it."""

import gzip
from itertools import count

import pytest
from django.contrib.auth import get_user_model
from lxml import etree

from channels.build import build_feed, feed_path
from channels.models import Channel, ChannelCategory
from suppliers.models import Supplier
from tests.admin.helpers import make_image
from tests.factories import make_catalog, make_product

G = "{http://base.google.com/ns/1.0}"
_photo_seq = count(1)


@pytest.fixture(autouse=True)
def _feed_root(settings, tmp_path):
    """Each test writes its feeds afresh: primary keys repeat across tests, files must not."""
    settings.CHANNELS_FEED_ROOT = tmp_path / "feeds"


@pytest.fixture
def catalog(db):
    return make_catalog()


@pytest.fixture
def supplier(db):
    supplier = Supplier(name="Взуттєвий двір", slug="vdvir")
    supplier.save()
    return supplier


@pytest.fixture
def photo(db):
    return make_image("фото-кросівок")  # a Cyrillic file name: URLs must come out percent-encoded


@pytest.fixture
def make_shoe(catalog, supplier, photo):
    def make(*, sizes=None, photos=1, brand="Lumo", options=("colour:black",), category="sneakers", **fields):
        from shop.models import ProductImage

        fields.setdefault("supplier", supplier)
        fields.setdefault("supplier_sku", f"SKU-{next(_photo_seq)}")
        product = make_product(catalog[category], sizes=sizes or {"38": 2, "39": 1, "40": 3}, brand=brand,
                               options=options, **fields)
        for position in range(photos):
            ProductImage.objects.create(product=product, image=photo, sort_order=position)
        return product
    return make


@pytest.fixture
def make_channel(catalog):
    def make(kind=Channel.Kind.PROM_YML, *, mapped="women", gender="female", age_group="adult", **fields):
        fields.setdefault("approve_new_listings", True)
        fields.setdefault("rebuild_every_minutes", 0)
        channel = Channel.objects.create(name=f"{kind} channel", kind=kind, **fields)
        if mapped:
            ChannelCategory.objects.create(channel=channel, category=catalog[mapped], external_id="187",
                                           gender=gender, age_group=age_group)
        return channel
    return make


def build(channel):
    return build_feed(channel.pk)


def read_feed(channel):
    with gzip.open(feed_path(channel), "rb") as stream:
        return etree.fromstring(stream.read())


def offers(root):
    """Offer elements of a YML (<offer>) or Google (<item>) feed."""
    return root.findall(".//offer") or root.findall(".//item")


@pytest.fixture
def boss_client(client, db):
    boss = get_user_model().objects.create_superuser("boss", "boss@example.com", "pw")
    client.force_login(boss)
    return client


# --- marketplace orders in ---

@pytest.fixture
def prom_api(httpserver, settings):
    from tests.channels.order_fakes import FakeProm

    fake = FakeProm(httpserver)
    settings.PROM_API_URL = fake.url
    settings.CHANNEL_API_BACKOFF_SECONDS = 0
    return fake


@pytest.fixture
def rozetka_api(httpserver, settings):
    from tests.channels.order_fakes import FakeRozetka

    fake = FakeRozetka(httpserver)
    settings.ROZETKA_API_URL = fake.url
    settings.CHANNEL_API_BACKOFF_SECONDS = 0
    return fake


@pytest.fixture
def prom_shop(make_channel):
    return make_channel(Channel.Kind.PROM_YML, prom_api_token="prom-token", import_orders=True)


@pytest.fixture
def rozetka_shop(make_channel):
    return make_channel(Channel.Kind.ROZETKA_YML, rozetka_api_token="rz-token", import_orders=True)


def offer_of(variant):
    from channels.projection import offer_id

    supplier = variant.product.supplier
    return offer_id(supplier.slug if supplier else None, variant.pk)


def stock_of(variant):
    from django.db.models import Sum

    from shop.models import StockRecord

    return StockRecord.objects.filter(variant=variant).aggregate(total=Sum("quantity"))["total"] or 0
