"""Figures imported from a CSV or XLSX file: every row checked first, every problem named by
file, row and column, nothing written when anything is wrong; all rows in one go otherwise."""

import io
from decimal import Decimal as D

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from page_reader import read
from parindex.apps.audit.models import AuditEntry
from parindex.apps.plans.figures_import import (
    BAD_PERIOD,
    HEADER,
    IMPORTED,
    NO_ROWS,
    NOT_A_NUMBER,
    TWICE,
    parse_period,
)
from parindex.apps.plans.models import OperationalFigure
from parindex.apps.plans.services_figures import FigureInput, figure_save
from parindex.planning.projection import Frequency

pytestmark = pytest.mark.django_db

YEAR = 2025
GOOD = (
    "Mã tiêu chí,Kỳ,Tử số,Mẫu số,Giá trị,Số lượng,Ghi chú\n"
    "3.3.2,T1,10,40,,,Theo Cổng DVC\n"
    "3.3.2,Tháng 2,29,74,,,\n"
    '3.6,Q1,,,"93,5",,Khảo sát quý I\n'
    "1.5,Quý II,,,,1,\n"
)


def csv_file(text, name="so-lieu.csv"):
    return SimpleUploadedFile(name, text.encode("utf-8-sig"), content_type="text/csv")


def upload_url(province, year=YEAR):
    return reverse("plans:figures_upload", args=[province.units["SNV"].uuid, year])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("T5", (Frequency.MONTH, 5)),
        ("tháng 12", (Frequency.MONTH, 12)),
        ("Q2", (Frequency.QUARTER, 2)),
        ("Quý IV", (Frequency.QUARTER, 4)),
        ("quý 3.", (Frequency.QUARTER, 3)),
        ("5", None),
        ("", None),
        ("Tuần 3", None),
    ],
)
def test_periods_are_read_as_people_write_them(text, expected):
    assert parse_period(text) == expected


def test_a_csv_file_is_imported_in_one_go_and_audited(client, personas, province):
    client.force_login(personas.staff)
    response = client.post(upload_url(province), {"file": csv_file(GOOD)})
    assert response.status_code == 302
    rows = {(f.node_code, f.frequency, f.period): f for f in OperationalFigure.objects.all()}
    assert set(rows) == {
        ("3.3.2", "month", 1),
        ("3.3.2", "month", 2),
        ("3.6", "quarter", 1),
        ("1.5", "quarter", 2),
    }
    assert rows[("3.6", "quarter", 1)].value == D("93.5")
    assert rows[("3.3.2", "month", 1)].note == "Theo Cổng DVC"
    assert AuditEntry.objects.filter(action="figure.save", actor=personas.staff).count() == 4
    page = client.get(response.url).content.decode()
    assert str(IMPORTED).format(count=4, name="so-lieu.csv") in page
    assert "dự báo 0,34/1,00 điểm" in page


def test_an_xlsx_file_is_imported_and_replaces_a_period_already_there(client, personas, province):
    snv = province.units["SNV"]
    figure_save(
        actor=personas.staff,
        unit=snv,
        year=YEAR,
        given=FigureInput("3.3.2", Frequency.MONTH, 1, numerator=D(1), denominator=D(2)),
    )
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(HEADER))
    sheet.append(["3.3.2", "T1", 39, 114, None, None, None])
    data = io.BytesIO()
    book.save(data)
    client.force_login(personas.leader)
    upload = SimpleUploadedFile("so-lieu.xlsx", data.getvalue())
    assert client.post(upload_url(province), {"file": upload}).status_code == 302
    row = OperationalFigure.objects.get()
    assert (row.numerator, row.denominator) == (D(39), D(114))


def test_every_problem_is_named_and_nothing_is_written(client, personas, province):
    snv = province.units["SNV"]
    figure_save(
        actor=personas.staff,
        unit=snv,
        year=YEAR,
        given=FigureInput("7.2.1", Frequency.QUARTER, 1, numerator=D(1), denominator=D(1)),
    )
    text = (
        "Mã tiêu chí,Kỳ,Tử số,Mẫu số,Giá trị,Số lượng,Ghi chú\n"
        "3.3.2,T1,10,40,,,\n"  # good
        "3.3.2,Tuần 1,10,40,,,\n"  # row 3: the period
        "3.3.2,T2,mười,40,,,\n"  # row 4: a number
        "1.3.1,T2,1,2,,,\n"  # row 5: a judged criterion
        "3.3.2,T3,50,40,,,\n"  # row 6: numerator above denominator
        "3.3.2,T1,11,40,,,\n"  # row 7: month 1 again
        "7.2.1,T1,1,1,,,\n"  # row 8: followed by quarter already
        "3.6,Q1,,,,,\n"  # row 9: no value
    )
    client.force_login(personas.staff)
    response = client.post(upload_url(province), {"file": csv_file(text)})
    assert response.status_code == 422
    rows = next(t for c, t in read(response).tables if c == "Lỗi trong tệp")[1:]
    found = [(r[2], r[3], r[4]) for r in rows]
    assert found == [
        ("3", "kỳ", str(BAD_PERIOD).format(value="Tuần 1")),
        ("4", "tử số", str(NOT_A_NUMBER).format(value="mười")),
        ("5", "", found[2][2]),
        ("6", "", "Tiêu chí 3.3.2, tháng 3: tử số 50 lớn hơn mẫu số 40."),
        ("7", "kỳ", str(TWICE).format(code="3.3.2", row=2)),
        ("8", "", found[5][2]),
        ("9", "", "Tiêu chí 3.6, quý 1: thiếu giá trị."),
    ]
    assert found[2][2].startswith("Tiêu chí 1.3.1 không tính theo tỷ lệ")
    assert "đã được theo dõi theo quý" in found[5][2]
    assert {r[0] for r in rows} == {"so-lieu.csv"}
    assert OperationalFigure.objects.count() == 1  # only the one entered before


def test_columns_are_checked_before_the_rows(client, personas, province):
    client.force_login(personas.staff)
    text = "Mã,Kỳ,Tử số\n3.3.2,T1,1\n"
    response = client.post(upload_url(province), {"file": csv_file(text)})
    assert response.status_code == 422
    rows = next(t for c, t in read(response).tables if c == "Lỗi trong tệp")[1:]
    assert {(r[2], r[3]) for r in rows} == {("1", "mã tiêu chí"), ("1", "mã")}
    assert not OperationalFigure.objects.exists()


def test_an_empty_file_or_another_format_is_refused(client, personas, province):
    client.force_login(personas.staff)
    empty = client.post(upload_url(province), {"file": csv_file("Mã tiêu chí,Kỳ\n")})
    assert str(NO_ROWS) in empty.content.decode()
    other = client.post(upload_url(province), {"file": csv_file("x", name="so-lieu.ods")})
    assert other.status_code == 422
    assert "định dạng «.ods» không được hỗ trợ" in other.content.decode()


def test_the_blank_file_lists_the_sub_criteria_to_follow(client, personas, province):
    client.force_login(personas.staff)
    url = reverse("plans:figures_blank", args=[province.units["SNV"].uuid, YEAR])
    response = client.get(url)
    assert response.status_code == 200
    assert 'filename="so-lieu-theo-doi-SNV-2025.xlsx"' in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]] == list(HEADER)
    codes = [row[0].value for row in sheet.iter_rows(min_row=2)]
    assert "3.3.2" in codes
    assert "1.3.1" not in codes
    note = next(r[6].value for r in sheet.iter_rows(min_row=2) if r[0].value == "3.3.2")
    assert note.endswith("tử số, mẫu số")


def test_only_the_units_people_import(client, personas, province):
    url = upload_url(province)
    blank = reverse("plans:figures_blank", args=[province.units["SNV"].uuid, YEAR])
    assert client.post(url, {"file": csv_file(GOOD)}).status_code == 302  # to sign in
    client.force_login(personas.secretariat)
    assert client.post(url, {"file": csv_file(GOOD)}).status_code == 403
    assert client.get(blank).status_code == 200
    for who in ("other_staff", "appraiser", "outsider"):
        client.force_login(getattr(personas, who))
        assert client.post(url, {"file": csv_file(GOOD)}).status_code == 404
        assert client.get(blank).status_code == 404
    client.force_login(personas.staff)
    assert client.get(url).status_code == 405
    assert client.post(url, {}).status_code == 422
    assert not OperationalFigure.objects.exists()
