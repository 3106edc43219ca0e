"""Every link an editor types (slides, banners, section links, menus, social links) is a web
address, a path, mailto: or tel:. Other schemes are refused in the form, and links older
content still holds are not rendered."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from home.blocks import HeroSlide, LinkBlock
from home.models import SiteSettings

from .test_pages import publish_body, section, slide

UNSAFE = ["javascript:alert(1)", "JavaScript:alert(1)", " java\tscript:alert(1)", "data:text/html,<b>",
          "vbscript:msgbox", "file:///etc/passwd"]
SAFE = ["https://example.com/a", "http://example.com", "/catalog/", "catalog/boots/", "#sizes",
        "?q=кеди", "mailto:shop@example.com", "tel:+380441234567", "//cdn.example.com/x"]


@pytest.mark.parametrize("url", UNSAFE)
def test_the_form_refuses_unsafe_schemes_with_a_message(url):
    with translation.override("uk"):
        with pytest.raises(ValidationError) as error:
            LinkBlock().clean(LinkBlock().to_python({"page": None, "url": url, "text": "x"}))
        assert "заборонені" in str(error.value.block_errors["url"])


@pytest.mark.parametrize("url", SAFE)
def test_the_form_keeps_safe_links(url):
    value = LinkBlock().clean(LinkBlock().to_python({"page": None, "url": url, "text": "x"}))
    assert value["url"] == url


def test_a_slide_with_a_javascript_link_is_refused():
    block = HeroSlide()
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"image": None, "heading": "h", "link": {
            "page": None, "url": "javascript:alert(1)", "text": ""}}))


@pytest.mark.django_db
def test_links_older_content_holds_are_not_rendered(client, site, image):
    hostile = slide(image, "Весняний розпродаж")
    hostile["link"]["url"] = "javascript:alert(document.cookie)"
    publish_body(site["home"], [
        section("hero", slides=[hostile]),
        section("products", heading="Новинки", source="newest", products=[], category=None,
                option=None, limit=8, link={"page": None, "url": "data:text/html,x", "text": ""}),
    ])
    settings = SiteSettings.for_site(site["home"].get_site())
    settings.header_links = [
        {"type": "link", "value": {"page": None, "url": "javascript:alert(2)", "text": "Акції"}},
        {"type": "link", "value": {"page": None, "url": "/sale/", "text": "Розпродаж"}},
    ]
    settings.save()
    html = client.get("/").content.decode()
    assert "Весняний розпродаж" in html
    assert "javascript:" not in html and "data:text/html" not in html
    assert '<a href="/sale/">Розпродаж</a>' in html
