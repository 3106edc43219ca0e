import pytest

from shop.models import AttributeDefinition

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("капучино", "beige"),
        ("айворі", "white"),
        ("Чорні", "black"),
        ("темно-сині", "blue"),
        ("блакитні", "light-blue"),
        ("бордові", "red"),
        ("пудрові", "pink"),
        ("хакі", "green"),
        ("гірчичні", "yellow"),
        ("бузкові", "purple"),
        ("леопардовий принт", "multi"),
        ("графітові", "grey"),
        ("коньячні", "brown"),
    ],
)
def test_free_text_colours_land_in_their_group(text, group):
    colour = AttributeDefinition.objects.get(slug="colour")
    assert colour.classify(text).slug == group


def test_colour_ships_thirteen_groups():
    colour = AttributeDefinition.objects.get(slug="colour")
    assert colour.options.count() == 13
    assert set(colour.options.values_list("value", flat=True)) == {
        "чорний", "білий", "бежевий", "коричневий", "сірий", "червоний", "рожевий", "синій",
        "блакитний", "зелений", "жовтий", "фіолетовий", "мультиколор",
    }


def test_unknown_colour_is_not_guessed():
    colour = AttributeDefinition.objects.get(slug="colour")
    assert colour.classify("xyz") is None
    assert colour.classify("") is None


def test_longer_keyword_wins():
    material = AttributeDefinition.objects.get(slug="material")
    assert material.classify("еко-шкіра").slug == "eco-leather"
    assert material.classify("натуральна шкіра").slug == "leather"
