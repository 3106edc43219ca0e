"""IndexNow: the key file, batches of at most 10,000 URLs, response codes, what triggers it."""

import json
import os

import pytest
from werkzeug import Response

from channels.indexnow import IndexNowError, submit
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
    settings.INDEXNOW_BACKOFF_SECONDS = 0
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


def test_urls_go_in_batches_of_at_most_the_limit_for_our_host_only(indexnow, settings):
    settings.INDEXNOW_BATCH = 3
    urls = [f"http://localhost/product/p-{n}/" for n in range(7)] + ["https://elsewhere.example/x"]
    assert submit(urls + urls[:2]) == [200, 200, 200]

    assert [len(call["urlList"]) for call in indexnow.calls] == [3, 3, 1]
    first = indexnow.calls[0]
    assert (first["host"], first["key"], first["keyLocation"]) == ("localhost", KEY, f"http://localhost/{KEY}.txt")
    assert "https://elsewhere.example/x" not in sum((c["urlList"] for c in indexnow.calls), [])


def test_202_is_success_and_429_is_retried(indexnow):
    indexnow.script = [429, 202]
    waits = []
    assert submit(["http://localhost/a/"], sleep=waits.append) == [202]
    assert len(indexnow.calls) == 2 and len(waits) == 1


@pytest.mark.parametrize("status, words", [(403, "key is not valid"), (422, "do not belong to the host")])
def test_403_and_422_are_errors_that_say_what_to_fix(indexnow, status, words):
    indexnow.script = [status]
    with pytest.raises(IndexNowError, match=words):
        submit(["http://localhost/a/"])
    assert len(indexnow.calls) == 1  # not retried


def test_an_invalid_key_turns_indexnow_off(indexnow, settings):
    settings.INDEXNOW_KEY = "short"
    assert submit(["http://localhost/a/"]) == []
    assert not indexnow.calls


def test_a_sync_submits_its_products_and_their_categories(indexnow, make_shoe, supplier,
                                                        django_capture_on_commit_callbacks):
    shoe = make_shoe(sizes={"38": 1})
    with django_capture_on_commit_callbacks(execute=True):
        products_synced.send(sender=object, supplier=supplier, product_ids={shoe.pk}, run=None)
    [call] = indexnow.calls
    assert f"http://localhost/product/{shoe.slug}/" in call["urlList"]
    assert any(url.endswith("/sneakers/") for url in call["urlList"])


def test_an_editor_publishing_a_product_submits_it(indexnow, make_shoe, django_capture_on_commit_callbacks):
    shoe = make_shoe(sizes={"38": 1})
    with django_capture_on_commit_callbacks(execute=True):
        shoe.save_revision().publish()
    assert any(f"/product/{shoe.slug}/" in url for call in indexnow.calls for url in call["urlList"])


@pytest.mark.indexnow_live
@pytest.mark.skipif(not (os.environ.get("INDEXNOW_KEY") and os.environ.get("INDEXNOW_LIVE_HOST")),
                    reason="set INDEXNOW_KEY and INDEXNOW_LIVE_HOST (a host serving /{key}.txt)")
def test_the_real_endpoint_accepts_a_submission(settings):
    settings.INDEXNOW_KEY = os.environ["INDEXNOW_KEY"]
    settings.INDEXNOW_ENDPOINT = "https://api.indexnow.org/indexnow"
    settings.CHANNELS_SITE_URL = f"https://{os.environ['INDEXNOW_LIVE_HOST']}"
    assert submit([f"https://{os.environ['INDEXNOW_LIVE_HOST']}/"])[0] in (200, 202)
