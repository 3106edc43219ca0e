"""The product page: what a shopper sees, what search engines read, and the admin's draft preview."""

import json
import re
from decimal import Decimal

import pytest
from django.test import RequestFactory

from shop.models import Product, ProductAttribute, ProductImage
from tests.factories import make_product
from tests.storefront.conftest import make_image

pytestmark = pytest.mark.django_db


@pytest.fixture
def boots(site):
    product = make_product(
        site["boots"], name="Чоботи зимові Альпи", name_en="Alpine winter boots", price="3490",
        compare_at_price=Decimal("4200"), brand="Крок", options=["colour:brown", "season:winter"],
        sizes={"38": 2, "39": 0, "40": 1},
        description="<p>Тепла <b>натуральна</b> шкіра.</p>", description_en="<p>Warm leather.</p>",
    )
    for n in range(3):
        ProductImage.objects.create(product=product, image=make_image(f"boot{n}"), sort_order=n)
    return product


def json_ld(html):
    match = re.search(r'<script type="application/ld\+json" nonce="[^"]+">(.*?)</script>', html, re.S)
    return json.loads(match.group(1))


def test_product_page_shows_what_a_shopper_needs(client, boots):
    html = client.get(f"/product/{boots.slug}/").content.decode()
    assert '<h1 class="product__name">Чоботи зимові Альпи</h1>' in html
    assert "3\u202f490\u00a0₴" in html and re.search(r"<s class=\"price-old\">.*4\u202f200\u00a0₴</s>", html)
    assert "Тепла <b>натуральна</b> шкіра." in html
    assert re.search(r'<th scope="row">Колір</th><td>коричневий</td>', html)
    # Sizes: radio buttons; the sold-out one is disabled and explained.
    assert re.search(r'type="radio" name="variant" id="size-\d+" value="\d+" required>\s*'
                     r'<label for="size-\d+">38</label>', html)
    assert re.search(r'value="\d+" disabled>\s*<label for="size-\d+">39<span class="visually-hidden"> '
                     r'\(немає в наявності\)</span>', html)
    assert "Додати в кошик" in html
    # Gallery: the first photo loads at once, the rest lazily; AVIF first, WebP as the fallback.
    pictures = re.findall(r"<picture>.*?</picture>", html)
    assert len(pictures) == 3
    assert 'type="image/avif"' in pictures[0] and 'fetchpriority="high"' in pictures[0]
    assert 'loading="lazy"' not in pictures[0] and 'loading="lazy"' in pictures[1]
    assert re.search(r'<img alt="Чоботи зимові Альпи, фото 1"[^>]* height="\d+"[^>]*src="[^"]+\.webp"'
                     r'[^>]* width="\d+"', pictures[0])
    assert html.count("data-gallery-thumb") == 3


def test_product_page_seo(client, boots):
    html = client.get(f"/product/{boots.slug}/").content.decode()
    url = f"http://testserver/product/{boots.slug}/"
    assert f'<link rel="canonical" href="{url}">' in html
    assert f'<link rel="alternate" hreflang="uk" href="{url}">' in html
    assert (f'<link rel="alternate" hreflang="en" href="http://testserver/en/product/{boots.slug}/">'
            in html)
    assert f'<link rel="alternate" hreflang="x-default" href="{url}">' in html
    graph = {item["@type"]: item for item in json_ld(html)["@graph"]}
    assert graph["Product"]["name"] == "Чоботи зимові Альпи"
    assert graph["Product"]["offers"]["@type"] == "Offer"
    assert graph["Product"]["offers"]["price"] == "3490.00"
    assert graph["Product"]["offers"]["availability"] == "https://schema.org/InStock"
    crumbs = [item["name"] for item in graph["BreadcrumbList"]["itemListElement"]]
    assert crumbs == ["Головна", "Каталог", "Жінкам", "Чоботи", "Чоботи зимові Альпи"]
    assert '<nav class="breadcrumbs"' in html and '<a href="/catalog/women/boots/">Чоботи</a>' in html


def test_english_url_shows_english_texts(client, boots):
    html = client.get(f"/en/product/{boots.slug}/").content.decode()
    assert '<html lang="en">' in html
    assert '<h1 class="product__name">Alpine winter boots</h1>' in html
    assert "Warm leather." in html and "Add to cart" in html
    assert f'<link rel="canonical" href="http://testserver/en/product/{boots.slug}/">' in html
    assert '<a href="/en/catalog/women/boots/">Чоботи EN</a>' in html


def test_english_falls_back_to_ukrainian_when_not_translated(client, site):
    product = make_product(site["sneakers"], name="Кеди Полтава", name_en="")
    html = client.get(f"/en/product/{product.slug}/").content.decode()
    assert '<h1 class="product__name">Кеди Полтава</h1>' in html
    assert "<title>Кеди Полтава — Krok shop</title>" in html


def test_language_switcher_links_the_same_product_and_page(client, site, boots):
    html = client.get(f"/product/{boots.slug}/").content.decode()
    switcher = html[html.index('class="lang-switch"'):]
    switcher = switcher[:switcher.index("</nav>")]
    assert f'<a href="http://testserver/en/product/{boots.slug}/" hreflang="en" lang="en"' in switcher
    assert 'aria-current="true"' in switcher and ">UA<" in switcher

    category = client.get("/en/catalog/women/boots/").content.decode()
    assert '<a href="http://testserver/catalog/women/boots/" hreflang="uk" lang="uk"' in category
    assert '<link rel="alternate" hreflang="en" href="http://testserver/en/catalog/women/boots/">' in category


def test_hidden_and_unpublished_products_are_not_found(client, site):
    hidden = make_product(site["boots"], status=Product.Status.HIDDEN)
    assert client.get(f"/product/{hidden.slug}/").status_code == 404
    draft = make_product(site["boots"])
    Product.objects.filter(pk=draft.pk).update(live=False)
    assert client.get(f"/product/{draft.slug}/").status_code == 404


def test_disabled_product_shows_but_cannot_be_bought(client, site):
    product = make_product(site["boots"], name="Знятий з продажу", status=Product.Status.DISABLED,
                           sizes={"38": 5})
    response = client.get(f"/product/{product.slug}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Знятий з продажу" in html and "Недоступно для замовлення" in html
    assert "Додати в кошик" not in html
    assert 'required>' not in html and re.search(r'name="variant" id="size-\d+" value="\d+" disabled>', html)
    offer = {i["@type"]: i for i in json_ld(html)["@graph"]}["Product"]["offers"]
    assert offer["availability"] == "https://schema.org/OutOfStock"


def test_sold_out_product_says_so(client, site):
    product = make_product(site["boots"], sizes={"38": 0})
    html = client.get(f"/product/{product.slug}/").content.decode()
    assert "Немає в наявності" in html and "Додати в кошик" not in html


def test_admin_preview_of_an_unsaved_draft(site, image, admin_user):
    """The snippet editor previews what an editor typed before anything is saved."""
    product = Product(name="Нова модель", slug="", category=site["sneakers"], price=Decimal("1500"),
                      description="<p>Чернетка опису</p>")
    product.images.add(ProductImage(image=image))
    product.attributes.add(ProductAttribute(option=_option("colour", "red")))
    request = RequestFactory().get("/admin/snippets/shop/product/preview/")
    request.user = admin_user
    response = product.make_preview_request(request, product.default_preview_mode)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 class="product__name">Нова модель</h1>' in html
    assert "Чернетка опису" in html and "<td>червоний</td>" in html
    assert "1\u202f500\u00a0₴" in html and "<picture>" in html


def _option(definition, slug):
    from shop.models import AttributeOption

    return AttributeOption.objects.get(definition__slug=definition, slug=slug)


def test_breadcrumbs_cost_the_same_however_deep_the_category(client, site, boots):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from shop.models import CategoryPage
    from tests.storefront.conftest import translate

    deep = site["boots"].add_child(instance=CategoryPage(title="Зимові", slug="winter"))
    deeper = deep.add_child(instance=CategoryPage(title="Високі", slug="high"))
    english = site["en"]["boots"].locale
    translate(deeper.get_parent().specific, english)
    translate(deeper, english)
    high = make_product(deeper, name="Чоботи високі", price="4100", sizes={"38": 1})

    def queries(path):
        client.get(path)  # warm the per-site caches (navigation, site root paths)
        with CaptureQueriesContext(connection) as captured:
            html = client.get(path).content.decode()
        return len(captured), html

    shallow_count, _ = queries(f"/en/product/{boots.slug}/")
    deep_count, html = queries(f"/en/product/{high.slug}/")
    assert '<a href="/en/catalog/women/boots/winter/high/">Високі EN</a>' in html
    assert deep_count == shallow_count
