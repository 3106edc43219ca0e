"""The channels admin: the channel list, a channel's builds, one build's refusals with links."""

import pytest
from django.urls import reverse

from channels.models import Channel

from .conftest import build

pytestmark = pytest.mark.django_db
NS = "wagtailsnippets_channels_channel"


def test_a_run_shows_its_counts_and_links_each_refused_product(make_shoe, make_channel, boss_client):
    make_shoe(sizes={"38": 1})
    nameless = make_shoe(sizes={"38": 1}, brand="")
    photoless = make_shoe(sizes={"38": 1}, photos=0)
    channel = make_channel(Channel.Kind.ROZETKA_YML)
    run = build(channel)

    page = boss_client.get(reverse(f"{NS}:run", args=[run.pk])).content.decode()
    assert "Немає бренду" in page and "Немає фото" in page
    for product in (nameless, photoless):
        assert reverse("wagtailsnippets_shop_product:edit", args=[product.pk]) in page
    only_brand = boss_client.get(reverse(f"{NS}:run", args=[run.pk]), {"reason": "missing_brand"})
    photoless_link = reverse("wagtailsnippets_shop_product:edit", args=[photoless.pk])
    assert photoless_link not in only_brand.content.decode()


def test_the_channel_pages_and_build_now(make_shoe, make_channel, boss_client,
                                         django_capture_on_commit_callbacks):
    make_shoe(sizes={"38": 1})
    channel = make_channel()
    assert boss_client.get(reverse(f"{NS}:list")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = boss_client.post(reverse(f"{NS}:build", args=[channel.pk]))
    assert response.status_code == 302
    runs = boss_client.get(reverse(f"{NS}:runs", args=[channel.pk])).content.decode()
    assert channel.token in runs and "channel-run-status--published" in runs
    assert boss_client.get(reverse(f"{NS}:edit", args=[channel.pk])).status_code == 200
