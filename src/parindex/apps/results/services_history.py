"""Importing published indices of earlier years: every row is checked (the file, then
against the database) before anything is written, then all of it is written in one
transaction and audited."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from parindex.apps.accounts.models import Unit, UnitGroup, User
from parindex.apps.audit.services import audit_record
from parindex.apps.results.models import HistoryImport, HistoryRow, HistorySource
from parindex.interchange.errors import ImportFailed, Problem
from parindex.interchange.history import HistoryRecord, load_history

UNIT_NEEDS_NAME = "đơn vị «{unit}» chưa có trong hệ thống; ghi tên đơn vị ở cột name"
GROUP_NEEDS_NAME = "nhóm «{group}» chưa có trong hệ thống; ghi tên nhóm ở cột group_name"
PUBLISHED_HERE = (
    "đơn vị «{unit}» năm {year} đã có kết quả công bố trên hệ thống; không nhập đè số liệu này"
)

ACTION_IMPORT = "history.import"
ACTION_UPDATE = "history.update"
COMPARED_FIELDS = (
    "unit_name",
    "group_code",
    "group_name",
    "index",
    "index_decimals",
    "rank",
    "units_in_group",
    "class_label",
    "achieved",
    "applicable_max",
)


@dataclass(frozen=True, slots=True)
class HistoryImported:
    batch: HistoryImport
    created: int
    updated: int
    unchanged: int
    years: tuple[int, ...]


class _Names:
    """Units and groups already in the database, read once."""

    def __init__(self, records: Sequence[HistoryRecord]) -> None:
        self.units = {u.code: u for u in Unit.objects.filter(code__in={r.unit for r in records})}
        self.groups = {
            g.code: g.name for g in UnitGroup.objects.filter(code__in={r.group for r in records})
        }

    def unit_name(self, record: HistoryRecord) -> str:
        unit = self.units.get(record.unit)
        return record.name or (unit.name if unit else "")

    def group_name(self, record: HistoryRecord) -> str:
        return record.group_name or self.groups.get(record.group, "")


def _problems(records: Sequence[HistoryRecord], names: _Names) -> list[Problem]:
    published = set(
        HistoryRow.objects.filter(
            source=HistorySource.PUBLISHED, unit_code__in={r.unit for r in records}
        ).values_list("year", "unit_code")
    )
    problems = []
    for record in records:
        if not names.unit_name(record):
            problems.append(record.problem("name", UNIT_NEEDS_NAME.format(unit=record.unit)))
        if not names.group_name(record):
            message = GROUP_NEEDS_NAME.format(group=record.group)
            problems.append(record.problem("group_name", message))
        if (record.year, record.unit) in published:
            message = PUBLISHED_HERE.format(unit=record.unit, year=record.year)
            problems.append(record.problem("year", message))
    return problems


def _values(record: HistoryRecord, names: _Names) -> dict[str, object]:
    return {
        "unit_name": names.unit_name(record),
        "group_code": record.group,
        "group_name": names.group_name(record),
        "index": record.index,
        "index_decimals": record.index_decimals,
        "rank": record.rank,
        "units_in_group": record.units,
        "class_label": record.class_label,
        "achieved": record.achieved,
        "applicable_max": record.max_points,
    }


def _changed(row: HistoryRow, values: dict[str, object]) -> dict[str, tuple[object, object]]:
    return {
        name: (getattr(row, name), values[name])
        for name in COMPARED_FIELDS
        if getattr(row, name) != values[name]
    }


def _write(
    records: Sequence[HistoryRecord], names: _Names, batch: HistoryImport, actor: User | None
) -> tuple[int, int]:
    existing = {
        (r.year, r.unit_code): r
        for r in HistoryRow.objects.filter(
            source=HistorySource.IMPORTED, unit_code__in={r.unit for r in records}
        )
    }
    created: list[HistoryRow] = []
    updated = 0
    for record in records:
        values = _values(record, names)
        row = existing.get((record.year, record.unit))
        if row is None:
            created.append(
                HistoryRow(
                    year=record.year,
                    unit_code=record.unit,
                    unit=names.units.get(record.unit),
                    source=HistorySource.IMPORTED,
                    batch=batch,
                    **values,
                )
            )
            continue
        changes = _changed(row, values)
        if changes:
            _update(row, changes, batch, actor)
            updated += 1
    HistoryRow.objects.bulk_create(created)
    return len(created), updated


def _update(
    row: HistoryRow,
    changes: dict[str, tuple[object, object]],
    batch: HistoryImport,
    actor: User | None,
) -> None:
    for name, (_, new) in changes.items():
        setattr(row, name, new)
    row.batch = batch
    row.full_clean()
    row.save()
    audit_record(
        actor=actor,
        action=ACTION_UPDATE,
        target=row,
        old={name: old for name, (old, _) in changes.items()},
        new={name: new for name, (_, new) in changes.items()},
        reason=batch.file_name,
        unit_code=row.unit_code,
    )


def history_import(
    *, actor: User | None, path: Path, file_name: str | None = None
) -> HistoryImported:
    """Imports the history file at ``path``; raises :class:`ImportFailed` listing every
    problem (then nothing is written). Rows of a unit and year imported before are
    updated; a unit and year published on the system is refused."""
    records = load_history(path)
    names = _Names(records)
    problems = _problems(records, names)
    if problems:
        raise ImportFailed(problems)
    return _commit(records, names, path, file_name or path.name, actor)


@transaction.atomic
def _commit(
    records: Sequence[HistoryRecord],
    names: _Names,
    path: Path,
    file_name: str,
    actor: User | None,
) -> HistoryImported:
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    batch = HistoryImport(file_name=file_name, sha256=digest, imported_by=actor)
    batch.full_clean()
    batch.save()
    created, updated = _write(records, names, batch, actor)
    batch.created, batch.updated = created, updated
    batch.save(update_fields=["created", "updated"])
    years = tuple(sorted({r.year for r in records}))
    audit_record(
        actor=actor,
        action=ACTION_IMPORT,
        target=batch,
        new={
            "file_name": file_name,
            "sha256": digest,
            "created": created,
            "updated": updated,
            "years": list(years),
        },
    )
    return HistoryImported(batch, created, updated, len(records) - created - updated, years)
