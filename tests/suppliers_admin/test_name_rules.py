"""The name-rule tester: unsaved rules applied to sample names, a bad regex named clearly."""

from __future__ import annotations

import json

from bs4 import BeautifulSoup

from .conftest import admin_url

JSON = {"Accept": "application/json", "x-requested-with": "XMLHttpRequest"}
SAMPLES = "Туфлі жіночі NewFeet арт. 1234 ХІТ\nЧоботи зимові (ОПТ) шкіряні"


def test_the_rules_from_the_form_clean_the_sample_names(manager_client, supplier):
    response = manager_client.post(admin_url("name_rules"), {
        "rules": json.dumps([r"\(опт\)", r"арт\.\s*\d+"]), "names": SAMPLES, "brand": "NewFeet",
    }, headers=JSON)
    assert response.status_code == 200
    assert response.json()["results"] == [
        {"name": "Туфлі жіночі NewFeet арт. 1234 ХІТ", "cleaned": "Туфлі жіночі"},
        {"name": "Чоботи зимові (ОПТ) шкіряні", "cleaned": "Чоботи зимові шкіряні"},
    ]
    # Without the rules the supplier's noise stays in (the rules are what is tested, not the saved ones).
    response = manager_client.post(admin_url("name_rules"), {"rules": "[]", "names": SAMPLES,
                                                             "brand": "NewFeet"}, headers=JSON)
    assert response.json()["results"][1]["cleaned"] == "Чоботи зимові (ОПТ) шкіряні"


def test_one_regex_per_line_works_too(manager_client, supplier):
    response = manager_client.post(admin_url("name_rules"), {"rules": "\\(опт\\)\n", "names": SAMPLES},
                                   headers=JSON)
    assert response.json()["results"][1]["cleaned"] == "Чоботи зимові шкіряні"


def test_an_invalid_regex_is_a_clear_error(manager_client, supplier):
    response = manager_client.post(admin_url("name_rules"), {"rules": json.dumps(["арт(\\d+"]),
                                                             "names": SAMPLES}, headers=JSON)
    assert response.status_code == 400
    error = response.json()["error"]
    assert "арт(\\\\d+" in error or "арт(\\d+" in error
    assert "not a valid regular expression" in error

    response = manager_client.post(admin_url("name_rules"), {"rules": "[\"unclosed", "names": SAMPLES},
                                   headers=JSON)
    assert response.status_code == 400 and "not a valid JSON list" in response.json()["error"]


def test_without_javascript_the_tester_is_a_form_page(manager_client, supplier):
    supplier.name_rules = [r"\(опт\)"]
    supplier.save()
    page = manager_client.get(admin_url("name_rules"), {"supplier": supplier.pk}).content.decode()
    rules = BeautifulSoup(page, "html.parser").select_one("textarea[name=rules]").get_text()
    assert json.loads(rules) == [r"\(опт\)"]  # the supplier's saved rules are filled in

    page = manager_client.post(admin_url("name_rules"), {"rules": r'["\\(опт\\)"]', "names": SAMPLES,
                                                         "brand": "NewFeet"}).content.decode()
    assert "Чоботи зимові шкіряні" in page

    page = manager_client.post(admin_url("name_rules"), {"rules": '["(("]', "names": SAMPLES})
    page = page.content.decode()
    assert "not a valid regular expression" in page and "Чоботи зимові шкіряні" not in page


def test_the_name_template_is_previewed_with_the_samples_facts(manager_client, supplier):
    response = manager_client.post(admin_url("name_rules"), {
        "rules": "[]", "brand": "", "template": "{type} {audience} {colour} {name}[, {material}]",
        "names": "Кеди руді ! ХІТ | Кеди | жіночі | рудий | еко-замша\nКеди &amp;amp; кросівки сині",
    }, headers=JSON)
    assert response.status_code == 200
    assert response.json()["results"] == [
        {"name": "Кеди руді ! ХІТ", "cleaned": "Кеди жіночі руді, еко-замша"},
        {"name": "Кеди &amp;amp; кросівки сині", "cleaned": "Кеди & кросівки сині"},  # no facts given
    ]
    response = manager_client.post(admin_url("name_rules"), {
        "rules": "[]", "names": "Кеди", "template": "{type} {colour}"}, headers=JSON)
    assert response.status_code == 400 and "{name}" in response.json()["error"]

    page = manager_client.post(admin_url("name_rules"), {
        "rules": "[]", "names": "Кеди руді | Кеди | жіночі", "template": "{type} {audience} {name}"})
    assert "Кеди жіночі руді" in page.content.decode()  # the form page without JavaScript too
