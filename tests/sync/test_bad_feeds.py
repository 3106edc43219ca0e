"""Every kind of bad feed is rejected (exit 2) with a reason, and the catalog stays as it was."""

from __future__ import annotations

import pytest

from suppliers.models import CategoryMapping, SyncRun

from .conftest import catalog_snapshot, make_supplier, premap, sync

BILLION_LAUGHS = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
                  '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
                  "<yml_catalog><shop><offers><offer id='1' group_id='1'><name>&lol2;</name>"
                  "<price>100</price></offer></offers></shop></yml_catalog>")
EXTERNAL_ENTITY = ('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
                   "<yml_catalog><shop><offers><offer id='1' group_id='1'><name>&xxe;</name>"
                   "</offer></offers></shop></yml_catalog>")
DTD_FROM_URL = ('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY % p SYSTEM "http://127.0.0.1:9/x.dtd">'
                "%p;]><yml_catalog/>")
EMPTY_OFFERS = ('<?xml version="1.0"?><yml_catalog><shop><categories/><offers></offers></shop>'
                "</yml_catalog>")


def kalyna_truncated(sample):
    data = sample.feed("kalyna").read_bytes()
    return data[: len(data) * 2 // 3]


def kalyna_not_xml(sample):
    return sample.feed("kalyna").read_bytes().replace(b"</offer>", b"</ofer>", 1)


BAD_FEEDS = {
    "truncated": kalyna_truncated,
    "not well-formed": kalyna_not_xml,
    "entity expansion": lambda s: BILLION_LAUGHS.encode(),
    "external entity": lambda s: EXTERNAL_ENTITY.encode(),
    "DOCTYPE pulling a DTD from a URL": lambda s: DTD_FROM_URL.encode(),
    "empty offer list": lambda s: EMPTY_OFFERS.encode(),
    "an HTML error page": lambda s: b"<html><body>502 Bad Gateway</body></html>",
    "empty file": lambda s: b"",
}


@pytest.fixture
def synced_kalyna(sample, store_categories):
    supplier = make_supplier(sample, "kalyna")
    premap(supplier, sample.feed("kalyna"), store_categories)
    assert sync("kalyna", "--source", str(sample.feed("kalyna")), "--no-images")[0] == 0
    return supplier


def assert_rejected(supplier, args, reason_words):
    before = catalog_snapshot()
    code, message = sync(supplier.slug, *args)
    assert code == 2, message
    assert catalog_snapshot() == before
    run = SyncRun.objects.filter(supplier=supplier).first()
    assert run.status == SyncRun.Status.REJECTED and run.finished_at
    assert any(word in run.error.lower() for word in reason_words), run.error
    assert "rejected" in message


@pytest.mark.parametrize("kind", list(BAD_FEEDS))
def test_a_bad_xml_feed_is_rejected_and_changes_nothing(kind, synced_kalyna, sample, tmp_path):
    bad = tmp_path / "bad.xml"
    bad.write_bytes(BAD_FEEDS[kind](sample))
    assert_rejected(synced_kalyna, ["--source", str(bad)],
                    ["truncated", "well-formed", "entit", "no <offer>", "no usable", "empty", "root"])


def test_a_csv_in_the_wrong_encoding_or_without_columns_is_rejected(sample, store_categories, tmp_path):
    supplier = make_supplier(sample, "lorena")
    premap(supplier, sample.feed("lorena"), store_categories)
    assert sync("lorena", "--source", str(sample.feed("lorena")), "--no-images")[0] == 0
    utf8 = tmp_path / "utf8.csv"
    utf8.write_bytes(sample.feed("lorena").read_bytes().decode("cp1251").encode("utf-8"))
    assert_rejected(supplier, ["--source", str(utf8)], ["encoding", "utf-8"])

    columns = tmp_path / "columns.csv"
    columns.write_bytes("Артикул;Опис\r\nA1;текст\r\n".encode("cp1251"))
    assert_rejected(supplier, ["--source", str(columns)], ["назва", "column"])


def test_a_csv_in_the_other_encoding_is_refused_in_words(sample, store_categories, tmp_path):
    supplier = make_supplier(sample, "lorena")  # declared windows-1251
    premap(supplier, sample.feed("lorena"), store_categories)
    assert sync("lorena", "--source", str(sample.feed("lorena")), "--no-images")[0] == 0
    cp1251 = sample.feed("lorena").read_bytes()
    utf8 = tmp_path / "utf8.csv"
    utf8.write_bytes(cp1251.decode("cp1251").encode("utf-8"))

    assert_rejected(supplier, ["--source", str(utf8)], ["the file is utf-8, the supplier says windows-1251"])
    assert "codec" not in SyncRun.objects.filter(supplier=supplier).first().error

    supplier.adapter_options = {**supplier.adapter_options, "encoding": "utf-8"}
    supplier.save()
    assert_rejected(supplier, ["--source", str(sample.feed("lorena"))],
                    ["the file is not utf-8, it looks like windows-1251; the supplier says utf-8"])
    assert "codec" not in SyncRun.objects.filter(supplier=supplier).first().error

    # UTF-8 for the first 200 kB, then a windows-1251 row pasted in: found where it is read.
    late = tmp_path / "late.csv"
    text = cp1251.decode("cp1251")
    header, first_row = text.splitlines()[:2]
    padding = "\r\n".join(f"PAD-{n};{first_row.split(';', 1)[1]}" for n in range(1200))
    late.write_bytes(f"{text}\r\n{padding}".encode() + "\r\nX-1;Кеди руді;".encode("cp1251"))
    assert_rejected(supplier, ["--source", str(late)], ["looks like windows-1251"])
    assert "further into the file" in SyncRun.objects.filter(supplier=supplier).first().error


def test_a_feed_over_the_size_cap_is_rejected(synced_kalyna, sample, settings):
    settings.SUPPLIER_FEED_MAX_BYTES = 1000
    assert_rejected(synced_kalyna, ["--source", str(sample.feed("kalyna"))], ["size cap"])


def test_http_errors_and_timeouts_are_rejected(synced_kalyna, sample, feed_server, settings):
    assert_rejected(synced_kalyna, ["--source", f"{feed_server.url}/missing.xml"], ["http 404"])

    (feed_server.root / "slow.xml").write_bytes(sample.feed("kalyna").read_bytes())
    feed_server.delay = 2
    settings.SUPPLIER_FEED_TIMEOUT = 0.3
    assert_rejected(synced_kalyna, ["--source", f"{feed_server.url}/slow.xml"], ["timed out"])


def test_bad_offers_are_skipped_or_held_while_the_rest_imports(tmp_path, sample, store_categories):
    header = "Артикул;Назва;Категорія;Ціна;РРЦ;Розміри;Фото;Колір;Матеріал;Сезон;Опис;Наявність"
    rows = [
        "A-100;Туфлі чорні;Жіноче взуття/Туфлі;1 000,00;;36,37;;чорні;замша;літо;;так",
        "A-101;Туфлі без ціни;Жіноче взуття/Туфлі;;;36;;чорні;замша;літо;;так",
        "A-102;Туфлі дорогі;Жіноче взуття/Туфлі;99 000 000,00;;36;;чорні;замша;літо;;так",
        "A-103;Туфлі нові;Невідома категорія;900,00;;38;;білі;замша;літо;;так",
        "A-100;Туфлі чорні двічі;Жіноче взуття/Туфлі;1 000,00;;36;;чорні;замша;літо;;так",
        ";Без артикула;Жіноче взуття/Туфлі;500,00;;36;;чорні;замша;літо;;так",
    ]
    feed = tmp_path / "offers.csv"
    feed.write_bytes("\r\n".join([header, *rows]).encode("cp1251"))
    supplier = make_supplier(sample, "lorena")
    CategoryMapping.objects.create(supplier=supplier, key="Жіноче взуття/Туфлі",
                                   category=store_categories["shoes"])

    code, line = sync("lorena", "--source", str(feed), "--no-images")

    assert code == 0, line
    products = {p.supplier_sku: p for p in supplier.products.all()}
    assert set(products) == {"A-100", "A-101", "A-102", "A-103"}
    assert products["A-100"].status == "active" and products["A-100"].name == "Туфлі чорні"
    assert {products[c].status for c in ("A-101", "A-102", "A-103")} == {"hidden"}
    run = SyncRun.objects.get(supplier=supplier)
    assert run.hidden == 3
    assert run.reasons["no valid price (imported hidden)"] == 2
    assert run.reasons["category not mapped (imported hidden)"] == 1
    warnings = {(w["offer"], w["message"]) for w in run.warnings}
    assert ("A-100", "duplicate row ignored") in warnings  # the adapter drops repeats itself
    assert ("line 7", "row without a code ignored") in warnings
    assert {"A-101", "A-102"} <= {offer for offer, _message in warnings}
