"""Query understanding: folding, keyboard layout, transliteration, synonyms, typo budget."""

import pytest

from search import text
from search.convert import latin_to_ukrainian_layout, transliterations, ukrainian_to_latin_layout
from search.models import SearchSynonym
from search.query import LAYOUT, TRANSLIT, corrections, parse


@pytest.mark.parametrize("typed, folded", [
    ("КРОСІВКИ", ["кросивки"]), ("черевікі", ["черевики"]), ("кеды", ["кеди"]),
    ("в'єтнамки", ["ветнамки"]), ("в’єтнамки", ["ветнамки"]), ("вʼєтнамки", ["ветнамки"]),
    ("Чёрные", ["черние"]), ("ботильйони  Ґудзик", ["ботильйони", "гудзик"]),
    ("кросі\u0301вки", ["кросивки"]),  # a stress mark
    ("туфлі-човники", ["туфли", "човники"]),
    ("nul\x00byte", ["nul", "byte"]),
])
def test_text_folds_case_apostrophes_and_letter_variants(typed, folded):
    assert text.words(typed) == folded


def test_query_drops_stop_words_and_is_bounded():
    assert text.query_words("кросівки для бігу") == ["кросивки", "бигу"]
    assert text.query_words("для") == ["для"]  # nothing else left: keep it
    assert len(text.query_words("слово " * 500)) == text.MAX_WORDS
    assert len(text.clean("я" * 2000)) == text.MAX_QUERY_CHARS


@pytest.mark.parametrize("word, budget", [
    ("кеди", 0), ("туфлі", 1), ("кросівки", 1), ("черевички", 2), ("ботильйони", 2), ("12345678", 0),
])
def test_typo_budget_follows_meilisearch(word, budget):
    assert text.typo_budget(word) == budget


def test_keyboard_layout_both_ways():
    assert latin_to_ukrainian_layout("rhjcsdrb") == "кросівки"
    assert latin_to_ukrainian_layout("XJ,JNB") == "чоботи"
    assert latin_to_ukrainian_layout("neaks ;jdns") == "туфлі жовті"
    assert ukrainian_to_latin_layout("тшлу") == "nike"


@pytest.mark.parametrize("latin, cyrillic", [
    ("krosivky", "кросівки"),  # the national standard
    ("krossovki", "кроссовки"),  # informal, Russian-style
    ("chereviky", "черевики"), ("chоboty".replace("о", "o"), "чоботи"), ("shlopantsi", "шлопанці"),
    ("zhovti", "жовті"), ("yaskravi", "яскраві"), ("tufli", "туфлі"),
])
def test_transliteration_offers_the_cyrillic_word(latin, cyrillic):
    assert cyrillic in transliterations(latin)


@pytest.mark.django_db
def test_synonyms_group_words_and_phrases():
    SearchSynonym.objects.all().delete()
    SearchSynonym.objects.create(terms="кросівки, кроссовки, sneakers", one_way=False)
    SearchSynonym.objects.create(terms="гумові чоботи, резиновые сапоги")
    query = parse("резиновые сапоги кроссовки")
    assert [g.words for g in query.groups] == [("резиновие", "сапоги"), ("кроссовки",)]
    assert ("гумови", "чоботи") in query.groups[0].alternatives
    assert query.groups[1].alternatives[0] == ("кроссовки",)  # the typed words come first
    assert {("кросивки",), ("sneakers",)} <= set(query.groups[1].alternatives)
    assert ("резиновие", "сапоги") not in parse("гумові чоботи").groups[0].alternatives  # one way
    assert ("кроссовки",) in parse("кросівки").groups[0].alternatives  # both ways


@pytest.mark.django_db
def test_default_synonyms_are_installed():
    terms = " ".join(SearchSynonym.objects.values_list("terms", flat=True))
    for word in ("кроссовки", "sneakers", "сапоги", "ботинки", "туфли", "босоножки", "boots"):
        assert word in terms


def test_last_word_is_a_prefix_unless_followed_by_a_space(db):
    assert parse("чорні кро").groups[-1].prefix
    assert not parse("чорні кро ").groups[-1].prefix
    assert not parse("чорні кро").groups[0].prefix


def test_corrections_only_for_readings_the_catalog_knows_better(shop):
    layout = corrections(parse("rhjcsdrb"))
    assert layout[0].correction.kind == LAYOUT and layout[0].correction.text == "кросівки"
    translit = corrections(parse("krosivky"))
    assert translit[0].correction.kind == TRANSLIT and translit[0].correction.text == "кросівки"
    assert corrections(parse("кросівки")) == []  # nothing better to offer
