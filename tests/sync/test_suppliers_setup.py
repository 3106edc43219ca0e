"""Supplier settings the sync obeys: name rules, attribute mapping, schedules, commands, tasks."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone, translation
from django_q.models import Schedule

from shop.events import products_synced
from shop.models import AttributeDefinition, ProductAttribute
from suppliers.models import AttributeMapping, CategoryMapping, Supplier, SyncRun, UnknownAttributeValue
from suppliers.sync.names import NameCleaner
from suppliers.tasks import sync_supplier_task

from .conftest import make_supplier, sync

CSV_HEADER = "Артикул;Назва;Категорія;Ціна;РРЦ;Розміри;Фото;Колір;Матеріал;Сезон;Опис;Наявність;Оздоблення"


def write_csv(path, rows):
    path.write_bytes("\r\n".join([CSV_HEADER, *rows]).encode("cp1251"))
    return path


@pytest.mark.parametrize("raw, brand, code, clean", [
    ('🔥 Туфлі жіночі шкіряні чорні "Kalyna" 33888 ХІТ', "Kalyna", "33888", "Туфлі жіночі шкіряні чорні"),
    ("VZ-10131 Черевики сірі &quot;VZUTTIA&quot;", "VZUTTIA", "VZ10131", "Черевики сірі"),
    ("Уггі марсала арт. SM6294-06", "Solo Moda", "SM6294-06", "Уггі марсала"),
    ("8217-01 Ботфорти LORENA леопардові", "LORENA", "LR8217-01", "Ботфорти леопардові"),
    ("Кеди  сині ( )  NEW!", "", "K-77", "Кеди сині"),
    ("Кеди сині ! ХІТ", "", "", "Кеди сині"),
    ("!!NEW Кеди сині шкіряні", "", "", "Кеди сині шкіряні"),
    ("Черевики &amp;amp;quot;VZUTTIA&amp;amp;quot; сірі", "VZUTTIA", "", "Черевики сірі"),
    ("Кеди &amp;amp; кросівки", "", "", "Кеди & кросівки"),
])
def test_names_lose_brand_code_promo_words_and_stray_spacing(raw, brand, code, clean):
    assert NameCleaner(brands=[brand]).clean(raw, model_code=code) == clean


def test_supplier_settings_are_checked_before_they_reach_a_sync(db):
    with translation.override("uk"), pytest.raises(ValidationError, match="не є коректним регулярним"):
        Supplier.objects.create(name="X", slug="x", name_rules=["(unclosed"])
    supplier = Supplier(name="X", slug="x", dialect="csv_table", adapter_options={"delimitter": ";"})
    with pytest.raises(ValidationError, match="delimitter"):
        supplier.full_clean()
    supplier.adapter_options = {"encoding": "no-such-encoding"}
    with pytest.raises(ValidationError, match="encoding"):
        supplier.full_clean()
    supplier.adapter_options = {"encoding": "windows-1251", "delimiter": ";"}
    supplier.full_clean()


def test_name_rules_attribute_mapping_and_unknown_values(tmp_path, sample, store_categories):
    supplier = make_supplier(sample, "lorena", name_rules=[r"\bновинка сезону\b", r"\(\d+ пар\)"])
    CategoryMapping.objects.create(supplier=supplier, key="Жіноче взуття/Туфлі",
                                   category=store_categories["shoes"])
    feed = write_csv(tmp_path / "p.csv", [
        "T-1;Туфлі капучино Новинка сезону (2 пар);Жіноче взуття/Туфлі;900,00;;36;;капучино;замша;літо;;так;",
        "T-2;Туфлі хамелеон;Жіноче взуття/Туфлі;900,00;;36;;хамелеон;нубук;літо;;так;лак",
        "T-3;Туфлі хамелеон нові;Жіноче взуття/Туфлі;900,00;;36;;хамелеон;замша;зима;;так;",
    ])

    assert sync("lorena", "--source", str(feed), "--no-images")[0] == 0

    products = {p.supplier_sku: p for p in supplier.products.all()}
    assert products["T-1"].name == "Туфлі капучино"
    mappings = dict(AttributeMapping.objects.filter(supplier=supplier).values_list(
        "param", "definition__slug"))
    assert mappings["Колір"] == "colour" and mappings["Матеріал"] == "material"
    assert mappings["Сезон"] == "season" and mappings["Оздоблення"] is None
    options = set(ProductAttribute.objects.filter(product=products["T-1"]).values_list(
        "option__definition__slug", "option__slug"))
    assert {("colour", "beige"), ("material", "suede"), ("season", "summer")} <= options
    unknown = UnknownAttributeValue.objects.get(supplier=supplier)
    assert (unknown.param, unknown.value, unknown.product_count) == ("Колір", "хамелеон", 2)

    # The manager points "Оздоблення" at material (T-2's upper is patent) and teaches colour a word.
    material = AttributeDefinition.objects.get(slug="material")
    AttributeMapping.objects.filter(supplier=supplier, param="Оздоблення").update(definition=material)
    AttributeMapping.objects.filter(supplier=supplier, param="Матеріал").update(definition=None)
    multi = material.__class__.objects.get(slug="colour").options.get(slug="multi")
    multi.keywords += ", хамелеон"
    multi.save()

    code, line = sync("lorena", "--source", str(feed), "--no-images")

    assert code == 0 and "3 updated" in line  # T-1 lost its material: "Матеріал" is ignored now
    assert set(ProductAttribute.objects.filter(product=products["T-2"]).values_list(
        "option__definition__slug", "option__slug")) == {("colour", "multi"), ("material", "patent"),
                                                          ("season", "summer")}
    assert not UnknownAttributeValue.objects.filter(supplier=supplier).exists()


def test_sync_all_prints_a_line_per_supplier_and_reports_the_worst_exit(
        sample, feed_server, store_categories, tmp_path):
    for slug in ("kalyna", "lorena"):
        (feed_server.root / slug).mkdir()
        (feed_server.root / slug / "feed").write_bytes(sample.feed(slug).read_bytes())
        make_supplier(sample, slug, feed_url=f"{feed_server.url}/{slug}/feed")
    Supplier.objects.create(name="Без фіда", slug="own")  # no dialect: not a feed supplier
    out = StringIO()

    call_command("sync_suppliers", "--all", "--no-images", stdout=out)

    lines = out.getvalue().splitlines()
    assert [line.split(":")[0] for line in lines] == ["kalyna", "lorena"]
    assert all(": done" in line for line in lines)

    (feed_server.root / "lorena" / "feed").write_bytes(b"garbage")
    # Rewritten within the same second, the file would still answer 304 Not Modified.
    Supplier.objects.update(feed_etag="", feed_last_modified="")
    with pytest.raises(CommandError) as failure:
        call_command("sync_suppliers", "--all", "--no-images", stdout=StringIO())
    assert failure.value.returncode == 2


def test_schedules_follow_the_supplier(db):
    supplier = Supplier.objects.create(name="K", slug="k", dialect="yml_grouped",
                                       schedule=Supplier.Frequency.DAILY, schedule_hour=4)
    schedule = Schedule.objects.get(name=f"supplier-sync-{supplier.pk}")
    assert (schedule.func, schedule.args, schedule.schedule_type) == (
        "suppliers.tasks.sync_supplier_task", repr(supplier.pk), Schedule.DAILY)
    assert (timezone.localtime(schedule.next_run).hour, schedule.next_run.minute) == (4, 0)

    supplier.schedule, supplier.schedule_interval_minutes = Supplier.Frequency.INTERVAL, 90
    supplier.save()
    schedule.refresh_from_db()
    assert (schedule.schedule_type, schedule.minutes) == (Schedule.MINUTES, 90)

    supplier.active = False
    supplier.save()
    assert not Schedule.objects.filter(name=f"supplier-sync-{supplier.pk}").exists()


def test_the_task_runs_a_sync_and_the_hook_hears_every_change(sample, store_categories):
    supplier = make_supplier(sample, "lorena")
    heard = []

    def receiver(sender, supplier, product_ids, run, **kwargs):
        heard.append((supplier.slug, set(product_ids), run.pk))

    products_synced.connect(receiver)
    try:
        result = sync_supplier_task(supplier.pk, source=str(sample.feed("lorena")), images=False)
    finally:
        products_synced.disconnect(receiver)

    run = SyncRun.objects.get(supplier=supplier)
    assert result == {"supplier": "lorena", "exit_code": 0, "summary": run.summary(), "run": run.pk}
    assert heard == [("lorena", set(supplier.products.values_list("pk", flat=True)), run.pk)]


def test_supplier_html_keeps_formatting_and_loses_everything_active():
    from suppliers.sync.markup import sanitise

    hostile = ('<h3>Туфлі</h3><p style="position:fixed" onclick="x()">Зручні &amp; легкі</p>'
               '<script>steal(document.cookie)</script><img src="x.gif" onerror="alert(1)">'
               '<a href=" JaVa&#10;script:alert(2)">a</a><a href="https://shop.example/?a=1&b=2">b</a>'
               "<iframe src=//evil></iframe><svg><script>1</script></svg><!-- note -->")
    clean = sanitise(hostile)
    assert clean == ('<h3>Туфлі</h3><p>Зручні &amp; легкі</p><img src="x.gif"><a>a</a>'
                     '<a href="https://shop.example/?a=1&amp;b=2">b</a>')
    assert sanitise('Текст "в лапках" & <без тегів') == "<p>Текст \"в лапках\" &amp; &lt;без тегів</p>"
