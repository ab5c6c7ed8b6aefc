"""Scores in long format (CSV or XLSX): one row per unit × sub-criterion.

Columns: ``unit``, ``node``, ``self_score``, ``appraised_score``, ``numerator``,
``denominator``, ``count``, ``value``, ``items``. The raw inputs (numerator to items) are
the verified data and serve both sides; a side whose score column is filled uses that
score instead (the raw inputs stay on its entry for the record). ``N/A`` (or ``KAD``,
``không áp dụng``) in a score column marks the node not applicable on that side. A side
with nothing gets no entry (the engine counts it as missing). In a workbook the sheet
"Điểm" is read, or else the first sheet.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path

from parindex.interchange import errors as e
from parindex.interchange._cells import CODE_PATTERN, Cells, Collector, Record, as_text, show
from parindex.interchange._tables import Sheet, check_columns, write_csv, write_xlsx
from parindex.interchange.units import TABLE_FORMATS, read_table
from parindex.scoring.model import NOT_APPLICABLE, CriteriaSet, Entry, Node, Unit, UnitScores
from parindex.scoring.rules import (
    EMPTY_CONTEXT,
    BandMeasure,
    BandsRule,
    BonusRule,
    ChecklistRule,
    DeductionRule,
    JudgedRule,
    NotApplicable,
    Rule,
    RuleKind,
    ScoreInputError,
)

SCORE_COLUMNS = (
    "unit",
    "node",
    "self_score",
    "appraised_score",
    "numerator",
    "denominator",
    "count",
    "value",
    "items",
)
SIDE_COLUMNS = ("self_score", "appraised_score")
RAW_COLUMNS = ("numerator", "denominator", "count", "value", "items")
SCORES_SHEET = "Điểm"
NOT_APPLICABLE_WORDS = frozenset({"n/a", "kad", "không áp dụng"})
NOT_APPLICABLE_TEXT = "N/A"
NO_ITEMS = "-"


class _NotApplicableMark:
    """A score cell saying "not applicable"."""


NA = _NotApplicableMark()
type SideCell = Decimal | _NotApplicableMark | None


def used_inputs(rule: Rule) -> tuple[str, ...]:
    """The raw input columns the rule turns into points."""
    if isinstance(rule, BandsRule):
        percent = rule.measure_of is BandMeasure.PERCENT
        return ("numerator", "denominator") if percent else ("value",)
    return _USED[rule.kind]


_USED: Mapping[RuleKind, tuple[str, ...]] = {
    RuleKind.JUDGED: ("value",),
    RuleKind.CHECKLIST: ("items",),
    RuleKind.RATIO: ("numerator", "denominator"),
    RuleKind.RELATIVE: ("value",),
    RuleKind.COUNT: ("count",),
    RuleKind.DEDUCTION: ("count",),
    RuleKind.BONUS: ("count",),
    RuleKind.ACCURACY: (),
    RuleKind.SURVEY: ("value",),
}


@dataclass(frozen=True, slots=True)
class _Row:
    record: Record
    unit: Unit | None
    node: Node | None
    sides: Mapping[str, SideCell]
    raw: Entry

    def has_content(self) -> bool:
        """Whether the row scores anything (``N/A`` alone does not)."""
        return self.raw.has_raw() or any(isinstance(v, Decimal) for v in self.sides.values())


def load_scores(
    path: str | os.PathLike[str], *, criteria: CriteriaSet, units: Sequence[Unit]
) -> dict[str, UnitScores]:
    """Every unit's self-scoring and appraisal entries, by unit code (units in file order).

    Raises :class:`~parindex.interchange.errors.ImportFailed` with every problem.
    """
    table = read_table(Path(path), SCORES_SHEET)
    collector = Collector()
    scores: dict[str, UnitScores] = {}
    if check_columns(table, collector, required=("unit", "node"), allowed=SCORE_COLUMNS):
        scores = _ScoreReader(criteria, units, Cells(collector)).read(table.rows)
    collector.raise_if_any()
    return scores


class _ScoreReader:
    def __init__(self, criteria: CriteriaSet, units: Sequence[Unit], cells: Cells) -> None:
        self.criteria = criteria
        self.nodes = criteria.node_map()
        self.units = {u.code: u for u in units}
        self.cells = cells
        self.first: dict[tuple[str, str], int | None] = {}
        self.excluded: dict[str, frozenset[str]] = {}
        self.appraised: dict[str, dict[str, Entry]] = {}
        self.self_scored: dict[str, dict[str, Entry]] = {}

    def read(self, records: Sequence[Record]) -> dict[str, UnitScores]:
        for record in records:
            self.row(record)
        return {
            code: UnitScores(code, appraised=self.appraised[code], self_scored=entries)
            for code, entries in self.self_scored.items()
        }

    def fail(self, record: Record, column: str, message: str) -> None:
        self.cells.fail(record, column, message)

    def row(self, record: Record) -> None:
        before = len(self.cells.collector.problems)
        row = _Row(
            record,
            self.unit(record),
            self.node(record),
            {column: self.side_cell(record, column) for column in SIDE_COLUMNS},
            self.raw(record),
        )
        self.check_place(row)
        if len(self.cells.collector.problems) != before or row.unit is None or row.node is None:
            return
        self.check_rule(row, row.node, row.node.rule or JudgedRule())
        if len(self.cells.collector.problems) == before:
            self.store(row.unit.code, row.node.code, row)

    def unit(self, record: Record) -> Unit | None:
        code = self.cells.text(record, "unit", required=True)
        if code is not None and code not in self.units:
            self.fail(record, "unit", e.UNKNOWN_UNIT.format(code=code))
        return self.units.get(code) if code is not None else None

    def node(self, record: Record) -> Node | None:
        code = self.cells.text(record, "node", required=True)
        if code is None:
            return None
        node = self.nodes.get(code)
        if node is None:
            self.fail(record, "node", e.UNKNOWN_NODE.format(code=code))
        elif not node.is_leaf:
            self.fail(record, "node", e.NOT_A_LEAF.format(code=code))
            return None
        return node

    def side_cell(self, record: Record, column: str) -> SideCell:
        value = self.cells.raw(record, column)
        if value is None:
            return None
        if as_text(value).casefold() in NOT_APPLICABLE_WORDS:
            return NA
        return self.cells.decimal(record, column)

    def raw(self, record: Record) -> Entry:
        return Entry(
            numerator=self.cells.decimal(record, "numerator"),
            denominator=self.cells.decimal(record, "denominator"),
            count=self.cells.decimal(record, "count"),
            value=self.cells.decimal(record, "value"),
            items=self.items(record),
        )

    def items(self, record: Record) -> frozenset[str] | None:
        text = self.cells.text(record, "items")
        if text is None:
            return None
        if text == NO_ITEMS:
            return frozenset()
        codes = {part.strip() for part in text.replace(",", ";").split(";") if part.strip()}
        for code in sorted(c for c in codes if not CODE_PATTERN.fullmatch(c)):
            self.fail(record, "items", e.BAD_CODE.format(value=code))
        return frozenset(codes)

    def check_place(self, row: _Row) -> None:
        record = row.record
        unit, node = as_text(record.get("unit")), as_text(record.get("node"))
        if unit and node and (unit, node) in self.first:
            message = e.DUPLICATE_ROW.format(unit=unit, node=node, row=self.first[unit, node])
            self.fail(record, "node", message)
        self.first.setdefault((unit, node), record.row)
        if row.unit is None or row.node is None or not row.has_content():
            return
        if row.node.code in self.excluded_for(row.unit.group):
            message = e.NODE_NOT_FOR_GROUP.format(code=row.node.code, group=row.unit.group)
            self.fail(record, "node", message)

    def excluded_for(self, group: str) -> frozenset[str]:
        """Codes of the nodes that do not apply to ``group`` (the node or an ancestor)."""
        if group not in self.excluded:
            out: set[str] = set()
            for top in self.criteria.fields:
                _collect_excluded(top, group, excluded=False, out=out)
            self.excluded[group] = frozenset(out)
        return self.excluded[group]

    def check_rule(self, row: _Row, node: Node, rule: Rule) -> None:
        used = used_inputs(rule)
        given = [c for c in RAW_COLUMNS if getattr(row.raw, c) is not None]
        stray = [c for c in given if c not in used]
        for column in stray:
            message = e.INPUT_NOT_USED.format(rule=rule.kind.value, node=node.code)
            self.fail(row.record, column, message)
        if given and not stray:
            self.check_raw(row.record, node, rule, row.raw)
        for column, cell in row.sides.items():
            if isinstance(cell, Decimal):
                self.check_direct(row.record, column, node, rule, cell)

    def check_raw(self, record: Record, node: Node, rule: Rule, raw: Entry) -> None:
        used = used_inputs(rule)
        if "denominator" in used and not self.check_fraction(record, rule, raw):
            return
        if isinstance(rule, ChecklistRule) and raw.items is not None:
            unknown = sorted(raw.items - {item.code for item in rule.items})
            for code in unknown:
                self.fail(record, "items", e.UNKNOWN_ITEM.format(code=code, node=node.code))
            if unknown:
                return
        try:
            if rule.needs_group:
                rule.measure(node.code, raw)
            elif not rule.needs_accuracy:
                rule.score(node.code, raw, node.max_points, EMPTY_CONTEXT)
        except NotApplicable:
            pass
        except ScoreInputError as exc:
            self.fail(record, used[0], exc.message)

    def check_fraction(self, record: Record, rule: Rule, raw: Entry) -> bool:
        """Both parts given and the numerator not above the denominator."""
        missing = [c for c in ("numerator", "denominator") if getattr(raw, c) is None]
        for column in missing:
            self.fail(record, column, e.MISSING_INPUT.format(rule=rule.kind.value))
        num, den = raw.numerator, raw.denominator
        if num is None or den is None or missing:
            return False
        if 0 <= den < num:
            message = e.NUMERATOR_ABOVE_DENOMINATOR.format(
                numerator=show(num), denominator=show(den)
            )
            self.fail(record, "numerator", message)
            return False
        return True

    def check_direct(
        self, record: Record, column: str, node: Node, rule: Rule, score: Decimal
    ) -> None:
        message = _range_message(rule, node.max_points, score)
        if message is not None:
            self.fail(record, column, message)
            return
        try:
            rule.score(node.code, Entry(score=score), node.max_points, EMPTY_CONTEXT)
        except NotApplicable:
            pass
        except ScoreInputError as exc:
            self.fail(record, column, exc.message)

    def store(self, unit: str, node: str, row: _Row) -> None:
        appraised = self.appraised.setdefault(unit, {})
        self_scored = self.self_scored.setdefault(unit, {})
        for column, entries in (("self_score", self_scored), ("appraised_score", appraised)):
            entry = _entry(row.sides[column], row.raw)
            if entry is not None:
                entries[node] = entry


def _collect_excluded(node: Node, group: str, *, excluded: bool, out: set[str]) -> None:
    excluded = excluded or not node.applies_to(group)
    if excluded:
        out.add(node.code)
    for child in node.children:
        _collect_excluded(child, group, excluded=excluded, out=out)


def _range_message(rule: Rule, max_points: Decimal, score: Decimal) -> str | None:
    """Why a direct score is out of the rule's range, or ``None``."""
    shown = show(score)
    if isinstance(rule, DeductionRule):
        return _deduction_message(rule, score)
    if score < 0:
        return e.SCORE_NEGATIVE.format(score=shown)
    if isinstance(rule, BonusRule):
        high, template = rule.cap, e.BONUS_ABOVE_CAP.format(score=shown, cap=show(rule.cap))
    else:
        high, template = max_points, e.SCORE_ABOVE_MAX.format(score=shown, max=show(max_points))
    return template if score > high else None


def _deduction_message(rule: DeductionRule, score: Decimal) -> str | None:
    if score > 0:
        return e.DEDUCTION_POSITIVE.format(score=show(score))
    if rule.cap is not None and score < -rule.cap:
        return e.DEDUCTION_BELOW_CAP.format(score=show(score), cap=show(rule.cap))
    return None


def _entry(cell: SideCell, raw: Entry) -> Entry | None:
    if cell is NA:
        return NOT_APPLICABLE
    if isinstance(cell, Decimal):
        return replace(raw, score=cell)
    return raw if raw.has_raw() else None


# --- writing --------------------------------------------------------------------------


def dump_scores(
    scores: Mapping[str, UnitScores],
    path: str | os.PathLike[str],
    *,
    criteria: CriteriaSet | None = None,
) -> None:
    """Writes ``scores`` in long format, CSV (UTF-8 with BOM) or XLSX by the suffix.

    Rows follow the units' order and, with ``criteria``, the order of the tree. Raises
    :class:`ValueError` when the two sides of one node hold different raw inputs (one
    row cannot carry both).
    """
    path = Path(path)
    rows = _score_rows(scores, criteria)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        write_csv(path, SCORE_COLUMNS, rows)
    elif suffix == ".xlsx":
        write_xlsx(path, [Sheet(SCORES_SHEET, SCORE_COLUMNS, rows)])
    else:
        raise ValueError(e.UNSUPPORTED_FORMAT.format(suffix=path.suffix, allowed=TABLE_FORMATS))


def _score_rows(
    scores: Mapping[str, UnitScores], criteria: CriteriaSet | None
) -> list[tuple[object, ...]]:
    order = {n.code: i for i, n in enumerate(criteria.nodes())} if criteria else {}
    rows = []
    for unit, unit_scores in scores.items():
        codes = list(dict.fromkeys([*unit_scores.self_scored, *unit_scores.appraised]))
        codes.sort(key=lambda code: order.get(code, len(order)))
        for code in codes:
            own = unit_scores.self_scored.get(code)
            appraised = unit_scores.appraised.get(code)
            raw = _shared_raw(unit, code, own, appraised)
            rows.append((unit, code, _side_text(own), _side_text(appraised), *_raw_values(raw)))
    return rows


def _raw_of(entry: Entry | None) -> Entry | None:
    if entry is None or entry.not_applicable or not entry.has_raw():
        return None
    return replace(entry, score=None)


def _shared_raw(unit: str, node: str, own: Entry | None, appraised: Entry | None) -> Entry:
    raws = [r for r in (_raw_of(own), _raw_of(appraised)) if r is not None]
    if len(raws) == 2 and raws[0] != raws[1]:
        raise ValueError(e.RAW_MISMATCH.format(unit=unit, node=node))
    return raws[0] if raws else Entry()


def _side_text(entry: Entry | None) -> object:
    if entry is None:
        return None
    if entry.not_applicable:
        return NOT_APPLICABLE_TEXT
    return entry.score


def _raw_values(raw: Entry) -> tuple[object, ...]:
    items = None if raw.items is None else ("; ".join(sorted(raw.items)) or NO_ITEMS)
    return (raw.numerator, raw.denominator, raw.count, raw.value, items)
