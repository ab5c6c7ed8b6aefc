"""Shared files and helpers of the interchange tests."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import openpyxl

# A small criteria set: two fields, every kind of place a problem can be reported.
SMALL_YAML = """\
code: TEST-2024
name: Bộ tiêu chí thử
year: 2024
decision_number: 12/QĐ-UBND
decision_date: 2024-01-09
groups:
  - {code: so, name: "Sở, ban, ngành"}
  - {code: xa, name: "UBND xã, phường"}
classification:
  - {minimum: 90, label: Tốt, short: A}
  - {minimum: 0, label: Khá, short: B}
fields:
  - code: "1"
    title: Chỉ đạo điều hành
    max_points: 3
    children:
      - code: "1.1"
        title: Kế hoạch
        max_points: 1
        rule: judged
        step: 0.25
      - code: "1.2"
        title: Báo cáo
        max_points: 2
        rule: checklist
        items:
          - {code: q1, points: 1, title: Quý I}
          - {code: q2, points: 1, title: Quý II}
      - code: "1.3"
        title: Kỷ luật
        max_points: 0
        rule: deduction
        points_each: 0.5
        cap: 1
      - code: "1.4"
        title: Tin bài
        max_points: 0
        rule: bonus
        points_each: 0.5
        cap: 1
  - code: "2"
    title: Thủ tục hành chính
    max_points: 2
    groups: [xa]
    children:
      - code: "2.1"
        title: Hồ sơ đúng hạn
        max_points: 1
        rule: ratio
        zero_denominator: full
      - code: "2.2"
        title: Tỷ lệ số hóa
        max_points: 1
        rule: bands
        measure: percent
        bands: "90:1; 50:0.5"
"""


def line_of(text: str, snippet: str, occurrence: int = 1) -> int:
    """The 1-based line of the ``occurrence``-th line containing ``snippet``."""
    found = [i for i, line in enumerate(text.splitlines(), start=1) if snippet in line]
    return found[occurrence - 1]


def replaced(text: str, old: str, new: str) -> str:
    """``text`` with its single ``old`` replaced (fails loudly if not exactly once)."""
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
    return text.replace(old, new)


def write_xlsx(path: Path, sheets: dict[str, Sequence[Sequence[object]]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(list(row))
    book.save(path)
    return path


def read_xlsx(path: Path) -> dict[str, list[list[object]]]:
    book = openpyxl.load_workbook(path)
    return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in book}


def set_cell(path: Path, sheet: str, key: str, column: str, value: object) -> int:
    """Sets ``column`` of the row whose first cell is ``key``; returns that row."""
    book = openpyxl.load_workbook(path)
    ws = book[sheet]
    header = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        if row[0].value == key:
            row[header.index(column)].value = value
            book.save(path)
            return row[0].row
    raise AssertionError(f"no row {key!r} in {sheet}")
