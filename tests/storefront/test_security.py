"""Security headers on storefront pages: strict CSP with nonces, no framing, no needless browser features."""

import json
import re

import pytest

from shop.models import ProductImage
from tests.factories import make_product
from tests.storefront.conftest import make_image

pytestmark = pytest.mark.django_db


@pytest.fixture
def product(site):
    product = make_product(site["sneakers"], name="Кросівки")
    ProductImage.objects.create(product=product, image=make_image())
    return product


@pytest.mark.parametrize("path", ["/", "/catalog/women/?colour=black", "/en/catalog/", "PRODUCT",
                                  "/search/?q=кросівки", "/no-such-page/"])
def test_csp_without_unsafe_inline_and_every_script_allowed(client, product, path):
    response = client.get(f"/product/{product.slug}/" if path == "PRODUCT" else path)
    csp = response["Content-Security-Policy"]
    script_src = next(d for d in csp.split(";") if d.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in csp
    nonce = re.search(r"'nonce-([^']+)'", script_src)
    html = response.content.decode()
    scripts = re.findall(r"<script\b([^>]*)>", html)
    assert scripts, "every storefront page loads site.js"
    for attributes in scripts:
        has_src = re.search(r'\ssrc="/static/[^"]+"', attributes)
        has_nonce = nonce and f'nonce="{nonce.group(1)}"' in attributes
        assert has_src or has_nonce, attributes
    # Styles come only from the stylesheet: no style attributes or <style> blocks.
    assert not re.search(r"<[^>]+\sstyle=", html) and "<style" not in html
    assert " on" not in " ".join(re.findall(r"<[^>]+\son[a-z]+=", html))


def test_product_page_json_ld_uses_the_header_nonce(client, product):
    response = client.get(f"/product/{product.slug}/")
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    assert f'<script type="application/ld+json" nonce="{nonce}">' in response.content.decode()


def test_framing_and_browser_features_are_locked_down(client, site):
    response = client.get("/catalog/")
    assert response["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


@pytest.mark.parametrize("name", ["Кеди <!--<script> літні", "Кеди </script><h1>злом</h1>", "A & B <b>"])
def test_a_product_name_cannot_break_out_of_the_json_ld(client, site, name):
    product = make_product(site["sneakers"], name=name, sizes={"38": 2})
    html = client.get(f"/product/{product.slug}/").content.decode()
    script = re.search(r'<script type="application/ld\+json" nonce="[^"]+">(.*?)</script>', html, re.S)
    data = json.loads(script.group(1))
    assert {item["@type"]: item for item in data["@graph"]}["Product"]["name"] == name
    assert "<" not in script.group(1) and "&" not in script.group(1)
    assert "</footer>" in html[script.end():]  # the rest of the page is still there
