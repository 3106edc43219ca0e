"""Google Merchant as tab-separated text: the same items as the XML feed, one row each, served at
its own secret URL and replaced only together with the XML."""

import csv
import gzip
import io

import pytest
from django.urls import reverse

from channels.build import feed_path
from channels.feeds.google import GoogleMerchantWriter
from channels.feeds.google_tsv import COLUMNS
from channels.models import Channel

from .conftest import G, build, offers, read_feed

pytestmark = pytest.mark.django_db
GOOGLE = Channel.Kind.GOOGLE_MERCHANT


def tsv_rows(client, channel):
    response = client.get(reverse("channels:feed_tsv", args=[channel.token]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/tab-separated-values; charset=utf-8"
    text = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.reader(io.StringIO(text), delimiter="\t"))


def test_the_tsv_holds_the_xml_items_one_row_each(make_shoe, make_channel, client):
    make_shoe(name='Кеди "Київ"\tлітні', sizes={"38": 1, "39": 0, "40": 2}, photos=3)
    channel = make_channel(GOOGLE)
    build(channel)

    header, *rows = tsv_rows(client, channel)
    assert header == list(COLUMNS)
    items = {item.findtext(f"{G}id"): item for item in offers(read_feed(channel))}
    assert len(rows) == len(items) == 3
    for row in rows:
        assert len(row) == len(COLUMNS)
        values = dict(zip(COLUMNS, row, strict=True))
        item = items[values["id"]]
        assert values["price"] == item.findtext(f"{G}price")
        assert values["availability"] == item.findtext(f"{G}availability")
        assert values["item_group_id"] == item.findtext(f"{G}item_group_id") != ""
        assert values["link"] == item.findtext("link")
        assert values["title"].startswith('Кеди "Київ" літні')  # the tab became a space, quotes kept
        extra = values["additional_image_link"].split(",")
        assert extra == [e.text for e in item.findall(f"{G}additional_image_link")] and len(extra) == 2
    assert sorted(r[COLUMNS.index("availability")] for r in rows) == ["in_stock", "in_stock", "out_of_stock"]


def test_only_kinds_with_a_text_format_serve_one(make_shoe, make_channel, client):
    make_shoe(sizes={"38": 1})
    prom = make_channel()
    build(prom)
    assert client.get(reverse("channels:feed_tsv", args=[prom.token])).status_code == 404
    assert client.get(reverse("channels:feed", args=[prom.token])).status_code == 200


def test_a_rejected_build_keeps_both_files_as_they_were(make_shoe, make_channel, client, monkeypatch):
    make_shoe(sizes={"38": 1, "39": 1})
    channel = make_channel(GOOGLE)
    build(channel)
    live_tsv = gzip.decompress(feed_path(channel, "tsv").read_bytes())

    make_shoe(sizes={"40": 1})
    monkeypatch.setattr(GoogleMerchantWriter, "check_offer", lambda self, element, context: ["broken"])
    run = build(channel)

    assert run.status == run.Status.REJECTED
    assert gzip.decompress(feed_path(channel, "tsv").read_bytes()) == live_tsv
    assert len(tsv_rows(client, channel)) == 1 + 2


def test_the_builds_page_names_the_tsv_url(make_shoe, make_channel, boss_client):
    channel = make_channel(GOOGLE)
    page = boss_client.get(reverse("wagtailsnippets_channels_channel:runs", args=[channel.pk]))
    assert f"/feeds/{channel.token}.tsv" in page.content.decode()
