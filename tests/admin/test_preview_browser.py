"""The editor's preview side panel shows the page being edited, in Debian's chromium."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from tests.factories import make_catalog, make_product

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def editing(transactional_db):
    """A product, the catalog's category page, and the session of a manager."""
    catalog = make_catalog()
    product = make_product(catalog["boots"], name="Челсі замшеві", price="2400", sizes={"38": 2})
    boss = get_user_model().objects.create_superuser("boss", "boss@example.com", "pw")
    client = Client()
    client.force_login(boss)
    return {"product": product, "category": catalog["boots"], "session": client.cookies["sessionid"].value}


def open_preview(page, live_server, session, path):
    page.context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])
    page.goto(live_server.url + path)
    page.locator('[data-side-panel-toggle="preview"]').click()
    return page.frame_locator("#w-preview-iframe")


def test_the_preview_panel_shows_a_product(editing, live_server, browser_page):
    product = editing["product"]
    frame = open_preview(browser_page, live_server, editing["session"],
                         reverse("wagtailsnippets_shop_product:edit", args=[product.pk]))
    frame.get_by_role("heading", name="Челсі замшеві").wait_for()


def test_the_preview_panel_shows_a_category_page(editing, live_server, browser_page):
    category = editing["category"]
    frame = open_preview(browser_page, live_server, editing["session"],
                         reverse("wagtailadmin_pages:edit", args=[category.pk]))
    frame.get_by_role("heading", name=category.title).first.wait_for()


def test_only_previews_may_be_framed_and_only_by_our_origin(editing, client):
    client.cookies["sessionid"] = editing["session"]
    product = editing["product"]
    preview = client.get(reverse("wagtailsnippets_shop_product:preview_on_edit", args=[product.pk]))
    assert "frame-ancestors 'self'" in preview["Content-Security-Policy"]
    assert preview["X-Frame-Options"] == "SAMEORIGIN"
    page = client.get(product.get_absolute_url())
    assert "frame-ancestors 'none'" in page["Content-Security-Policy"] and page["X-Frame-Options"] == "DENY"
