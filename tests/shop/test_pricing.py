from decimal import Decimal

import pytest

from shop.pricing import Rounding, retail_price, round_price

D = Decimal


@pytest.mark.parametrize(
    ("amount", "rule", "expected"),
    [
        ("1234.565", Rounding.NONE, "1234.57"),
        ("1234.50", Rounding.UNIT, "1235.00"),
        ("1234.49", Rounding.UNIT, "1234.00"),
        ("1234.49", Rounding.TEN, "1230.00"),
        ("1235.00", Rounding.TEN, "1240.00"),
        ("1834.20", Rounding.UP_TO_9, "1839.00"),
        ("1839.00", Rounding.UP_TO_9, "1839.00"),
        ("1840.00", Rounding.UP_TO_9, "1849.00"),
        ("1834.00", Rounding.UP_TO_99, "1899.00"),
        ("1899.00", Rounding.UP_TO_99, "1899.00"),
        ("1900.00", Rounding.UP_TO_99, "1999.00"),
    ],
)
def test_rounding_rules(amount, rule, expected):
    assert round_price(D(amount), rule) == D(expected)


def test_retail_price_applies_markup_then_rounds():
    assert retail_price(D("1000"), D("35"), Rounding.UNIT) == D("1350.00")
    assert retail_price(D("999.99"), D("12.5"), Rounding.NONE) == D("1124.99")
    assert retail_price(None, D("30")) is None


def test_unknown_rule_is_an_error():
    with pytest.raises(ValueError):
        round_price(D("10"), "banker")


def test_money_stays_decimal():
    assert isinstance(retail_price(D("1299.00"), D("30"), Rounding.UP_TO_9), Decimal)
