"""The JSON API fuzzed from its own OpenAPI schema (schemathesis): no input, valid or not, gets a
server error, and every answer is one the schema documents, with the body it documents.

Bounded and deterministic (derandomized Hypothesis, a fixed number of examples per operation),
so CI runs the same cases every time; once as an anonymous visitor and once as a signed-in
shopper whose session sends its CSRF token, so the checks behind sign-in and CSRF are reached.
NUL characters are left to test_nul_bytes.py: the middleware refuses them before the schema is
read, which schemathesis would report as a valid request rejected.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, settings

from shop.customers.accounts import create_account
from tests.customers.conftest import PASSWORD, csrf_token
from tests.factories import make_catalog, make_product

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
schema.config.generation.update(allow_x00=False)
pytestmark = pytest.mark.django_db
BOUNDED = settings(max_examples=25, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))


@pytest.fixture
def keep_the_test_connection():
    """The WSGI handler closes the database connection around each request, which would end the
    test's transaction on PostgreSQL; Django's test client keeps it open the same way. Asked for
    last: the test client used by other fixtures connects the handlers again after its requests."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def shop_with_goods(db):
    catalog = make_catalog()
    make_product(catalog["boots"], name="Чоботи", price="2400", sizes={"38": 2, "39": 1})


@pytest.fixture
def signed_in_headers(shop_with_goods):
    client = Client()
    client.force_login(create_account(email="fuzz@example.com", password=PASSWORD),
                       backend="shop.customers.backends.EmailBackend")
    token = csrf_token(client, "/account/lists/")
    cookies = "; ".join(f"{name}={morsel.value}" for name, morsel in client.cookies.items())
    return {"Cookie": cookies, "X-CSRFToken": token}


@schema.parametrize()
@BOUNDED
def test_anonymous_visitors_get_documented_answers(case, shop_with_goods, keep_the_test_connection):
    case.call_and_validate()


@schema.parametrize()
@BOUNDED
def test_signed_in_shoppers_get_documented_answers(case, signed_in_headers, keep_the_test_connection):
    case.call_and_validate(headers=signed_in_headers)
