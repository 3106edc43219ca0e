"""A supplier's name template completes bare titles from the record's facts."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from suppliers.feeds.records import FeedRecord
from suppliers.models import CategoryMapping
from suppliers.sync.name_template import NameTemplate, TemplateError, record_facts

from .conftest import make_supplier, sync
from .test_images_and_http import CSV_HEADER

TEMPLATE = "{type} {audience} {colour} {name}[, {material}]"
FACTS = {"type": "Кеди", "audience": "жіночі", "colour": "рудий", "material": "еко-замша"}


@pytest.mark.parametrize(("title", "expected"), [
    ("Кеди руді", "Кеди жіночі руді, еко-замша"),  # the title's own "руді" agrees with "кеди"
    ("Кеди жіночі руді еко-замша", "Кеди жіночі руді еко-замша"),  # lacks nothing: untouched
    ("Кеди Pumba руді", "Кеди жіночі руді Pumba, еко-замша"),
    ("Зручні кеди руді", "Кеди жіночі руді зручні, еко-замша"),
])
def test_a_bare_title_gets_the_facts_in_the_templates_order(title, expected):
    assert NameTemplate(TEMPLATE).apply(title, FACTS) == expected


def test_an_unknown_fact_drops_its_bracketed_part_and_no_template_changes_nothing():
    assert NameTemplate(TEMPLATE).apply("Кеди руді", {"type": "Кеди", "audience": "жіночі"}) == \
        "Кеди жіночі руді"
    assert NameTemplate("").apply("Кеди руді", FACTS) == "Кеди руді"


def test_a_template_with_an_unknown_field_or_without_the_name_is_refused(sample):
    for bad in ("{type} {colour} {size} {name}", "{type} {colour}"):
        with pytest.raises(TemplateError):
            NameTemplate(bad)


@pytest.mark.django_db
def test_the_supplier_form_refuses_a_broken_template(sample):
    supplier = make_supplier(sample, "lorena", name_template="{type} {colur} {name}")
    with pytest.raises(ValidationError) as caught:
        supplier.full_clean()
    assert "colur" in str(caught.value.message_dict["name_template"])


def test_facts_come_from_the_category_and_the_mapped_parameters():
    record = FeedRecord(model_code="A", name="Кеди", category_key="Жінкам/Кеди", category_name="Жінкам/Кеди",
                        params={"Колір": "руді", "Матеріал": "шкіра", "Сезон": "літо"})
    slugs = {"Колір": "colour", "Матеріал": "material", "Сезон": "season"}
    facts = record_facts(record, type_name="", slug_of=slugs.get)
    assert facts == {"type": "Кеди", "audience": "жіночі", "colour": "руді", "material": "шкіра"}
    record.params["Стать"] = "чоловіча"
    assert record_facts(record, type_name="Кросівки", slug_of=slugs.get)["audience"] == "чоловічі"
    assert record_facts(record, type_name="Кросівки", slug_of=slugs.get)["type"] == "Кросівки"


def test_bare_titles_read_like_the_other_suppliers_after_a_sync(sample, store_categories, tmp_path):
    rows = ["K-1;Сліпони руді ХІТ!;Жіноче взуття/Сліпони;1 000,00;;36;;руді;еко-замша;літо;;так",
            "K-2;Сліпони жіночі чорні шкіра;Жіноче взуття/Сліпони;1 000,00;;37;;чорні;шкіра;літо;;так"]
    feed = tmp_path / "price.csv"
    feed.write_bytes("\r\n".join([CSV_HEADER, *rows]).encode("cp1251"))
    supplier = make_supplier(sample, "lorena", name_template=TEMPLATE)
    CategoryMapping.objects.create(supplier=supplier, key="Жіноче взуття/Сліпони",
                                   category=store_categories["slip-ons"])

    assert sync("lorena", "--source", str(feed), "--no-images")[0] == 0

    names = dict(supplier.products.values_list("supplier_sku", "name"))
    assert names == {"K-1": "Сліпони жіночі руді, еко-замша", "K-2": "Сліпони жіночі чорні шкіра"}
