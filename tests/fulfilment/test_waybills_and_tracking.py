"""Waybills per shipment, labels from the printing endpoint, tracking in batches, status mapping."""

import pytest

from fulfilment.models import Shipment
from fulfilment.novaposhta.statuses import STATUS_GROUPS, status_group
from fulfilment.novaposhta.tracking import poll_tracking
from fulfilment.novaposhta.waybills import WaybillError, create_waybill, fetch_label
from fulfilment.shipments import ensure_shipments, shipping_progress
from shop.orders.models import Order
from shop.orders.services.states import transition
from tests.fulfilment.conftest import confirmed_order, size

pytestmark = pytest.mark.django_db
KYIV_2 = "Відділення №2: вул. Богатирська, 11"


@pytest.fixture
def order(supplied, directory, branch_delivery, cod):
    """Sent to both suppliers: 2 shoes from the first, 1 boot from the second, cash on delivery."""
    shoe, boots = supplied
    placed = confirmed_order([(size(shoe, "38"), 2), (size(boots, "40"), 1)], branch_delivery, cod,
                             city="Київ", branch=KYIV_2)
    return transition(placed, "sent_to_supplier")


def test_a_waybill_goes_to_the_shoppers_branch_with_its_share_of_cash_on_delivery(order, fake_np):
    first, second = ensure_shipments(order)

    create_waybill(first)

    person, = fake_np.methods("Counterparty", "save")
    assert (person["FirstName"], person["LastName"], person["Phone"]) == ("Олена", "Коваль", "380671234567")
    document, = fake_np.methods("InternetDocument", "save")
    assert document["RecipientAddress"] == "wh-kyiv-2" and document["CityRecipient"] == "city-kyiv"
    assert document["Recipient"] == "recipient-0" and document["ContactRecipient"] == "contact-0"
    assert document["Weight"] == "2.0" and document["CargoType"] == "Parcel"
    assert document["Cost"] == "3780" and document["InfoRegClientBarcodes"] == order.number
    # Goods 3 780 + 3 200 = 6 980 ₴, free delivery: the first shipment collects 3 780 of the 6 980.
    assert document["BackwardDeliveryData"] == [{"PayerType": "Recipient", "CargoType": "Money",
                                                 "RedeliveryString": "3780.00"}]
    first.refresh_from_db()
    assert first.tracking_number == "20450000000001" and first.carrier_ref == "doc-20450000000001"
    assert first.status == "created"


def test_the_order_is_partially_shipped_until_every_shipment_has_a_number(order, fake_np):
    first, second = ensure_shipments(order)

    create_waybill(first)
    order.refresh_from_db()
    assert order.state == Order.State.SENT_TO_SUPPLIER and shipping_progress(order) == (1, 2)

    create_waybill(second)
    order.refresh_from_db()
    assert order.state == Order.State.SHIPPED and shipping_progress(order) == (2, 2)
    assert order.tracking_number == "20450000000001,20450000000002"


def test_a_refused_waybill_changes_nothing_and_says_why(order, fake_np):
    fake_np.refusals[("InternetDocument", "save")] = (["Recipient Warehouse max allowed volumeweight: 30"],
                                                      ["20000203729"])
    shipment = ensure_shipments(order)[0]
    with pytest.raises(WaybillError, match=r"volumeweight: 30 \(коди 20000203729\)"):
        create_waybill(shipment)
    shipment.refresh_from_db()
    assert shipment.tracking_number == "" and shipment.status == "pending"


def test_a_branch_not_in_the_directory_is_refused_before_any_call(order, fake_np):
    Order.objects.filter(pk=order.pk).update(branch="Відділення №999")
    shipment = ensure_shipments(order)[0]
    with pytest.raises(WaybillError, match="немає в довіднику Нової пошти"):
        create_waybill(shipment)
    assert fake_np.methods("InternetDocument", "save") == []


def test_too_heavy_for_the_branch_is_refused_before_saving(order, fake_np, settings):
    settings.NOVA_POSHTA_WEIGHT_PER_ITEM = "20"
    with pytest.raises(WaybillError, match="більше, ніж приймає відділення"):
        create_waybill(ensure_shipments(order)[0])
    assert fake_np.methods("InternetDocument", "save") == []


def test_the_label_comes_from_the_printing_endpoint_once(order, fake_np):
    shipment = ensure_shipments(order)[0]
    create_waybill(shipment)
    shipment.refresh_from_db()

    assert fetch_label(shipment).startswith(b"%PDF")
    assert fetch_label(shipment).startswith(b"%PDF")

    assert fake_np.printed == [
        "/orders/printMarking100x100/orders[]/doc-20450000000001/type/pdf/apiKey/test-key"]


def test_tracking_polls_in_batches_of_100_and_maps_the_codes(order, fake_np, suppliers):
    first, second = ensure_shipments(order)
    create_waybill(first)
    create_waybill(second)
    # 148 other shipments on their way make 150 numbers: two calls.
    others = []
    for n in range(148):
        other = Order.objects.create(name="X", phone="+380500000000", email="x@example.com", subtotal=1,
                                     total=1, state="shipped", delivery_name="НП", delivery_needs="branch",
                                     payment_name="—", payment_kind="cod")
        others.append(Shipment(order=other, warehouse_name="Склад", tracking_number=f"59{n:012d}",
                               status="in_transit"))
    Shipment.objects.bulk_create(others)
    fake_np.statuses = {"20450000000001": ("9", "Відправлення отримано"),
                        "20450000000002": ("7", "Прибув на відділення")}

    result = poll_tracking()

    batches = [len(props["Documents"]) for props in fake_np.methods("TrackingDocument", "getStatusDocuments")]
    assert batches == [100, 50] and result["tracked"] == 150
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.status_code) == ("delivered", "9")
    assert (second.status, second.status_text) == ("at_pickup_point", "Прибув на відділення")
    order.refresh_from_db()
    assert order.state == Order.State.SHIPPED  # one shipment still at the branch

    fake_np.statuses["20450000000002"] = ("11", "Відправлення отримано, грошовий переказ видано")
    poll_tracking()
    order.refresh_from_db()
    assert order.state == Order.State.DELIVERED
    # Delivered and lost (code 3, not found) shipments are final: nothing is asked again.
    calls = len(fake_np.calls)
    assert poll_tracking()["tracked"] == 0 and len(fake_np.calls) == calls


def test_every_documented_code_maps_to_a_group_and_an_unknown_one_is_logged(caplog):
    documented = ["1", "2", "3", "4", "41", "5", "6", "7", "8", "9", "10", "11", "12", "14", "101", "102",
                  "103", "104", "105", "106", "108", "111", "112"]
    assert sorted(STATUS_GROUPS) == sorted(documented)
    assert {status_group(code) for code in ("102", "103", "108")} == {"returning"}
    assert {status_group(code) for code in ("9", "10", "11", "106")} == {"delivered"}
    assert status_group("2") == status_group("3") == "lost"
    assert status_group("999") == "unknown" and "999" in caplog.text
