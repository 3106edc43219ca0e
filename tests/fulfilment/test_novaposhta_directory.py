"""The Nova Poshta client and the stored directory, against a local server speaking API 2.0."""

import pytest

from fulfilment.models import NovaPoshtaCity, NovaPoshtaWarehouse
from fulfilment.novaposhta.client import NovaPoshtaClient, NovaPoshtaError
from fulfilment.novaposhta.directory import find_cities, refresh_directory
from tests.fulfilment.fake_novaposhta import city

pytestmark = pytest.mark.django_db


def test_a_refusal_becomes_an_error_naming_the_call_reasons_and_codes(fake_np):
    fake_np.refusals[("InternetDocument", "save")] = (
        ["Recipient Warehouse max allowed volumeweight: 30"], ["20000203729"])
    with pytest.raises(NovaPoshtaError) as error:
        NovaPoshtaClient().call("InternetDocument", "save", {})
    assert str(error.value) == ("Нова пошта InternetDocument.save: помилка: Recipient Warehouse max allowed "
                                "volumeweight: 30 (коди 20000203729)")
    assert error.value.codes == ["20000203729"]


def test_a_wrong_key_is_a_clear_error(fake_np):
    with pytest.raises(NovaPoshtaError, match="API key is invalid"):
        NovaPoshtaClient(api_key="wrong").call("Address", "getCities", {"Page": "1"})


def test_an_unreachable_server_is_an_error_too(settings):
    settings.NOVA_POSHTA_API_URL = "http://127.0.0.1:9/v2.0/json/"
    with pytest.raises(NovaPoshtaError, match="немає коректної відповіді"):
        NovaPoshtaClient(api_key="k", timeout=2).call("Address", "getCities")


def test_the_refresh_reads_every_page_and_stores_the_directory(country, settings):
    settings.NOVA_POSHTA_PAGE_SIZE = 2

    result = refresh_directory()

    assert result["cities"] == 5 and result["warehouses"] == 6
    pages = [props["Page"] for props in country.methods("AddressGeneral", "getWarehouses")]
    assert pages == ["1", "2", "3"]  # strings, as getCities insists
    assert NovaPoshtaWarehouse.objects.get(ref="wh-kyiv-p").kind == "postomat"
    assert NovaPoshtaWarehouse.objects.get(ref="wh-kyiv-1").max_weight == 30


def test_a_branch_gone_from_the_api_is_kept_inactive_and_others_are_updated(country):
    refresh_directory()
    country.warehouses = [row for row in country.warehouses if row["Ref"] != "wh-kyiv-2"]
    country.warehouses[0]["Description"] = "Відділення №1: вул. Пирогівський шлях, 135а"

    result = refresh_directory()

    assert result["warehouses_gone"] == 1
    assert not NovaPoshtaWarehouse.objects.get(ref="wh-kyiv-2").active
    assert NovaPoshtaWarehouse.objects.get(ref="wh-kyiv-1").label.endswith("135а")
    assert NovaPoshtaWarehouse.objects.count() == 6


def test_a_refresh_failing_half_way_leaves_the_directory_as_it_was(country):
    refresh_directory()
    country.cities.append(city("city-new", "Нове"))
    country.refusals[("AddressGeneral", "getWarehouses")] = (["Server is busy"], ["20000900001"])

    with pytest.raises(NovaPoshtaError, match="Server is busy"):
        refresh_directory()

    assert not NovaPoshtaCity.objects.filter(ref="city-new").exists()
    assert NovaPoshtaWarehouse.objects.filter(active=True).count() == 6


def test_an_empty_answer_changes_nothing(country):
    refresh_directory()
    country.warehouses = []
    with pytest.raises(NovaPoshtaError, match="kept"):
        refresh_directory()
    assert NovaPoshtaWarehouse.objects.filter(active=True).count() == 6


def test_city_search_is_case_blind_in_cyrillic_and_lists_only_cities_with_branches(country):
    refresh_directory()
    assert [str(c) for c in find_cities("київ")] == ["Київ (Київська)"]  # Київець has no branch
    assert [c.area for c in find_cities("ОЛЕКСАНДРІВКА")] == ["Кіровоградська", "Одеська"]
    assert find_cities("к") == []  # one letter is too little to list anything


def test_the_daily_task_does_nothing_without_a_key(settings):
    from fulfilment.tasks import refresh_directory as task

    settings.NOVA_POSHTA_API_KEY = ""
    assert task() == "NOVA_POSHTA_API_KEY is not set"
