"""The synthetic national dataset and the benchmark, end to end on a tiny dataset.

Correctness only: nothing here asserts a timing.
"""

import json
import sqlite3
from decimal import Decimal

import duckdb
import pytest
from bench.flat import (
    GROUP_BY,
    engine_totals,
    leaf_rows,
    milli,
    sql_totals,
    write_duckdb,
    write_sqlite,
)
from bench.generate import generate, leaves_by_field
from bench.national import MISMATCH, main
from bench.synthetic_criteria import COMMUNES, DEPARTMENTS

from parindex.scoring import NOT_APPLICABLE, RuleKind, compute

TINY = {"seed": 7, "provinces": 2, "units_per_province": 12}
TINY_ARGS = ["--seed", "7", "--provinces", "2", "--units-per-province", "12", "--runs", "1"]


@pytest.fixture(scope="module")
def tiny():
    return generate(**TINY)


def test_the_same_seed_gives_the_same_dataset(tiny):
    assert generate(**TINY) == tiny


def test_another_seed_gives_another_dataset(tiny):
    assert generate(**(TINY | {"seed": 8})) != tiny


def test_each_province_has_departments_and_communes(tiny):
    for province in tiny.provinces:
        groups = [u.group for u in province.units]
        assert len(groups) == 12
        assert groups.count(DEPARTMENTS) == 2
        assert groups.count(COMMUNES) == 10


def test_a_criteria_set_has_about_120_leaves_under_8_fields_worth_100_points(tiny):
    for province in tiny.provinces:
        criteria = province.criteria
        assert len(criteria.fields) == 8
        assert sum(f.max_points for f in criteria.fields) == Decimal(100)
        assert 115 <= sum(1 for _ in leaves_by_field(criteria)) <= 125


def test_the_criteria_sets_use_every_rule_kind_and_one_group_leaves(tiny):
    leaves = [leaf for p in tiny.provinces for _, leaf in leaves_by_field(p.criteria)]
    assert {leaf.rule.kind for leaf in leaves if leaf.rule} == set(RuleKind)
    assert {g for leaf in leaves for g in leaf.groups} == {DEPARTMENTS, COMMUNES}


def test_units_have_appraised_and_self_entries_and_some_not_applicable(tiny):
    scores = [s for p in tiny.provinces for s in p.scores.values()]
    assert all(s.appraised and s.self_scored for s in scores)
    assert any(e is NOT_APPLICABLE for s in scores for e in s.appraised.values())
    assert any(s.self_scored[code] != entry for s in scores for code, entry in s.appraised.items())


def test_the_engine_totals_equal_the_sql_totals_in_sqlite_and_duckdb(tiny, tmp_path):
    province = tiny.provinces[0]
    result = compute(province.criteria, province.units, province.scores)
    rows = list(leaf_rows(province, result))
    write_sqlite(tmp_path / "t.sqlite", rows)
    write_duckdb(tmp_path / "t.duckdb", rows)
    with sqlite3.connect(tmp_path / "t.sqlite") as conn:
        lite = sql_totals(conn.execute(GROUP_BY).fetchall())
    with duckdb.connect(str(tmp_path / "t.duckdb")) as conn:
        duck = sql_totals(conn.execute(GROUP_BY).fetchall())
    assert lite[1] == engine_totals(province.code, result)[1]
    assert duck[1] == lite[1]
    assert duck[0] == lite[0]


def test_milli_refuses_a_value_it_would_have_to_round():
    assert milli(Decimal("19.446")) == 19446
    with pytest.raises(ValueError, match="more than 3 decimals"):
        milli(Decimal("0.0005"))


def test_the_benchmark_runs_end_to_end_and_reports_equal_totals(capsys):
    assert main([*TINY_ARGS, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["totals_equal"] is True
    assert report["units"] == report["checked_units"] == 24
    assert report["checked_fields"] == 24 * 8
    assert report["rows"] > 24 * 100
    assert set(report["targets"].values()) <= {True, False}


def test_the_benchmark_prints_a_table(capsys):
    assert main(TINY_ARGS) == 0
    out = capsys.readouterr().out
    assert "engine / SQLite" in out
    assert "engine / DuckDB" in out


def test_the_benchmark_fails_loudly_when_the_sql_totals_differ(monkeypatch, capsys):
    def one_point_off(province, result):
        rows = list(leaf_rows(province, result))
        rows[0] = (*rows[0][:5], rows[0][5] + 1)
        return iter(rows)

    monkeypatch.setattr("bench.national.leaf_rows", one_point_off)
    assert main(TINY_ARGS) == 1
    err = capsys.readouterr().err
    assert MISMATCH.format(engine="engine", sql="SQLite") in err
