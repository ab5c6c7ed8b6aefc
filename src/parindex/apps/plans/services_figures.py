"""Writes of the operational figures behind risk warnings (a unit's staff and leader).

A figure belongs to a projectable sub-criterion (ratio, bands, count) of the criteria set
in force for the unit in that year, and holds what its rule takes. Every save is checked
first, then written and audited in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from parindex.apps.accounts import access
from parindex.apps.accounts.models import Unit, User
from parindex.apps.audit.services import audit_record
from parindex.apps.frameworks.conversion import to_engine
from parindex.apps.frameworks.models import CriteriaSet
from parindex.apps.plans.models import OperationalFigure
from parindex.apps.plans.refusals import Refused
from parindex.apps.plans.years import set_in_force
from parindex.numbers import format_vn
from parindex.planning import projection
from parindex.planning.projection import Frequency, Method
from parindex.scoring import Node

NOT_MEMBER = _("Chỉ cán bộ, lãnh đạo của đơn vị mới được nhập số liệu theo dõi.")
NO_SET = _("Chưa có bộ tiêu chí nào áp dụng cho đơn vị trong năm {year}.")
NOT_PROJECTED = _(
    "Tiêu chí {code} không tính theo tỷ lệ, mức ngưỡng hay số lượng trong bộ tiêu chí «{set}»: "
    "không theo dõi bằng số liệu."
)
BAD_PERIOD = _("{kind} {period} không hợp lệ: chọn từ 1 đến {last}.")
MISSING = _("Tiêu chí {code}, {where}: thiếu {what}.")
NEGATIVE = _("Tiêu chí {code}, {where}: {what} không được âm.")
ABOVE = _("Tiêu chí {code}, {where}: tử số {numerator} lớn hơn mẫu số {denominator}.")
MIXED = _(
    "Tiêu chí {code} năm {year} đã được theo dõi theo {kind}; nhập tiếp theo {kind} hoặc xóa "
    "số liệu cũ trước."
)
SAVED = _("Đã lưu số liệu {where} của tiêu chí {code}.")
DELETED = _("Đã xóa số liệu {where} của tiêu chí {code}.")
FIGURE_SAVE = "figure.save"
FIGURE_DELETE = "figure.delete"

WORDS = {
    "numerator": _("tử số"),
    "denominator": _("mẫu số"),
    "value": _("giá trị"),
    "count": _("số lượng"),
}
INPUTS = {
    Method.CUMULATIVE_RATIO: ("numerator", "denominator"),
    Method.LATEST_VALUE: ("value",),
    Method.COUNT_SO_FAR: ("count",),
}
FIGURE_FIELDS = (
    "year",
    "frequency",
    "period",
    "numerator",
    "denominator",
    "value",
    "count",
    "note",
)


@dataclass(frozen=True, slots=True)
class FigureInput:
    """What a person entered for one period of one sub-criterion."""

    code: str
    frequency: Frequency
    period: int
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    value: Decimal | None = None
    count: Decimal | None = None
    note: str = ""


def period_name(frequency: str, period: int) -> str:
    kind = Frequency(frequency)
    word = _("tháng") if kind is Frequency.MONTH else _("quý")
    return f"{word} {period}"


@dataclass(frozen=True, slots=True)
class Followed:
    """The set in force for a unit in a year and its projectable leaves by code."""

    criteria_set: CriteriaSet
    leaves: dict[str, Node]

    def leaf(self, code: str) -> Node:
        if code not in self.leaves:
            raise Refused(str(NOT_PROJECTED).format(code=code, set=self.criteria_set.name))
        return self.leaves[code]


def followed(unit: Unit, year: int) -> Followed:
    """What ``unit`` can follow by figures in ``year``; :class:`Refused` without a set."""
    criteria_set = set_in_force(unit, year)
    if criteria_set is None:
        raise Refused(str(NO_SET).format(year=year))
    engine = to_engine(criteria_set)
    leaves = projection.projectable_leaves(engine, unit.group.code)
    return Followed(criteria_set, {n.code: n for n in leaves})


def checked(follow: Followed, given: FigureInput) -> dict[str, Decimal | None]:
    """The values to store for ``given``: only those its leaf's method takes, checked."""
    node = follow.leaf(given.code)
    _check_period(given)
    return _check_values(node, given)


def _check_values(node: Node, given: FigureInput) -> dict[str, Decimal | None]:
    method = projection.method_of(node)
    assert method is not None  # Followed.leaf() returns projectable leaves only
    where = period_name(given.frequency, given.period)
    kept: dict[str, Decimal | None] = dict.fromkeys(WORDS)
    for name in INPUTS[method]:
        value = getattr(given, name)
        if value is None:
            raise Refused(str(MISSING).format(code=node.code, where=where, what=WORDS[name]))
        if value < 0:
            raise Refused(str(NEGATIVE).format(code=node.code, where=where, what=WORDS[name]))
        kept[name] = value
    numerator, denominator = kept["numerator"], kept["denominator"]
    if numerator is not None and denominator is not None and numerator > denominator:
        message = ABOVE.format(
            code=node.code,
            where=where,
            numerator=format_vn(numerator.normalize()),
            denominator=format_vn(denominator.normalize()),
        )
        raise Refused(str(message))
    return kept


def _check_period(given: FigureInput) -> None:
    last = given.frequency.periods
    if not 1 <= given.period <= last:
        kind = _("Tháng") if given.frequency is Frequency.MONTH else _("Quý")
        raise Refused(str(BAD_PERIOD).format(kind=kind, period=given.period, last=last))


def mixed(code: str, year: int, frequency: str) -> Refused:
    """The refusal of a leaf already followed at ``frequency``, given another one."""
    kind = _("tháng") if frequency == Frequency.MONTH else _("quý")
    return Refused(str(MIXED).format(code=code, year=year, kind=kind))


def _check_frequency(unit: Unit, year: int, given: FigureInput) -> None:
    other = (
        OperationalFigure.objects.filter(unit=unit, year=year, node_code=given.code)
        .exclude(frequency=given.frequency)
        .first()
    )
    if other is not None:
        raise mixed(given.code, year, other.frequency)


def snapshot(row: OperationalFigure) -> dict[str, Any]:
    """The row as the audit log keeps it: the period, and what was entered."""
    values = {name: getattr(row, name) for name in FIGURE_FIELDS}
    return {name: value for name, value in values.items() if value not in (None, "")}


@transaction.atomic
def figure_save(*, actor: User, unit: Unit, year: int, given: FigureInput) -> OperationalFigure:
    """Records (or corrects) one period's figures of a sub-criterion."""
    if not access.can_write_unit_reports(actor, unit):
        raise Refused(str(NOT_MEMBER))
    follow = followed(unit, year)
    values = checked(follow, given)
    _check_frequency(unit, year, given)
    return write(
        actor, unit=unit, year=year, criteria_set=follow.criteria_set, given=given, values=values
    )


def write(
    actor: User,
    *,
    unit: Unit,
    year: int,
    criteria_set: CriteriaSet,
    given: FigureInput,
    values: dict[str, Decimal | None],
) -> OperationalFigure:
    """Stores checked values (in the caller's transaction) and audits the change."""
    row, created = OperationalFigure.objects.select_for_update().get_or_create(
        unit=unit,
        year=year,
        node_code=given.code,
        frequency=given.frequency.value,
        period=given.period,
        defaults={"criteria_set": criteria_set, "entered_by": actor},
    )
    old = None if created else snapshot(row)
    for name, value in values.items():
        setattr(row, name, value)
    row.note = given.note.strip()
    row.criteria_set, row.entered_by = criteria_set, actor
    if old == snapshot(row):
        return row
    row.full_clean()
    row.save()
    _audit(actor, FIGURE_SAVE, row, old=old, new=snapshot(row))
    return row


def _audit(actor: User, action: str, row: OperationalFigure, **values: Any) -> None:
    audit_record(
        actor=actor,
        action=action,
        target=row,
        unit_code=row.unit.code,
        node_code=row.node_code,
        **values,
    )


@transaction.atomic
def figure_delete(*, actor: User, figure: OperationalFigure) -> None:
    if not access.can_write_unit_reports(actor, figure.unit):
        raise Refused(str(NOT_MEMBER))
    old = snapshot(figure)
    _audit(actor, FIGURE_DELETE, figure, old=old)
    figure.delete()
