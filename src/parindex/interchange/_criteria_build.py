"""From records (YAML mappings or sheet rows) to a validated :class:`CriteriaSet`.

Both file formats are first turned into the same records; everything is checked here so
that YAML and XLSX files get the same messages.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from parindex.interchange import errors as e
from parindex.interchange._cells import Cells, Collector, Record, choices, show
from parindex.interchange._rules import ALL_PARAMETERS, PARAMETERS, RuleReader
from parindex.interchange.errors import Problem
from parindex.scoring.model import (
    ClassBand,
    CriteriaSet,
    Node,
    Rounding,
    RoundingPolicy,
    TiePolicy,
    UnitGroup,
)
from parindex.scoring.rules import RULE_TYPES, Rule, RuleKind

META_KEYS = (
    "code",
    "name",
    "year",
    "decision_number",
    "decision_date",
    "index_decimals",
    "score_decimals",
    "rounding",
    "tie_policy",
    "index_cap",
)
GROUP_COLUMNS = ("code", "name")
BAND_COLUMNS = ("minimum", "label", "short")
NODE_BASICS = ("code", "title", "max_points", "rule")


@dataclass(frozen=True, slots=True)
class NodeRecord:
    """A node's record and its parent's code (``None`` for a field at the top).

    ``parent_column``: the column that named the parent (sheets), blamed when the parent
    does not exist or the nodes loop.
    """

    record: Record
    parent: str | None
    parent_column: str | None = None


@dataclass(frozen=True, slots=True)
class CriteriaRecords:
    """Everything a criteria file holds, as records; ``no_groups`` and ``no_fields`` are
    the problems to report when the file has no group or no node (``None``: already
    reported, e.g. a missing sheet)."""

    meta: Record
    groups: Sequence[Record]
    bands: Sequence[Record]
    nodes: Sequence[NodeRecord]
    no_groups: Problem | None
    no_fields: Problem | None


def build_criteria(records: CriteriaRecords, collector: Collector) -> CriteriaSet:
    """The criteria set; raises :class:`ImportFailed` with every problem (including those
    already in ``collector``)."""
    cells = Cells(collector)
    groups, group_codes = _groups(cells, records)
    bands = _bands(cells, records.bands)
    fields = _Tree(cells, group_codes).build(records)
    criteria = _criteria(cells, records.meta, fields, groups, bands)
    collector.raise_if_any()
    return criteria


def _criteria(
    cells: Cells,
    meta: Record,
    fields: tuple[Node, ...],
    groups: tuple[UnitGroup, ...],
    bands: tuple[ClassBand, ...],
) -> CriteriaSet:
    year = cells.integer(meta, "year", low=1900, high=2200, required=True)
    index_decimals = cells.integer(meta, "index_decimals", low=0, high=6)
    score_decimals = cells.integer(meta, "score_decimals", low=0, high=6)
    rounding = RoundingPolicy(
        index_decimals=2 if index_decimals is None else index_decimals,
        score_decimals=2 if score_decimals is None else score_decimals,
        mode=cells.choice(meta, "rounding", Rounding) or Rounding.HALF_UP,
    )
    return CriteriaSet(
        code=cells.text(meta, "code", required=True) or "",
        name=cells.text(meta, "name", required=True) or "",
        year=year or 0,
        fields=fields,
        groups=groups,
        bands=bands,
        rounding=rounding,
        tie_policy=cells.choice(meta, "tie_policy", TiePolicy) or TiePolicy.SHARED,
        index_cap=cells.positive(meta, "index_cap"),
        decision_number=cells.text(meta, "decision_number") or "",
        decision_date=cells.date(meta, "decision_date"),
    )


def _groups(cells: Cells, records: CriteriaRecords) -> tuple[tuple[UnitGroup, ...], set[str]]:
    """The groups, and every group code written (to check references against)."""
    if not records.groups and records.no_groups is not None:
        cells.collector.add_problem(records.no_groups)
    out: list[UnitGroup] = []
    first: dict[str, int | None] = {}
    for record in records.groups:
        code = cells.code(record, "code", required=True)
        name = cells.text(record, "name", required=True)
        if code is None:
            continue
        if code in first:
            cells.fail(record, "code", e.DUPLICATE_GROUP.format(code=code, row=first[code]))
            continue
        first[code] = record.row
        if name is not None:
            out.append(UnitGroup(code=code, name=name))
    return tuple(out), set(first)


def _bands(cells: Cells, records: Sequence[Record]) -> tuple[ClassBand, ...]:
    out: list[ClassBand] = []
    first: dict[Decimal, int | None] = {}
    for record in records:
        minimum = cells.decimal(record, "minimum", required=True)
        label = cells.text(record, "label", required=True)
        short = cells.text(record, "short") or ""
        if minimum is not None and minimum in first:
            message = e.DUPLICATE_BAND.format(minimum=show(minimum), row=first[minimum])
            cells.fail(record, "minimum", message)
        elif minimum is not None and label is not None:
            first[minimum] = record.row
            out.append(ClassBand(minimum=minimum, label=label, short=short))
    return tuple(out)


@dataclass(eq=False, slots=True)
class _Draft:
    """A node being read: its own cells, then its place in the tree."""

    source: NodeRecord
    code: str | None
    title: str | None
    max_points: Decimal | None
    kind: RuleKind | None
    groups: frozenset[str]
    rule: Rule | None = None
    children: list[_Draft] = field(default_factory=list)
    in_loop: bool = False

    @property
    def record(self) -> Record:
        return self.source.record

    def counted_max(self) -> Decimal | None:
        """What this node adds to its parent's maximum (bonus and deduction: 0)."""
        if not self.children and self.kind is not None and not RULE_TYPES[self.kind].counts_in_max:
            return Decimal(0)
        return self.max_points


class _Tree:
    def __init__(self, cells: Cells, group_codes: set[str]) -> None:
        self.cells = cells
        self.group_codes = group_codes
        self.rules = RuleReader(cells)

    def build(self, records: CriteriaRecords) -> tuple[Node, ...]:
        if not records.nodes:
            if records.no_fields is not None:
                self.cells.collector.add_problem(records.no_fields)
            return ()
        drafts = [self.draft(source) for source in records.nodes]
        roots = self.link(drafts)
        for draft in drafts:
            if not draft.in_loop:  # in a loop, leaf or parent means nothing
                self.read_rule(draft)
                self.check_sum(draft)
        return tuple(self.node(root) for root in roots)

    def draft(self, source: NodeRecord) -> _Draft:
        cells, record = self.cells, source.record
        code = cells.text(record, "code", required=True)
        title = cells.text(record, "title", required=True)
        max_points = cells.non_negative(record, "max_points", required=True)
        kind = self.kind(record)
        groups = cells.codes(record, "groups")
        for group in sorted(groups - self.group_codes):
            cells.fail(record, "groups", e.UNKNOWN_GROUP.format(code=group))
        return _Draft(source, code, title, max_points, kind, groups)

    def kind(self, record: Record) -> RuleKind | None:
        value = self.cells.text(record, "rule")
        if value is None:
            return None
        try:
            return RuleKind(value.lower())
        except ValueError:
            message = e.UNKNOWN_RULE.format(value=value, choices=choices(RuleKind))
            self.cells.fail(record, "rule", message)
            return None

    def link(self, drafts: list[_Draft]) -> list[_Draft]:
        """Attaches children to parents; reports duplicates, unknown parents, loops.

        A repeated code is reported but its node stays under its parent, so that the
        parent's sum is not reported too.
        """
        by_code: dict[str, _Draft] = {}
        placed: list[_Draft] = []
        for draft in drafts:
            if draft.code is None:
                continue
            if draft.code in by_code:
                row = by_code[draft.code].record.row
                message = e.DUPLICATE_CODE.format(code=draft.code, row=row)
                self.cells.fail(draft.record, "code", message)
            else:
                by_code[draft.code] = draft
            placed.append(draft)
        roots = []
        for draft in placed:
            parent = draft.source.parent
            if parent is None:
                roots.append(draft)
            elif parent in by_code:
                by_code[parent].children.append(draft)
            else:
                self.cells.fail(
                    draft.record, draft.source.parent_column, e.UNKNOWN_PARENT.format(code=parent)
                )
        self.report_loops(placed, roots, by_code)
        return roots

    def report_loops(
        self, placed: list[_Draft], roots: list[_Draft], by_code: dict[str, _Draft]
    ) -> None:
        reached: set[int] = set()
        stack = list(roots)
        while stack:
            draft = stack.pop()
            if id(draft) not in reached:
                reached.add(id(draft))
                stack.extend(draft.children)
        for draft in placed:
            if id(draft) not in reached and _in_loop(draft, by_code):
                draft.in_loop = True
                message = e.CYCLE.format(code=draft.code)
                self.cells.fail(draft.record, draft.source.parent_column, message)

    def read_rule(self, draft: _Draft) -> None:
        record = draft.record
        given = [name for name in ("rule", *ALL_PARAMETERS) if record.has(name)]
        if draft.children:
            for name in given:
                self.cells.fail(record, name, e.RULE_ON_PARENT)
            return
        if draft.kind is None:
            if not record.has("rule"):
                self.cells.fail(record, "rule", e.RULE_REQUIRED)
            return
        allowed = PARAMETERS[draft.kind]
        stray = [name for name in given if name != "rule" and name not in allowed]
        for name in stray:
            self.cells.fail(record, name, e.PARAMETER_NOT_FOR_RULE.format(rule=draft.kind.value))
        if not stray:
            draft.rule = self.rules.read(record, draft.kind, draft.max_points)

    def check_sum(self, draft: _Draft) -> None:
        if not draft.children or draft.max_points is None:
            return
        parts = [child.counted_max() for child in draft.children]
        if any(
            p is None or (not c.children and c.kind is None)
            for p, c in zip(parts, draft.children, strict=True)
        ):
            return
        total = sum((p for p in parts if p is not None), Decimal(0))
        if total != draft.max_points:
            message = e.SUM_MISMATCH.format(max=show(draft.max_points), total=show(total))
            self.cells.fail(draft.record, "max_points", message)

    def node(self, draft: _Draft) -> Node:
        return Node(
            code=draft.code or "",
            title=draft.title or "",
            max_points=draft.max_points if draft.max_points is not None else Decimal(0),
            rule=draft.rule,
            children=tuple(self.node(child) for child in draft.children),
            groups=draft.groups,
        )


def _in_loop(draft: _Draft, by_code: dict[str, _Draft]) -> bool:
    """Whether following parents from ``draft`` comes back to it."""
    seen: set[int] = set()
    current = draft
    while id(current) not in seen:
        seen.add(id(current))
        parent = current.source.parent
        if parent is None or parent not in by_code:
            return False
        current = by_code[parent]
        if current is draft:
            return True
    return False
