"""Shopify Admin GraphQL as a supplier: the bulk export for full runs, cursor pages for changes,
the cost bucket read from throttleStatus, stock per location."""

from __future__ import annotations

from decimal import Decimal

import pytest

from shop.models import Product
from suppliers.connectors.http import ConnectorError
from suppliers.connectors.shopify import ShopifyConnector
from suppliers.connectors.snapshot import Snapshot
from suppliers.models import SyncRun

from .conftest import FakeClock, catalog_state, map_all, sync
from .fakes import FakeShopify


def code_of(gid: str) -> str:
    return gid.rsplit("/", 1)[1]


def test_the_first_full_import_is_a_bulk_operation_put_back_together(shopify, shopify_supplier, catalog,
                                                                       clock, settings):
    settings.SUPPLIER_CONNECTOR_BULK_POLL_SECONDS = 3
    boots = shopify.add("Черевики Kalyna", sizes={"38": 3, "39": 0, "40": 2}, price="2100.00",
                        compare="2600.00")
    flats = shopify.add("Балетки", sizes={"37": 1}, price="990.00")
    draft = shopify.add("Чернетка", sizes={"36": 4}, status="DRAFT")

    code, line = sync("kalyna-shop")
    map_all(shopify_supplier, catalog["boots"])
    assert code == 0, line
    code, line = sync("kalyna-shop", "--full")

    assert code == 0, line
    queries = [q["query"] for q in shopify.queries]
    assert any("bulkOperationRunQuery" in q for q in queries)
    assert not any("products(first" in q for q in queries)  # no paging for a full run
    assert clock.slept.count(3) >= 2  # the operation was polled until it completed
    state = catalog_state(shopify_supplier)
    name, status, price, stock = state[code_of(boots)]
    assert name == "Черевики" and status == Product.Status.ACTIVE and price == Decimal("2100.00")
    assert stock == {"38": 3, "39": 0, "40": 2}
    assert Product.objects.get(supplier_sku=code_of(boots)).compare_at_price is not None
    assert state[code_of(flats)][3] == {"37": 1}
    assert state[code_of(draft)][3] == {"36": 0}  # a draft sells nothing


def test_stock_comes_from_the_chosen_locations(shopify, shopify_supplier, clock):
    shopify_supplier.adapter_options = {"locations": ["gid://shopify/Location/2"], "page_size": 2}
    shopify_supplier.save()
    gid = shopify.add("Черевики", sizes={"38": 3})  # 3 at location 1, 10 at location 2

    assert sync("kalyna-shop")[0] == 0  # bulk, with inventory levels
    assert catalog_state(shopify_supplier)[code_of(gid)][3] == {"38": 10}
    shopify.products[gid]["variants"][0]["inventoryItem"]["levels"]["gid://shopify/Location/2"] = 6
    shopify.edit(gid)

    assert sync("kalyna-shop", "--incremental")[0] == 0  # pages, one aliased level per location
    assert catalog_state(shopify_supplier)[code_of(gid)][3] == {"38": 6}
    assert 'inventoryLevel(locationId: "gid://shopify/Location/2")' in shopify.queries[-1]["query"]


def test_incremental_runs_page_by_cursor_and_read_only_what_changed(shopify, shopify_supplier, clock,
                                                                    settings):
    settings.SUPPLIER_CONNECTOR_OVERLAP_MINUTES = 0
    gids = [shopify.add(f"Модель {n}", sizes={"38": 1}) for n in range(7)]
    assert sync("kalyna-shop")[0] == 0
    shopify.tick(3600)
    for gid in gids[1:6]:
        shopify.edit(gid, title="Оновлена модель")
    shopify.queries.clear()

    code, line = sync("kalyna-shop")

    assert code == 0, line
    run = SyncRun.objects.filter(supplier=shopify_supplier).first()
    assert run.mode == "incremental" and run.records == 5
    searches = [q["variables"] for q in shopify.queries if "products(first" in q["query"]]
    assert len(searches) == 3  # 5 changed products, 2 a page: three pages by cursor
    assert all(s["query"].startswith("updated_at:>'") for s in searches)
    assert [s["after"] is None for s in searches] == [True, False, False]
    names = catalog_state(shopify_supplier)
    assert [names[code_of(g)][0] for g in gids].count("Оновлена модель") == 5


def test_the_cost_bucket_makes_the_connector_wait_without_being_throttled(shopify, clock):
    """The store restores 100 points a second; each page costs 300 of a 1000-point bucket."""
    shopify.cost = 300.0
    for n in range(9):
        shopify.add(f"Модель {n}", sizes={"38": 1})
    connector = ShopifyConnector(shopify.url, {"page_size": 1, "bulk": False},
                                 {"access_token": FakeShopify.TOKEN}, clock=clock)
    refill = {"at": clock.t}

    def restore_bucket(seconds):  # the fake bucket refills as the fake clock moves
        shopify.available = min(shopify.bucket_max, shopify.available + seconds * shopify.restore)

    original_sleep = clock.sleep
    clock.sleep = lambda s: (restore_bucket(s), original_sleep(s))
    snapshot = Snapshot()
    connector.read(snapshot, None)

    assert len(snapshot) == 9
    assert shopify.throttled == 0  # it never asked while the bucket was short
    assert clock.slept, "it must wait once the bucket runs low"
    # 1000 points allow 3 pages at once; after that each page waits for the 300 - what is left.
    assert all(0 < s <= 3.0 for s in clock.slept)
    assert shopify.available >= 0 and refill["at"] < clock.t
    snapshot.close()


def test_a_throttled_answer_waits_from_throttle_status_then_asks_again(shopify, clock):
    shopify.cost = 50.0
    shopify.available = 20.0  # less than the query needs: the fake answers THROTTLED
    shopify.add("Модель", sizes={"38": 1})
    connector = ShopifyConnector(shopify.url, {"page_size": 5, "bulk": False},
                                 {"access_token": FakeShopify.TOKEN}, clock=clock)

    original_sleep = clock.sleep

    def sleep(seconds):
        shopify.available += seconds * shopify.restore
        original_sleep(seconds)

    clock.sleep = sleep
    snapshot = Snapshot()
    connector.read(snapshot, None)

    assert len(snapshot) == 1 and shopify.throttled == 1
    assert clock.slept == [pytest.approx(0.3)]  # (50 - 20) points / 100 points a second
    snapshot.close()


def test_a_failed_bulk_operation_changes_nothing(shopify, shopify_supplier, clock):
    gid = shopify.add("Модель", sizes={"38": 1})
    assert sync("kalyna-shop")[0] == 0
    before = catalog_state(shopify_supplier)
    shopify.edit(gid, title="Інша назва")
    original = shopify.poll_bulk

    def failing():
        answer = original()
        answer.update(status="FAILED", errorCode="INTERNAL_SERVER_ERROR", url=None)
        return answer

    shopify.poll_bulk = failing

    code, line = sync("kalyna-shop", "--full")

    assert code == 2 and "FAILED" in line
    assert catalog_state(shopify_supplier) == before


def test_a_wrong_token_is_refused_without_showing_it(shopify, catalog, clock):
    from .conftest import store_supplier

    store_supplier("bad-shop", "shopify", shopify.url, {"access_token": "shpat_wrong_secret_value"})
    code, line = sync("bad-shop")
    assert code == 2 and "401" in line
    run = SyncRun.objects.get(supplier__slug="bad-shop")
    assert "shpat_wrong_secret_value" not in run.error


def test_more_variants_than_a_page_are_fetched_by_their_own_cursor(shopify, clock):
    gid = shopify.add("Модель", sizes={"38": 1})
    connector = ShopifyConnector(shopify.url, {"bulk": False}, {"access_token": FakeShopify.TOKEN},
                                 clock=FakeClock())
    node = shopify.node(shopify.products[gid])
    node["variants"]["pageInfo"] = {"hasNextPage": True, "endCursor": "abc"}
    original = shopify.page
    shopify.page = lambda variables: {**original(variables), "nodes": [node]}
    snapshot = Snapshot()
    connector.read(snapshot, None)
    assert any("product(id:" in q["query"] and q["variables"]["after"] == "abc" for q in shopify.queries)
    snapshot.close()


def test_graphql_errors_fail_the_read(shopify, clock):
    connector = ShopifyConnector(shopify.url, {}, {}, clock=clock)
    with pytest.raises(ConnectorError, match="access_token"):
        connector.read(Snapshot(), None)
