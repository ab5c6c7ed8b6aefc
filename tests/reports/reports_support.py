"""Helpers of the report tests (tests/reports is on the import path).

``make_report``: report data built by hand from the demo files (2024 compared with 2023,
group averages of both years, a SIPAS survey, the real Đông Hà history 2014-2022 for
UBND phường Đông Hà, lost points with opinions) — no database. ``fill_scores`` and
``sign_off`` put the demo files' scores into finished rounds (conftest's ``finished``);
the rest reads .docx files.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal as D
from pathlib import Path

import yaml
from django.utils import timezone
from docx.oxml.ns import qn

from parindex.apps.accounts.models import Unit
from parindex.apps.assessments.models import Round, RoundStatus, Score
from parindex.apps.assessments.services_rounds import applicable_leaves
from parindex.apps.reports.data import (
    FactorFigure,
    GroupSurvey,
    GroupYear,
    HistoryPoint,
    ReportData,
    RoundInfo,
    SurveyFigures,
)
from parindex.apps.reports.losses import find_losses
from parindex.demo import demo_data_dir, demo_results
from parindex.demo_province.rounds import side_values
from parindex.interchange import load_scores, load_units

REAL_CASES = Path(__file__).resolve().parents[1] / "data" / "real_cases.yaml"
FACTORS = (
    ("1", "Tiếp cận dịch vụ"),
    ("2", "Thủ tục hành chính"),
    ("3", "Công chức giải quyết công việc"),
    ("4", "Kết quả dịch vụ"),
    ("5", "Tiếp nhận, giải quyết góp ý, phản ánh, kiến nghị"),
)
SATISFIED = {
    "so": ("92.50", "88.10", "95.02", "90.00", "71.40"),
    "xa": ("94.50", "86.10", "97.02", "91.00", "65.40"),
}
BALLOTS = {"so": 984, "xa": 1140}  # the face-to-face survey of one province (domain.md)
DONGHA = "P-DONGHA"
OPINION = "Tài liệu kiểm chứng chưa có chữ ký số của lãnh đạo; trừ 0,5 điểm."


def real_history() -> list[dict]:
    """Đông Hà's published PAR INDEX 2014-2023 (index, rank among 10, class)."""
    return yaml.safe_load(REAL_CASES.read_text(encoding="utf-8"))["history"]


def survey() -> SurveyFigures:
    groups = tuple(
        GroupSurvey(
            group,
            BALLOTS[group],
            tuple(
                FactorFigure(code, title, BALLOTS[group], D(value))
                for (code, title), value in zip(FACTORS, values, strict=True)
            ),
        )
        for group, values in SATISFIED.items()
    )
    return SurveyFigures("Khảo sát sự hài lòng của người dân, tổ chức (SIPAS) năm 2024", groups)


def group_history(current, previous) -> dict[str, tuple[GroupYear, ...]]:
    out = {}
    for now, before in zip(current.groups, previous.groups, strict=True):
        out[now.group.code] = (
            GroupYear(2023, before.average, len(before.units), before.highest, before.lowest),
            GroupYear(2024, now.average, len(now.units), now.highest, now.lowest),
        )
    return out


def unit_history(previous) -> dict[str, tuple[HistoryPoint, ...]]:
    """Đông Hà: the real 2014-2022 figures, then 2023 from the demo; others: 2023 only."""
    out: dict[str, tuple[HistoryPoint, ...]] = {}
    for group in previous.groups:
        for unit in group.units:
            band = unit.band.label if unit.band else None
            last = HistoryPoint(2023, unit.index, unit.rank, len(group.units), band)
            out[unit.unit.code] = (last,)
    real = tuple(
        HistoryPoint(row["year"], D(row["index"]), row["rank"], 10, row["class"])
        for row in real_history()
        if row["year"] < 2023
    )
    out[DONGHA] = (*real, *out[DONGHA])
    return out


def make_report(*, final: bool = True, with_survey: bool = True, losses_for=(DONGHA, "SNV")):
    current, previous = demo_results()
    opinions = {(DONGHA, "1.1.2"): OPINION, ("SNV", "1.1.2"): OPINION}
    info = RoundInfo(
        "Đánh giá Chỉ số cải cách hành chính năm 2024",
        2024,
        final,
        date(2024, 10, 27),
        date(2024, 11, 20),
        date(2024, 12, 20),
        date(2025, 1, 15) if final else None,
    )
    return ReportData(
        result=current,
        round=info,
        previous=previous,
        history=unit_history(previous),
        group_history=group_history(current, previous),
        survey=survey() if with_survey else None,
        losses=find_losses(current, losses_for, opinions),
    )


# --- the database: two finished rounds -----------------------------------------------

# The fixture's units take the demo files' scores of these demo units.
SOURCES = {"SNV": "SNV", "STP": "STP", "X-A": DONGHA}


def demo_entries(year: int, criteria):
    folder = demo_data_dir()
    units = load_units(folder / "units.csv", criteria=criteria)
    return load_scores(folder / f"scores_{year}.csv", criteria=criteria, units=units)


def fill_scores(round_: Round, entries, *, opinion_unit: str = "SNV") -> None:
    """Score rows of every participating unit with the demo entries of its source unit."""
    nodes = list(round_.criteria_set.nodes.all())
    rows = []
    for participation in round_.participations.select_related("unit__group"):
        code = participation.unit.code
        unit = entries[SOURCES[code]]
        for node in applicable_leaves(nodes, participation.unit.group.code):
            values = {
                **side_values(unit.self_scored.get(node.code), "self"),
                **side_values(unit.appraised.get(node.code), "appraised"),
            }
            opinion = OPINION if code == opinion_unit and node.code == "1.1.2" else ""
            rows.append(Score(participation=participation, node=node, opinion=opinion, **values))
    Score.objects.bulk_create(rows)


def sign_off(round_: Round) -> None:
    round_.status = RoundStatus.SIGNED_OFF
    round_.locked_at = timezone.now() - timedelta(days=2)
    round_.signed_off_at = timezone.now() - timedelta(days=1)
    round_.save()


def unit(code: str) -> Unit:
    return Unit.objects.get(code=code)


# --- reading the files ----------------------------------------------------------------


def texts(document) -> list[str]:
    """Every paragraph of the body, tables excluded, in order."""
    return [p.text for p in document.paragraphs]


def headings(document, level: int) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == f"Heading {level}"]


def rows(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def table_with(document, *header: str):
    """The first table whose header row starts with ``header``."""
    for table in document.tables:
        first = [cell.text for cell in table.rows[0].cells]
        if first[: len(header)] == list(header):
            return table
    raise AssertionError(f"no table with the header {header}")


def cell_texts(document) -> list[str]:
    """Text of every cell of every table (the header block included)."""
    return [cell.text for table in document.tables for row in table.rows for cell in row.cells]


def repeats_header(table) -> bool:
    properties = table.rows[0]._tr.trPr
    return properties is not None and properties.find(qn("w:tblHeader")) is not None
