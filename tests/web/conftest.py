"""Fixtures for the web tests: demo-like results built with the scoring engine, and a
small HTML table reader so that tests can talk about rows and cells."""

from decimal import Decimal as Dec

import pytest

from page_reader import read, table
from parindex.apps.core import views
from parindex.scoring import (
    NOT_APPLICABLE,
    ClassBand,
    CriteriaSet,
    Entry,
    JudgedRule,
    Node,
    Previous,
    Unit,
    UnitGroup,
    UnitScores,
    compute,
)

DEPARTMENTS = UnitGroup("so", "Sở, ban, ngành")
COMMUNES = UnitGroup("xa", "UBND xã, phường")
BANDS = (
    ClassBand(Dec(95), "Xuất sắc"),
    ClassBand(Dec(85), "Tốt"),
    ClassBand(Dec(75), "Khá"),
    ClassBand(Dec(70), "Trung bình"),
    ClassBand(Dec(0), "Yếu"),
)
UNITS = (
    Unit("NV", "Sở Nội vụ", "so"),
    Unit("TP", "Sở Tư pháp", "so"),
    Unit("TC", "Sở Tài chính", "so"),
    Unit("HB", "UBND phường Hòa Bình", "xa"),
)
# Field points (1 of 40, 2 of 20, 3 of 40) per unit and year; None: not applicable.
POINTS = {
    2023: {"NV": (30, 15, 30), "TP": (38, 19, 36), "TC": (38, 17, None), "HB": (30, 10, 20)},
    2024: {"NV": (40, 20, 36), "TP": (35, 15, 30), "TC": ("38.5", "18.25", None)},
}


def field(code, title, max_points):
    leaf = Node(f"{code}.1", f"{title} (tiêu chí thành phần)", Dec(max_points), JudgedRule())
    return Node(code, title, Dec(max_points), children=(leaf,))


def criteria(year):
    return CriteriaSet(
        code=f"BTC-{year}",
        name=f"Bộ tiêu chí thử năm {year}",
        year=year,
        groups=(DEPARTMENTS, COMMUNES),
        bands=BANDS,
        fields=(
            field("1", "Công tác chỉ đạo, điều hành", 40),
            field("2", "Cải cách thủ tục hành chính", 20),
            field("3", "Chuyển đổi số", 40),
        ),
    )


def entry(points):
    return NOT_APPLICABLE if points is None else Entry(score=Dec(points))


def scores(year):
    out = {}
    for unit, points in POINTS[year].items():
        entries = {f"{n}.1": entry(p) for n, p in enumerate(points, start=1)}
        out[unit] = UnitScores(unit, appraised=entries, self_scored=entries)
    return out


def year_result(year, previous=None):
    units = [u for u in UNITS if u.code in POINTS[year]]
    return compute(criteria(year), units, scores(year), previous)


def two_years():
    """2023 then 2024, the later compared with the earlier, newest first."""
    earlier = year_result(2023)
    previous = {
        u.unit.code: Previous(index=u.index, rank=u.rank) for g in earlier.groups for u in g.units
    }
    return [year_result(2024, previous), earlier]


@pytest.fixture
def rounds():
    return two_years()


@pytest.fixture
def shown_rounds(monkeypatch, rounds):
    """The results page shows ``rounds`` instead of the packaged demo."""
    monkeypatch.setattr(views, "demo_rounds", lambda: rounds)
    return rounds


@pytest.fixture
def read_table():
    """``read_table(response, caption)`` → the rows of that table, header row first."""
    return table


@pytest.fixture
def read_lists():
    """``read_lists(response)`` → every definition list as [term, definition] pairs."""
    return lambda response: read(response).lists
