"""Smoke tests against the real Nova Poshta API; run only when NOVA_POSHTA_API_KEY is set."""

import os

import pytest

from fulfilment.novaposhta.client import NovaPoshtaClient
from fulfilment.novaposhta.statuses import status_group

pytestmark = [
    pytest.mark.nova_poshta_live,
    pytest.mark.skipif(not os.environ.get("NOVA_POSHTA_API_KEY"), reason="NOVA_POSHTA_API_KEY is not set"),
]


def client():
    return NovaPoshtaClient(api_key=os.environ["NOVA_POSHTA_API_KEY"],
                            url=os.environ.get("NOVA_POSHTA_API_URL") or "https://api.novaposhta.ua/v2.0/json/")


def test_the_first_page_of_cities_has_refs_and_names():
    rows = client().call("Address", "getCities", {"Page": "1", "Limit": "20"})["data"]
    assert rows and all(row["Ref"] and row["Description"] for row in rows)


def test_branches_of_a_city_can_be_listed():
    city = client().call("Address", "getCities",
                         {"FindByString": "Київ", "Page": "1", "Limit": "1"})["data"][0]
    rows = client().call("AddressGeneral", "getWarehouses", {"CityRef": city["Ref"], "Page": "1",
                                                              "Limit": "5"})["data"]
    assert rows and all(row["CityRef"] == city["Ref"] for row in rows)


def test_tracking_an_unknown_number_answers_with_a_mapped_code():
    rows = client().call("TrackingDocument", "getStatusDocuments",
                         {"Documents": [{"DocumentNumber": "20400000000000", "Phone": ""}]})["data"]
    assert rows and status_group(rows[0]["StatusCode"]) != "unknown"
