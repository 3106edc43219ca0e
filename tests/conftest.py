import pytest


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Facet definitions are cached; every test starts from an empty cache."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def browser_page(live_server):
    """A page in Debian's chromium driven by Playwright; fails the test on any script or CSP error.

    Without playwright or chromium the test is skipped, unless REQUIRE_BROWSER is set
    (CI sets it, so a missing browser fails there instead of passing silently).
    """
    import os
    import shutil

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
    if sync_playwright is None or not chromium:
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail("REQUIRE_BROWSER is set but playwright or /usr/bin/chromium is missing")
        pytest.skip("playwright or chromium is not installed")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        page = browser.new_page()
        page.set_default_timeout(10_000)
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        yield page
        browser.close()
    assert errors == []  # no script errors, no CSP violations
