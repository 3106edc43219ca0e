"""Feeds and photos over HTTP: WebP conversion, dedupe, no re-download, private addresses, 304s."""

from __future__ import annotations

import io
import shutil

import pytest
from PIL import Image
from wagtail.images import get_image_model

from shop.models import ProductImage
from suppliers.models import CategoryMapping, ImageSource, SyncRun

from .conftest import make_sample, make_supplier, premap, reexported, sync

CSV_HEADER = "Артикул;Назва;Категорія;Ціна;РРЦ;Розміри;Фото;Колір;Матеріал;Сезон;Опис;Наявність"


@pytest.fixture
def served(feed_server):
    """A sample with photos, its picture URLs pointing at the local server."""
    return make_sample(feed_server.root, models=24, images=True, base_url=feed_server.url)


def webp(image) -> Image.Image:
    with image.file.open("rb") as fh:
        picture = Image.open(io.BytesIO(fh.read()))
        picture.load()
    return picture


def test_photos_become_ordered_webp_images_of_at_most_1920px(served, feed_server, store_categories):
    supplier = make_supplier(served, "solomoda")
    premap(supplier, served.feed("solomoda"), store_categories)

    code, line = sync("solomoda", "--source", f"{feed_server.url}/solomoda/catalog.xml")

    assert code == 0, line
    truth = served.truth["solomoda"]
    for product in supplier.products.all():
        photos = [pi.image for pi in ProductImage.objects.filter(product=product).order_by("sort_order")]
        assert len(photos) == truth[product.supplier_sku]["photos"]  # a repeated URL is attached once
        for image in photos:
            picture = webp(image)
            assert picture.format == "WEBP" and max(picture.size) <= 1920
            assert (image.width, image.height) == picture.size and image.file_hash
            assert image.file.name.startswith("original_images/solomoda-")
    names = [u.rsplit("/", 1)[-1] for u in ImageSource.objects.values_list("url", flat=True)]
    assert {n.rsplit("-", 1)[0] for n in names} == set(truth)  # photos are named after the model
    run = SyncRun.objects.get(supplier=supplier)
    assert run.images_fetched == get_image_model().objects.count() > 0 and run.images_failed == 0

    feed_server.requests.clear()
    reexported(served.feed("solomoda"))
    code, line = sync("solomoda", "--source", f"{feed_server.url}/solomoda/catalog.xml")

    assert code == 0
    assert [r for r in feed_server.requests if "/img/" in r] == []  # known URLs are not fetched again
    run = SyncRun.objects.filter(supplier=supplier).first()
    assert run.images_fetched == 0 and run.images_reused > 0 and run.updated == 0


def test_same_bytes_make_one_image_big_ones_shrink_transparency_stays_broken_links_warn(
        feed_server, sample, store_categories):
    img = feed_server.root / "img"
    img.mkdir()
    Image.new("RGBA", (300, 200), (200, 30, 30, 0)).save(img / "clear.png")
    shutil.copy(img / "clear.png", img / "copy-of-clear.png")
    (img / "fake.jpg").write_text("<html>not a picture</html>")
    Image.new("RGB", (3000, 2000), (20, 90, 200)).save(img / "big.jpg", quality=70)
    rows = [
        f"P-1;Туфлі червоні;Жіноче взуття/Туфлі;1 000,00;;36;{feed_server.url}/img/clear.png;червоні;"
        "замша;літо;;так",
        f"P-2;Туфлі червоні нові;Жіноче взуття/Туфлі;1 100,00;;37;{feed_server.url}/img/copy-of-clear.png;"
        "червоні;замша;літо;;так",
        f"P-3;Туфлі великі;Жіноче взуття/Туфлі;1 200,00;;38;{feed_server.url}/img/missing.jpg|"
        f"{feed_server.url}/img/big.jpg|{feed_server.url}/img/fake.jpg;червоні;замша;літо;;так",
    ]
    (feed_server.root / "price.csv").write_bytes("\r\n".join([CSV_HEADER, *rows]).encode("cp1251"))
    supplier = make_supplier(sample, "lorena")
    CategoryMapping.objects.create(supplier=supplier, key="Жіноче взуття/Туфлі",
                                   category=store_categories["shoes"])

    code, line = sync("lorena", "--source", f"{feed_server.url}/price.csv")

    assert code == 0, line
    images = {p.supplier_sku: [pi.image_id for pi in p.images.all()] for p in supplier.products.all()}
    assert images["P-1"] == images["P-2"] and len(images["P-1"]) == 1 and len(images["P-3"]) == 1
    assert get_image_model().objects.count() == 2
    assert webp(get_image_model().objects.get(pk=images["P-1"][0])).mode == "RGBA"
    big = webp(get_image_model().objects.get(pk=images["P-3"][0]))
    assert (big.format, big.size, big.mode) == ("WEBP", (1920, 1280), "RGB")
    run = SyncRun.objects.get(supplier=supplier)
    assert (run.images_fetched, run.images_failed) == (2, 2)
    problems = {w["message"] for w in run.warnings if w["offer"] == "P-3"}
    assert any("HTTP 404" in m for m in problems) and any("not a readable image" in m for m in problems)
    assert supplier.products.get(supplier_sku="P-3").status == "active"  # a photo is not worth a product


def test_private_addresses_are_refused_unless_allowed(served, feed_server, store_categories, settings):
    supplier = make_supplier(served, "lorena")
    settings.SUPPLIER_FEEDS_ALLOW_PRIVATE = False

    code, message = sync("lorena", "--source", f"{feed_server.url}/lorena/price.csv")

    assert code == 2 and "private" in message
    assert feed_server.requests == []
    # Photos too: a local feed whose picture URLs point into our network gets no photos.
    code, line = sync("lorena", "--source", str(served.feed("lorena")))
    assert code == 0 and feed_server.requests == []
    run = SyncRun.objects.filter(supplier=supplier).first()
    assert run.images_failed > 0 and any("private" in w["message"] for w in run.warnings)
    assert not ProductImage.objects.exists()

    settings.SUPPLIER_FEEDS_ALLOW_PRIVATE = True
    ImageSource.objects.all().delete()  # forget the failures so they are tried again now
    assert sync("lorena", "--source", f"{feed_server.url}/lorena/price.csv")[0] == 0
    assert ProductImage.objects.exists()


def test_an_unchanged_feed_is_not_downloaded_again(served, feed_server, store_categories):
    supplier = make_supplier(served, "kalyna", feed_url=f"{feed_server.url}/kalyna/feed.xml")
    premap(supplier, served.feed("kalyna"), store_categories)
    assert sync("kalyna", "--no-images")[0] == 0
    supplier.refresh_from_db()
    assert supplier.feed_last_modified

    code, line = sync("kalyna", "--no-images")

    assert code == 0 and "not modified" in line
    assert SyncRun.objects.filter(supplier=supplier).first().not_modified
    code, line = sync("kalyna", "--no-images", "--force")
    assert code == 0 and "0 created" in line and "not modified" not in line


def test_the_dtd_a_feed_names_is_never_fetched(sample, feed_server, store_categories, tmp_path):
    data = sample.feed("kalyna").read_bytes().replace(
        b'SYSTEM "shops.dtd"', f'SYSTEM "{feed_server.url}/shops.dtd"'.encode())
    feed = tmp_path / "feed.xml"
    feed.write_bytes(data)
    supplier = make_supplier(sample, "kalyna")

    code, line = sync("kalyna", "--source", str(feed), "--no-images")

    assert code == 0, line
    assert feed_server.requests == [] and supplier.products.count() == len(sample.truth["kalyna"])


def test_photos_beside_an_operators_local_feed_are_read_from_disk(tmp_path, store_categories):
    local = make_sample(tmp_path / "local", models=12, images=True)  # file:// picture URLs
    supplier = make_supplier(local, "lorena")

    assert sync("lorena", "--source", str(local.feed("lorena")))[0] == 0

    assert ProductImage.objects.filter(product__supplier=supplier).count() == sum(
        row["photos"] for row in local.truth["lorena"].values())
