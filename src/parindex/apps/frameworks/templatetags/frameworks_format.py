"""``{{ node.max_points|points }}``: a stored decimal the Vietnamese way without the
trailing zeros of its column (``2.5000`` → ``2,5``)."""

from __future__ import annotations

from decimal import Decimal

from django import template

from parindex.apps.frameworks.rule_words import number

register = template.Library()


@register.filter
def points(value: Decimal | None) -> str:
    return "—" if value is None else number(value)
