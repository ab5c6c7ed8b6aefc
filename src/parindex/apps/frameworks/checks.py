"""The checks of a stored set: the same rules and messages as criteria files.

A node edited on screen and a whole set being published go through the readers of
:mod:`parindex.interchange` (records, rule parameters, the tree's sums), so that a set
built on screen is held to exactly what an imported file is held to.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from parindex.apps.frameworks.models import CriteriaNode, CriteriaSet
from parindex.interchange import errors as e
from parindex.interchange._cells import Cells, Collector, Record
from parindex.interchange._criteria_build import CriteriaRecords, NodeRecord, build_criteria
from parindex.interchange._rules import PARAMETERS, RuleReader, text_parameters
from parindex.interchange.errors import ImportFailed, Problem
from parindex.scoring.rules import RULE_TYPES, Rule, RuleKind
from parindex.scoring.serialize import RuleParameterError, rule_from_params

SHEET_META = "meta"
SHEET_GROUPS = "groups"
SHEET_BANDS = "bands"
SHEET_NODES = "nodes"

PLACE_META = _("Thông tin chung")
PLACE_GROUPS = _("Nhóm đơn vị")
PLACE_BAND = _("Xếp loại {label}")
PLACE_NODE = _("Tiêu chí {code}")

COLUMN_LABELS: Mapping[str, object] = {
    "code": _("mã"),
    "name": _("tên"),
    "title": _("nội dung"),
    "year": _("năm đánh giá"),
    "max_points": _("điểm tối đa"),
    "rule": _("cách chấm"),
    "groups": _("nhóm áp dụng"),
    "minimum": _("chỉ số từ"),
    "label": _("xếp loại"),
    "short": _("ký hiệu"),
    "index_cap": _("chỉ số tối đa"),
    "step": _("bước chấm"),
    "zero_denominator": _("khi mẫu số bằng 0"),
    "full_at": _("tỷ lệ đạt điểm tối đa"),
    "measure": _("đo theo"),
    "bands": _("các mức"),
    "points_each": _("điểm mỗi lần"),
    "cap": _("mức tối đa"),
    "items": _("các mục"),
    "survey": _("khảo sát"),
    "factor": _("yếu tố khảo sát"),
}


@dataclass(frozen=True, slots=True)
class SetProblem:
    """Something that keeps a stored set from being published, and where it is."""

    place: str
    column: str
    message: str


def plain(value: Decimal) -> str:
    """A stored decimal as typed in a form: ``2.5000`` → ``2.5``, ``100.0000`` → ``100``."""
    if value == value.to_integral_value():
        return str(value.quantize(Decimal(1)))
    return format(value.normalize(), "f")


def counted_max(node: CriteriaNode) -> Decimal:
    """What ``node`` adds to its parent's maximum: bonuses and deductions add nothing."""
    if node.rule:
        try:
            if not RULE_TYPES[RuleKind(node.rule)].counts_in_max:
                return Decimal(0)
        except ValueError:
            return node.max_points
    return node.max_points


def children_total(children: Sequence[CriteriaNode]) -> Decimal:
    return sum((counted_max(child) for child in children), Decimal(0))


def read_rule(
    kind: RuleKind, max_points: Decimal, texts: Mapping[str, str]
) -> tuple[Rule | None, dict[str, list[str]]]:
    """The rule from parameters typed as in a criteria sheet (``90:1; 75:0.5``), and the
    problems of each parameter. Parameters the kind does not use are ignored."""
    used = {name: texts[name] for name in PARAMETERS[kind] if texts.get(name, "").strip()}
    collector = Collector()
    record = Record(file="", sheet=None, row=None, values=used)
    rule = RuleReader(Cells(collector)).read(record, kind, max_points)
    errors: dict[str, list[str]] = defaultdict(list)
    for problem in collector.problems:
        errors[problem.column or "rule"].append(problem.message)
    return rule, dict(errors)


def parameter_texts(node: CriteriaNode) -> dict[str, str]:
    """The node's stored parameters as typed in a form or a criteria sheet."""
    if not node.rule:
        return {}
    rule = rule_from_params(node.rule, node.parameters)
    out: dict[str, str] = {}
    for name, value in text_parameters(rule).items():
        out[name] = plain(value) if isinstance(value, Decimal) else str(value)
    return out


# --- the whole set ----------------------------------------------------------------------


class _Records:
    """A stored set as the records a criteria file would give, with where each came from."""

    def __init__(self, criteria_set: CriteriaSet) -> None:
        self.criteria_set = criteria_set
        self.places: dict[tuple[str, int], str] = {}
        self.early: list[SetProblem] = []

    def build(self) -> CriteriaRecords:
        cs = self.criteria_set
        meta = Record(cs.code, SHEET_META, None, self.meta_values())
        groups = [
            self.record(SHEET_GROUPS, i, str(PLACE_GROUPS), {"code": g.code, "name": g.name})
            for i, g in enumerate(cs.groups.all())
        ]
        bands = [
            self.record(
                SHEET_BANDS,
                i,
                str(PLACE_BAND).format(label=b.label),
                {"minimum": b.minimum, "label": b.label, "short": b.short},
            )
            for i, b in enumerate(cs.bands.all())
        ]
        return CriteriaRecords(
            meta=meta,
            groups=groups,
            bands=bands,
            nodes=self.nodes(),
            no_groups=Problem(cs.code, SHEET_GROUPS, None, "groups", e.NO_GROUPS),
            no_fields=Problem(cs.code, SHEET_NODES, None, "code", e.NO_FIELDS),
        )

    def meta_values(self) -> dict[str, object]:
        cs = self.criteria_set
        return {
            "code": cs.code,
            "name": cs.name,
            "year": cs.year,
            "decision_number": cs.decision_number,
            "decision_date": cs.decision_date,
            "index_decimals": cs.index_decimals,
            "score_decimals": cs.score_decimals,
            "rounding": cs.rounding,
            "tie_policy": cs.tie_policy,
            "index_cap": cs.index_cap,
        }

    def record(self, sheet: str, index: int, place: str, values: dict[str, object]) -> Record:
        self.places[(sheet, index)] = place
        return Record(self.criteria_set.code, sheet, index, values)

    def nodes(self) -> list[NodeRecord]:
        rows = list(self.criteria_set.nodes.order_by("position", "id"))
        codes = {row.pk: row.code for row in rows}
        out = []
        for index, row in enumerate(rows):
            values: dict[str, object] = {
                "code": row.code,
                "title": row.title,
                "max_points": row.max_points,
                "rule": row.rule or None,
                "groups": list(row.groups),
            }
            place = str(PLACE_NODE).format(code=row.code)
            try:
                values.update(parameter_texts(row))
            except RuleParameterError as error:
                self.early.append(SetProblem(place, str(COLUMN_LABELS["rule"]), str(error)))
            parent = codes[row.parent_id] if row.parent_id is not None else None
            out.append(NodeRecord(self.record(SHEET_NODES, index, place, values), parent))
        return out

    def problem(self, problem: Problem) -> SetProblem:
        if problem.sheet and problem.row is not None:
            place = self.places[(problem.sheet, problem.row)]
        elif problem.sheet == SHEET_GROUPS:
            place = str(PLACE_GROUPS)
        else:
            place = str(PLACE_META)
        column = str(COLUMN_LABELS.get(problem.column or "", problem.column or ""))
        return SetProblem(place, column, problem.message)


def set_problems(criteria_set: CriteriaSet) -> list[SetProblem]:
    """Everything that keeps the stored set from being a valid criteria file."""
    records = _Records(criteria_set)
    built = records.build()
    if records.early:
        return records.early
    try:
        build_criteria(built, Collector())
    except ImportFailed as failed:
        return [records.problem(p) for p in failed.problems]
    return []
