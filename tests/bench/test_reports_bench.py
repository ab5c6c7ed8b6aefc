"""The reports benchmark runs end to end on a small province (timings are not checked)."""

from bench import reports


def test_it_times_every_report_against_the_results_workbook(capsys):
    assert reports.main(["--runs", "1", "--units", "24"]) == 0
    out = capsys.readouterr().out
    assert "demo province: 20 units" in out
    assert "synthetic province: 24 units" in out
    for name in ("baseline: results workbook", "province report .docx", "unit report .docx"):
        assert out.count(name) == 2
    assert "x baseline" in out
