"""Only users with the suppliers' change permission reach the suppliers pages and buttons."""

from __future__ import annotations

from unittest import mock

import pytest
from django.urls import reverse

from suppliers.models import SyncRun

from .conftest import admin_url

PAGES = ["overview", "status", "unmapped", "unknown_values", "name_rules"]


def page_urls(supplier, run):
    return [admin_url(name) for name in PAGES] + [admin_url("runs", supplier.pk), admin_url("run", run.pk)]


@pytest.fixture
def run(supplier):
    return SyncRun.objects.create(supplier=supplier, status=SyncRun.Status.DONE)


def test_users_without_the_permission_are_sent_back_to_the_dashboard(client, outsider, supplier, run):
    client.force_login(outsider)
    for url in page_urls(supplier, run):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == reverse("wagtailadmin_home"), url
        # The page's script asks with XMLHttpRequest: it gets a plain 403.
        assert client.get(url, headers={"x-requested-with": "XMLHttpRequest"}).status_code == 403, url


def test_buttons_refuse_users_without_the_permission(client, outsider, supplier):
    client.force_login(outsider)
    with mock.patch("suppliers.tasks.enqueue_sync") as enqueue_sync, \
            mock.patch("suppliers.tasks.enqueue_all") as enqueue_all, \
            mock.patch("suppliers.admin.webp.enqueue_conversion") as enqueue_conversion:
        for name, args in [("sync", [supplier.pk]), ("sync_all", []), ("convert_webp", [])]:
            response = client.post(admin_url(name, *args), headers={"x-requested-with": "XMLHttpRequest"})
            assert response.status_code == 403, name
            assert client.post(admin_url(name, *args)).status_code == 302, name
    assert not enqueue_sync.called and not enqueue_all.called and not enqueue_conversion.called


def test_anonymous_visitors_are_sent_to_the_login(client, supplier):
    response = client.get(admin_url("overview"))
    assert response.status_code == 302 and reverse("wagtailadmin_login") in response["Location"]


def test_a_supplier_manager_sees_every_page(manager_client, supplier, run):
    for url in page_urls(supplier, run):
        assert manager_client.get(url).status_code == 200, url


def test_the_menu_opens_the_overview(manager_client, supplier):
    response = manager_client.get(reverse("wagtailadmin_home"))
    assert admin_url("overview") in response.content.decode()
