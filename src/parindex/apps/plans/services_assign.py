"""Writes of a unit's offices and of who answers for each criterion (the unit's leader).

Each write is checked, done in one transaction and audited in it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from parindex.apps.accounts import access
from parindex.apps.accounts.models import Unit, User
from parindex.apps.assessments import revisions
from parindex.apps.audit.services import audit_record
from parindex.apps.frameworks.models import CriteriaNode, CriteriaSet
from parindex.apps.plans.models import CriterionAssignment, Office
from parindex.apps.plans.refusals import Refused
from parindex.apps.plans.selectors_assign import is_official

NOT_LEADER = _("Chỉ lãnh đạo đơn vị mới được thực hiện thao tác này.")
OFFICE_NAME_TAKEN = _("Đơn vị đã có phòng, ban «{name}».")
OFFICE_NAME_EMPTY = _("Hãy nhập tên phòng, ban.")
OFFICE_CREATED = _("Đã thêm phòng, ban «{name}».")
OFFICE_UPDATED = _("Đã lưu phòng, ban «{name}».")
NOT_THE_UNITS_OFFICE = _("Phòng, ban «{name}» không thuộc đơn vị hoặc đã ngừng hoạt động.")
NOT_THE_UNITS_OFFICIAL = _("{who} không phải cán bộ, lãnh đạo của đơn vị.")
NOT_IN_SET = _("Tiêu chí {code} không thuộc bộ tiêu chí «{set}».")
ASSIGNMENTS_SAVED = _("Đã lưu phân công: {count} thay đổi.")
NOTHING_CHANGED = _("Phân công không thay đổi.")

ASSIGN = "criterion.assign"
UNASSIGN = "criterion.unassign"
OFFICE_CREATE = "office.create"
OFFICE_UPDATE = "office.update"

Choice = tuple[Office | None, User | None]


def require_leader(actor: User, unit: Unit) -> None:
    if not access.can_manage_unit_plans(actor, unit):
        raise Refused(str(NOT_LEADER))


def _clean_name(unit: Unit, name: str, office: Office | None = None) -> str:
    name = " ".join(name.split())
    if not name:
        raise Refused(str(OFFICE_NAME_EMPTY))
    taken = Office.objects.filter(unit=unit, name__iexact=name)
    if office is not None:
        taken = taken.exclude(pk=office.pk)
    if taken.exists():
        raise Refused(str(OFFICE_NAME_TAKEN).format(name=name))
    return name


@transaction.atomic
def office_create(*, actor: User, unit: Unit, name: str) -> Office:
    require_leader(actor, unit)
    office = Office(unit=unit, name=_clean_name(unit, name))
    office.full_clean()
    office.save()
    audit_record(
        actor=actor,
        action=OFFICE_CREATE,
        target=office,
        new={"name": office.name},
        unit_code=unit.code,
    )
    return office


@transaction.atomic
def office_update(*, actor: User, office: Office, name: str, is_active: bool) -> Office:
    """Renames an office or retires it (a retired office keeps its tasks and history)."""
    require_leader(actor, office.unit)
    old = {"name": office.name, "is_active": office.is_active}
    office.name = _clean_name(office.unit, name, office)
    office.is_active = is_active
    new = {"name": office.name, "is_active": office.is_active}
    if old == new:
        return office
    office.full_clean()
    office.save()
    revisions.bump_unit(office.unit)  # its name is shown beside the sub-criteria
    audit_record(
        actor=actor,
        action=OFFICE_UPDATE,
        target=office,
        old=old,
        new=new,
        unit_code=office.unit.code,
    )
    return office


def _check_choice(unit: Unit, choice: Choice, current: CriterionAssignment | None) -> None:
    office, official = choice
    kept_office = current is not None and office is not None and office.pk == current.office_id
    if (
        office is not None
        and not kept_office
        and (office.unit_id != unit.pk or not office.is_active)
    ):
        raise Refused(str(NOT_THE_UNITS_OFFICE).format(name=office.name))
    if official is not None and not is_official(unit, official):
        raise Refused(str(NOT_THE_UNITS_OFFICIAL).format(who=official))


def _described(row: CriterionAssignment | None, criteria_set: CriteriaSet) -> dict[str, Any] | None:
    if row is None:
        return None
    return {
        "criteria_set": criteria_set.code,
        "office": row.office.name if row.office else None,
        "official": str(row.official) if row.official else None,
    }


def _same(row: CriterionAssignment | None, choice: Choice) -> bool:
    office, official = choice
    if row is None:
        return office is None and official is None
    return row.office_id == (office.pk if office else None) and row.official_id == (
        official.pk if official else None
    )


@transaction.atomic
def assignments_save(
    *,
    actor: User,
    unit: Unit,
    criteria_set: CriteriaSet,
    chosen: Mapping[CriteriaNode, Choice],
) -> int:
    """Sets who answers for each node in ``chosen`` (``(None, None)``: nobody of its own;
    it then follows the node above it). Returns how many nodes changed."""
    require_leader(actor, unit)
    current = {
        a.node_id: a
        for a in CriterionAssignment.objects.select_for_update(of=("self",))
        .filter(unit=unit, criteria_set=criteria_set)
        .select_related("office", "official")
    }
    changed = 0
    for node, choice in chosen.items():
        if node.criteria_set_id != criteria_set.pk:
            raise Refused(str(NOT_IN_SET).format(code=node.code, set=criteria_set.name))
        row = current.get(node.pk)
        if _same(row, choice):
            continue
        _check_choice(unit, choice, row)
        _apply(actor, unit=unit, criteria_set=criteria_set, node=node, row=row, choice=choice)
        changed += 1
    if changed:
        revisions.bump_unit(unit)  # shown beside the sub-criteria of the self-scoring page
    return changed


def _apply(
    actor: User,
    *,
    unit: Unit,
    criteria_set: CriteriaSet,
    node: CriteriaNode,
    row: CriterionAssignment | None,
    choice: Choice,
) -> None:
    office, official = choice
    old = _described(row, criteria_set)
    if office is None and official is None:
        assert row is not None  # _same() let an unchanged empty choice through
        row.delete()
        _audit(actor, UNASSIGN, row, node, old=old, new=None)
        return
    if row is None:
        row = CriterionAssignment(unit=unit, criteria_set=criteria_set, node=node)
    row.office, row.official, row.updated_by = office, official, actor
    row.full_clean()
    row.save()
    _audit(actor, ASSIGN, row, node, old=old, new=_described(row, criteria_set))


def _audit(
    actor: User,
    action: str,
    row: CriterionAssignment,
    node: CriteriaNode,
    *,
    old: dict[str, Any] | None,
    new: dict[str, Any] | None,
) -> None:
    audit_record(
        actor=actor,
        action=action,
        target=row,
        old=old,
        new=new,
        unit_code=row.unit.code,
        node_code=node.code,
    )
