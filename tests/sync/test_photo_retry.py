"""A photo that failed is tried again at the next sync, then with growing pauses."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from PIL import Image

from shop.models import ProductImage
from suppliers.models import CategoryMapping, ImageSource, SyncRun

from .conftest import make_supplier, sync
from .test_images_and_http import CSV_HEADER


def photo_feed(feed_server, sample, store_categories):
    (feed_server.root / "img").mkdir()
    rows = [f"L-1;Туфлі червоні;Жіноче взуття/Туфлі;1 000,00;;36;{feed_server.url}/img/late.jpg;червоні;"
            "замша;літо;;так",
            f"D-1;Туфлі сині;Жіноче взуття/Туфлі;1 000,00;;37;{feed_server.url}/img/dead.jpg;сині;"
            "замша;літо;;так"]
    (feed_server.root / "price.csv").write_bytes("\r\n".join([CSV_HEADER, *rows]).encode("cp1251"))
    supplier = make_supplier(sample, "lorena")
    CategoryMapping.objects.create(supplier=supplier, key="Жіноче взуття/Туфлі",
                                   category=store_categories["shoes"])
    return supplier


def asked(feed_server, name: str) -> int:
    return sum(path.endswith(f"/img/{name}") for path in feed_server.requests)


def test_a_photo_uploaded_after_the_feed_arrives_at_the_next_sync(feed_server, sample, store_categories):
    supplier = photo_feed(feed_server, sample, store_categories)
    feed = f"{feed_server.url}/price.csv"

    assert sync("lorena", "--source", feed)[0] == 0
    assert not ProductImage.objects.exists()
    assert SyncRun.objects.filter(supplier=supplier).first().images_failed == 2

    # The supplier uploads the photo an hour later; the feed is byte for byte the same.
    Image.new("RGB", (400, 300), (200, 30, 30)).save(feed_server.root / "img" / "late.jpg")
    assert sync("lorena", "--source", feed)[0] == 0

    late = supplier.products.get(supplier_sku="L-1")
    assert ProductImage.objects.filter(product=late).count() == 1
    assert asked(feed_server, "late.jpg") == 2
    source = ImageSource.objects.get(url__endswith="/late.jpg")
    assert source.image_id and source.failures == 0 and source.retry_at is None


def test_a_photo_that_keeps_failing_waits_longer_each_time(feed_server, sample, store_categories, settings):
    settings.SUPPLIER_IMAGE_RETRY_MINUTES = 30
    settings.SUPPLIER_IMAGE_RETRY_MAX_HOURS = 24
    supplier = photo_feed(feed_server, sample, store_categories)
    feed = f"{feed_server.url}/price.csv"

    for _ in range(2):  # the first failure is retried at once, the second starts the backoff
        assert sync("lorena", "--source", feed)[0] == 0
    assert asked(feed_server, "dead.jpg") == 2
    dead = ImageSource.objects.get(url__endswith="/dead.jpg")
    assert dead.failures == 2
    assert timedelta(minutes=29) < dead.retry_at - timezone.now() <= timedelta(minutes=30)

    assert sync("lorena", "--source", feed)[0] == 0  # within the pause: not asked
    assert asked(feed_server, "dead.jpg") == 2
    run = SyncRun.objects.filter(supplier=supplier).first()
    assert run.images_failed == 2 and not run.not_modified  # still missing: no "unchanged" shortcut

    ImageSource.objects.filter(pk=dead.pk).update(retry_at=timezone.now() - timedelta(seconds=1))
    assert sync("lorena", "--source", feed)[0] == 0  # the pause is over: asked again, pause doubled
    assert asked(feed_server, "dead.jpg") == 3
    dead.refresh_from_db()
    assert dead.failures == 3
    assert timedelta(minutes=59) < dead.retry_at - timezone.now() <= timedelta(minutes=60)

    ImageSource.objects.filter(pk=dead.pk).update(failures=30)
    ImageSource.objects.filter(pk=dead.pk).update(retry_at=timezone.now() - timedelta(seconds=1))
    assert sync("lorena", "--source", feed)[0] == 0
    dead.refresh_from_db()
    assert dead.retry_at - timezone.now() <= timedelta(hours=24)  # the cap holds
