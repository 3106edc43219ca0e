"""Content pages: the composed homepage, information pages, menus, the footer and error pages."""

from datetime import timedelta

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from home.models import SiteSettings, StandardPage
from tests.factories import make_product
from tests.storefront.conftest import make_image

pytestmark = pytest.mark.django_db


def section(kind, hidden=False, **value):
    return {"type": kind, "value": {"hidden": hidden, **value}}


def slide(image, heading, **dates):
    return {"image": image.pk, "heading": heading, "text": "", "starts_at": dates.get("starts"),
            "ends_at": dates.get("ends"), "link": {"page": None, "url": "/catalog/", "text": ""}}


def publish_body(page, body):
    page.body = body
    page.save_revision().publish()


def test_home_renders_sections_in_order_and_skips_hidden_ones(client, site, image):
    make_product(site["sneakers"], name="Новинка сезону", price="2100")
    now = timezone.now()
    publish_body(site["home"], [
        section("hero", slides=[
            slide(image, "Весняний розпродаж"),
            slide(image, "Минула акція", ends=(now - timedelta(days=1)).isoformat()),
            slide(image, "Майбутня акція", starts=(now + timedelta(days=1)).isoformat()),
        ]),
        section("products", heading="Новинки", source="newest", products=[], category=None,
                option=None, limit=8, link={"page": site["catalog"].pk, "url": "", "text": ""}),
        section("text", hidden=True, text="<p>Прихований текст</p>"),
        section("html", html="<p class=\"promo\">Безкоштовна доставка</p>"),
        section("popular_searches", heading="Часто шукають", queries=["ботильйони", "кеди"]),
        section("categories", heading="Категорії", categories=[site["sneakers"].pk, site["boots"].pk]),
    ])
    html = client.get("/").content.decode()
    assert "Весняний розпродаж" in html
    assert "Минула акція" not in html and "Майбутня акція" not in html
    assert "Новинка сезону" in html and "2\u202f100\u00a0₴" in html
    assert 'href="/catalog/">Дивитися всі</a>' in html
    assert "Прихований текст" not in html
    assert '<p class="promo">Безкоштовна доставка</p>' in html
    assert 'href="/search/?q=%D0%BA%D0%B5%D0%B4%D0%B8">кеди</a>' in html
    assert html.index("Весняний розпродаж") < html.index("Новинки") < html.index("Безкоштовна доставка")
    assert 'href="/catalog/women/boots/"' in html
    # A single live slide needs no slider buttons.
    assert "data-slider-next" not in html


def test_english_home_links_english_pages(client, site, image):
    publish_body(site["en"]["home"], [
        section("categories", heading="Shop by category", categories=[site["sneakers"].pk]),
    ])
    html = client.get("/en/").content.decode()
    assert '<html lang="en">' in html
    assert 'href="/en/catalog/women/sneakers/"' in html and "Кросівки EN" in html


def test_standard_page_noindex_menus_and_footer(client, site):
    home = site["home"]
    delivery = home.add_child(instance=StandardPage(
        title="Доставка", slug="delivery", show_in_menus=True, show_in_footer=True,
        body=[{"type": "heading", "value": "Як ми доставляємо"},
              {"type": "text", "value": "<p>Новою поштою по всій Україні.</p>"}],
    ))
    home.add_child(instance=StandardPage(title="Чернетка", slug="draft", live=False, show_in_footer=True))
    secret = home.add_child(instance=StandardPage(title="Службова", slug="internal", noindex=True))
    settings = SiteSettings.for_site(site["home"].get_site())
    settings.header_links = [
        {"type": "link", "value": {"page": site["women"].pk, "url": "", "text": "Жінкам!"}},
        {"type": "link", "value": {"page": None, "url": "/sale/", "text": "Акції"}},
    ]
    settings.phone = "+380 44 123 45 67"
    settings.social_links = [{"type": "social", "value": {"network": "instagram",
                                                           "url": "https://instagram.com/krok"}}]
    settings.save()

    html = client.get(delivery.url).content.decode()
    assert "<h1>Доставка</h1>" in html and "Новою поштою по всій Україні." in html
    assert "<h2>Як ми доставляємо</h2>" in html
    assert 'name="robots"' not in html
    header = html[html.index("<header"):html.index("</header>")]
    footer = html[html.index("<footer"):]
    assert '<a href="/catalog/women/">Жінкам!</a>' in header
    assert '<a href="/sale/">Акції</a>' in header
    assert '<a href="/delivery/" aria-current="page">Доставка</a>' in header  # show_in_menus
    assert '<a href="/delivery/">Доставка</a>' in footer  # show_in_footer
    assert "Чернетка" not in footer
    assert 'href="tel:+380441234567"' in footer and "Instagram" in footer
    assert '<meta name="robots" content="noindex">' in client.get(secret.url).content.decode()


def test_menu_is_cached_and_renewed_on_publish(client, site):
    client.get("/catalog/")
    page = site["home"].add_child(instance=StandardPage(title="Оплата", slug="payment", live=False,
                                                        show_in_menus=True))
    assert "Оплата" not in client.get("/catalog/").content.decode()
    page.save_revision().publish()
    assert '<a href="/payment/">Оплата</a>' in client.get("/catalog/").content.decode()


def test_title_uses_the_site_seo_suffix(client, site):
    html = client.get("/catalog/women/").content.decode()
    assert "<title>Жінкам — Krok shop</title>" in html
    assert '<meta name="description" content="Shoes for everyone">' in html


def test_404_is_friendly_in_both_languages(client, site):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Вибачте, такої сторінки немає" in html
    assert 'action="/search/"' in html and '<meta name="robots" content="noindex">' in html
    english = client.get("/en/no-such-page/")
    assert english.status_code == 404
    html = english.content.decode()
    assert "Sorry, there is no such page" in html
    # Nothing to point search engines at, and the other language's version is its homepage.
    assert 'rel="canonical"' not in html and "hreflang=\"x-default\"" not in html
    assert '<a href="http://testserver/" hreflang="uk" lang="uk"' in html


def test_500_page_needs_no_request_and_no_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        html = render_to_string("500.html")
    assert "Вибачте, щось пішло не так" in html and "Sorry, something went wrong" in html
    assert "css/site.css" in html


def test_images_in_sections_offer_avif_and_webp(client, site):
    publish_body(site["home"], [section("banners", heading="", banners=[
        {"image": make_image("banner", size=(300, 200)).pk, "title": "Сумки",
         "link": {"page": None, "url": "/bags/", "text": ""}}])])
    html = client.get("/").content.decode()
    assert '<source sizes="(min-width: 48em) 33vw, 100vw" srcset="' in html
    assert 'type="image/avif"' in html and ".webp" in html and 'loading="lazy"' in html


def test_home_queries_do_not_grow_with_linked_slides_and_tiles(client, site, image):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def linked_slide(heading, page):
        return {**slide(image, heading), "link": {"page": page.pk, "url": "", "text": ""}}

    def home_queries(pages):
        publish_body(site["en"]["home"], [
            section("hero", slides=[linked_slide(f"Слайд {n}", page) for n, page in enumerate(pages)]),
            section("categories", heading="Категорії", categories=[page.pk for page in pages]),
        ])
        client.get("/en/")  # warm the caches: menus, renditions, locales
        with CaptureQueriesContext(connection) as queries:
            html = client.get("/en/").content.decode()
        assert 'href="/en/catalog/women/boots/"' in html  # links and tiles lead to the English pages
        return len(queries)

    one = home_queries([site["boots"]])
    three = home_queries([site["boots"], site["sneakers"], site["women"]])
    assert three == one
