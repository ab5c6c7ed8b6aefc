"""How the indices pages write results and targets: ``6/21``, "Tăng ít nhất 3 bậc",
"Đạt" / "Chưa đạt"."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.utils.translation import gettext_lazy as _

from parindex.apps.indices.models import Goal, IndexTarget
from parindex.numbers import format_vn
from parindex.planning.targets import Position, Status

register = template.Library()

NOTHING = "—"
STATUS_LABELS: dict[Status, Any] = {
    Status.MET: _("Đạt"),
    Status.MISSED: _("Chưa đạt"),
    Status.PENDING: _("Chưa có kết quả"),
    Status.UNKNOWN: _("Chưa đủ số liệu"),
}
GOAL_WORDS: dict[str, Any] = {
    Goal.RISE: _("Tăng ít nhất {amount} bậc"),
    Goal.RANK: _("Đạt hạng {amount} trở lên"),
    Goal.SCORE: _("Đạt từ {amount}{label} trở lên"),
}


@register.filter
def rank_of(position: Position | None) -> str:
    """``6/21``; ``6`` when the number ranked is not known; ``—`` without a rank."""
    if position is None or position.rank is None:
        return NOTHING
    return f"{position.rank}/{position.of}" if position.of else str(position.rank)


@register.filter
def status_label(status: Status) -> str:
    return str(STATUS_LABELS[status])


def _amount(value: Decimal) -> str:
    return format_vn(value.normalize())


@register.filter
def goal_text(target: IndexTarget) -> str:
    """The target in words, with the component it is about."""
    label = target.definition.score_label
    words = str(GOAL_WORDS[target.goal]).format(
        amount=_amount(target.amount), label=f" {label}" if label else ""
    )
    if target.component is not None:
        return f"{target.component.name}: {words[:1].lower()}{words[1:]}"
    return words


@register.filter
def score(value: Decimal | None) -> str:
    """A result's score as published (two decimals at most, trailing zeros dropped)."""
    if value is None:
        return NOTHING
    rounded = value.quantize(Decimal("0.01"))
    return format_vn(rounded.normalize() if rounded == rounded.to_integral_value() else rounded)


@register.filter
def part_of(figures: Any, component: Any) -> Any:
    """``{{ figures|part_of:component }}``: the component's result in that year, if any."""
    return figures.part(component)
