"""Price and stock pushes to Prom.ua's edit_by_external_id, against a local fake of the API."""

import json
import os

import pytest
from werkzeug import Response

from channels.models import Channel
from channels.prom_push import PromClient, PromError, push

pytestmark = pytest.mark.django_db
PATH = "/api/v1/products/edit_by_external_id"


class FakeProm:
    """Speaks the documented API: Bearer token, a JSON list of items, processed_ids/errors back.
    `script` lists what to answer to the next calls before answering normally."""

    def __init__(self, server, token="secret-token"):
        self.token, self.calls, self.script = token, [], []
        server.expect_request(PATH, method="POST").respond_with_handler(self.handle)
        self.url = server.url_for("/api/v1")

    def handle(self, request):
        if request.headers.get("Authorization") != f"Bearer {self.token}":
            return Response(json.dumps({"error": "incorrect_access_token"}), status=401)
        items = json.loads(request.data)
        self.calls.append(items)
        if self.script:
            status, body = self.script.pop(0)
            return Response(json.dumps(body), status=status, content_type="application/json")
        return Response(json.dumps({"processed_ids": [i["id"] for i in items], "errors": {}}),
                        content_type="application/json")


@pytest.fixture
def prom(httpserver, settings):
    fake = FakeProm(httpserver)
    settings.PROM_API_URL = fake.url
    settings.PROM_PUSH_BACKOFF_SECONDS = 0
    return fake


@pytest.fixture
def prom_channel(make_channel):
    return make_channel(Channel.Kind.PROM_YML, prom_api_token="secret-token")


def test_prices_and_stock_go_in_batches_by_the_feeds_offer_ids(prom, prom_channel, make_shoe, settings):
    settings.PROM_PUSH_BATCH = 2
    shoe = make_shoe(price="1299", sizes={"38": 3, "39": 0, "40": 1})
    result = push(prom_channel, [shoe.pk])

    assert (result.sent, result.batches) == (3, 2)
    assert [len(batch) for batch in prom.calls] == [2, 1]
    items = {i["id"]: i for batch in prom.calls for i in batch}
    variant = shoe.variants.get(size="38")
    assert items[f"vdvir-{variant.pk}"] == {"id": f"vdvir-{variant.pk}", "price": 1299.0,
                                             "quantity_in_stock": 3, "presence": "available",
                                             "presence_sure": True}
    gone_size = shoe.variants.get(size="39")
    assert items[f"vdvir-{gone_size.pk}"]["presence"] == "not_available"


def test_a_product_that_left_the_channel_is_pushed_as_not_available(prom, prom_channel, make_shoe):
    shoe = make_shoe(sizes={"38": 3})
    shoe.unpublish()
    push(prom_channel, [shoe.pk])
    [[item]] = prom.calls
    assert (item["presence"], item["quantity_in_stock"]) == ("not_available", 0)


@pytest.mark.parametrize("failure", [(429, {"error": "too many requests"}), (200, {"success": False}),
                                     (502, {"error": "bad gateway"})])
def test_429_and_success_false_are_retried_with_backoff(prom, prom_channel, make_shoe, failure):
    shoe = make_shoe(sizes={"38": 1})
    prom.script = [failure, failure]
    waits = []
    client = PromClient("secret-token", backoff=0.5, sleep=waits.append)
    result = push(prom_channel, [shoe.pk], client=client)

    assert result.sent == 1 and len(prom.calls) == 3
    assert waits == [0.5, 1.0]  # exponential


def test_it_gives_up_after_the_retries_and_says_why(prom, prom_channel, make_shoe):
    shoe = make_shoe(sizes={"38": 1})
    prom.script = [(429, {"error": "slow down"})] * 5
    with pytest.raises(PromError, match="after 2 retries: HTTP 429"):
        push(prom_channel, [shoe.pk], client=PromClient("secret-token", retries=2, sleep=lambda s: None))
    assert len(prom.calls) == 3


def test_a_wrong_token_is_not_retried(prom, make_channel, make_shoe):
    shoe = make_shoe(sizes={"38": 1})
    channel = make_channel(Channel.Kind.PROM_YML, prom_api_token="wrong")
    with pytest.raises(PromError, match="HTTP 401"):
        push(channel, [shoe.pk])


def test_per_item_errors_are_reported(prom, prom_channel, make_shoe):
    shoe = make_shoe(sizes={"38": 1})
    offer = f"vdvir-{shoe.variants.get().pk}"
    prom.script = [(200, {"processed_ids": [], "errors": {offer: "product not found"}})]
    assert push(prom_channel, [shoe.pk]).errors == {offer: "product not found"}


def test_a_sync_pushes_to_prom_channels_with_a_token(prom, prom_channel, make_shoe, supplier,
                                                    django_capture_on_commit_callbacks):
    from shop.events import products_synced

    shoe = make_shoe(sizes={"38": 1})
    with django_capture_on_commit_callbacks(execute=True):
        products_synced.send(sender=object, supplier=supplier, product_ids={shoe.pk}, run=None)
    assert len(prom.calls) == 1


@pytest.mark.prom_live
@pytest.mark.skipif(not os.environ.get("PROM_API_TOKEN"), reason="set PROM_API_TOKEN to call the real API")
def test_the_real_api_answers_a_push_of_an_unknown_id():
    answer = PromClient(os.environ["PROM_API_TOKEN"], base_url="https://my.prom.ua/api/v1").edit_by_external_id(
        [{"id": "kramnytsia-live-test-0", "presence": "not_available", "quantity_in_stock": 0}])
    assert "processed_ids" in answer or "errors" in answer
