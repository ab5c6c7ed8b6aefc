"""Importing criteria sets and units from the interchange files.

The whole file is checked first (by :mod:`parindex.interchange`, then against what the
database can hold); only a file without any problem is stored, in one transaction. A
refused file raises :class:`~parindex.interchange.ImportFailed` listing every problem.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from parindex import scoring
from parindex.apps.accounts.models import Unit, UnitGroup, User
from parindex.apps.audit.services import audit_record
from parindex.apps.frameworks.conversion import from_engine, to_engine
from parindex.apps.frameworks.models import ClassBand, CriteriaNode, CriteriaSet
from parindex.interchange import ImportFailed, Problem, load_criteria, load_units
from parindex.scoring.serialize import rule_to_params

SET_IMPORT = "criteria_set_import"
UNIT_CREATE = "unit_create"
UNIT_UPDATE = "unit_update"
GROUP_CREATE = "unit_group_create"

SET_CODE_EXISTS = _("mã bộ tiêu chí «{code}» đã có; hãy đổi mã trong tệp")
IN_NODE = _("tiêu chí «{code}»: {message}")
IN_GROUP = _("nhóm «{code}»: {message}")
IN_BAND = _("xếp loại «{label}»: {message}")
IN_UNIT = _("đơn vị «{code}»: {message}")


def _field_problems(
    file: str, row: models.Model, exclude: list[str], where: str | Promise, **names: str
) -> list[Problem]:
    """What the database would refuse in ``row`` (lengths, decimals, slugs); each message
    is put in ``where`` (which names the row with ``names``)."""
    try:
        row.clean_fields(exclude=exclude)
    except ValidationError as error:
        return [
            Problem(file, None, None, column, str(where).format(message=message, **names))
            for column, messages in error.message_dict.items()
            for message in messages
        ]
    return []


def _node_row(node: scoring.Node) -> CriteriaNode:
    kind, params = rule_to_params(node.rule) if node.rule else ("", {})
    return CriteriaNode(
        code=node.code,
        title=node.title,
        max_points=node.max_points,
        rule=kind,
        parameters=params,
        groups=sorted(node.groups),
    )


def _storable(engine: scoring.CriteriaSet, file: str) -> list[Problem]:
    """Problems the file format does not catch but the database would."""
    problems: list[Problem] = []
    if CriteriaSet.objects.filter(code=engine.code).exists():
        message = str(SET_CODE_EXISTS).format(code=engine.code)
        problems.append(Problem(file, None, None, "code", message))
    head = CriteriaSet(
        code=engine.code,
        name=engine.name,
        year=engine.year,
        decision_number=engine.decision_number,
        index_cap=engine.index_cap,
    )
    problems += _field_problems(file, head, [], "{message}")
    for group in engine.groups:
        group_row = UnitGroup(code=group.code, name=group.name)
        problems += _field_problems(file, group_row, [], IN_GROUP, code=group.code)
    for band in engine.bands:
        band_row = ClassBand(minimum=band.minimum, label=band.label, short=band.short)
        problems += _field_problems(file, band_row, ["criteria_set"], IN_BAND, label=band.label)
    for node in engine.nodes():
        node_row = _node_row(node)
        exclude = ["criteria_set", "parent"]
        problems += _field_problems(file, node_row, exclude, IN_NODE, code=node.code)
    return problems


def criteria_set_import(*, actor: User | None, path: Path) -> CriteriaSet:
    """Stores the criteria file at ``path`` as a new draft set."""
    engine = load_criteria(path)
    problems = _storable(engine, path.name)
    if problems:
        raise ImportFailed(problems)
    try:
        with transaction.atomic():
            criteria_set = from_engine(engine, actor=actor)
            audit_record(
                actor=actor,
                action=SET_IMPORT,
                target=criteria_set,
                new={"file": path.name, "code": engine.code, "nodes": len(list(engine.nodes()))},
            )
    except (IntegrityError, ValidationError):  # the same code stored meanwhile
        message = str(SET_CODE_EXISTS).format(code=engine.code)
        raise ImportFailed([Problem(path.name, None, None, "code", message)]) from None
    return criteria_set


@dataclass(frozen=True, slots=True)
class UnitsImported:
    """What a units file changed: codes created and updated, groups created."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    groups_created: list[str] = field(default_factory=list)


def _unit_problems(file: str, units: list[scoring.Unit], known: set[str]) -> list[Problem]:
    problems: list[Problem] = []
    for code in sorted({u.group for u in units} - known):
        group = UnitGroup(code=code, name=code)
        problems += _field_problems(file, group, [], IN_GROUP, code=code)
    for unit in units:
        row = Unit(code=unit.code, name=unit.name)
        problems += _field_problems(file, row, ["group", "parent"], IN_UNIT, code=unit.code)
    return problems


def _store_group(actor: User | None, code: str) -> UnitGroup:
    position = UnitGroup.objects.count()
    group = UnitGroup(code=code, name=code, position=position)
    group.full_clean()
    group.save()
    audit_record(actor=actor, action=GROUP_CREATE, target=group, new={"code": code})
    return group


def _store_unit(actor: User | None, unit: scoring.Unit, group: UnitGroup, row: Unit | None) -> str:
    """``created``, ``updated`` or ``unchanged``."""
    if row is None:
        row = Unit(code=unit.code, name=unit.name, group=group)
        row.full_clean()
        row.save()
        new = {"code": unit.code, "name": unit.name, "group": group.code}
        audit_record(actor=actor, action=UNIT_CREATE, target=row, new=new, unit_code=unit.code)
        return "created"
    old = {"name": row.name, "group": row.group.code}
    new = {"name": unit.name, "group": group.code}
    if old == new:
        return "unchanged"
    row.name, row.group = unit.name, group
    row.full_clean()
    row.save()
    audit_record(actor=actor, action=UNIT_UPDATE, target=row, old=old, new=new, unit_code=unit.code)
    return "updated"


def units_import(
    *, actor: User | None, path: Path, criteria_set: CriteriaSet | None = None
) -> UnitsImported:
    """Creates or updates the units of the file at ``path`` (by code), creating the unit
    groups it names that do not exist yet. With ``criteria_set``, every unit's group must
    be one of that set's groups."""
    criteria = to_engine(criteria_set) if criteria_set is not None else None
    units = load_units(path, criteria=criteria)
    groups = {g.code: g for g in UnitGroup.objects.all()}
    problems = _unit_problems(path.name, units, set(groups))
    if problems:
        raise ImportFailed(problems)
    result = UnitsImported()
    with transaction.atomic():
        existing = {u.code: u for u in Unit.objects.select_related("group")}
        for code in sorted({u.group for u in units} - set(groups)):
            groups[code] = _store_group(actor, code)
            result.groups_created.append(code)
        for unit in units:
            outcome = _store_unit(actor, unit, groups[unit.group], existing.get(unit.code))
            getattr(result, outcome).append(unit.code)
    return result
