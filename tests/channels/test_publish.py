"""Publishing: the validator guards the live file, which is served at its secret URL."""

import gzip
import os

import pytest
from django.urls import reverse

from channels.build import feed_path
from channels.feeds.prom import PromWriter
from channels.models import Channel

from .conftest import build, offers, read_feed

pytestmark = pytest.mark.django_db


def feed_url(channel):
    return reverse("channels:feed", args=[channel.token])


def test_a_build_over_the_error_threshold_keeps_the_previous_file_and_says_why(make_shoe, make_channel,
                                                                             monkeypatch):
    make_shoe(sizes={"38": 1, "39": 1})
    channel = make_channel()
    build(channel)
    live = feed_path(channel).read_bytes()

    make_shoe(sizes={"40": 1})
    original = PromWriter.check_offer
    monkeypatch.setattr(PromWriter, "check_offer", lambda self, el, ctx: original(self, el, ctx) + (
        ["missing <name>"] if el.find("param[@name='Розмір']").text == "40" else []))
    run = build(channel)  # 1 of 3 offers invalid: 33 % > 1 %

    assert run.status == run.Status.REJECTED
    assert "1 of 3 offers are invalid" in run.message and "previous file stays live" in run.message
    assert any("missing <name>" in e for e in run.errors)
    assert feed_path(channel).read_bytes() == live
    assert not [n for n in os.listdir(feed_path(channel).parent) if n.endswith(".tmp")]


def test_an_empty_first_feed_is_not_published_and_points_at_approvals(make_shoe, make_channel):
    make_shoe(sizes={"38": 1})
    channel = make_channel(approve_new_listings=False)
    run = build(channel)

    assert run.status == run.Status.REJECTED
    assert "no offers" in run.message and "1 listings await approval" in run.message
    assert not feed_path(channel).exists()


def test_the_validator_catches_duplicate_ids_and_broken_files(tmp_path, make_channel):
    from channels.feeds.validate import validate_file

    writer = PromWriter(make_channel(), None, [])
    head = ('<yml_catalog date="2026-01-01 10:00"><shop><name>S</name><company>S</company><url>http://s/</url>'
            '<currencies><currency id="UAH" rate="1"/></currencies><categories><category id="1">C</category>'
            '</categories><offers>')
    offer = ('<offer id="a-1" available="true"><url>http://s/p</url><price>10.00</price><currencyId>UAH'
             '</currencyId><categoryId>1</categoryId><name>N</name></offer>')
    path = tmp_path / "f.xml.gz"
    path.write_bytes(gzip.compress((head + offer + offer + "</offers></shop></yml_catalog>").encode()))
    report = validate_file(path, writer)
    assert (report.offers, report.invalid) == (2, 1) and "duplicate id" in report.messages[0]

    path.write_bytes(gzip.compress((head + offer).encode()))  # cut short
    assert "does not parse" in validate_file(path, writer).fatal
    path.write_bytes(gzip.compress((head.replace("<company>S</company>", "") + offer
                                    + "</offers></shop></yml_catalog>").encode()))
    assert validate_file(path, writer).fatal == "missing shop/company"


def test_the_feed_is_served_only_with_its_token(make_shoe, make_channel, client):
    make_shoe(sizes={"38": 1})
    channel = make_channel()
    assert client.get(feed_url(channel)).status_code == 404  # not built yet
    build(channel)

    assert client.get(reverse("channels:feed", args=["wrong-token"])).status_code == 404
    response = client.get(feed_url(channel))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    assert b"<yml_catalog" in b"".join(response.streaming_content)
    channel.active = False
    channel.save()
    assert client.get(feed_url(channel)).status_code == 404


def test_gzip_and_conditional_get(make_shoe, make_channel, client):
    make_shoe(sizes={"38": 1})
    channel = make_channel()
    build(channel)

    zipped = client.get(feed_url(channel), HTTP_ACCEPT_ENCODING="gzip, deflate")
    assert zipped["Content-Encoding"] == "gzip"
    body = b"".join(zipped.streaming_content)
    assert gzip.decompress(body).startswith(b"<?xml")
    assert "Accept-Encoding" in zipped["Vary"]

    again = client.get(feed_url(channel), HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=zipped["ETag"])
    assert again.status_code == 304
    since = client.get(feed_url(channel), HTTP_IF_MODIFIED_SINCE=zipped["Last-Modified"])
    assert since.status_code == 304

    plain = client.get(feed_url(channel), HTTP_ACCEPT_ENCODING="gzip;q=0")
    assert plain.status_code == 200 and not plain.has_header("Content-Encoding")
    assert plain["ETag"] != zipped["ETag"]

    stat = feed_path(channel).stat()
    os.utime(feed_path(channel), ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))  # a new build
    changed = client.get(feed_url(channel), HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=zipped["ETag"])
    assert changed.status_code == 200


def test_every_kind_publishes_a_file_its_own_validator_accepts(make_shoe, make_channel):
    from channels.feeds import writer_class
    from channels.feeds.validate import validate_file

    make_shoe(sizes={"38": 1, "39": 0}, photos=3)
    for kind in Channel.Kind.values:
        channel = make_channel(kind)
        run = build(channel)
        assert run.status == run.Status.PUBLISHED, run.message
        report = validate_file(feed_path(channel), writer_class(kind)(channel, None, []))
        assert (report.fatal, report.invalid, report.offers) == ("", 0, 2)
        assert len(offers(read_feed(channel))) == 2
