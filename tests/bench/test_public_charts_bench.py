"""The public charts benchmark runs end to end on the demo province (timings are not
checked)."""

from bench import public_charts


def test_it_times_the_public_charts_cold_and_warm_against_the_results_workbook(capsys):
    assert public_charts.main(["--runs", "1"]) == 0
    out = capsys.readouterr().out
    assert "demo province: 20 units, 2 groups, years 2014-2024" in out
    for name in (
        "baseline: results workbook",
        "year page charts, cold",
        "year page charts, warm",
        "unit page chart, cold",
        "unit page chart, warm",
    ):
        assert name in out
    assert out.count("x baseline") == 5
