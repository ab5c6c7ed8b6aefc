"""Stored scores reach the engine without the database column's trailing zeros."""

from decimal import Decimal as D

import pytest

from parindex.apps.assessments.entries import plain


@pytest.mark.parametrize(
    ("stored", "given"),
    [(D("60.0000"), "60"), (D("0.7500"), "0.75"), (D("100.0000"), "100"), (D("0.0000"), "0")],
)
def test_trailing_zeros_are_dropped_without_exponents(stored, given):
    assert str(plain(stored)) == given


def test_nothing_stays_nothing():
    assert plain(None) is None
