"""The stored Nova Poshta directory: a daily refresh from the API, and the searches checkout uses."""

from django.db import transaction
from django.db.models import Case, IntegerField, Value, When
from django.db.models.functions import Length
from django.utils import timezone

from fulfilment.models import NovaPoshtaCity, NovaPoshtaWarehouse
from fulfilment.models.directory import search_key

from .client import NovaPoshtaClient, NovaPoshtaError

CITY_FIELDS = ["name", "name_ru", "area", "kind", "search_name", "active", "refreshed_at"]
WAREHOUSE_FIELDS = ["city_ref", "number", "name", "label", "kind", "max_weight", "active", "refreshed_at"]


def _number(text) -> int:
    try:
        return max(0, int(float(text or 0)))
    except (TypeError, ValueError):
        return 0


def _city(row, now):
    name = (row.get("Description") or "").strip()
    return NovaPoshtaCity(
        ref=row["Ref"], name=name[:150], name_ru=(row.get("DescriptionRu") or "")[:150],
        area=(row.get("AreaDescription") or "")[:150], kind=(row.get("SettlementTypeDescription") or "")[:60],
        search_name=search_key(name)[:150], active=True, refreshed_at=now)


def _warehouse(row, now):
    name = " ".join((row.get("Description") or "").split())
    postomat = (row.get("CategoryOfWarehouse") or "").lower() == "postomat"
    return NovaPoshtaWarehouse(
        ref=row["Ref"], city_ref=row.get("CityRef") or "", number=_number(row.get("Number")),
        name=name[:255], label=name[:120],
        kind=NovaPoshtaWarehouse.Kind.POSTOMAT if postomat else NovaPoshtaWarehouse.Kind.BRANCH,
        max_weight=_number(row.get("PlaceMaxWeightAllowed") or row.get("TotalMaxWeightAllowed")),
        active=(row.get("WarehouseStatus") or "Working") == "Working", refreshed_at=now)


def refresh_directory(client=None) -> dict:
    """Download every city and branch, then write them in one transaction: a failure half way
    (a page refused, the network gone) leaves yesterday's directory as it was. Rows the API no
    longer lists are kept but inactive, so old orders still find their branch."""
    client = client or NovaPoshtaClient()
    now = timezone.now()
    cities = [_city(row, now) for row in client.pages("Address", "getCities") if row.get("Ref")]
    warehouses = [_warehouse(row, now) for row in client.pages("AddressGeneral", "getWarehouses")
                  if row.get("Ref")]
    if not cities or not warehouses:
        # An empty answer is an outage, not a country without post offices: change nothing.
        raise NovaPoshtaError(f"Nova Poshta directory: {len(cities)} cities and {len(warehouses)} "
                              "branches listed; the stored directory is kept")
    with transaction.atomic():
        NovaPoshtaCity.objects.bulk_create(cities, batch_size=1000, update_conflicts=True,
                                           unique_fields=["ref"], update_fields=CITY_FIELDS)
        NovaPoshtaWarehouse.objects.bulk_create(warehouses, batch_size=1000, update_conflicts=True,
                                                unique_fields=["ref"], update_fields=WAREHOUSE_FIELDS)
        gone_cities = NovaPoshtaCity.objects.filter(refreshed_at__lt=now, active=True).update(active=False)
        gone = NovaPoshtaWarehouse.objects.filter(refreshed_at__lt=now, active=True).update(active=False)
    return {"cities": len(cities), "warehouses": len(warehouses), "cities_gone": gone_cities,
            "warehouses_gone": gone}


def find_cities(query: str, limit: int = 20) -> list[NovaPoshtaCity]:
    """Cities with an open branch whose name starts with the query; an exact name first."""
    key = search_key(query)
    if len(key) < 2:
        return []
    open_cities = NovaPoshtaWarehouse.objects.filter(active=True).values("city_ref")
    return list(
        NovaPoshtaCity.objects.filter(active=True, search_name__startswith=key, ref__in=open_cities)
        .annotate(exact=Case(When(search_name=key, then=Value(0)), default=Value(1),
                             output_field=IntegerField()), length=Length("name"))
        .order_by("exact", "length", "name", "area")[:limit])


def branches_of(city_refs) -> list[NovaPoshtaWarehouse]:
    return list(NovaPoshtaWarehouse.objects.filter(city_ref__in=list(city_refs), active=True)
                .order_by("city_ref", "kind", "number", "pk"))


def find_branch(city: str, label: str) -> NovaPoshtaWarehouse | None:
    """The stored branch an order names (its city text and branch label), if there is one."""
    refs = NovaPoshtaCity.objects.filter(search_name=search_key(city)).values("ref")
    branches = NovaPoshtaWarehouse.objects.filter(city_ref__in=refs, label=label)
    return branches.order_by("-active", "pk").first()
