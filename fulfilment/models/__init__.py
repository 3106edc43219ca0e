from .directory import NovaPoshtaCity, NovaPoshtaWarehouse
from .dispatch import Dispatch, DispatchLine
from .shipment import Shipment

__all__ = ["Dispatch", "DispatchLine", "NovaPoshtaCity", "NovaPoshtaWarehouse", "Shipment"]
