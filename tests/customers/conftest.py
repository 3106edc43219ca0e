"""Shoppers, a small catalog with stock, and a helper to fetch a page's CSRF token."""

import re

import pytest
from django.test import Client

from shop.customers.accounts import create_account
from tests.factories import make_catalog, make_product

PASSWORD = "kroky-v-nebo-2024"


@pytest.fixture(autouse=True)
def _ukrainian_first():
    """A request under /en/ leaves English active in this thread; each test starts in Ukrainian
    so that reverse() and get_absolute_url() give the default-language addresses."""
    from django.utils import translation

    translation.activate("uk")
    yield
    translation.activate("uk")


@pytest.fixture
def catalog(db):
    return make_catalog()


@pytest.fixture
def boots(catalog):
    """In stock in 38 and 39, not in 40."""
    return make_product(catalog["boots"], name="Чоботи зимові", price="2400",
                        sizes={"38": 2, "39": 1, "40": 0})


@pytest.fixture
def sold_out(catalog):
    return make_product(catalog["sneakers"], name="Кеди білі", price="1500", sizes={"37": 0, "38": 0})


@pytest.fixture
def olena(db):
    return create_account(email="olena@example.com", password=PASSWORD, first_name="Олена")


@pytest.fixture
def olena_client(olena):
    client = Client()
    client.force_login(olena, backend="shop.customers.backends.EmailBackend")
    return client


@pytest.fixture
def csrf_client():
    return Client(enforce_csrf_checks=True)


def csrf_token(client, url="/account/sign-in/"):
    """The token a browser would send back: read from a page's form, as the browser would."""
    html = client.get(url).content.decode()
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def steady_queries(client, url):
    """Queries a page costs once the site's own caches (navigation, settings, site) are warm."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(2):
        client.get(url)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)
