"""Waybills (ТТН): create one for a shipment to the shopper's branch, and fetch its label PDF."""

from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext as _

from fulfilment.models import Shipment
from fulfilment.shipments import ensure_shipments, record_tracking
from shop.orders.models import Order

from .client import NovaPoshtaClient, NovaPoshtaError
from .directory import find_branch

SENDER_KEYS = ("ref", "contact_ref", "city_ref", "address_ref", "phone")


class WaybillError(Exception):
    """The waybill cannot be made; the message says what to fix."""


def _goods_total(shipment) -> Decimal:
    return sum((line.line_total for line in shipment.lines), Decimal("0"))


def cash_on_delivery(shipment) -> Decimal:
    """What this shipment collects from an unpaid cash-on-delivery order: its share of the order's
    total (goods less discount, plus delivery), the last shipment taking the rounding remainder."""
    order = shipment.order
    shipments = ensure_shipments(order)
    if not order.subtotal:
        return Decimal("0.00")
    shares = [(order.total * _goods_total(s) / order.subtotal).quantize(Decimal("0.01"), ROUND_HALF_UP)
              for s in shipments]
    position = [s.pk for s in shipments].index(shipment.pk)
    return order.total - sum(shares[:-1]) if position == len(shipments) - 1 else shares[position]


def _split_name(name):
    parts = name.split()
    return (parts[0], " ".join(parts[1:]) or parts[0]) if parts else ("", "")


def waybill_properties(shipment, branch, recipient_ref, contact_ref) -> dict:
    order, sender = shipment.order, settings.NOVA_POSHTA_SENDER
    items = sum(line.quantity for line in shipment.lines)
    weight = Decimal(settings.NOVA_POSHTA_WEIGHT_PER_ITEM) * items
    if branch.max_weight and weight > branch.max_weight:
        raise WaybillError(_("%(weight)s kg is more than the branch takes (%(max)s kg per seat).")
                           % {"weight": weight, "max": branch.max_weight})
    properties = {
        "PayerType": "Recipient", "PaymentMethod": "Cash",
        "DateTime": timezone.localdate().strftime("%d.%m.%Y"),
        "CargoType": "Parcel", "Weight": str(weight), "ServiceType": "WarehouseWarehouse", "SeatsAmount": "1",
        "Description": settings.NOVA_POSHTA_CARGO_DESCRIPTION,
        "Cost": str(_goods_total(shipment).quantize(Decimal("1"), ROUND_CEILING)),
        "CitySender": sender["city_ref"], "Sender": sender["ref"], "SenderAddress": sender["address_ref"],
        "ContactSender": sender["contact_ref"], "SendersPhone": sender["phone"],
        "CityRecipient": branch.city_ref, "Recipient": recipient_ref, "RecipientAddress": branch.ref,
        "ContactRecipient": contact_ref, "RecipientsPhone": order.phone.lstrip("+"),
        "InfoRegClientBarcodes": order.number,
    }
    if order.payment_kind == "cod" and order.payment_status == Order.PaymentStatus.UNPAID:
        properties["BackwardDeliveryData"] = [{"PayerType": "Recipient", "CargoType": "Money",
                                               "RedeliveryString": str(cash_on_delivery(shipment))}]
    return properties


def create_waybill(shipment, *, client=None, user=None) -> Shipment:
    """Create the waybill at Nova Poshta and give the shipment its number. Every check runs
    before the first call, so a refused waybill leaves the shipment as it was."""
    client = client or NovaPoshtaClient()
    shipment = Shipment.objects.select_related("order").get(pk=shipment.pk)
    order = shipment.order
    if shipment.tracking_number:
        raise WaybillError(_("This shipment already has waybill %(number)s.")
                           % {"number": shipment.tracking_number})
    if not client.configured or not all(settings.NOVA_POSHTA_SENDER.get(key) for key in SENDER_KEYS):
        raise WaybillError(_("Set NOVA_POSHTA_API_KEY and the NOVA_POSHTA_SENDER_* settings first."))
    branch = find_branch(order.city, order.branch)
    if branch is None:
        raise WaybillError(_("“%(branch)s” in “%(city)s” is not in the Nova Poshta directory.")
                           % {"branch": order.branch, "city": order.city})
    first, last = _split_name(order.name)
    try:
        person = client.call("Counterparty", "save", {
            "FirstName": first, "MiddleName": "", "LastName": last, "Phone": order.phone.lstrip("+"),
            "Email": "", "CounterpartyType": "PrivatePerson", "CounterpartyProperty": "Recipient"})["data"][0]
        contact_ref = person["ContactPerson"]["data"][0]["Ref"]
        properties = waybill_properties(shipment, branch, person["Ref"], contact_ref)
        document = client.call("InternetDocument", "save", properties)["data"][0]
    except (KeyError, IndexError, TypeError) as error:
        raise WaybillError(_("Nova Poshta answered without the expected fields (%(error)s).")
                           % {"error": error}) from error
    except NovaPoshtaError as error:
        raise WaybillError(str(error)) from error
    shipment.carrier = Shipment.Carrier.NOVA_POSHTA
    shipment.save(update_fields=["carrier", "updated_at"])
    return record_tracking(shipment, str(document["IntDocNumber"]), carrier_ref=document.get("Ref", ""),
                           user=user)


def fetch_label(shipment, *, client=None) -> bytes:
    """The 100×100 marking PDF from Nova Poshta's printing endpoint, kept on the shipment."""
    if shipment.label:
        with shipment.label.open("rb") as stored:
            return stored.read()
    if not shipment.tracking_number:
        raise WaybillError(_("The shipment has no waybill yet."))
    client = client or NovaPoshtaClient()
    try:
        pdf = client.download_pdf("printMarking100x100", [shipment.carrier_ref or shipment.tracking_number])
    except NovaPoshtaError as error:
        raise WaybillError(str(error)) from error
    shipment.label.save(f"{shipment.tracking_number}.pdf", ContentFile(pdf), save=True)
    return pdf
