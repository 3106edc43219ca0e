"""Unpaid online orders expire after PAYMENTS_UNPAID_EXPIRY_MINUTES and give their stock back."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_q.models import Schedule

from payments.expiry import expire_unpaid_orders
from payments.models import Payment
from shop.models import StockRecord
from shop.orders.models import Order, PaymentMethod
from shop.orders.services.placement import place_order
from tests.orders.conftest import cart_with, checkout_for

from .fakes import liqpay_callback

pytestmark = pytest.mark.django_db


def stock(shoe):
    return StockRecord.objects.get(variant__product=shoe, variant__size="38").quantity


def age(order, minutes):
    Order.objects.filter(pk=order.pk).update(created_at=timezone.now() - timedelta(minutes=minutes))


def test_an_unpaid_order_past_the_expiry_is_cancelled_and_restocked(paying, shoe):
    order, payment = paying("liqpay", quantity=2)
    assert stock(shoe) == 3
    age(order, 61)
    assert expire_unpaid_orders() == 1
    order.refresh_from_db()
    payment.refresh_from_db()
    assert (order.state, order.payment_status, payment.status) == ("cancelled", "unpaid", "expired")
    assert stock(shoe) == 5
    assert order.transitions.last().note == "Не оплачено онлайн протягом 60 хв"
    assert expire_unpaid_orders() == 0  # once


def test_young_paid_and_offline_orders_stay(paying, place, shoe, client, settings):
    young, _ = paying("liqpay")
    age(young, 59)
    paid, payment = paying("liqpay")
    client.post(reverse("payment_callbacks:callback", args=["liqpay"]), liqpay_callback(payment))
    age(paid, 120)
    settings.PAYMENTS_UNPAID_EXPIRY_MINUTES = 30
    assert expire_unpaid_orders() == 1  # the young one, now past 30 minutes
    assert Order.objects.get(pk=paid.pk).state == "new"

    cod = PaymentMethod.objects.create(name="Готівка", code="cod-x", kind="cod")
    delivery = young.delivery_method
    offline = place_order(checkout_for(cart_with((shoe.variants.get(size="38"), 1)), delivery, cod), "cod-1")
    age(offline, 600)
    assert expire_unpaid_orders() == 0


def test_a_payment_the_provider_reports_under_way_holds_off_the_expiry(paying, client):
    order, payment = paying("liqpay")
    client.post(reverse("payment_callbacks:callback", args=["liqpay"]),
                liqpay_callback(payment, status="processing"))
    assert Payment.objects.get(pk=payment.pk).status == "pending"
    age(order, 61)
    assert expire_unpaid_orders() == 0
    Payment.objects.filter(pk=payment.pk).update(updated_at=timezone.now() - timedelta(minutes=61))
    assert expire_unpaid_orders() == 1


def test_an_expired_order_can_no_longer_be_paid_again(paying, client):
    order, _ = paying("liqpay")
    age(order, 61)
    expire_unpaid_orders()
    html = client.get(reverse("payments:pay", args=[order.token])).content.decode()
    assert "data-payment-closed" in html and "<form" not in html.split('class="container payment"')[1]
    client.post(reverse("payments:retry", args=[order.token]))
    assert order.payments.count() == 1


def test_a_success_arriving_after_the_expiry_is_still_recorded_for_a_refund(paying, client):
    order, payment = paying("liqpay")
    age(order, 61)
    expire_unpaid_orders()
    client.post(reverse("payment_callbacks:callback", args=["liqpay"]), liqpay_callback(payment))
    order.refresh_from_db()
    assert (order.state, order.payment_status) == ("cancelled", "paid")


def test_the_cluster_runs_the_expiry_every_ten_minutes():
    schedule = Schedule.objects.get(name="payments: expire unpaid orders")
    assert (schedule.func, schedule.schedule_type, schedule.minutes) == (
        "payments.expiry.expire_unpaid_orders", Schedule.MINUTES, 10)


@pytest.mark.parametrize("provider, status", [("liqpay", "success"), ("wayforpay", "Approved"),
                                              ("monobank", "success")])
def test_a_payment_whose_callback_was_lost_is_recorded_paid_instead_of_expired(
        paying, provider_api, shoe, provider, status):
    order, payment = paying(provider, quantity=2)
    provider_api.at_provider[payment.reference] = (payment, status)
    age(order, 61)

    assert expire_unpaid_orders() == 0

    order.refresh_from_db()
    payment.refresh_from_db()
    assert (order.state, order.payment_status, payment.status) == ("new", "paid", "paid")
    assert stock(shoe) == 3  # the shopper's shoes stay theirs
    assert order.transitions.filter(note__startswith=f"Paid via {provider}").count() == 1


@pytest.mark.parametrize("provider, status", [("liqpay", "processing"), ("wayforpay", "InProcessing"),
                                              ("monobank", "hold")])
def test_a_payment_still_under_way_at_the_provider_is_not_expired(paying, provider_api, provider, status):
    order, payment = paying(provider)
    provider_api.at_provider[payment.reference] = (payment, status)
    age(order, 61)

    assert expire_unpaid_orders() == 0

    payment.refresh_from_db()
    assert (Order.objects.get(pk=order.pk).state, payment.status) == ("new", "pending")


@pytest.mark.parametrize("provider, status", [("liqpay", "failure"), ("wayforpay", "Declined"),
                                              ("monobank", "failure")])
def test_a_payment_the_provider_declined_lets_the_order_expire(paying, provider_api, shoe, provider, status):
    order, payment = paying(provider)
    provider_api.at_provider[payment.reference] = (payment, status)
    age(order, 61)

    assert expire_unpaid_orders() == 1

    payment.refresh_from_db()
    assert (Order.objects.get(pk=order.pk).state, payment.status) == ("cancelled", "failed")
    assert stock(shoe) == 5


def test_an_order_whose_provider_cannot_be_asked_waits_for_the_next_run(paying, provider_api, settings, shoe):
    order, _payment = paying("liqpay")
    age(order, 61)
    settings.LIQPAY_API_URL = provider_api.url_for("/nowhere")  # answers 500

    assert expire_unpaid_orders() == 0
    assert (Order.objects.get(pk=order.pk).state, stock(shoe)) == ("new", 4)

    settings.LIQPAY_API_URL = provider_api.url_for("/liqpay/api/request")
    assert expire_unpaid_orders() == 1


def test_a_success_for_another_amount_is_not_recorded_and_leaves_the_order_to_a_person(paying, provider_api):
    order, payment = paying("liqpay")
    cheaper = Payment.objects.get(pk=payment.pk)
    cheaper.amount = payment.amount - 1
    provider_api.at_provider[payment.reference] = (cheaper, "success")
    age(order, 61)

    assert expire_unpaid_orders() == 0

    order.refresh_from_db()
    assert (order.state, order.payment_status) == ("new", "unpaid")
    assert Payment.objects.get(pk=payment.pk).status == "created"
