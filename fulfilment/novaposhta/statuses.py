"""Nova Poshta tracking status codes mapped to our shipment states; the raw code is kept too."""

import logging

from fulfilment.models import Shipment

logger = logging.getLogger(__name__)
S = Shipment.Status

STATUS_GROUPS = {
    "1": S.CREATED,           # created by the sender, not handed over yet
    "2": S.LOST,              # deleted
    "3": S.LOST,              # not found
    "4": S.IN_TRANSIT,        # in the sender's city
    "41": S.IN_TRANSIT,       # in the sender's city (local service)
    "5": S.IN_TRANSIT,        # on the way to the recipient's city
    "6": S.IN_TRANSIT,        # in the recipient's city
    "7": S.AT_PICKUP_POINT,   # arrived at the branch
    "8": S.AT_PICKUP_POINT,   # arrived at the branch or postomat
    "9": S.DELIVERED,         # received
    "10": S.DELIVERED,        # received, cash on delivery on its way to the sender
    "11": S.DELIVERED,        # received, cash on delivery paid out
    "12": S.CREATED,          # being prepared for sending
    "14": S.AT_PICKUP_POINT,  # legacy: handed to the recipient for inspection
    "101": S.IN_TRANSIT,      # on the way to the recipient
    "102": S.RETURNING,       # refused, the sender created a return
    "103": S.RETURNING,       # refused by the recipient
    "104": S.IN_TRANSIT,      # address changed
    "105": S.RETURNING,       # storage ended: it goes back
    "106": S.DELIVERED,       # received, and a return-delivery waybill created
    "108": S.RETURNING,       # legacy: refused by the recipient
    "111": S.IN_TRANSIT,      # failed delivery attempt
    "112": S.IN_TRANSIT,      # delivery date postponed by the recipient
}


def status_group(code) -> str:
    code = str(code).strip()
    group = STATUS_GROUPS.get(code)
    if group is None:
        logger.warning("Nova Poshta status code %r is not mapped; the shipment is marked unknown", code)
        return S.UNKNOWN
    return group
