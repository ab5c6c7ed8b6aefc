"""What people enter for each scoring rule (how the rule reads: frameworks.rule_words).

``inputs(rule)`` names the :class:`parindex.scoring.Entry` fields a unit fills in for a
leaf: a judged score, a numerator and denominator, a count, a value or ticked items.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from parindex.numbers import format_vn
from parindex.scoring import (
    BandMeasure,
    BandsRule,
    ChecklistRule,
    Rule,
    RuleKind,
)

SCORE = "score"
NUMERATOR = "numerator"
DENOMINATOR = "denominator"
COUNT = "count"
VALUE = "value"
ITEMS = "items"
ENTRY_FIELDS = (SCORE, NUMERATOR, DENOMINATOR, COUNT, VALUE, ITEMS)
LABELS: dict[str, Any] = {
    SCORE: _("Điểm tự chấm"),
    NUMERATOR: _("Tử số"),
    DENOMINATOR: _("Mẫu số"),
    COUNT: _("Số lượng"),
    VALUE: _("Giá trị"),
    ITEMS: _("Các mục đã đạt"),
}
NOT_APPLICABLE_LABEL = _("Không áp dụng")
NOTHING_ENTERED = _("Chưa nhập")


INPUTS: dict[RuleKind, tuple[str, ...]] = {
    RuleKind.JUDGED: (SCORE,),
    RuleKind.RATIO: (NUMERATOR, DENOMINATOR),
    RuleKind.RELATIVE: (VALUE,),
    RuleKind.COUNT: (COUNT,),
    RuleKind.DEDUCTION: (COUNT,),
    RuleKind.BONUS: (COUNT,),
    RuleKind.CHECKLIST: (ITEMS,),
    RuleKind.ACCURACY: (),
    RuleKind.SURVEY: (),
}


def inputs(rule: Rule) -> tuple[str, ...]:
    """The entry fields a unit fills in for ``rule`` (none for accuracy and survey results:
    computed)."""
    if isinstance(rule, BandsRule):
        percent = rule.measure_of is BandMeasure.PERCENT
        return (NUMERATOR, DENOMINATOR) if percent else (VALUE,)
    return INPUTS.get(rule.kind, ())


def _n(value: Decimal | None) -> str:
    return format_vn(value.normalize() if value is not None else None)


def entered(rule: Rule, values: dict[str, Any], not_applicable: bool) -> list[tuple[str, str]]:
    """What was entered, as (label, shown value) pairs, for a read-only view.

    ``values`` maps the entry field names (``score``, ``items``...) to stored values.
    """
    if not_applicable:
        return [(str(NOT_APPLICABLE_LABEL), "✓")]
    out = []
    for name in inputs(rule):
        value = values.get(name)
        if name == ITEMS:
            titles = (
                {i.code: i.title for i in rule.items} if isinstance(rule, ChecklistRule) else {}
            )
            shown = "; ".join(titles.get(code, code) for code in value) if value else "—"
        else:
            shown = _n(value) if value is not None else str(NOTHING_ENTERED)
        out.append((str(LABELS[name]), shown))
    return out
