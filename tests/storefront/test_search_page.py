"""The search results page: a grid of tiles, or a helpful empty state."""

import pytest

from tests.factories import make_product

pytestmark = pytest.mark.django_db


def test_results_show_matching_tiles(client, site):
    make_product(site["sneakers"], name="Кеди білі", price="1200")
    make_product(site["boots"], name="Чоботи чорні")
    html = client.get("/search/", {"q": "Кеди"}).content.decode()
    assert "Результати пошуку «Кеди»" in html
    assert "Кеди білі" in html and "Чоботи чорні" not in html
    assert "Знайдено 1 товар" in html and "1\u202f200\u00a0₴" in html
    assert '<meta name="robots" content="noindex">' in html
    assert 'value="Кеди"' in html


def test_empty_results_suggest_what_to_do(client, site):
    html = client.get("/en/search/", {"q": "unicorn"}).content.decode()
    assert "Nothing found" in html and "Check the spelling" in html
    assert 'action="/en/search/"' in html
