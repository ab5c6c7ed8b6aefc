"""Small pieces of Vietnamese report wording: figures, changes, dates, lists."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from decimal import Decimal

from parindex.apps.reports.tables import places
from parindex.numbers import format_vn
from parindex.scoring import CriteriaSet, Node

ROSE = "tăng {value}"
FELL = "giảm {value}"
SAME = "giữ nguyên"
RANK_ROSE = "thứ hạng tăng {places} bậc"
RANK_FELL = "thứ hạng giảm {places} bậc"
RANK_SAME = "giữ nguyên thứ hạng"
AND = " và "


def plain(value: Decimal) -> Decimal:
    """A stored figure without its column's trailing zeros: 13.0000 → 13, 0.7500 → 0.75."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def points(value: Decimal, decimals: int = 0) -> str:
    """Points as recorded, with at least ``decimals`` decimals: 19,446; 10; 17,45."""
    return format_vn(value, places(value, decimals))


def change(delta: Decimal, decimals: int) -> str:
    """``tăng 0,24`` / ``giảm 0,26`` / ``giữ nguyên`` (zero at the shown decimals)."""
    shown = format_vn(abs(delta), decimals)
    if shown.strip("0,.") == "":
        return SAME
    return (ROSE if delta > 0 else FELL).format(value=shown)


def rank_change(places_gained: int) -> str:
    if places_gained == 0:
        return RANK_SAME
    template = RANK_ROSE if places_gained > 0 else RANK_FELL
    return template.format(places=abs(places_gained))


def day(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def joined(items: Sequence[str]) -> str:
    """``a, b và c``."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + AND + items[-1]


def percent(part: Decimal | None, whole: Decimal) -> Decimal | None:
    if part is None or whole <= 0:
        return None
    return part / whole * 100


def applicable_max(node: Node, group: str) -> Decimal:
    """The maximum of ``node`` for a unit group: what of it applies to that group."""
    if not node.applies_to(group):
        return Decimal(0)
    if node.is_leaf:
        return node.max_points
    return sum((applicable_max(child, group) for child in node.children), Decimal(0))


def leaves_by_field(criteria: CriteriaSet) -> Iterator[tuple[Node, Node]]:
    """(field, leaf) for every leaf of the tree, in criteria order."""
    for top in criteria.fields:
        for node in top.walk():
            if node.is_leaf:
                yield top, node


def structure(criteria: CriteriaSet) -> tuple[int, int, int]:
    """Fields, criteria (children of fields) and sub-criteria (leaves below criteria)."""
    fields = len(criteria.fields)
    criteria_count = sum(len(top.children) for top in criteria.fields)
    sub = sum(
        1
        for top in criteria.fields
        for child in top.children
        for node in child.walk()
        if node is not child and node.is_leaf
    )
    return fields, criteria_count, sub
