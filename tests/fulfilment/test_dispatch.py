"""Dispatch per supplier: one e-mail per supplier and window, with CSV and PDF labels, never twice."""

import csv
import io
from datetime import datetime

import pytest
from django.core import mail
from django.utils import timezone
from pypdf import PdfReader

from fulfilment import dispatching
from fulfilment.models import Dispatch, DispatchLine, Shipment
from fulfilment.windows import scheduled_window
from shop.orders.models import Order
from shop.orders.services.states import transition
from tests.fulfilment.conftest import confirmed_order, size

pytestmark = pytest.mark.django_db


def attachment(message, suffix):
    return next(content for name, content, _type in message.attachments if name.endswith(suffix))


def pdf_pages(content):
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


@pytest.fixture
def two_orders(supplied, branch_delivery, cod):
    """One order from both suppliers, one from the first only; one order still new."""
    shoe, boots = supplied
    mixed = confirmed_order([(size(shoe, "38"), 2), (size(boots, "40"), 1)], branch_delivery, cod)
    single = confirmed_order([(size(shoe, "39"), 1)], branch_delivery, cod, name="Петро Іваненко",
                             city="Львів", branch="Відділення №3: вул. Городоцька, 1")
    from shop.orders.services.placement import place_order
    from tests.fulfilment.conftest import cart_with, checkout_for

    place_order(checkout_for(cart_with((size(shoe, "38"), 1)), branch_delivery, cod), "still-new")
    return mixed, single


def test_lines_are_grouped_per_supplier_into_one_email_each(two_orders):
    mixed, single = two_orders

    result = dispatching.run("2026-05-04 09:00")

    assert result == {"window": "2026-05-04 09:00", "collected": 2, "sent": 2}
    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert set(by_recipient) == {"krok@example.com", "newfeet@example.com"}
    krok = by_recipient["krok@example.com"]
    assert mixed.number in krok.body and single.number in krok.body
    assert "розмір 38 | 2 шт." in krok.body and "Львів, Відділення №3: вул. Городоцька, 1" in krok.body
    newfeet = by_recipient["newfeet@example.com"]
    assert mixed.number in newfeet.body and single.number not in newfeet.body
    assert "розмір 40 | 1 шт." in newfeet.body
    assert Dispatch.objects.filter(status="sent").count() == 2


def test_the_csv_lists_every_line_with_its_delivery(two_orders):
    mixed, single = two_orders
    dispatching.run("2026-05-04 09:00")
    message = next(m for m in mail.outbox if m.to == ["krok@example.com"])

    content = attachment(message, ".csv")  # Django hands text attachments back decoded
    assert content.startswith("\ufeff")  # the BOM that makes spreadsheets read UTF-8
    rows = list(csv.DictReader(io.StringIO(content.lstrip("\ufeff"))))

    assert [(row["order"], row["size"], row["quantity"]) for row in rows] == [
        (mixed.number, "38", "2"), (single.number, "39", "1")]
    assert rows[1]["recipient"] == "Петро Іваненко" and rows[1]["city"] == "Львів"
    assert rows[0]["branch_or_address"] == "Відділення 12" and rows[0]["phone"] == "+380671234567"


def test_a_cell_that_a_spreadsheet_would_run_is_defused(two_orders):
    mixed, _single = two_orders
    mixed.lines.filter(size="38").update(product_name="=HYPERLINK(\"http://evil\")")
    dispatching.run("2026-05-04 09:00")
    message = next(m for m in mail.outbox if m.to == ["krok@example.com"])
    rows = list(csv.DictReader(io.StringIO(attachment(message, ".csv").lstrip("\ufeff"))))
    assert rows[0]["product"].startswith("'=")


def test_the_pdf_has_one_readable_cyrillic_label_per_order(two_orders):
    mixed, single = two_orders
    dispatching.run("2026-05-04 09:00")
    message = next(m for m in mail.outbox if m.to == ["krok@example.com"])

    pages = pdf_pages(attachment(message, ".pdf"))

    assert len(pages) == 2
    assert f"Замовлення № {mixed.number}" in pages[0] and "Олена Коваль" in pages[0]
    assert f"Замовлення № {single.number}" in pages[1] and "Петро Іваненко" in pages[1]
    assert "Відділення №3: вул. Городоцька, 1" in pages[1]


def test_the_font_is_embedded_so_labels_print_anywhere(two_orders):
    dispatching.run("2026-05-04 09:00")
    reader = PdfReader(io.BytesIO(attachment(mail.outbox[0], ".pdf")))
    fonts = [font.get_object() for font in reader.pages[0]["/Resources"]["/Font"].values()]
    assert fonts and all("/FontFile2" in font["/FontDescriptor"] for font in fonts)  # TrueType, embedded


def test_a_rerun_never_sends_a_line_twice(two_orders):
    dispatching.run("2026-05-04 09:00")
    dispatching.run("2026-05-04 09:00")
    dispatching.run("2026-05-04 15:00")
    assert len(mail.outbox) == 2
    assert DispatchLine.objects.count() == 3


def test_lines_confirmed_after_a_sent_window_wait_for_the_next(two_orders, supplied, branch_delivery, cod):
    shoe, _boots = supplied
    dispatching.run("2026-05-04 09:00")
    late = confirmed_order([(size(shoe, "38"), 1)], branch_delivery, cod)

    dispatching.run("2026-05-04 09:00")  # the same window again: its e-mail is gone already
    assert len(mail.outbox) == 2
    dispatching.run("2026-05-04 15:00")

    assert len(mail.outbox) == 3 and late.number in mail.outbox[2].body
    assert mail.outbox[2].body.count("=== Замовлення") == 1


def test_orders_move_to_sent_to_supplier_once_every_supplier_has_its_lines(two_orders, settings):
    mixed, single = two_orders
    settings.EMAIL_BACKEND = "tests.fulfilment.test_dispatch.FailForNewFeet"

    dispatching.run("2026-05-04 09:00")

    mixed.refresh_from_db()
    single.refresh_from_db()
    assert single.state == Order.State.SENT_TO_SUPPLIER
    assert mixed.state == Order.State.CONFIRMED  # its NewFeet lines did not go out
    assert Shipment.objects.filter(order=single).count() == 1


class FailForNewFeet:
    """An e-mail backend whose server refuses one supplier's address."""

    def __init__(self, *args, **kwargs):
        from django.core.mail.backends.locmem import EmailBackend

        self.inner = EmailBackend(*args, **kwargs)

    def send_messages(self, messages):
        for message in messages:
            if "newfeet@example.com" in message.to:
                raise ConnectionRefusedError("SMTP server refused the connection")
        return self.inner.send_messages(messages)


def test_a_failed_send_is_kept_retried_and_then_sent(two_orders, settings):
    mixed, _single = two_orders
    settings.EMAIL_BACKEND = "tests.fulfilment.test_dispatch.FailForNewFeet"
    dispatching.run("2026-05-04 09:00")
    failed = Dispatch.objects.get(supplier_name="NewFeet")
    assert failed.status == "failed" and failed.attempts == 1
    assert "refused" in failed.last_error

    dispatching.retry()
    failed.refresh_from_db()
    assert failed.attempts == 2 and len(mail.outbox) == 1

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert dispatching.retry() == 1
    failed.refresh_from_db()
    mixed.refresh_from_db()
    assert failed.status == "sent" and failed.last_error == "" and failed.attempts == 3
    assert mail.outbox[-1].to == ["newfeet@example.com"]
    assert mixed.state == Order.State.SENT_TO_SUPPLIER


def test_retries_stop_after_the_limit_until_sent_again_by_hand(two_orders, settings):
    settings.EMAIL_BACKEND = "tests.fulfilment.test_dispatch.FailForNewFeet"
    settings.FULFILMENT_DISPATCH_MAX_ATTEMPTS = 2
    dispatching.run("2026-05-04 09:00")
    dispatching.retry()
    assert dispatching.retry() == 0
    failed = Dispatch.objects.get(supplier_name="NewFeet")
    assert failed.attempts == 2

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert dispatching.send(failed, force=True)


def test_a_supplier_without_an_email_fails_with_a_clear_reason(two_orders, suppliers):
    _krok, newfeet = suppliers
    newfeet.contact_email = ""
    newfeet.save()
    dispatching.run("2026-05-04 09:00")
    failed = Dispatch.objects.get(supplier_name="NewFeet")
    assert failed.status == "failed" and "NewFeet" in failed.last_error and "пошти" in failed.last_error


def test_a_dispatch_being_sent_is_not_sent_by_a_second_worker(two_orders):
    dispatching.collect("2026-05-04 09:00")
    first = Dispatch.objects.order_by("pk").first()
    Dispatch.objects.filter(pk=first.pk).update(status="sending", claimed_at=timezone.now())
    dispatching.retry()
    assert [m.to for m in mail.outbox] == [[Dispatch.objects.order_by("pk").last().supplier.contact_email]]


def test_lines_of_an_order_cancelled_before_the_send_are_left_out(two_orders):
    mixed, single = two_orders
    dispatching.collect("2026-05-04 09:00")
    transition(mixed, "cancelled")
    dispatching.retry()
    krok = next(m for m in mail.outbox if m.to == ["krok@example.com"])
    assert mixed.number not in krok.body and single.number in krok.body


def test_our_own_stock_is_never_mailed_to_a_supplier(shoe, branch_delivery, cod):
    confirmed_order([(size(shoe, "38"), 1)], branch_delivery, cod)  # the shoe is in our own warehouse
    assert dispatching.run("2026-05-04 09:00")["collected"] == 0
    assert mail.outbox == []


@pytest.mark.parametrize("moment, window", [
    ("2026-05-04 09:00", "2026-05-04 09:00"), ("2026-05-04 14:59", "2026-05-04 09:00"),
    ("2026-05-04 23:00", "2026-05-04 15:00"), ("2026-05-05 08:00", "2026-05-04 15:00")])
def test_a_scheduled_run_belongs_to_the_latest_slot(moment, window, settings):
    settings.FULFILMENT_DISPATCH_TIMES = ["15:00", "09:00"]
    now = timezone.make_aware(datetime.fromisoformat(moment))
    assert scheduled_window(now) == window


def test_the_schedules_follow_the_settings(db, settings):
    from django_q.models import Schedule

    from fulfilment.schedules import sync_schedules

    settings.FULFILMENT_DISPATCH_TIMES = ["08:30", "16:00"]
    sync_schedules()
    schedules = Schedule.objects.filter(name__startswith="fulfilment: dispatch")
    assert set(schedules.values_list("name", "func")) == {
        ("fulfilment: dispatch at 08:30", "fulfilment.tasks.dispatch_scheduled"),
        ("fulfilment: dispatch at 16:00", "fulfilment.tasks.dispatch_scheduled")}
