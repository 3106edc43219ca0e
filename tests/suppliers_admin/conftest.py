"""Users with and without the suppliers' change permission, a supplier, admin URLs."""

from __future__ import annotations

import os
import socket
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from wagtail.users.models import UserProfile

from suppliers.models import Supplier, SyncLock
from tests.admin.helpers import make_editor

NS = "wagtailsnippets_suppliers_supplier"


def admin_url(name, *args):
    return reverse(f"{NS}:{name}", args=args)


@pytest.fixture
def boss(db):
    return get_user_model().objects.create_superuser("boss", "boss@example.com", "pw")


@pytest.fixture
def manager(db):
    """May change suppliers, nothing else; reads the admin in English (what the tests compare)."""
    user = make_editor("manager", "change_supplier", "view_supplier")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    return user


@pytest.fixture
def manager_client(client, manager):
    client.force_login(manager)
    return client


@pytest.fixture
def outsider(db):
    """Opens the admin and edits warehouses, but has no permission on suppliers."""
    return make_editor("outsider", "change_warehouse", "view_warehouse")


@pytest.fixture
def supplier(db):
    return Supplier.objects.create(name="NewFeet", slug="newfeet", dialect="yml_grouped",
                                   default_markup_percent=Decimal("0"))


def hold_lock(supplier) -> SyncLock:
    """The lock as a live sync in this very process holds it."""
    now = timezone.now()
    lock, _ = SyncLock.objects.update_or_create(supplier=supplier, defaults={
        "token": "busy", "host": socket.gethostname(), "pid": os.getpid(),
        "acquired_at": now, "heartbeat": now})
    return lock
