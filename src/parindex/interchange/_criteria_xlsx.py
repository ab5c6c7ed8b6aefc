"""Criteria sets in XLSX: sheets "Thông tin" (key/value), "Nhóm", "Xếp loại" and
"Tiêu chí" (one row per node, its parent named in ``parent_code``)."""

from __future__ import annotations

from pathlib import Path

from parindex.interchange import errors as e
from parindex.interchange._cells import Collector, Record, as_text
from parindex.interchange._criteria_build import (
    BAND_COLUMNS,
    GROUP_COLUMNS,
    META_KEYS,
    NODE_BASICS,
    CriteriaRecords,
    NodeRecord,
)
from parindex.interchange._rules import ALL_PARAMETERS, text_parameters
from parindex.interchange._tables import Sheet, Table, check_columns, read_xlsx, write_xlsx
from parindex.interchange.errors import Problem
from parindex.scoring.model import CriteriaSet, Node

SHEET_INFO = "Thông tin"
SHEET_GROUPS = "Nhóm"
SHEET_BANDS = "Xếp loại"
SHEET_NODES = "Tiêu chí"
SHEETS = (SHEET_INFO, SHEET_GROUPS, SHEET_BANDS, SHEET_NODES)
INFO_COLUMNS = ("key", "value", "note")
NODE_COLUMNS = ("code", "parent_code", *NODE_BASICS[1:], *ALL_PARAMETERS, "groups")
NODE_REQUIRED = ("code", "title", "max_points")

META_NOTES = {
    "code": "Mã bộ tiêu chí",
    "name": "Tên bộ tiêu chí",
    "year": "Năm đánh giá",
    "decision_number": "Số quyết định ban hành",
    "decision_date": "Ngày ban hành quyết định",
    "index_decimals": "Số chữ số thập phân của chỉ số",
    "score_decimals": "Số chữ số thập phân của điểm",
    "rounding": "Cách làm tròn: half_up (làm tròn lên từ 5) hoặc half_even",
    "tie_policy": "Xếp hạng khi bằng chỉ số: shared, dense hoặc achieved",
    "index_cap": "Chỉ số tối đa (để trống nếu không giới hạn)",
}


def _empty(file: str, sheet: str, header: tuple[str, ...]) -> Table:
    return Table(file, sheet, header, ())


class _Reader:
    def __init__(self, path: Path, collector: Collector) -> None:
        self.file = path.name
        self.collector = collector
        self.tables = read_xlsx(path)

    def sheet(self, name: str, *, required: bool) -> Table | None:
        table = self.tables.get(name)
        if table is None and required:
            self.collector.add_problem(Problem(self.file, name, None, None, e.MISSING_SHEET))
        return table

    def rows(
        self, name: str, columns: tuple[str, ...], needed: tuple[str, ...], *, required: bool
    ) -> list[Record]:
        table = self.sheet(name, required=required)
        if table is None:
            return []
        check_columns(table, self.collector, required=needed, allowed=columns)
        return list(table.rows)

    def empty_sheet(self, name: str, message: str) -> Problem | None:
        """The problem of a sheet without rows; none for a missing sheet (reported)."""
        return Problem(self.file, name, None, None, message) if name in self.tables else None

    def meta(self) -> Record:
        table = self.sheet(SHEET_INFO, required=True) or _empty(self.file, SHEET_INFO, ())
        check_columns(table, self.collector, required=INFO_COLUMNS[:2], allowed=INFO_COLUMNS)
        values: dict[str, object] = {}
        rows: dict[str, int] = {}
        for record in table.rows:
            key = as_text(record.get("key")).lower()
            if key not in META_KEYS:
                message = e.UNKNOWN_KEY.format(allowed=", ".join(META_KEYS))
                self.collector.add(record, "key", message)
            elif key in rows:
                self.collector.add(record, "key", e.DUPLICATE_KEY.format(row=rows[key]))
            else:
                values[key] = record.get("value")
                rows[key] = record.row or 0
        return Record(self.file, SHEET_INFO, None, values, rows)


def read_xlsx_criteria(path: Path) -> tuple[CriteriaRecords, Collector]:
    """The records of the workbook at ``path`` and the problems of its structure."""
    collector = Collector(SHEETS)
    reader = _Reader(path, collector)
    meta = reader.meta()
    groups = reader.rows(SHEET_GROUPS, GROUP_COLUMNS, GROUP_COLUMNS, required=True)
    bands = reader.rows(SHEET_BANDS, BAND_COLUMNS, BAND_COLUMNS[:2], required=False)
    node_rows = reader.rows(SHEET_NODES, NODE_COLUMNS, NODE_REQUIRED, required=True)
    nodes = [NodeRecord(r, as_text(r.get("parent_code")) or None, "parent_code") for r in node_rows]
    records = CriteriaRecords(
        meta=meta,
        groups=groups,
        bands=bands,
        nodes=nodes,
        no_groups=reader.empty_sheet(SHEET_GROUPS, e.NO_GROUPS),
        no_fields=reader.empty_sheet(SHEET_NODES, e.NO_FIELDS),
    )
    return records, collector


def write_xlsx_criteria(criteria: CriteriaSet, path: Path) -> None:
    write_xlsx(
        path,
        [
            Sheet(SHEET_INFO, INFO_COLUMNS, _meta_rows(criteria)),
            Sheet(SHEET_GROUPS, GROUP_COLUMNS, [(g.code, g.name) for g in criteria.groups]),
            Sheet(
                SHEET_BANDS,
                BAND_COLUMNS,
                [(b.minimum, b.label, b.short or None) for b in criteria.bands],
            ),
            Sheet(SHEET_NODES, NODE_COLUMNS, _node_rows(criteria)),
        ],
    )


def _meta_rows(criteria: CriteriaSet) -> list[tuple[object, ...]]:
    rounding = criteria.rounding
    values: dict[str, object] = {
        "code": criteria.code,
        "name": criteria.name,
        "year": criteria.year,
        "decision_number": criteria.decision_number or None,
        "decision_date": criteria.decision_date,
        "index_decimals": rounding.index_decimals,
        "score_decimals": rounding.score_decimals,
        "rounding": rounding.mode.value,
        "tie_policy": criteria.tie_policy.value,
        "index_cap": criteria.index_cap,
    }
    return [(key, values[key], META_NOTES[key]) for key in META_KEYS]


def _node_rows(criteria: CriteriaSet) -> list[tuple[object, ...]]:
    rows = []
    for top in criteria.fields:
        rows.extend(_rows_of(top, None))
    return rows


def _rows_of(node: Node, parent: str | None) -> list[tuple[object, ...]]:
    values: dict[str, object] = {
        "code": node.code,
        "parent_code": parent,
        "title": node.title,
        "max_points": node.max_points,
        "groups": "; ".join(sorted(node.groups)) or None,
    }
    if node.rule is not None:
        values["rule"] = node.rule.kind.value
        values.update(text_parameters(node.rule))
    rows = [tuple(values.get(column) for column in NODE_COLUMNS)]
    for child in node.children:
        rows.extend(_rows_of(child, node.code))
    return rows
