"""Magento 2 REST as a supplier: tokens, the searchCriteria keyset, configurable products and
their children, MSI source items, and the last page Magento echoes past the end."""

from __future__ import annotations

from decimal import Decimal

import pytest

from shop.models import Product
from suppliers.connectors.http import ConnectorError
from suppliers.connectors.magento import MagentoConnector
from suppliers.connectors.snapshot import Snapshot
from suppliers.models import SyncRun

from .conftest import catalog_state, map_all, store_supplier, sync
from .fakes import FakeMagento


def test_configurable_products_land_with_their_sizes_and_msi_stock(magento, magento_supplier, catalog, clock):
    sku = magento.add("Туфлі Tufli", sizes={"38": 4, "39": 0, "40": 2}, price="1800.0000", special="1500")
    other = magento.add("Босоніжки", sizes={"38": 1})

    assert sync("tufli")[0] == 0
    map_all(magento_supplier, catalog["sneakers"])
    code, line = sync("tufli", "--full")

    assert code == 0, line
    state = catalog_state(magento_supplier)
    assert set(state) == {sku, other}  # children are sizes, not models
    name, status, price, stock = state[sku]
    assert name == "Туфлі" and status == Product.Status.ACTIVE and price == Decimal("1500")
    assert stock == {"38": 4, "39": 0, "40": 2}
    product = Product.objects.get(supplier_sku=sku)
    assert product.supplier_url.endswith(f"/tufli-{magento.by_sku(sku)['id']}.html")


def test_paging_is_a_keyset_that_survives_rows_moving_and_identical_stamps(magento, magento_supplier, clock):
    stamp = magento.tick(5)
    skus = [magento.add(f"Модель {n}", sizes={"38": 1}, stamp=stamp) for n in range(4)]  # 12 rows, 1 second

    def meanwhile(page):
        if page == 2:
            magento.by_sku(skus[0])["updated_at"] = magento.tick(5)  # read already, moves to the end
            skus.append(magento.add("Новинка", sizes={"39": 2}))

    magento.hooks.before_page.append(meanwhile)
    code, line = sync("tufli")

    assert code == 0, line
    assert sorted(catalog_state(magento_supplier)) == sorted(skus)
    pages = [args for kind, args in magento.requests
             if kind == "products" and "searchCriteria[sortOrders][0][field]" in args]
    assert all(args["searchCriteria[currentPage]"] == "1" for args in pages)
    assert any("entity_id" in args.values() for args in pages)


def test_incremental_runs_reach_a_models_parent_when_only_a_size_changed(magento, magento_supplier, clock,
                                                                         settings):
    settings.SUPPLIER_CONNECTOR_OVERLAP_MINUTES = 0
    sku = magento.add("Туфлі", sizes={"38": 4, "39": 1})
    newest = magento.add("Інші", sizes={"38": 1})  # stamped at the watermark: read again (>=)
    assert sync("tufli")[0] == 0
    child = magento.by_sku(f"{sku}-39")
    child["updated_at"] = magento.tick(3600)
    child["price"] = 1200.0

    code, line = sync("tufli")

    assert code == 0, line
    run = SyncRun.objects.filter(supplier=magento_supplier).first()
    # The parent is older than the watermark: only the map from its child finds it.
    assert run.mode == "incremental" and run.records == 2
    assert catalog_state(magento_supplier)[sku][2] == Decimal("1200")
    assert newest in catalog_state(magento_supplier)


def test_the_last_page_echo_past_the_end_terminates(magento, clock):
    """Source items are paged by number; a total_count larger than what is served makes the
    connector ask past the end, and Magento answers with the last page again."""
    sku = magento.add("Туфлі", sizes={"38": 4, "39": 1, "40": 2, "41": 3})
    original = magento.search

    def inflated(rows, args):
        items, total = original(rows, args)
        return items, total + 50 if rows is magento.sources else total

    magento.search = inflated
    connector = MagentoConnector(magento.url, {"page_size": 2}, {"access_token": FakeMagento.TOKEN},
                                 clock=clock)
    snapshot = Snapshot()
    connector.read(snapshot, None)

    source_pages = [a for kind, a in magento.requests if kind == "source-items"]
    assert [a["searchCriteria[currentPage]"] for a in source_pages] == ["1", "2", "3"]  # page 3 echoed 2
    path = snapshot.finish()
    assert f'"{sku}-40":2' in path.read_text()
    path.unlink()


def test_a_store_that_ignores_the_keyset_filter_fails_instead_of_looping(httpserver, clock):
    magento = FakeMagento(httpserver, honour_keyset=False)
    stamp = magento.tick(5)
    for n in range(3):
        magento.add(f"Модель {n}", sizes={"38": 1}, stamp=stamp)
    connector = MagentoConnector(magento.url, {"page_size": 3}, {"access_token": FakeMagento.TOKEN},
                                 clock=clock)
    with pytest.raises(ConnectorError, match="page already read"):
        connector.read(Snapshot(), None)
    assert len(magento.requests) < 20


def test_an_admin_user_gets_a_token_for_the_run(magento, catalog, clock):
    store_supplier("admin-shop", "magento", magento.url, {"admin_username": FakeMagento.ADMIN[0],
                                                          "admin_password": FakeMagento.ADMIN[1]})
    magento.add("Туфлі", sizes={"38": 1})
    code, line = sync("admin-shop")
    assert code == 0, line
    assert magento.admin_tokens


def test_a_wrong_admin_password_is_refused_and_never_shown(magento, catalog, clock):
    store_supplier("admin-shop", "magento", magento.url, {"admin_username": "shopadmin",
                                                          "admin_password": "Wr0ng-Passw0rd"})
    magento.add("Туфлі", sizes={"38": 1})
    code, line = sync("admin-shop")
    assert code == 2 and "sign-in was incorrect" in line
    run = SyncRun.objects.get(supplier__slug="admin-shop")
    assert "Wr0ng-Passw0rd" not in run.error and "Wr0ng-Passw0rd" not in line
