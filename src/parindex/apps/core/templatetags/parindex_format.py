"""Template filters that show numbers the Vietnamese way: ``{{ value|vn:2 }}`` → 94,58."""

from __future__ import annotations

from decimal import Decimal

from django import template

from parindex.numbers import format_vn

register = template.Library()

NOTHING = "—"


@register.filter
def vn(value: Decimal | int | None, decimals: int | None = None) -> str:
    """``Decimal("94.578")|vn:2`` → ``94,58``; ``17831|vn`` → ``17.831``; ``None`` → ``—``."""
    return format_vn(value, decimals, empty=NOTHING)


@register.filter
def vn_signed(value: Decimal | int | None, decimals: int | None = None) -> str:
    """A change with its sign: ``+3,85``, ``-1,20``, ``0,00``; ``None`` → ``—``."""
    text = format_vn(value, decimals, empty=NOTHING)
    shows_zero = text.strip("0,.") == ""
    return f"+{text}" if value is not None and value > 0 and not shows_zero else text


@register.filter
def rank_move(places: int | None) -> str:
    """Places gained since last year: ``▲ 2``, ``▼ 1``, ``=``; ``None`` → ``—``."""
    if places is None:
        return NOTHING
    if places == 0:
        return "="
    return f"▲ {places}" if places > 0 else f"▼ {-places}"


@register.filter
def trend(value: Decimal | int | None) -> str:
    """The CSS class of a change: ``up``, ``down`` or nothing."""
    if value is None or value == 0:
        return ""
    return "up" if value > 0 else "down"
