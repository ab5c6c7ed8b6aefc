"""``parindex results import-history`` and ``parindex results verify``."""

import pytest
from results_support import publish

from parindex import cli
from parindex.apps.results.models import HistoryRow, Result
from parindex.commands import results as command

pytestmark = pytest.mark.django_db

HISTORY = "year,unit,group,index,rank,class\n2023,SNV,so,84.66,2,Tốt\n2022,SNV,so,81.25,3,Tốt\n"


def test_it_imports_a_history_file(tmp_path, capsys, province, personas):
    path = tmp_path / "lich-su.csv"
    path.write_text(HISTORY, encoding="utf-8")
    assert cli.main(["results", "import-history", str(path), "--user", "noivu"]) == 0
    out = capsys.readouterr().out
    assert out.strip() == command.IMPORTED.format(
        file="lich-su.csv", created=2, updated=0, unchanged=0
    )
    assert HistoryRow.objects.count() == 2
    assert cli.main(["results", "import-history", str(path)]) == 0
    assert "0 dòng mới, 0 dòng cập nhật, 2 dòng không đổi" in capsys.readouterr().out


def test_a_bad_file_lists_its_problems_and_imports_nothing(tmp_path, capsys, db):
    path = tmp_path / "sai.csv"
    path.write_text("year,unit,group,index\n2023,SNV,so,abc\n", encoding="utf-8")
    assert cli.main(["results", "import-history", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.splitlines() == [
        command.NOT_IMPORTED.format(count=1),
        "  sai.csv, dòng 2, cột index: «abc» không phải là số",
    ]
    assert not HistoryRow.objects.exists()


def test_an_unknown_user_is_refused(tmp_path, capsys, db):
    path = tmp_path / "lich-su.csv"
    path.write_text(HISTORY, encoding="utf-8")
    assert cli.main(["results", "import-history", str(path), "--user", "khong-co"]) == 2
    assert "không có người dùng «khong-co»" in capsys.readouterr().err


def test_verify_recomputes_every_published_result(capsys, signed_off, personas):
    assert cli.main(["results", "verify"]) == 0
    assert capsys.readouterr().out.strip() == command.NOTHING_PUBLISHED
    result = publish(signed_off, personas.secretariat)
    assert cli.main(["results", "verify", "--year", "2024"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(f"✓ 2024 {signed_off.name}: đầu vào {result.inputs_sha256[:12]}")
    assert lines[0].endswith(command.MATCHES)
    assert lines[1] == command.SUMMARY.format(good=1, total=1)


def test_verify_fails_on_altered_results(capsys, signed_off, personas):
    result = publish(signed_off, personas.secretariat)
    Result.objects.filter(pk=result.pk).update(results=result.results + "\n")
    assert cli.main(["results", "verify"]) == 1
    out = capsys.readouterr().out
    assert command.DIFFERS in out
    assert command.SUMMARY.format(good=0, total=1) in out
