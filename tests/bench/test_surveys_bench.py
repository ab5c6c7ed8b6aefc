"""The ballot import benchmark, run small: correctness only, never a timing."""

import json

import pytest

from bench import surveys_import
from parindex.apps.surveys.models import Ballot


@pytest.mark.django_db
def test_the_benchmark_imports_every_ballot_and_reports_its_measures(capsys):
    code = surveys_import.main(["--ballots", "300", "--units", "3", "--json"], configure=False)
    assert code == 0
    measures = json.loads(capsys.readouterr().out)
    assert (measures["ballots"], measures["created"]) == (300, 300)
    assert measures["import_s"] > 0
    assert measures["raw_executemany_s"] > 0
    assert measures["check_only_s"] > 0
    assert Ballot.objects.count() == 300


@pytest.mark.django_db
def test_the_report_reads_in_vietnamese_and_includes_a_workbook_run(capsys):
    surveys_import.main(["--ballots", "40", "--units", "2", "--xlsx"], configure=False)
    text = capsys.readouterr().out
    assert text.startswith("Nhập 40 phiếu")
    assert "executemany thô" in text
    assert "chỉ đọc và kiểm tra" in text
    assert "XLSX: 40 phiếu" in text
    assert "openpyxl (chế độ read-only) đọc cùng tệp" in text
    assert Ballot.objects.count() == 80
