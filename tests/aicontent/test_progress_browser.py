"""The job page follows a running job in the browser, without script or CSP errors."""

import threading

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.urls import reverse

from aicontent.models import AIJob, Kind

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def running_job(db, settings):
    """A job a quarter done, and the session of the manager who started it."""
    boss = get_user_model().objects.create_superuser("boss", "boss@example.com", "pw")
    client = Client()
    client.force_login(boss)
    job = AIJob.objects.create(kind=Kind.DESCRIPTION, requested_by=boss, total=4, done=1,
                               status=AIJob.Status.RUNNING)
    return job, client.cookies["sessionid"].value


def in_thread(work):
    """The ORM refuses to run beside Playwright's event loop; a worker thread may."""
    def run():
        try:
            work()
        finally:
            connection.close()
    thread = threading.Thread(target=run)
    thread.start()
    thread.join()


def test_the_progress_bar_follows_the_job(running_job, live_server, browser_page):
    job, session = running_job
    browser_page.context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])

    browser_page.goto(live_server.url + reverse("aicontent:job", args=(job.pk,)))
    assert browser_page.locator(".js-job-progress").get_attribute("value") == "25"

    in_thread(lambda: AIJob.objects.filter(pk=job.pk).update(done=3, failed=1, status=AIJob.Status.FINISHED))

    browser_page.wait_for_function("document.querySelector('.js-job-progress').value === 100")
    assert browser_page.locator(".js-job-reload").is_visible()
    assert not browser_page.locator(".js-job-cancel").is_visible()
