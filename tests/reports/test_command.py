"""``parindex report``: the same files as the pages, from the database, on the command line."""

import io

import docx
import openpyxl
import pytest
from reports_support import rows, texts

from parindex import cli
from parindex.apps.accounts.models import User
from parindex.apps.results import services
from parindex.commands import report as command

pytestmark = pytest.mark.django_db


def run(*arguments):
    return cli.main(["report", *arguments])


def test_it_writes_the_province_report(finished, tmp_path, capsys):
    out = tmp_path / "tinh.docx"
    assert run("province", "--year", "2024", "--out", str(out), "--date", "2025-01-15") == 0
    assert capsys.readouterr().out == f"Đã ghi báo cáo vào {out}\n"
    report = docx.Document(io.BytesIO(out.read_bytes()))
    assert rows(report.tables[0])[1][1] == "Quảng Trị, ngày 15 tháng 01 năm 2025"
    assert "V. BIẾN ĐỘNG SO VỚI NĂM 2023" in texts(report)
    assert list(tmp_path.iterdir()) == [out]  # no temporary file left


def test_the_suffix_chooses_a_workbook(finished, tmp_path):
    out = tmp_path / "bang.xlsx"
    assert run("province", "--year", "2023", "--out", str(out)) == 0
    book = openpyxl.load_workbook(out)
    assert "Kết quả UBND xã, phường" in book.sheetnames


def test_a_units_report_gets_a_default_name_in_the_current_folder(finished, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run("unit", "--year", "2024", "--unit", "X-A") == 0
    written = tmp_path / "bao-cao-phan-tich-chi-so-cchc-2024-X-A.docx"
    report = docx.Document(io.BytesIO(written.read_bytes()))
    assert rows(report.tables[0])[0][0] == "ỦY BAN NHÂN DÂN\nXÃ A\n"
    assert run("unit", "--year", "2024", "--unit", "SNV", "--format", "xlsx") == 0
    assert (tmp_path / "bang-so-lieu-phan-tich-chi-so-cchc-2024-SNV.xlsx").exists()


def test_a_locked_round_gives_a_draft_and_says_so(locked, tmp_path, capsys):
    out = tmp_path / "tinh.docx"
    assert run("province", "--year", "2024", "--out", str(out)) == 0
    assert command.DRAFT in capsys.readouterr().err
    assert "DỰ THẢO" in texts(docx.Document(io.BytesIO(out.read_bytes())))


@pytest.mark.parametrize(
    "case",
    [
        (("province", "--year", "2019"), command.NO_ROUND.format(year=2019)),
        (("unit", "--year", "2024"), command.NEEDS_UNIT),
        (
            ("unit", "--year", "2024", "--unit", "SXD"),
            command.UNKNOWN_UNIT.format(
                unit="SXD", round="Đánh giá Chỉ số CCHC năm 2024", year=2024
            ),
        ),
        (("province", "--year", "2024", "--out", "x.pdf"), command.BAD_FORMAT.format(path="x.pdf")),
        (
            ("province", "--year", "2024", "--date", "15/01/2025"),
            command.BAD_DATE.format(value="15/01/2025"),
        ),
    ],
)
def test_bad_requests_are_told_in_vietnamese(finished, tmp_path, monkeypatch, capsys, case):
    arguments, message = case
    monkeypatch.chdir(tmp_path)
    assert run(*arguments) == command.EXIT_BAD_INPUT
    assert capsys.readouterr().err == message + "\n"
    assert list(tmp_path.iterdir()) == []


def test_a_file_that_cannot_be_written_leaves_nothing(finished, tmp_path, capsys):
    out = tmp_path / "missing-folder" / "tinh.docx"
    assert run("province", "--year", "2024", "--out", str(out)) == command.EXIT_WRITE_FAILED
    err = capsys.readouterr().err.splitlines()
    assert err[0] == command.UNPUBLISHED  # a signed-off round not yet published
    assert err[1].startswith(f"Lỗi: không ghi được tệp {out}")
    assert list(tmp_path.iterdir()) == []


def test_a_published_round_gives_the_final_report_without_a_note(finished, tmp_path, capsys):
    actor = User.objects.get(username="noivu")  # the secretariat of the personas
    for round_ in (finished.previous, finished.current):
        result, _ = services.result_compute(actor=actor, round_=round_)
        result = services.result_review(actor=actor, result=result, note="Đã đối chiếu.")
        services.result_publish(actor=actor, result=result)
    out = tmp_path / "tinh.docx"
    assert run("province", "--year", "2024", "--out", str(out)) == 0
    assert capsys.readouterr().err == ""
    assert "DỰ THẢO" not in texts(docx.Document(io.BytesIO(out.read_bytes())))


def test_the_command_is_listed_with_the_others(capsys):
    with pytest.raises(SystemExit):
        cli.build_parser(cli.load_commands()).parse_args(["--help"])
    assert "report" in capsys.readouterr().out
