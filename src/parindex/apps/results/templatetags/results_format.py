"""``{{ value|vn_trim }}``: a figure the Vietnamese way without trailing zeros (13,0000 → 13;
19,4460 → 19,446), as reports write points per field."""

from __future__ import annotations

from decimal import Decimal

from django import template

from parindex.apps.results.inputs import plain
from parindex.numbers import format_vn

register = template.Library()

NOTHING = "—"


@register.filter
def vn_trim(value: Decimal | int | None) -> str:
    if value is None:
        return NOTHING
    return format_vn(Decimal(plain(Decimal(value))))


@register.filter
def vn_trim_signed(value: Decimal | int | None) -> str:
    """A change with its sign, without trailing zeros: ``+3,85``, ``-1,2``, ``0``."""
    text = vn_trim(value)
    return f"+{text}" if value is not None and value > 0 else text
