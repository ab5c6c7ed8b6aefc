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
from bench.raw import (
    engine_side_totals,
    raw_sql_totals,
    raw_tables,
    write_raw_duckdb,
    write_raw_sqlite,
)
from bench.raw_sql import DUCKDB, SQLITE, raw_query
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


def test_the_raw_query_gives_the_engine_totals_of_both_sides_in_sqlite_and_duckdb(tiny, tmp_path):
    engine_fields, engine_units = {}, {}
    for province in tiny.provinces:
        result = compute(province.criteria, province.units, province.scores)
        fields, units = engine_side_totals(province.code, result)
        engine_fields |= fields
        engine_units |= units
    leaves, entries = raw_tables(tiny.provinces)
    write_raw_sqlite(tmp_path / "raw.sqlite", leaves, entries)
    write_raw_duckdb(tmp_path / "raw.duckdb", leaves, entries)
    with sqlite3.connect(tmp_path / "raw.sqlite") as conn:
        lite = raw_sql_totals(conn.execute(raw_query(SQLITE)).fetchall())
    with duckdb.connect(str(tmp_path / "raw.duckdb")) as conn:
        duck = raw_sql_totals(conn.execute(raw_query(DUCKDB)).fetchall())
    assert len(engine_units) == 24 * 2
    assert lite == (engine_fields, engine_units)
    assert duck == (engine_fields, engine_units)


def test_the_raw_table_has_a_row_per_unit_applicable_leaf_and_side(tiny):
    leaves, entries = raw_tables(tiny.provinces)
    applicable = sum(len(p.applying[u.group]) for p in tiny.provinces for u in p.units)
    assert len(entries) == 2 * applicable
    assert len(leaves) == sum(len(p.field_of) for p in tiny.provinces)
    assert len(entries) > tiny.entries  # the accuracy leaf has rows but no entries


def test_the_leaf_sum_equals_the_engine_totals_in_sqlite_and_duckdb(tiny, tmp_path):
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
    assert report["checked_unit_sides"] == 24 * 2
    assert report["checked_field_sides"] == 24 * 2 * 8
    assert report["raw_rows"] > report["entries"] > report["leaf_rows"] > 24 * 100
    assert report["ratio_sqlite"] == report["engine_seconds"] / report["raw_sqlite_seconds"]
    assert set(report["targets"].values()) <= {True, False}


def test_the_benchmark_prints_both_baselines_and_both_ratios(capsys):
    assert main(TINY_ARGS) == 0
    out = capsys.readouterr().out
    assert "SQL on the raw entries (the target's baseline" in out
    assert "(informational, not the same work)" in out
    assert out.count("engine / SQLite") == 2
    assert out.count("engine / DuckDB") == 2
    assert "on the raw entries (sqlite: " in out


def test_the_benchmark_fails_loudly_when_a_raw_row_is_tampered_with(monkeypatch, capsys):
    def one_judged_score_changed(provinces):
        leaves, entries = raw_tables(provinces)
        judged = {row[0] for row in leaves if row[4] == RuleKind.JUDGED.value}
        i = next(k for k, row in enumerate(entries) if row[5] in judged and row[7] is not None)
        row = list(entries[i])
        row[7] += 250  # a quarter point more in the SQL tables only
        entries[i] = tuple(row)
        return leaves, entries

    monkeypatch.setattr("bench.national.raw_tables", one_judged_score_changed)
    assert main(TINY_ARGS) == 1
    err = capsys.readouterr().err
    assert MISMATCH.format(engine="engine", sql="SQLite, raw entries") in err
    assert ": 2 khác biệt" in err  # the unit's field and the unit's total, on one side


def test_the_benchmark_fails_loudly_when_the_leaf_sum_differs(monkeypatch, capsys):
    def one_point_off(province, result):
        rows = list(leaf_rows(province, result))
        rows[0] = (*rows[0][:5], rows[0][5] + 1)
        return iter(rows)

    monkeypatch.setattr("bench.national.leaf_rows", one_point_off)
    assert main(TINY_ARGS) == 1
    err = capsys.readouterr().err
    assert MISMATCH.format(engine="engine", sql="SQLite, leaf sum") in err
