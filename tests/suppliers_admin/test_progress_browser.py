"""The suppliers overview in Debian's chromium: a run that starts shows in its row, and its
progress moves without a reload."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.contrib.auth import get_user_model
from django.db import connections
from django.test import Client
from django.utils import timezone
from wagtail.users.models import UserProfile

from suppliers.models import Supplier, SyncRun

from .conftest import admin_url, hold_lock

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def as_worker(write):
    """Write from another thread, as the cluster would (Playwright's thread runs an event loop,
    where Django refuses ORM calls)."""
    def run():
        try:
            return write()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(run).result()


def start_run(supplier):
    run = SyncRun.objects.create(supplier=supplier, phase=SyncRun.Phase.READING, progress_done=120)
    lock = hold_lock(supplier)
    lock.run = run
    lock.save()
    return run


@pytest.fixture
def supplier(transactional_db):
    supplier = Supplier.objects.create(name="NewFeet", slug="newfeet", dialect="yml_grouped")
    SyncRun.objects.create(supplier=supplier, status=SyncRun.Status.FAILED, finished_at=timezone.now(),
                           error="Yesterday's feed was broken")
    return supplier


@pytest.fixture
def session(transactional_db):
    boss = get_user_model().objects.create_superuser("boss", "boss@example.com", "pw")
    profile = UserProfile.get_for_user(boss)
    profile.preferred_language = "en"
    profile.save()
    client = Client()
    client.force_login(boss)
    return client.cookies["sessionid"].value


def test_a_starting_run_replaces_the_last_error_and_its_progress_moves(supplier, session, live_server,
                                                                     browser_page):
    page = browser_page
    page.context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])
    page.goto(live_server.url + admin_url("overview"))
    row = page.locator(f'tr[data-supplier-id="{supplier.pk}"]')
    row.get_by_text("Yesterday's feed was broken").wait_for()

    # A worker starts a run: the next poll reloads the page once, and the row shows that run.
    run = as_worker(lambda: start_run(supplier))
    row.get_by_text("Reading the feed: 120").wait_for(timeout=10_000)
    assert row.get_by_text("Yesterday's feed was broken").count() == 0
    page.evaluate("window.stillTheSamePage = true")

    # The run moves on: the bar follows it by polling, without another reload.
    as_worker(lambda: SyncRun.objects.filter(pk=run.pk).update(
        phase=SyncRun.Phase.WRITING, progress_done=45, progress_total=90))
    row.get_by_text("Writing products: 45 / 90 (50%)").wait_for(timeout=10_000)
    assert row.locator("progress").evaluate("bar => bar.value") == 50
    assert page.evaluate("window.stillTheSamePage") is True
