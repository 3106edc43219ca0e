"""The database backend: typo tolerance by Meilisearch's rule, prefixes, synonyms, ranking."""

import pytest

from search import service
from search.models import SearchSynonym
from shop.models import StockRecord, refresh_product_stock
from tests.factories import make_product
from tests.search.helpers import found

pytestmark = pytest.mark.django_db


def test_exact_words_find_their_products_and_nothing_else(shop):
    assert set(found("чоботи", shop)) == {"boots", "rubber"}
    assert found("туфлі", shop) == ["pumps"]
    assert set(found("чорні кросівки", shop)) == {"black"}


def test_words_under_five_letters_allow_no_typo(shop):
    make_product(shop["pages"]["sneakers"], name="Кеди парусинові")
    assert found("кеди") and not found("кади")


@pytest.mark.parametrize("query, hit", [
    ("туфлу", True),  # 5 letters: one typo
    ("тафлу", False),  # two typos
    ("черивики", True),  # 8 letters: one typo
    ("чиривики", False),
    ("крсоівки", True),  # two letters swapped count as one typo
])
def test_one_typo_from_five_letters(shop, query, hit):
    assert bool(found(query)) is hit


def test_two_typos_from_nine_letters(shop):
    make_product(shop["pages"]["ankle"], name="Ботильйони замшеві")
    assert found("батильони")  # 10 letters, two typos
    assert not found("батилони")  # three


def test_last_word_matches_as_a_prefix(shop):
    assert set(found("чоб", shop)) == {"boots", "rubber"}
    assert found("чорні кро", shop) == ["black"]
    assert found("чорні кро ", shop) != ["black"]  # a finished word is not a prefix


def test_in_stock_products_come_first(shop):
    assert found("кросівки", shop)[-1] == "sold_out"
    # Stock crossing zero reindexes the product (shop.events.stock_crossed_zero).
    black = shop["products"]["black"]
    StockRecord.objects.filter(variant__product=black).update(quantity=0)
    refresh_product_stock([black.pk])
    ranked = found("кросівки", shop)
    assert ranked[0] == "white" and set(ranked[1:]) == {"black", "sold_out"}


def test_exact_beats_typo_and_name_beats_category(shop):
    pages = shop["pages"]
    exact = make_product(pages["shoes"], name="Сумки дорожні")
    typo = make_product(pages["shoes"], name="Сумка жіноча")  # newer, one typo away
    assert found("сумки")[:2] == [exact.pk, typo.pk]
    by_category = make_product(pages["shoes"], name="Човники класичні")  # newest, in "Туфлі"
    assert found("туфлі")[0] == shop["products"]["pumps"].pk
    assert by_category.pk in found("туфлі")


def test_synonyms_the_manager_edits(shop):
    assert set(found("сапоги", shop)) == {"boots", "rubber"}  # a default synonym
    assert not found("мартинси")
    synonym = SearchSynonym.objects.create(terms="черевики, мартинси")
    assert found("мартинси", shop) == ["ankle"]
    synonym.delete()
    assert not found("мартинси")


def test_english_names_and_misspelt_english(shop):
    assert found("black sneakers", shop) == ["black"]
    assert set(found("sneekers", shop)) == {"black", "white", "sold_out"}


def test_unknown_words_do_not_hide_what_the_rest_finds(shop):
    assert set(found("кросівки бла-бла-бла", shop)) == {"black", "white", "sold_out"}


def test_hidden_and_draft_products_are_never_found(shop):
    assert not {"hidden", "draft"} & set(found("кросівки приховані чернетка", shop))
    assert not {"hidden", "draft"} & set(found("кросівки", shop))


@pytest.mark.parametrize("typed, shown, kind", [
    ("rhjcsdrb", "кросівки", "layout"),
    ("xj,jnb", "чоботи", "layout"),
    ("krosivky", "кросівки", "translit"),
    ("choboty", "чоботи", "translit"),
])
def test_wrong_layout_and_transliteration_are_corrected(shop, typed, shown, kind):
    outcome = service.run(typed)
    assert outcome.hits.ids and outcome.correction.kind == kind
    assert outcome.correction.text == shown and outcome.correction.original == typed


def test_russian_queries_find_ukrainian_goods(shop):
    assert set(found("кроссовки", shop)) == {"black", "white", "sold_out"}
    assert set(found("черные сапоги", shop)) == {"rubber"}
    assert found("krossovki", shop)  # transliterated Russian


def test_no_correction_when_the_typed_query_finds_enough(shop):
    assert service.run("кросівки").correction is None
    assert service.run("rhjcsdrb", correct=False).hits.ids == []
