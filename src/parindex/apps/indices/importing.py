"""Index results in CSV and XLSX files: one row per result (``component`` empty) or per
component of a result. The whole file is checked first — every problem named by file,
sheet, row and column — and only a file without problems is written, in one transaction.

Columns: ``index`` (code: SIPAS, PAPI...), ``year``, ``unit`` (unit code; empty for the
province), ``component`` (component code; empty for the result itself), ``score``,
``rank``, ``of`` (how many were ranked), ``note``. In a workbook the sheet "Chỉ số" is
read, else the first sheet. Files written by :func:`values_export` read back as they are.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from parindex.apps.accounts.models import Unit, User
from parindex.apps.indices import services
from parindex.apps.indices.models import IndexComponent, IndexDefinition, IndexValue
from parindex.interchange import errors as e
from parindex.interchange._cells import Cells, Collector, Record
from parindex.interchange._tables import Sheet, check_columns, write_csv, write_xlsx
from parindex.interchange.units import read_table
from parindex.numbers import format_vn

COLUMNS = ("index", "year", "unit", "component", "score", "rank", "of", "note")
REQUIRED = ("index", "year")
SHEET = "Chỉ số"
FORMATS = ("csv", "xlsx")
FIRST_YEAR, LAST_YEAR = 2000, 2100
MAX_RANK = 100_000

UNKNOWN_INDEX = _("không có chỉ số mã «{code}»")
COMPUTED = _("chỉ số {code} được tính từ các đợt đánh giá, không nhập từ tệp")
UNKNOWN_COMPONENT = _("chỉ số {index} không có thành phần «{code}»")
UNIT_NEEDED = _("chỉ số {code} đánh giá theo từng đơn vị: cần mã đơn vị")
NO_UNIT = _("chỉ số {code} chỉ đánh giá cấp tỉnh: để trống cột này")
SCORE_OR_RANK = _("cần điểm hoặc xếp hạng (hoặc cả hai)")
ABOVE_MAX = _("điểm {score} vượt điểm tối đa {max}")
RANK_ABOVE = _("xếp hạng {rank} lớn hơn tổng số {total}")
FOR_RESULT_ONLY = _("cột này chỉ dùng cho dòng kết quả chung (cột component để trống)")
DUPLICATE = _("dòng này trùng với dòng {row}")
NO_RESULT = _(
    "chưa có kết quả chung của chỉ số {index} năm {year} cho {where}: thêm dòng để trống "
    "cột component"
)
PROVINCE = _("tỉnh")
YEAR_RANGE = _("năm {year} phải nằm trong khoảng {low} đến {high}")


@dataclass(slots=True)
class Parsed:
    """One result of the file: its own row (if any) and its components' figures."""

    definition: IndexDefinition
    year: int
    unit: Unit | None
    row: Record | None = None
    score: Decimal | None = None
    rank: int | None = None
    rank_of: int | None = None
    note: str = ""
    parts: dict[IndexComponent, services.Part] = field(default_factory=dict)
    part_rows: dict[IndexComponent, Record] = field(default_factory=dict)


Key = tuple[int, int, int | None]


class _Reader:
    def __init__(self, collector: Collector) -> None:
        self.cells = Cells(collector)
        self.definitions = {d.code: d for d in IndexDefinition.objects.all()}
        self.units = {u.code: u for u in Unit.objects.all()}
        self.components: dict[tuple[int, str], IndexComponent] = {
            (c.definition_id, c.code): c for c in IndexComponent.objects.all()
        }
        self.found: dict[Key, Parsed] = {}

    def fail(self, record: Record, column: str, message: object, **values: object) -> None:
        self.cells.fail(record, column, str(message).format(**values))

    def definition(self, record: Record) -> IndexDefinition | None:
        code = self.cells.text(record, "index", required=True)
        if code is None:
            return None
        found = self.definitions.get(code.upper())
        if found is None:
            self.fail(record, "index", UNKNOWN_INDEX, code=code)
        elif found.computed:
            self.fail(record, "index", COMPUTED, code=found.code)
            return None
        return found

    def year(self, record: Record) -> int | None:
        year = self.cells.integer(record, "year", low=0, high=MAX_RANK, required=True)
        if year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
            self.fail(record, "year", YEAR_RANGE, year=year, low=FIRST_YEAR, high=LAST_YEAR)
            return None
        return year

    def unit(self, record: Record, definition: IndexDefinition) -> tuple[bool, Unit | None]:
        code = self.cells.code(record, "unit")
        if code is None:
            if not definition.for_province:
                self.fail(record, "unit", UNIT_NEEDED, code=definition.code)
                return False, None
            return True, None
        if not definition.for_units:
            self.fail(record, "unit", NO_UNIT, code=definition.code)
            return False, None
        unit = self.units.get(code)
        if unit is None:
            self.fail(record, "unit", e.UNKNOWN_UNIT, code=code)
        return unit is not None, unit

    def component(
        self, record: Record, definition: IndexDefinition
    ) -> tuple[bool, IndexComponent | None]:
        code = self.cells.text(record, "component")
        if code is None:
            return True, None
        found = self.components.get((definition.pk, code)) or self.components.get(
            (definition.pk, code.lower())
        )
        if found is None:
            self.fail(record, "component", UNKNOWN_COMPONENT, index=definition.code, code=code)
        return found is not None, found

    def figures(
        self, record: Record, score_max: Decimal | None
    ) -> tuple[Decimal | None, int | None]:
        score = self.cells.non_negative(record, "score")
        rank = self.cells.integer(record, "rank", low=1, high=MAX_RANK)
        if not record.has("score") and not record.has("rank"):
            self.fail(record, "score", SCORE_OR_RANK)
        if score is not None and score_max is not None and score > score_max:
            self.fail(record, "score", ABOVE_MAX, score=_n(score), max=_n(score_max))
        return score, rank

    def read(self, record: Record) -> None:
        definition = self.definition(record)
        year = self.year(record)
        if definition is None:
            return
        unit_ok, unit = self.unit(record, definition)
        component_ok, component = self.component(record, definition)
        if component is not None:
            self.read_part(record, component, year, unit if unit_ok else None, unit_ok)
            return
        score, rank = self.figures(record, definition.score_max)
        rank_of = self.cells.integer(record, "of", low=1, high=MAX_RANK)
        if rank is not None and rank_of is not None and rank > rank_of:
            self.fail(record, "rank", RANK_ABOVE, rank=rank, total=rank_of)
        if year is None or not unit_ok or not component_ok:
            return
        parsed = self.result(definition, year, unit)
        if parsed.row is not None:
            self.fail(record, "index", DUPLICATE, row=parsed.row.row)
            return
        parsed.row, parsed.score, parsed.rank, parsed.rank_of = record, score, rank, rank_of
        parsed.note = self.cells.text(record, "note") or ""

    def read_part(
        self,
        record: Record,
        component: IndexComponent,
        year: int | None,
        unit: Unit | None,
        unit_ok: bool,
    ) -> None:
        score, rank = self.figures(record, component.score_max)
        for column in ("of", "note"):
            if record.has(column):
                self.fail(record, column, FOR_RESULT_ONLY)
        if year is None or not unit_ok:
            return
        parsed = self.result(component.definition, year, unit)
        if component in parsed.part_rows:
            self.fail(record, "component", DUPLICATE, row=parsed.part_rows[component].row)
            return
        parsed.parts[component] = services.Part(score, rank)
        parsed.part_rows[component] = record

    def result(self, definition: IndexDefinition, year: int, unit: Unit | None) -> Parsed:
        key = (definition.pk, year, unit.pk if unit else None)
        if key not in self.found:
            self.found[key] = Parsed(definition, year, unit)
        return self.found[key]


def _n(value: Decimal) -> str:
    return format_vn(value.normalize())


def read_values(path: Path) -> list[Parsed]:
    """Every result of the file; raises :class:`ImportFailed` listing every problem."""
    table = read_table(path, SHEET)
    collector = Collector()
    reader = _Reader(collector)
    if check_columns(table, collector, required=REQUIRED, allowed=COLUMNS):
        if not table.rows:
            collector.add_problem(table.problem(None, e.NO_ROWS))
        for record in table.rows:
            reader.read(record)
        _results_exist(reader)
    collector.raise_if_any()
    return list(reader.found.values())


def _results_exist(reader: _Reader) -> None:
    """Components need their result: in the file, or stored already (then kept)."""
    for parsed in reader.found.values():
        if parsed.row is not None:
            continue
        stored = IndexValue.objects.filter(
            definition=parsed.definition, year=parsed.year, unit=parsed.unit
        ).first()
        if stored is not None:
            parsed.score, parsed.rank, parsed.rank_of = stored.score, stored.rank, stored.rank_of
            parsed.note = stored.note
            continue
        where = parsed.unit.code if parsed.unit else str(PROVINCE)
        first = min(parsed.part_rows.values(), key=lambda r: r.row or 0)
        reader.fail(
            first,
            "component",
            NO_RESULT,
            index=parsed.definition.code,
            year=parsed.year,
            where=where,
        )


@transaction.atomic
def values_import(*, actor: User, path: Path) -> int:
    """Checks the whole file, then records every result in one transaction; how many."""
    parsed = read_values(path)
    for result in parsed:
        services.value_record(
            actor=actor,
            definition=result.definition,
            year=result.year,
            unit=result.unit,
            score=result.score,
            rank=result.rank,
            rank_of=result.rank_of,
            note=result.note,
            parts=result.parts,
            replace_parts=False,
            action=services.VALUE_IMPORT,
            reason=path.name,
        )
    return len(parsed)


def export_rows(values: Sequence[IndexValue]) -> list[list[object]]:
    """Rows of the import format (dot decimals), each result followed by its components."""
    rows: list[list[object]] = []
    for value in values:
        unit = value.unit.code if value.unit else ""
        code = value.definition.code
        rows.append([code, value.year, unit, "", _plain(value.score), value.rank, value.rank_of])
        rows[-1].append(value.note)
        for part in value.parts.all():
            rows.append([code, value.year, unit, part.component.code, _plain(part.score)])
            rows[-1].extend([part.rank, None, ""])
    return rows


def _plain(value: Decimal | None) -> str | None:
    if value is None:
        return None
    return format(value.normalize(), "f") if value != value.to_integral_value() else str(int(value))


def values_export(values: Sequence[IndexValue], fmt: str) -> bytes:
    """The results as a ``csv`` or ``xlsx`` file in the import format."""
    rows = export_rows(values)
    with tempfile.TemporaryDirectory(prefix="parindex-") as folder:
        path = Path(folder) / f"chi-so.{fmt}"
        if fmt == "csv":
            write_csv(path, COLUMNS, rows)
        else:
            write_xlsx(path, [Sheet(SHEET, COLUMNS, rows)])
        return path.read_bytes()
