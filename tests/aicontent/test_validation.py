"""What a model answer must satisfy before it may touch a product."""

import pytest

from aicontent.facts import ProductFacts
from aicontent.models import Kind
from aicontent.validation import InvalidAnswer, validate

FACTS = ProductFacts(name="Кросівки жіночі", category="Кросівки", attributes={"Колір": "білий"},
                     sizes=["38", "39"])


def test_description_html_keeps_only_what_the_editor_allows():
    html = ("<h2 onclick='x()'>Кросівки</h2><p>Легкі жіночі кросівки для міста, зручні на кожен день "
            "і в подорожі, м'які та легкі. <a href='javascript:alert()'>Посилання</a> "
            "<img src=x onerror=alert()></p>"
            "<ul><li>Колір: білий</li><li>Розміри: 38, 39</li></ul><style>p{}</style>")
    result = validate(Kind.DESCRIPTION, {"description_html": html}, FACTS)["description"]
    for gone in ("<h2", "onclick", "javascript", "<a", "<img", "onerror", "<style", "p{}"):
        assert gone not in result
    assert "<ul><li>Колір: білий</li>" in result and "Розміри: 38, 39" in result


@pytest.mark.parametrize("data, reason", [
    ({"seo_title": "White sneakers for women", "meta_description": "Зручні кросівки."}, "Not in Ukrainian"),
    ({"seo_title": "<b>Кросівки</b>", "meta_description": "Зручні кросівки."}, "plain text"),
    ({"seo_title": "Кросівки", "meta_description": "Зручні кросівки. " * 12}, "at most 160"),
    ({"seo_title": "Кросівки зі знижкою 50%", "meta_description": "Зручні кросівки."}, "50"),
    ({"seo_title": "Кросівки"}, "lacks meta_description"),
])
def test_bad_seo_answers_are_refused_with_the_reason(data, reason):
    with pytest.raises(InvalidAnswer, match=reason):
        validate(Kind.SEO, data, FACTS)


def test_a_good_seo_answer_is_trimmed_to_single_spaces():
    answer = {"seo_title": " Білі  жіночі кросівки ", "meta_description": "Розміри 38 і 39."}
    result = validate(Kind.SEO, answer, FACTS)
    assert result == {"seo_title": "Білі жіночі кросівки", "meta_description": "Розміри 38 і 39."}


def test_translation_asks_only_for_what_exists_in_ukrainian():
    answer = {"name_en": "Women's sneakers"}
    assert validate(Kind.TRANSLATION, answer, FACTS) == answer
    with_text = ProductFacts(name="Кросівки", description_html="<p>Легкі</p>", seo_title="Кросівки")
    with pytest.raises(InvalidAnswer, match="description_html_en"):
        validate(Kind.TRANSLATION, {"name_en": "Sneakers", "seo_title_en": "Sneakers"}, with_text)


def test_a_translation_still_in_ukrainian_is_refused():
    with pytest.raises(InvalidAnswer, match="Not in English"):
        validate(Kind.TRANSLATION, {"name_en": "Кросівки жіночі"}, FACTS)
