"""IndexNow: the key file, batches of at most 10,000 URLs, response codes, what triggers it."""

import json
import os
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.utils import timezone
from werkzeug import Response

from channels.indexnow import queue, submit_due
from channels.models import IndexNowSubmission, IndexNowUrl
from shop.events import products_synced

pytestmark = pytest.mark.django_db
KEY = "a1b2c3d4-e5f6-7890"


class FakeIndexNow:
    def __init__(self, server):
        self.calls, self.script = [], []
        server.expect_request("/indexnow", method="POST").respond_with_handler(self.handle)
        self.url = server.url_for("/indexnow")

    def handle(self, request):
        self.calls.append(json.loads(request.data))
        status = self.script.pop(0) if self.script else 200
        return Response("", status=status)


@pytest.fixture
def indexnow(httpserver, settings, catalog):
    fake = FakeIndexNow(httpserver)
    settings.INDEXNOW_KEY = KEY
    settings.INDEXNOW_ENDPOINT = fake.url
    return fake


def test_the_key_file_holds_exactly_the_key(client, settings):
    settings.INDEXNOW_KEY = KEY
    response = client.get(f"/{KEY}.txt")
    assert (response.status_code, response.content, response["Content-Type"]) == (
        200, KEY.encode(), "text/plain; charset=utf-8")
    assert client.get("/another-key-123.txt").status_code == 404
    assert client.get("/robots.txt").status_code == 200  # still the robots file
    settings.INDEXNOW_KEY = ""
    assert client.get(f"/{KEY}.txt").status_code == 404


def due(now=None):
    """Submit what is due, as the schedule does, ten minutes from now unless told otherwise."""
    return submit_due(now=now or timezone.now() + timedelta(minutes=10))


def waiting():
    return set(IndexNowUrl.objects.values_list("url", flat=True))


def test_urls_go_in_batches_of_at_most_the_limit_for_our_host_only(indexnow, settings):
    settings.INDEXNOW_BATCH = 3
    urls = [f"http://localhost/product/p-{n}/" for n in range(7)] + ["https://elsewhere.example/x"]
    assert queue(urls + urls[:2]) == 7
    assert [s.outcome for s in due()] == ["accepted"] * 3

    assert [len(call["urlList"]) for call in indexnow.calls] == [3, 3, 1]
    first = indexnow.calls[0]
    assert (first["host"], first["key"], first["keyLocation"]) == ("localhost", KEY, f"http://localhost/{KEY}.txt")
    assert "https://elsewhere.example/x" not in sum((c["urlList"] for c in indexnow.calls), [])
    assert waiting() == set()


def test_a_url_is_sent_once_it_has_been_quiet_for_the_quiet_period(indexnow, settings):
    settings.INDEXNOW_QUIET_SECONDS = 600
    queue(["http://localhost/product/a/"])
    assert submit_due() == [] and not indexnow.calls  # just published: not yet

    later = timezone.now() + timedelta(minutes=5)
    IndexNowUrl.objects.update(changed_at=later)  # published again five minutes later
    assert submit_due(now=later + timedelta(minutes=9)) == []
    [submission] = submit_due(now=later + timedelta(minutes=11))
    assert submission.outcome == "accepted" and len(indexnow.calls) == 1  # one notification for both


def test_202_is_success(indexnow):
    indexnow.script = [202]
    queue(["http://localhost/a/"])
    [submission] = due()
    assert (submission.outcome, submission.status_code) == ("accepted", 202)
    assert waiting() == set()


def test_429_defers_the_queue_without_sleeping_and_backs_off_longer_each_time(indexnow, settings):
    settings.INDEXNOW_BACKOFF_SECONDS = 300
    indexnow.script = [429, 503, 200]
    queue(["http://localhost/a/", "http://localhost/b/"])
    start = timezone.now() + timedelta(minutes=10)

    [first] = submit_due(now=start)
    assert (first.outcome, first.retry_at - start) == ("deferred", timedelta(seconds=300))
    assert waiting() == {"http://localhost/a/", "http://localhost/b/"}  # nothing lost
    assert submit_due(now=start + timedelta(seconds=299)) == []  # the schedule comes back too early
    assert len(indexnow.calls) == 1

    [second] = submit_due(now=start + timedelta(seconds=300))
    assert (second.outcome, second.failures_in_a_row) == ("deferred", 2)
    assert second.retry_at - second.sent_at == timedelta(seconds=600)

    [third] = submit_due(now=second.retry_at)
    assert (third.outcome, third.failures_in_a_row) == ("accepted", 0)
    assert waiting() == set() and len(indexnow.calls) == 3

    queue(["http://localhost/c/"])
    submit_due(now=third.sent_at + timedelta(days=31))
    assert IndexNowSubmission.objects.count() == 1  # a month of records is kept


def test_retry_after_is_honoured(indexnow, httpserver):
    httpserver.clear()
    httpserver.expect_request("/indexnow", method="POST").respond_with_response(
        Response("slow down", status=429, headers={"Retry-After": "7200"}))
    queue(["http://localhost/a/"])
    [submission] = due()
    assert submission.retry_at - submission.sent_at == timedelta(hours=2)


@pytest.mark.parametrize("status, words", [(403, "key is not valid"), (422, "do not belong to the host")])
def test_403_and_422_are_refusals_that_say_what_to_fix_and_keep_the_urls(indexnow, status, words, caplog):
    indexnow.script = [status]
    queue(["http://localhost/a/"])
    [submission] = due()
    assert submission.outcome == "refused" and words in submission.message and words in caplog.text
    assert waiting() == {"http://localhost/a/"}
    assert submit_due(now=submission.sent_at + timedelta(minutes=59)) == []  # not hammered
    assert len(indexnow.calls) == 1


def test_an_invalid_key_turns_indexnow_off(indexnow, settings):
    settings.INDEXNOW_KEY = "short"
    assert queue(["http://localhost/a/"]) == 0
    assert due() == [] and not indexnow.calls


def test_a_sync_queues_its_products_and_their_categories(indexnow, make_shoe, supplier):
    shoe = make_shoe(sizes={"38": 1})
    products_synced.send(sender=object, supplier=supplier, product_ids={shoe.pk}, run=None)
    assert f"http://localhost/product/{shoe.slug}/" in waiting()
    assert any(url.endswith("/sneakers/") for url in waiting())
    due()
    [call] = indexnow.calls
    assert set(call["urlList"]) == {f"http://localhost/product/{shoe.slug}/",
                                    *[u for u in call["urlList"] if u.endswith("/sneakers/")]}


def test_an_editor_publishing_a_product_queues_it(indexnow, make_shoe):
    shoe = make_shoe(sizes={"38": 1})
    shoe.save_revision().publish()
    due()
    assert any(f"/product/{shoe.slug}/" in url for call in indexnow.calls for url in call["urlList"])


def test_the_schedule_is_installed():
    from django_q.models import Schedule

    schedule = Schedule.objects.get(func="channels.tasks.indexnow_due_task")
    assert (schedule.schedule_type, schedule.minutes) == (Schedule.MINUTES, 5)


@pytest.mark.indexnow_live
@pytest.mark.skipif(not (os.environ.get("INDEXNOW_KEY") and os.environ.get("INDEXNOW_LIVE_HOST")),
                    reason="set INDEXNOW_KEY and INDEXNOW_LIVE_HOST (a host serving /{key}.txt)")
def test_the_real_endpoint_accepts_a_submission(settings):
    settings.INDEXNOW_KEY = os.environ["INDEXNOW_KEY"]
    settings.INDEXNOW_ENDPOINT = "https://api.indexnow.org/indexnow"
    settings.CHANNELS_SITE_URL = f"https://{os.environ['INDEXNOW_LIVE_HOST']}"
    queue([f"https://{os.environ['INDEXNOW_LIVE_HOST']}/"])
    [submission] = due()
    assert submission.outcome == "accepted", submission.message


def test_managers_see_what_indexnow_answered_and_can_export_it(indexnow, boss_client, client):
    indexnow.script = [403]
    queue(["http://localhost/a/"])
    due()
    page = boss_client.get("/admin/reports/indexnow/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "key is not valid" in html and "Відхилено" in html
    export = boss_client.get("/admin/reports/indexnow/?export=csv")
    assert b"refused" in b"".join(export.streaming_content)

    editor = get_user_model().objects.create_user("editor", "e@example.com", "pw")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    assert client.get("/admin/reports/indexnow/").status_code in (302, 403)
    assert "/admin/reports/indexnow/" not in client.get("/admin/").content.decode()
