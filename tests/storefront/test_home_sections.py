"""A homepage section an editor adds publishes on the first try with what the form starts with:
no hidden required row, and a clear message only when the chosen source needs a choice."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from home.blocks import HomeSections

SECTIONS = HomeSections().child_blocks


def new_section(name, **typed):
    """What the admin form holds for a newly added section, plus what the editor typed."""
    block = SECTIONS[name]
    value = block.get_default()
    for field, typed_value in typed.items():
        value[field] = typed_value
    return block, value


@pytest.mark.parametrize("source", ["newest", "sale"])
def test_a_product_section_from_a_source_publishes_with_its_defaults(source):
    block, value = new_section("products", heading="Новинки", source=source)
    assert block.get_form_state(block.get_default())["products"] == []  # the admin shows no empty row
    assert block.clean(value)["source"] == source


@pytest.mark.parametrize("source, field, words", [
    ("picked", "products", "Виберіть хоча б один товар"),
    ("category", "category", "Виберіть категорію"),
    ("option", "option", "Виберіть варіант атрибута"),
])
def test_a_source_that_needs_a_choice_says_so(source, field, words):
    block, value = new_section("products", heading="Добірка", source=source)
    with translation.override("uk"):
        with pytest.raises(ValidationError) as error:
            block.clean(value)
        assert words in str(error.value.block_errors[field])


def test_popular_searches_publish_with_their_defaults():
    block, value = new_section("popular_searches")
    assert block.clean(value)["heading"]


@pytest.mark.parametrize("name", ["text", "html"])
def test_text_sections_publish_once_written(name):
    field = {"text": "text", "html": "html"}[name]
    content = SECTIONS[name].child_blocks[field].to_python("<p>Знижки тижня</p>")
    block, value = new_section(name, **{field: content})
    block.clean(value)
