"""The demo suppliers' name rules, as load_demo stores them, with the sync's name cleaner."""

import pytest

from demo.management.commands.load_demo import NAME_RULES
from suppliers.models import compile_name_rules
from suppliers.sync.names import NameCleaner


@pytest.mark.parametrize(("supplier", "raw", "code", "brand", "clean"), [
    ("kalyna", "🔥 Ботильйони жіночі лаковані фіолетові Kalyna 97240 ХІТ", "97240", "Kalyna",
     "Ботильйони жіночі лаковані фіолетові"),
    ("kalyna", 'Черевики жіночі шкіряні коньячні "Kalyna" 73483', "73483", "Kalyna",
     "Черевики жіночі шкіряні коньячні"),
    ("vzuttia", 'VZ-33888 Челсі жіночі замшеві айворі "VZUTTIA"', "VZ33888", "VZUTTIA",
     "Челсі жіночі замшеві айворі"),
    ("solomoda", "Кросівки жіночі замшеві сині арт. SM-10131", "SM-10131", "Solo Moda",
     "Кросівки жіночі замшеві сині"),
    ("lorena", "101-31 Уггі жіночі еко-шкіряні зелені LORENA", "101-31", "LORENA",
     "Уггі жіночі еко-шкіряні зелені"),
    ("lorena", "Туфлі артові", "1-01", "LORENA", "Туфлі артові"),  # words are not codes
])
def test_demo_name_rules_clean_the_sample_names(supplier, raw, code, brand, clean):
    cleaner = NameCleaner(compile_name_rules(NAME_RULES[supplier]), brands=[brand])
    assert cleaner.clean(raw, brand=brand, model_code=code) == clean
