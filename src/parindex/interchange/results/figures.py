"""Figures shared by the workbook and the table: how many decimals, and signed changes."""

from __future__ import annotations

from decimal import Decimal

from parindex.numbers import format_vn


def places(value: Decimal, minimum: int) -> int:
    """Decimals to show: the declared ones, or more when a score was entered with more."""
    exponent = value.as_tuple().exponent
    return max(minimum, -exponent if isinstance(exponent, int) else 0)


def signed_vn(value: Decimal | int | None, decimals: int | None) -> str:
    if value is None:
        return ""
    text = format_vn(value, decimals)
    return f"+{text}" if value > 0 else text
