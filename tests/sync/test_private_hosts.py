"""Private addresses are reachable only on the hosts one supplier names, and only for that supplier."""

from __future__ import annotations

import urllib.error

import pytest
from django.core.exceptions import ValidationError

from shop.models import ProductImage
from suppliers.checks import ssrf_guard_is_on
from suppliers.models import SyncRun
from suppliers.sync import safehttp

from .conftest import make_sample, make_supplier, sync


@pytest.fixture
def guarded(feed_server, settings):
    """The loopback feed server with the shop's real guard on (no global switch)."""
    settings.SUPPLIER_FEEDS_ALLOW_PRIVATE = False
    feed_server.port = feed_server.httpd.server_address[1]
    return feed_server


def test_a_named_host_is_reached_for_its_supplier_only(guarded, tmp_path, store_categories):
    named = f"http://localhost:{guarded.port}"
    served = make_sample(guarded.root, models=12, images=True, base_url=named)
    office = make_supplier(served, "lorena", allowed_private_hosts="localhost")
    make_supplier(served, "kalyna")

    code, line = sync("lorena", "--source", f"{named}/lorena/price.csv")
    assert code == 0, line
    assert ProductImage.objects.filter(product__supplier=office).exists()  # photos on it too

    guarded.requests.clear()
    code, message = sync("kalyna", "--source", f"{named}/kalyna/feed.xml")
    assert code == 2 and "private" in message  # the same host, another supplier: refused
    assert guarded.requests == []

    # Not named: the same server by its address, for the supplier that named "localhost".
    code, message = sync("lorena", "--source", f"http://127.0.0.1:{guarded.port}/lorena/price.csv")
    assert code == 2 and "private" in message
    assert guarded.requests == []


def test_photos_on_an_unnamed_private_host_stay_refused(guarded, tmp_path, store_categories):
    served = make_sample(guarded.root, models=12, images=True, base_url=f"http://127.0.0.1:{guarded.port}")
    make_supplier(served, "lorena", allowed_private_hosts="localhost")

    code, _line = sync("lorena", "--source", str(served.feed("lorena")))

    assert code == 0 and guarded.requests == []
    run = SyncRun.objects.get()
    assert run.images_failed > 0 and any("private" in w["message"] for w in run.warnings)


def test_a_redirect_from_a_named_host_to_another_private_one_is_refused(httpserver, settings):
    settings.SUPPLIER_FEEDS_ALLOW_PRIVATE = False
    port = httpserver.port
    httpserver.expect_request("/feed").respond_with_data(
        "", status=302, headers={"Location": f"http://127.0.0.1:{port}/inner"})
    httpserver.expect_request("/inner").respond_with_data("secret")

    with pytest.raises(urllib.error.URLError, match="private"):
        safehttp.open_url(f"http://localhost:{port}/feed", timeout=5, private_hosts={"localhost"})
    with safehttp.open_url(f"http://localhost:{port}/inner", timeout=5, private_hosts={"LOCALHOST."}) as r:
        assert r.read() == b"secret"  # names compare case- and trailing-dot-blind
    with pytest.raises(urllib.error.URLError, match="private"):
        safehttp.open_url(f"http://localhost:{port}/inner", timeout=5)


@pytest.mark.django_db
def test_allowed_private_hosts_take_exact_names_only(sample):
    supplier = make_supplier(sample, "lorena")
    supplier.allowed_private_hosts = "1C.office.lan,  10.0.0.7\nnas.local 1c.office.lan"
    supplier.full_clean()
    assert supplier.allowed_private_hosts == "1c.office.lan\n10.0.0.7\nnas.local"
    assert supplier.private_hosts() == {"1c.office.lan", "10.0.0.7", "nas.local"}
    for bad in ("http://1c.office.lan", "*.office.lan", "1c.office.lan:8080", "10.0.0.0/8"):
        supplier.allowed_private_hosts = bad
        with pytest.raises(ValidationError) as caught:
            supplier.full_clean()
        assert "allowed_private_hosts" in caught.value.message_dict, bad


def test_the_global_switch_fails_the_deploy_check(settings):
    settings.SUPPLIER_FEEDS_ALLOW_PRIVATE = False
    assert ssrf_guard_is_on(None) == []
    settings.SUPPLIER_FEEDS_ALLOW_PRIVATE = True
    assert [e.id for e in ssrf_guard_is_on(None)] == ["suppliers.E001"]
