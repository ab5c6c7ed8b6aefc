"""Numbers shown to people use the Vietnamese decimal comma and thousands dot."""

from decimal import Decimal as D

import pytest

from parindex.numbers import format_vn


@pytest.mark.parametrize(
    ("value", "decimals", "shown"),
    [
        (D("94.58"), None, "94,58"),
        (D("93.36"), 2, "93,36"),
        (17831, None, "17.831"),
        (D("1234567.5"), None, "1.234.567,5"),
        (D("0.526"), None, "0,526"),
        (D("91.026"), 2, "91,03"),
        (D("-1.5"), None, "-1,5"),
        (D("100"), 2, "100,00"),
        (D("0.005"), 2, "0,01"),
        (0, None, "0"),
    ],
)
def test_it_formats_the_vietnamese_way(value, decimals, shown):
    assert format_vn(value, decimals) == shown


def test_nothing_shows_as_the_empty_text():
    assert format_vn(None) == ""
    assert format_vn(None, empty="–") == "–"
