"""A provider's verified refund marks the order refunded through the shop's service, once."""

import pytest

from payments.attempts import start_payment
from payments.models import Payment
from shop.orders.models import Order
from shop.orders.services.states import record_verified_provider_refund

from .fakes import liqpay_callback, wayforpay_callback
from .test_callbacks import post_liqpay, post_wayforpay
from .test_expiry import age

pytestmark = pytest.mark.django_db


def refund_notes(order):
    return order.transitions.filter(note__startswith="Refunded via").count()


def states(order, *payments):
    order.refresh_from_db()
    return (order.payment_status, *(Payment.objects.get(pk=p.pk).status for p in payments))


def test_liqpay_reversed_refunds_the_order_once_even_when_repeated(client, paying):
    order, payment = paying("liqpay")
    post_liqpay(client, liqpay_callback(payment))
    reversed_ = liqpay_callback(payment, status="reversed")

    assert post_liqpay(client, reversed_).status_code == 200
    post_liqpay(client, reversed_)  # a replay
    post_liqpay(client, liqpay_callback(payment, status="reversed", refund_date_last=1))  # a retry, new body

    assert states(order, payment) == ("refunded", "refunded")
    assert refund_notes(order) == 1
    assert order.transitions.get(note__startswith="Refunded via").note == "Refunded via liqpay (123456789)"


@pytest.mark.parametrize("status", ["Refunded", "Voided"])
def test_wayforpay_refund_refunds_the_order(client, paying, status):
    order, payment = paying("wayforpay")
    post_wayforpay(client, wayforpay_callback(payment))
    assert post_wayforpay(client, wayforpay_callback(payment, status)).status_code == 200
    assert states(order, payment) == ("refunded", "refunded")


def test_a_refund_in_processing_changes_nothing_yet(client, paying):
    order, payment = paying("wayforpay")
    post_wayforpay(client, wayforpay_callback(payment))
    post_wayforpay(client, wayforpay_callback(payment, "RefundInProcessing"))
    assert states(order, payment) == ("paid", "paid")


def test_a_tampered_refund_is_refused_and_changes_nothing(client, paying):
    order, payment = paying("liqpay")
    post_liqpay(client, liqpay_callback(payment))
    forged = liqpay_callback(payment, status="reversed")
    forged["signature"] = liqpay_callback(payment)["signature"]
    assert post_liqpay(client, forged).status_code == 400
    assert states(order, payment) == ("paid", "paid")


def test_refunding_a_duplicate_payment_leaves_the_order_paid_by_the_other(client, paying):
    order, first = paying("liqpay")
    second = Payment.objects.create(order=order, provider="liqpay", reference=f"{order.number}-SECOND",
                                    amount=first.amount, currency=first.currency)
    post_liqpay(client, liqpay_callback(first))
    post_liqpay(client, liqpay_callback(second))

    post_liqpay(client, liqpay_callback(second, status="reversed"))

    assert states(order, first, second) == ("paid", "paid", "refunded")
    assert refund_notes(order) == 0


def test_a_refund_the_provider_reports_when_asked_is_recorded(paying, provider_api):
    order, payment = paying("monobank")
    provider_api.at_provider[payment.reference] = (payment, "reversed")
    age(order, 61)

    from payments.expiry import expire_unpaid_orders

    expire_unpaid_orders()

    assert states(order, payment) == ("refunded", "refunded")
    assert refund_notes(order) == 1


def test_the_shop_service_records_a_refund_once(paying):
    order, _payment = paying("liqpay")
    record_verified_provider_refund(order, provider="liqpay", reference="r-1")
    record_verified_provider_refund(order, provider="liqpay", reference="r-1")
    assert Order.objects.get(pk=order.pk).payment_status == "refunded"
    assert refund_notes(order) == 1


def test_a_new_attempt_is_not_possible_after_a_refund(paying):
    from payments.attempts import PaymentNotPossible

    order, _payment = paying("liqpay")
    record_verified_provider_refund(order, provider="liqpay", reference="r-1")
    with pytest.raises(PaymentNotPossible):
        start_payment(Order.objects.get(pk=order.pk))
