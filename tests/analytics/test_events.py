"""Each shopper action is one event, written in bulk, with no personal data; bots count for nothing."""

from decimal import Decimal

import pytest

from analytics import recorder
from analytics.models import Event
from shop.orders.models import Order
from shop.orders.services.states import record_verified_provider_payment

from .conftest import checkout_form

Kind = Event.Kind
pytestmark = pytest.mark.django_db


def kinds():
    return sorted(Event.objects.values_list("kind", flat=True))


def test_a_whole_visit_records_each_action_once(shopper, shoe, catalog, methods,
                                                django_capture_on_commit_callbacks):
    variant = shoe.variants.get(size="38")
    shopper.get(catalog["sneakers"].url)
    shopper.get(f"/product/{shoe.slug}/")
    shopper.get("/search/", {"q": "кросівки"})
    shopper.post("/cart/add/", {"variant": variant.pk, "quantity": 2})
    page = shopper.get("/checkout/")
    key = page.context["form"].initial["idempotency_key"]
    with django_capture_on_commit_callbacks(execute=True):
        shopper.post("/checkout/", checkout_form(*methods, key=key))
        shopper.post("/checkout/", checkout_form(*methods, key=key))  # a double click: no second order
    order = Order.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        record_verified_provider_payment(order, provider="test", reference="r1")
        record_verified_provider_payment(order, provider="test", reference="r1")  # a replayed callback

    assert kinds() == sorted([Kind.LISTING_VIEW, Kind.PRODUCT_VIEW, Kind.SEARCH, Kind.CART_ADD, Kind.CHECKOUT,
                              Kind.ORDER, Kind.PURCHASE, Kind.PAID])
    view = Event.objects.get(kind=Kind.PRODUCT_VIEW)
    assert (view.product_id, view.category_id, view.channel, view.language) == (
        shoe.pk, catalog["sneakers"].pk, "web", "uk")
    assert Event.objects.get(kind=Kind.LISTING_VIEW).category_id == catalog["sneakers"].pk
    assert Event.objects.get(kind=Kind.CART_ADD).quantity == 2
    assert Event.objects.get(kind=Kind.SEARCH).query == "кросівки"
    purchase = Event.objects.get(kind=Kind.PURCHASE)
    assert (purchase.product_id, purchase.quantity, purchase.value) == (shoe.pk, 2, Decimal("3780.00"))
    assert Event.objects.get(kind=Kind.ORDER).value == order.total
    assert Event.objects.get(kind=Kind.PAID).order_id == order.pk
    # One visitor all along, and nothing in the row that names them.
    visitors = set(Event.objects.exclude(kind=Kind.PAID).values_list("visitor", flat=True))
    assert len(visitors) == 1 and len(visitors.pop()) == 16
    assert Event.objects.get(kind=Kind.PAID).visitor == ""
    assert not any("127.0.0.1" in str(value) for value in Event.objects.values_list())


def test_the_visitor_key_changes_with_the_daily_salt(shopper, shoe):
    from django.core.cache import cache

    from analytics import visitors

    shopper.get(f"/product/{shoe.slug}/")
    visitors._salts.clear()
    cache.clear()  # the next day's salt is a new random one
    shopper.get(f"/product/{shoe.slug}/")
    assert len(set(Event.objects.values_list("visitor", flat=True))) == 2


def test_the_english_site_records_english(shopper, shoe):
    shopper.get(f"/en/product/{shoe.slug}/")
    assert Event.objects.get().language == "en"


def test_bots_and_agentless_scripts_are_not_counted(bot, shoe, db):
    from django.test import Client

    bot.get(f"/product/{shoe.slug}/")
    bot.get("/search/", {"q": "кросівки"})
    Client().get(f"/product/{shoe.slug}/")
    assert Event.objects.count() == 0


def test_two_browsers_are_two_visitors(shopper, shoe):
    from django.test import Client

    from .conftest import BROWSER
    shopper.get(f"/product/{shoe.slug}/")
    other = Client(HTTP_USER_AGENT=BROWSER, REMOTE_ADDR="10.1.2.3")
    other.get(f"/product/{shoe.slug}/")
    views = Event.objects.filter(kind=Kind.PRODUCT_VIEW)
    assert views.count() == 2 and len({e.visitor for e in views}) == 2


def test_a_marketplace_order_counts_for_its_channel(shoe, django_capture_on_commit_callbacks):
    from shop.orders.services.external import ExternalLine, place_external_order

    variant = shoe.variants.get(size="38")
    with django_capture_on_commit_callbacks(execute=True):
        place_external_order(
            source="prom:3", external_id="P1", contact={"name": "Ігор", "phone": "+380671234567"},
            lines=[ExternalLine(variant=variant, quantity=1, unit_price=Decimal("1890"))],
            delivery_name="НП", delivery_needs="branch", payment_name="Пром", payment_kind="cod")
    order_event = Event.objects.get(kind=Kind.ORDER)
    assert (order_event.channel, order_event.visitor, order_event.value) == ("prom:3", "", Decimal("1890.00"))
    assert Event.objects.get(kind=Kind.PURCHASE).supplier_id == shoe.supplier_id


def test_events_wait_in_memory_and_go_in_one_insert(shopper, shoe, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.ANALYTICS_BUFFER_SIZE = 3
    settings.ANALYTICS_BUFFER_SECONDS = 3600
    shopper.get(f"/product/{shoe.slug}/")
    shopper.get(f"/product/{shoe.slug}/")
    assert Event.objects.count() == 0 and recorder.pending() == 2
    shopper.get(f"/product/{shoe.slug}/")
    assert Event.objects.count() == 3 and recorder.pending() == 0
    shopper.get(f"/product/{shoe.slug}/")
    shopper.get(f"/product/{shoe.slug}/")
    with CaptureQueriesContext(connection) as queries:
        assert recorder.flush() == 2
    assert [q["sql"].split()[0] for q in queries.captured_queries].count("INSERT") == 1
