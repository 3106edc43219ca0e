"""WooCommerce REST v3 as a supplier: keyset paging by modified date, GMT dates, incremental
runs, full reconciliation, failures that change nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest
from werkzeug import Response

from shop.models import Product
from suppliers.connectors.woocommerce import PRODUCTS
from suppliers.models import ConnectorState, SyncRun

from .conftest import catalog_state, map_all, sync


def woo_ids(supplier) -> list[str]:
    return sorted(Product.objects.filter(supplier=supplier).values_list("supplier_sku", flat=True))


def test_a_store_lands_in_the_catalog_through_the_sync_pipeline(woo, woo_supplier, catalog, clock):
    boots = woo.add("Черевики Lumo ХІТ!", sizes={"38": 2, "39": 0, "40": 5}, price="1800",
                    regular="2400")
    woo.add("Кеди", sizes={"37": 1}, price="900")
    woo.add("Чернетка", sizes={"36": 3}, status="draft")

    code, line = sync("lumo")
    map_all(woo_supplier, catalog["sneakers"])
    code, line = sync("lumo", "--full")

    assert code == 0, line
    state = catalog_state(woo_supplier)
    assert set(state) == {str(boots), str(boots + 1), str(boots + 2)}
    name, status, price, stock = state[str(boots)]
    assert name == "Черевики"  # the pipeline's name cleaning: promo word and brand gone
    assert status == Product.Status.ACTIVE and price == Decimal("1800")
    assert stock == {"38": 2, "39": 0, "40": 5}
    product = Product.objects.get(supplier_sku=str(boots))
    assert product.compare_at_price is None or product.compare_at_price >= product.price
    assert catalog_state(woo_supplier)[str(boots + 2)][3] == {"36": 0}  # a draft sells nothing
    run = SyncRun.objects.filter(supplier=woo_supplier).first()
    assert run.mode == "full" and run.api_requests >= 4 and "(full)" in line


def test_paging_while_rows_are_inserted_and_edited_loses_and_duplicates_nothing(woo, woo_supplier, clock):
    ids = [woo.add(f"Модель {n}", sizes={"38": 1}) for n in range(35)]
    edited = {ids[2], ids[23]}  # one on a page already read, one on a page still to come

    def meanwhile(page):
        if page == 2:  # while the second page is being answered
            for pid in edited:
                woo.edit(pid, name=f"Нова назва {pid}")
            for n in range(4):
                ids.append(woo.add(f"Новинка {n}", sizes={"39": 2}))

    woo.hooks.before_page.append(meanwhile)
    code, line = sync("lumo")

    assert code == 0, line
    assert woo_ids(woo_supplier) == sorted(str(i) for i in ids)  # 39, each once
    assert Product.objects.filter(supplier=woo_supplier).count() == 39
    names = dict(Product.objects.filter(supplier=woo_supplier).values_list("supplier_sku", "name"))
    assert [pid for pid in ids if names[str(pid)] == "Нова назва"] == sorted(edited)  # latest versions
    assert all(args.get("page") == "1" for args in woo.log)  # a cursor, never page numbers


def test_the_fake_store_does_lose_a_row_to_page_numbers(woo):
    """The pitfall the keyset avoids, reproduced: paging by number while a row moves."""
    import httpx

    ids = [woo.add(f"Модель {n}", sizes={"38": 1}) for n in range(25)]
    auth = (woo.KEY, woo.SECRET)
    seen = []
    for page in (1, 2, 3):
        rows = httpx.get(woo.url + PRODUCTS, auth=auth, params={
            "per_page": 10, "page": page, "orderby": "modified", "order": "asc"}).json()
        seen += [r["id"] for r in rows]
        if page == 1:
            woo.edit(ids[0], name="moved to the end")
    assert len(set(seen)) < len(ids)


def test_a_full_page_of_rows_stamped_in_one_second_is_read_whole(woo, woo_supplier, clock):
    same = woo.tick(5)
    ids = [woo.add(f"Імпорт {n}", sizes={"38": 1}, at=same) for n in range(23)]  # > 2 pages at one second
    ids += [woo.add("Пізніше", sizes={"38": 1})]

    assert sync("lumo")[0] == 0
    assert woo_ids(woo_supplier) == sorted(str(i) for i in ids)


def test_incremental_runs_fetch_only_changed_rows_and_never_unpublish(woo, woo_supplier, catalog, clock,
                                                                     settings):
    settings.SUPPLIER_CONNECTOR_OVERLAP_MINUTES = 0  # the overlap has its own test
    ids = [woo.add(f"Модель {n}", sizes={"38": 1}) for n in range(12)]
    assert sync("lumo")[0] == 0
    map_all(woo_supplier, catalog["sneakers"])
    assert sync("lumo", "--full")[0] == 0
    woo.tick(3600)
    woo.set_stock(ids[4], "38", 7)
    woo.products[ids[7]]["status"] = "trash"  # gone from the store
    woo.log.clear()

    code, line = sync("lumo")

    assert code == 0, line
    run = SyncRun.objects.filter(supplier=woo_supplier).first()
    assert run.mode == "incremental" and run.records == 1 and run.unpublished == 0
    assert all("modified_after" in args and args["dates_are_gmt"] == "true" for args in woo.log)
    state = catalog_state(woo_supplier)
    assert state[str(ids[4])][3] == {"38": 7}
    assert state[str(ids[7])][1] == Product.Status.ACTIVE  # only a full run may unpublish

    code, line = sync("lumo", "--full")
    assert code == 0, line
    assert catalog_state(woo_supplier)[str(ids[7])][1] == Product.Status.DISABLED


def test_an_incremental_run_with_nothing_changed_is_done_and_empty(woo, woo_supplier, clock):
    woo.add("Модель", sizes={"38": 1}, at=woo.tick(-3600))
    woo.add("Модель", sizes={"38": 1}, at=woo.tick(3600))
    assert sync("lumo")[0] == 0
    woo.tick(3600)
    code, line = sync("lumo", "--incremental")
    assert code == 0, line
    run = SyncRun.objects.filter(supplier=woo_supplier).first()
    # Only the newest product, inside the overlap window before the watermark, is read again.
    assert run.status == SyncRun.Status.DONE and run.records == 1 and run.unchanged == 1


def test_the_overlap_catches_a_row_stamped_just_before_the_watermark(woo, woo_supplier, clock):
    """A row saved by a transaction that began before the last run read (or stamped by a clock
    a little behind) carries a date older than the watermark."""
    pid = woo.add("Модель", sizes={"38": 1})
    late = woo.add("Пізня", sizes={"38": 1})
    assert sync("lumo")[0] == 0
    woo.set_stock(late, "38", 4)
    woo.stamp(woo.products[late], woo.now - __import__("datetime").timedelta(minutes=3))
    woo.stamp(woo.products[pid], woo.now - __import__("datetime").timedelta(hours=2))

    assert sync("lumo", "--incremental")[0] == 0
    assert catalog_state(woo_supplier)[str(late)][3] == {"38": 4}


def test_a_store_west_of_gmt_loses_no_change(httpserver, catalog, clock):
    """Local dates in UTC-5 lag GMT by five hours: filtering on them would skip this edit."""
    from .conftest import store_supplier
    from .fakes import FakeWoo

    woo = FakeWoo(httpserver, utc_offset_hours=-5)
    supplier = store_supplier("west", "woocommerce", woo.url, {
        "consumer_key": FakeWoo.KEY, "consumer_secret": FakeWoo.SECRET})
    pid = woo.add("Модель", sizes={"38": 1})
    assert sync("west")[0] == 0
    woo.tick(3600)
    woo.set_stock(pid, "38", 9)

    assert sync("west", "--incremental")[0] == 0
    assert catalog_state(supplier)[str(pid)][3] == {"38": 9}


def test_the_watermark_moves_only_when_a_run_is_done(woo, woo_supplier, clock):
    pid = woo.add("Модель", sizes={"38": 1})
    assert sync("lumo")[0] == 0
    watermark = ConnectorState.objects.get(supplier=woo_supplier).watermark
    assert watermark.strftime("%Y-%m-%dT%H:%M:%S") == woo.products[pid]["date_modified_gmt"]
    woo.tick(3600)
    woo.set_stock(pid, "38", 5)
    woo.fail_next = [Response("upstream down", status=503)] * 10

    code, line = sync("lumo", "--incremental")

    assert code == 2 and "503" in line  # rejected: nothing changed
    assert ConnectorState.objects.get(supplier=woo_supplier).watermark == watermark
    assert catalog_state(woo_supplier)[str(pid)][3] == {"38": 1}
    assert clock.slept and len(clock.slept) == 3  # three retries with backoff, then it gave up


def test_a_429_is_retried_after_the_wait_the_store_asks_for(woo, woo_supplier, clock):
    woo.add("Модель", sizes={"38": 1})
    woo.fail_next = [Response("slow down", status=429, headers={"Retry-After": "7"}),
                     Response("oops", status=502)]
    code, line = sync("lumo")
    assert code == 0, line
    assert clock.slept[0] == 7.0
    assert 0.25 <= clock.slept[1] <= 1.0  # backoff 0.5 s doubled once, less up to half as jitter
    run = SyncRun.objects.filter(supplier=woo_supplier).first()
    assert run.api_retries == 2


def test_wrong_credentials_reject_the_run_and_change_nothing(woo, woo_supplier, catalog, clock):
    from suppliers.connectors import credentials

    pid = woo.add("Модель", sizes={"38": 1})
    assert sync("lumo")[0] == 0
    before = catalog_state(woo_supplier)
    woo.edit(pid, name="Інша")
    woo_supplier.credentials = credentials.encrypt({"consumer_key": "ck_wrong",
                                                    "consumer_secret": "cs_wrong_1"})
    woo_supplier.save()

    code, line = sync("lumo", "--full")

    assert code == 2 and "401" in line and "cannot list" in line
    assert catalog_state(woo_supplier) == before
    run = SyncRun.objects.filter(supplier=woo_supplier).first()
    assert run.status == SyncRun.Status.REJECTED
    assert "cs_wrong_1" not in run.error and "ck_wrong" not in run.error


@pytest.mark.parametrize("per_page", [100])
def test_per_page_never_exceeds_woos_limit(woo, woo_supplier, clock, per_page):
    woo_supplier.adapter_options = {"per_page": 500}
    woo_supplier.save()
    woo.add("Модель", sizes={"38": 1})
    assert sync("lumo")[0] == 0
    assert woo.log[0]["per_page"] == str(per_page)


def test_a_run_that_fails_half_way_through_the_store_changes_nothing(woo, woo_supplier, clock):
    ids = [woo.add(f"Модель {n}", sizes={"38": 1}) for n in range(25)]
    assert sync("lumo")[0] == 0
    before = catalog_state(woo_supplier)
    for pid in ids:
        woo.set_stock(pid, "38", 0)

    first_page = woo.hooks.served + 1

    def outage(page):
        if page == first_page:  # the store goes down after the first page of this run
            woo.fail_next = [Response("gateway timeout", status=504)] * 10

    woo.hooks.before_page.append(outage)
    code, line = sync("lumo", "--full")

    assert code == 2 and "504" in line
    assert catalog_state(woo_supplier) == before  # not even the first page's products changed
