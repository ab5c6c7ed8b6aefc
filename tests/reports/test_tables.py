"""How table values are written: Vietnamese numbers in documents, the right decimals."""

from decimal import Decimal as D

import pytest

from parindex.apps.reports.tables import Band, Column, Kind, ReportTable, places, show


@pytest.mark.parametrize(
    ("value", "column", "shown"),
    [
        (D("19.446"), Column("Điểm", Kind.POINTS, 2), "19,446"),  # entered with 3 decimals
        (D("17.4"), Column("Điểm", Kind.POINTS, 2), "17,40"),
        (D("13.0000"), Column("Tối đa", Kind.POINTS, 0), "13"),  # a stored maximum
        (D("19.5000"), Column("Tối đa", Kind.POINTS, 0), "19,5"),
        (D("94.578"), Column("Chỉ số", Kind.FIXED, 2), "94,58"),
        (17831, Column("Số phiếu", Kind.INTEGER), "17.831"),
        (2024, Column("Năm", Kind.YEAR), "2024"),
        (D("3.85"), Column("Tăng/giảm", Kind.SIGNED, 2), "+3,85"),
        (D("-1.2"), Column("Tăng/giảm", Kind.SIGNED, 2), "-1,20"),
        (D("-0.001"), Column("Tăng/giảm", Kind.SIGNED, 2), "0,00"),
        (2, Column("Hạng", Kind.SIGNED_INTEGER), "+2"),
        (-1, Column("Hạng", Kind.SIGNED_INTEGER), "-1"),
        (0, Column("Hạng", Kind.SIGNED_INTEGER), "0"),
        ((D("17.45"), D("19.5")), Column("Năm", Kind.PAIR), "17,45/19,5"),
        ((D("19.446"), D("21")), Column("Năm", Kind.PAIR), "19,446/21"),
        ((D("1"), None), Column("Năm", Kind.PAIR), "1"),  # a bonus has no maximum
        (None, Column("Chỉ số", Kind.FIXED, 2), ""),
        ("Tốt", Column("Xếp loại"), "Tốt"),
    ],
)
def test_values_are_shown_the_vietnamese_way(value, column, shown):
    assert show(value, column) == shown


def test_trailing_zeros_of_a_stored_figure_add_no_decimals():
    assert places(D("60.0000"), 2) == 2
    assert places(D("0.0003"), 2) == 4
    assert places(D("70"), 0) == 0


def test_a_row_must_have_a_value_for_every_column():
    columns = (Column("Mã"), Column("Tên"))
    ReportTable("Bảng", "Bảng thử", columns, (("1", "Một"), Band("Nhóm")))
    with pytest.raises(ValueError, match="Bảng"):
        ReportTable("Bảng", "Bảng thử", columns, (("1",),))
