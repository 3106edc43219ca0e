"""The admin shows dispatches (with their errors) and shipments, and runs their actions."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from fulfilment import dispatching
from fulfilment.models import Dispatch, Shipment
from fulfilment.shipments import ensure_shipments
from shop.orders.models import Order
from tests.fulfilment.conftest import confirmed_order, size

pytestmark = pytest.mark.django_db


@pytest.fixture
def boss_client(client):
    client.force_login(get_user_model().objects.create_superuser("boss", "boss@example.com", "pw"))
    return client


@pytest.fixture
def order(supplied, branch_delivery, cod):
    shoe, boots = supplied
    return confirmed_order([(size(shoe, "38"), 1), (size(boots, "40"), 1)], branch_delivery, cod)


def test_dispatch_now_sends_and_the_list_shows_a_failure_with_its_reason(boss_client, order, suppliers):
    _krok, newfeet = suppliers
    newfeet.contact_email = ""
    newfeet.save()
    page = boss_client.get("/admin/dispatches/run/")
    assert page.status_code == 200 and "2 confirmed lines wait" in page.content.decode()

    boss_client.post("/admin/dispatches/run/")

    assert [m.to for m in mail.outbox] == [["krok@example.com"]]
    listing = boss_client.get("/admin/dispatches/").content.decode()
    assert "NewFeet has no contact e-mail." in listing and "Failed (will be retried)" in listing


def test_a_failed_dispatch_is_sent_again_from_its_page(boss_client, order, suppliers):
    _krok, newfeet = suppliers
    newfeet.contact_email = ""
    newfeet.save()
    dispatching.run("2026-05-04 09:00")
    failed = Dispatch.objects.get(status="failed")
    inspect = boss_client.get(f"/admin/dispatches/inspect/{failed.pk}/").content.decode()
    assert order.number in inspect and "Надіслати ще раз" in inspect

    newfeet.contact_email = "newfeet@example.com"
    newfeet.save()
    boss_client.post(f"/admin/dispatches/resend/{failed.pk}/")

    failed.refresh_from_db()
    assert failed.status == "sent" and mail.outbox[-1].to == ["newfeet@example.com"]


def test_someone_without_permission_cannot_dispatch(client, order):
    from django.contrib.auth.models import Permission

    user = get_user_model().objects.create_user("guest", "g@example.com", "pw", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))  # the admin, nothing more
    client.force_login(user)
    assert client.post("/admin/dispatches/run/").status_code == 403
    assert mail.outbox == []


def test_a_shipment_gets_the_suppliers_tracking_number_from_its_page(boss_client, order):
    dispatching.run("2026-05-04 09:00")
    first, second = ensure_shipments(order)
    page = boss_client.get(f"/admin/shipments/inspect/{first.pk}/").content.decode()
    assert "0 of 2 shipments shipped" in page

    boss_client.post(f"/admin/shipments/action/{first.pk}/", {"action": "tracking",
                                                                "tracking_number": "20450000000077"})
    boss_client.post(f"/admin/shipments/action/{second.pk}/", {"action": "tracking",
                                                                 "tracking_number": "20450000000078"})

    order.refresh_from_db()
    assert order.state == Order.State.SHIPPED
    assert set(Shipment.objects.values_list("tracking_number", flat=True)) == {"20450000000077",
                                                                               "20450000000078"}
    listing = boss_client.get("/admin/shipments/", {"q": order.number}).content.decode()
    assert "20450000000077" in listing and "20450000000078" in listing


def test_a_waybill_is_created_and_its_label_downloaded_from_the_admin(boss_client, order, directory):
    from shop.orders.models import Order as O

    O.objects.filter(pk=order.pk).update(city="Київ", branch="Відділення №1: вул. Пирогівський шлях, 135")
    dispatching.run("2026-05-04 09:00")
    shipment = ensure_shipments(order)[0]

    boss_client.post(f"/admin/shipments/action/{shipment.pk}/", {"action": "waybill"})
    shipment.refresh_from_db()
    label = boss_client.get(f"/admin/shipments/label/{shipment.pk}/")

    assert shipment.tracking_number == "20450000000001"
    assert label["Content-Type"] == "application/pdf" and label.content.startswith(b"%PDF")


def test_a_refused_waybill_shows_the_carriers_reason(boss_client, order, directory):
    from shop.orders.models import Order as O

    O.objects.filter(pk=order.pk).update(city="Київ", branch="Відділення №1: вул. Пирогівський шлях, 135")
    directory.refusals[("Counterparty", "save")] = (["Phone is invalid"], ["20000400210"])
    shipment = ensure_shipments(order)[0]

    page = boss_client.post(f"/admin/shipments/action/{shipment.pk}/", {"action": "waybill"}, follow=True)

    expected = "Nova Poshta Counterparty.save failed: Phone is invalid (codes 20000400210)"
    assert expected in page.content.decode()
