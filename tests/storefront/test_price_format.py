"""Prices as shoppers read them: "1 890 ₴"."""

from decimal import Decimal

from django.utils import translation

from shop.templatetags.shop_tags import price


def test_thousands_use_a_narrow_no_break_space_and_whole_prices_have_no_decimals():
    assert price(Decimal("1890.00")) == "1\u202f890\u00a0₴"
    assert price(Decimal("1234567")) == "1\u202f234\u202f567\u00a0₴"
    assert price(Decimal("999")) == "999\u00a0₴"


def test_fractions_keep_two_decimals_with_the_local_mark():
    with translation.override("uk"):
        assert price(Decimal("1890.5")) == "1\u202f890,50\u00a0₴"
    with translation.override("en"):
        assert price(Decimal("1890.5")) == "1\u202f890.50\u00a0₴"


def test_missing_price_shows_nothing():
    assert price(None) == "" and price("n/a") == ""
