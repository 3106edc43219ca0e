import pytest
from wagtail.models import Locale

from tests.factories import make_catalog, make_product

pytestmark = pytest.mark.django_db


def test_sitemap_lists_pages_and_visible_products_in_both_languages(client):
    Locale.objects.get_or_create(language_code="en")
    catalog = make_catalog()
    shown = make_product(catalog["sneakers"], name="Кросівки білі")
    hidden = make_product(catalog["sneakers"], name="Сховані", status="hidden")

    body = client.get("/sitemap.xml").content.decode()

    assert "/catalog/women/sneakers/" in body
    assert f"/product/{shown.slug}/" in body
    assert f"/en/product/{shown.slug}/" in body
    assert hidden.slug not in body


def test_excluded_page_is_left_out(client):
    catalog = make_catalog()
    from home.models import StandardPage

    catalog["home"].add_child(instance=StandardPage(
        title="Тільки за посиланням", slug="secret", exclude_from_sitemap=True))
    public = catalog["home"].add_child(instance=StandardPage(title="Доставка", slug="delivery"))

    body = client.get("/sitemap.xml").content.decode()

    assert public.url in body
    assert "/secret/" not in body


def test_robots_points_at_sitemap(client):
    body = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in body
    assert "Disallow: /admin/" in body
