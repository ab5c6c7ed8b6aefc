"""What people enter for each scoring rule, and how the rule reads in Vietnamese.

``inputs(rule)`` names the :class:`parindex.scoring.Entry` fields a unit fills in for a
leaf: a judged score, a numerator and denominator, a count, a value or ticked items.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from parindex.numbers import format_vn
from parindex.scoring import (
    AccuracyRule,
    Band,
    BandMeasure,
    BandsRule,
    BonusRule,
    ChecklistRule,
    CountRule,
    DeductionRule,
    JudgedRule,
    RatioRule,
    RelativeRule,
    Rule,
    RuleKind,
    ZeroDenominator,
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
}


def inputs(rule: Rule) -> tuple[str, ...]:
    """The entry fields a unit fills in for ``rule`` (none for accuracy: computed)."""
    if isinstance(rule, BandsRule):
        percent = rule.measure_of is BandMeasure.PERCENT
        return (NUMERATOR, DENOMINATOR) if percent else (VALUE,)
    return INPUTS.get(rule.kind, ())


def _n(value: Decimal | None) -> str:
    return format_vn(value.normalize() if value is not None else None)


def _bands(bands: tuple[Band, ...], unit: str) -> str:
    ordered = sorted(bands, key=lambda b: b.minimum, reverse=True)
    parts = [f"từ {_n(b.minimum)}{unit} trở lên: {_n(b.points)} điểm" for b in ordered]
    return "; ".join(parts) + "; thấp hơn: 0 điểm"


ZERO_DENOMINATOR = {
    ZeroDenominator.FULL: "mẫu số bằng 0: đạt điểm tối đa",
    ZeroDenominator.ZERO: "mẫu số bằng 0: 0 điểm",
    ZeroDenominator.NOT_APPLICABLE: "mẫu số bằng 0: không áp dụng",
}


def _ratio(rule: RatioRule, top: str) -> str:
    text = f"Điểm = {top} × tử số / mẫu số"
    if rule.full_at != 1:
        text += f"; đạt {_n(rule.full_at * 100)}% trở lên: điểm tối đa"
    return f"{text} ({ZERO_DENOMINATOR[rule.zero_denominator]})."


def _cap(cap: Decimal | None, top: str) -> str:
    return _n(cap) if cap is not None else top


def _judged(rule: JudgedRule, top: str) -> str:
    steps = f", bước {_n(rule.step)}" if rule.step is not None else ""
    return f"Chấm điểm từ 0 đến {top}{steps}."


def _checklist(rule: ChecklistRule, top: str) -> str:
    return f"Cộng điểm các mục đạt, tối đa {top}."


def _relative(rule: RelativeRule, top: str) -> str:
    return f"Điểm = {top} × giá trị / giá trị cao nhất trong nhóm đơn vị."


def _banded(rule: BandsRule, top: str) -> str:
    if rule.measure_of is BandMeasure.PERCENT:
        return f"Tỷ lệ tử số / mẫu số theo ngưỡng: {_bands(rule.bands, '%')}."
    return f"Giá trị theo ngưỡng: {_bands(rule.bands, '')}."


def _count(rule: CountRule, top: str) -> str:
    return f"{_n(rule.points_each)} điểm mỗi trường hợp, tối đa {_cap(rule.cap, top)}."


def _deduction(rule: DeductionRule, top: str) -> str:
    cap = f", trừ tối đa {_n(rule.cap)}" if rule.cap is not None else ""
    return f"Trừ {_n(rule.points_each)} điểm mỗi trường hợp vào tổng điểm{cap}."


def _bonus(rule: BonusRule, top: str) -> str:
    if rule.minimum is not None:
        return f"Điểm thưởng {_n(rule.cap)} khi đạt từ {_n(rule.minimum)} trường hợp trở lên."
    return f"Điểm thưởng {_n(rule.points_each)} mỗi trường hợp, tối đa {_n(rule.cap)}."


def _accuracy(rule: AccuracyRule, top: str) -> str:
    return (
        "Tính khi thẩm định, theo tỷ lệ tiêu chí tự chấm đúng điểm thẩm định: "
        f"{_bands(rule.bands, '%')}."
    )


DESCRIBERS: dict[RuleKind, Callable[[Any, str], str]] = {
    RuleKind.JUDGED: _judged,
    RuleKind.CHECKLIST: _checklist,
    RuleKind.RATIO: _ratio,
    RuleKind.RELATIVE: _relative,
    RuleKind.BANDS: _banded,
    RuleKind.COUNT: _count,
    RuleKind.DEDUCTION: _deduction,
    RuleKind.BONUS: _bonus,
    RuleKind.ACCURACY: _accuracy,
}


def describe(rule: Rule, max_points: Decimal) -> str:
    """The scoring method of a leaf, in one sentence."""
    describer = DESCRIBERS.get(rule.kind)
    return describer(rule, _n(max_points)) if describer is not None else ""


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
