"""The dashboard draws its charts in a real browser, under the admin's CSP, without script errors."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from analytics import aggregate
from analytics.models import Event

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
Kind = Event.Kind


@pytest.fixture
def manager_session(db):
    """Two weeks of orders on the site and on Prom, aggregated; a manager's session cookie."""
    events = []
    for n in range(14):
        day, at = timezone.localdate() - timedelta(days=n), timezone.now() - timedelta(days=n)
        for channel in ("web", "prom:3"):
            common = {"day": day, "at": at, "visitor": f"v{n}{channel}", "channel": channel}
            events += [Event(kind=Kind.PRODUCT_VIEW, product_id=1, category_id=1, **common),
                       Event(kind=Kind.CART_ADD, product_id=1, quantity=1, **common),
                       Event(kind=Kind.ORDER, order_id=n, value=Decimal(900 + n * 10), **common)]
    Event.objects.bulk_create(events)
    aggregate.build_pending()
    boss = get_user_model().objects.create_superuser("boss", "boss@example.com", "pw")
    client = Client()
    client.force_login(boss)
    return client.cookies["sessionid"].value


def test_the_dashboard_draws_every_chart(manager_session, live_server, browser_page):
    cookie = {"name": "sessionid", "value": manager_session, "url": live_server.url}
    browser_page.context.add_cookies([cookie])
    response = browser_page.goto(live_server.url + "/admin/analytics/")
    assert response.status == 200
    browser_page.wait_for_function("document.documentElement.dataset.analyticsCharts === '4'")
    for name in ("sales", "funnel", "channels", "suppliers"):
        size = browser_page.locator(f'[data-analytics-chart="{name}"]').bounding_box()
        assert size["width"] > 100 and size["height"] > 100
    assert browser_page.locator(".analytics-funnel tbody tr").count() == 6
