"""The header's instant search in a real browser (Debian's chromium through Playwright)."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def page(browser_page):
    return browser_page


def test_typing_a_misspelt_query_shows_results(shop, live_server, page):
    api_calls = []
    page.on("request", lambda r: api_calls.append(r.url) if "/api/search" in r.url else None)
    page.goto(live_server.url + "/search/")
    page.locator("#site-search").press_sequentially("кросівкі", delay=20)  # faster than the debounce
    panel = page.locator("#site-search-results")
    panel.locator(".instant__option", has_text="Кросівки жіночі чорні шкіряні").wait_for()
    assert page.locator("#site-search").get_attribute("aria-expanded") == "true"
    assert "2\u202f400\u00a0₴" in panel.inner_text()
    assert "Усі результати (3)" in panel.inner_text()
    # Debounced: one request once the typing stopped, not one per key (8). A loaded machine may
    # pause the typing long enough for a second one; more would mean no debounce at all.
    assert 1 <= len(api_calls) <= 2, api_calls

    page.keyboard.press("ArrowDown")
    first = panel.locator(".instant__option").first
    assert first.get_attribute("aria-selected") == "true"
    href = first.get_attribute("href")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{href}")


def test_wrong_layout_escape_and_see_all(shop, live_server, page):
    page.goto(live_server.url + "/")
    box = page.locator("#site-search")
    box.fill("rhjcsdrb")
    panel = page.locator("#site-search-results")
    panel.locator(".instant__correction").wait_for()
    assert "кросівки" in panel.locator(".instant__correction").inner_text()
    box.press("Escape")
    assert panel.is_hidden()
    box.press("Enter")  # no option chosen: the plain form submits
    page.wait_for_url("**/search/?q=rhjcsdrb")
    assert "Показано результати для" in page.content()
