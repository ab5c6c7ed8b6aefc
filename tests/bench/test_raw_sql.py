"""The raw-data SQL baseline gives the engine's totals, rule branch by rule branch.

A hand-made province exercises what the synthetic dataset does not: halves to round,
direct scores on computed rules, missing entries, caps and bonuses without a minimum,
a deduction without a cap, a relative leaf whose best is 0, a field that does not apply,
and a set that rounds to 1 decimal.
"""

import dataclasses
import sqlite3
from decimal import Decimal as D

import duckdb
import pytest
from bench.generate import Province, assemble
from bench.raw import (
    APPRAISED,
    SELF,
    UnsupportedRuleError,
    engine_side_totals,
    leaf_ids,
    leaf_rows,
    raw_sql_totals,
    raw_tables,
    write_raw_duckdb,
    write_raw_sqlite,
)
from bench.raw_sql import DUCKDB, SQLITE, raw_query

from parindex.scoring import (
    NOT_APPLICABLE,
    AccuracyRule,
    Band,
    BandMeasure,
    BandsRule,
    BonusRule,
    ChecklistItem,
    ChecklistRule,
    CountRule,
    CriteriaSet,
    DeductionRule,
    Entry,
    JudgedRule,
    Node,
    RatioRule,
    RelativeRule,
    Rounding,
    RoundingPolicy,
    Unit,
    UnitGroup,
    UnitScores,
    ZeroDenominator,
    compute,
)

GROUPS = (UnitGroup("so", "Sở"), UnitGroup("xa", "Xã"))


def leaf(code, max_points, rule, groups=frozenset()):
    return Node(code, f"Tiêu chí {code}", D(max_points), rule, groups=groups)


FIELD_1 = (
    leaf("1.1", "0.5", RatioRule()),
    leaf("1.2", "1", RatioRule(zero_denominator=ZeroDenominator.FULL, full_at=D("0.9"))),
    leaf("1.3", "1", RatioRule(zero_denominator=ZeroDenominator.NOT_APPLICABLE)),
    leaf(
        "1.4",
        "0.75",
        ChecklistRule(
            items=(
                ChecklistItem("a", "A", D("0.125")),
                ChecklistItem("b", "B", D("0.25")),
                ChecklistItem("c", "C", D("0.5")),
            )
        ),
    ),
    leaf("1.5", "2", CountRule(points_each=D("0.5"), cap=D(1))),
    leaf("1.6", "1", JudgedRule()),
    leaf("1.7", "1", RatioRule()),
    leaf("1.8", "1", AccuracyRule(bands=(Band(D(80), D("0.5")), Band(D(90), D(1))))),
)
FIELD_2 = (
    leaf("2.1", "1", RelativeRule()),
    leaf(
        "2.2",
        "0.5",
        BandsRule(
            bands=(Band(D(50), D("0.25")), Band(D(80), D("0.5"))), measure_of=BandMeasure.PERCENT
        ),
    ),
    leaf("2.3", "0.5", BandsRule(bands=(Band(D(50), D("0.5")),))),
    leaf("2.4", "0", DeductionRule(points_each=D("0.5"))),
    leaf("2.5", "0.5", BonusRule(cap=D("0.5"), points_each=D("0.25"))),
    leaf("2.6", "1", BonusRule(cap=D(1), minimum=D(11))),
    leaf("2.7", "1", JudgedRule()),
    leaf("2.8", "1", JudgedRule(), groups=frozenset({"so"})),
)
FIELD_3 = (leaf("3.1", "1", JudgedRule()),)


def criteria(decimals=2):
    fields = tuple(
        Node(code, f"Lĩnh vực {code}", sum((n.max_points for n in leaves), D(0)), None, leaves)
        for code, leaves in (("1", FIELD_1), ("2", FIELD_2), ("3", FIELD_3))
    )
    return CriteriaSet(
        code=f"BTC-{decimals}",
        name="Bộ tiêu chí thử",
        year=2025,
        fields=fields,
        groups=GROUPS,
        rounding=RoundingPolicy(score_decimals=decimals),
    )


def ratio(num, den):
    return Entry(numerator=D(num), denominator=D(den))


def count(n):
    return Entry(count=D(n))


def score(value):
    return Entry(score=D(value))


UNIT_A = (
    {
        "1.1": ratio(1, 100),  # 0.5 x 1/100 = 0.005: a half, rounded up to 0.01
        "1.2": ratio(0, 0),  # nothing to measure: full points
        "1.3": ratio(0, 0),  # nothing to measure: not applicable
        "1.4": Entry(items=frozenset({"a"})),  # 0.125 -> 0.13
        "1.5": count(3),  # 1.5 capped at 1
        "1.6": score("0.3"),
        "1.7": score("0.123"),  # a direct score on a computed rule is kept as entered
        "2.1": Entry(value=D(8)),
        "2.2": ratio(4, 5),  # 80 %: the higher band
        "2.3": Entry(value=D(50)),
        "2.4": count(3),  # -1.5, no cap
        "2.5": count(3),  # 0.75 capped at 0.5
        "2.6": count(11),
        # 2.7 missing: 0 points, still applicable
        "2.8": score(1),
        "3.1": score(1),
    },
    {
        "1.1": ratio(3, 40),  # 0.0375 -> 0.04
        "1.2": ratio(19, 20),  # 0.95 / 0.9 above full
        "1.3": ratio(1, 3),
        "1.4": Entry(items=frozenset({"a", "b", "c"})),  # 0.875 capped at 0.75
        "1.5": count(1),
        "1.6": Entry(value=D("0.2")),
        "1.7": ratio(1, 8),  # 0.125 -> 0.13
        "2.1": Entry(value=D(8)),
        "2.2": ratio(0, 0),  # percent of nothing: not applicable
        "2.3": Entry(value=D("49.999")),
        "2.4": score(-1),
        "2.5": count(1),
        "2.6": count(10),
        "2.7": score(1),
        "2.8": score("0.5"),
        "3.1": score(1),
    },
)
UNIT_B = (
    {
        "1.1": ratio(0, 7),
        "1.2": ratio(9, 10),
        "1.3": ratio(2, 3),
        "1.4": Entry(items=frozenset()),
        "1.5": count(0),
        "1.6": score(1),
        "1.7": ratio(1, 3),
        "2.1": Entry(value=D(1)),  # 1/8 of the best: 0.125 -> 0.13
        "2.2": ratio(1, 2),
        "2.3": Entry(value=D(10)),
        "2.4": count(0),
        "2.5": count(0),
        "2.6": count(0),
        "2.7": score("0.5"),
        "2.8": score(0),
        "3.1": NOT_APPLICABLE,  # the whole field does not apply
    },
    {
        "1.1": ratio(0, 7),
        "1.2": ratio(8, 10),  # 0.8 / 0.9 -> 0.89
        "1.3": ratio(2, 3),
        "1.4": Entry(items=frozenset()),
        "1.5": count(0),
        "1.6": score(1),
        "1.7": ratio(1, 3),
        "2.1": Entry(value=D(2)),
        "2.2": ratio(79, 100),
        "2.3": Entry(value=D(10)),
        "2.4": count(0),
        "2.5": count(0),
        "2.6": count(0),
        "2.7": score("0.5"),
        "2.8": score(0),
        "3.1": NOT_APPLICABLE,
    },
)
ALL_NA = dict.fromkeys(("1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7"), NOT_APPLICABLE)
UNIT_C = tuple(ALL_NA | {"2.1": score("0.4"), "3.1": score("0.75")} for _ in range(2))
UNIT_D = (  # a commune: 2.8 is not for its group; most entries missing
    {"1.1": ratio(1, 200), "2.1": Entry(value=D(0))},
    {"1.1": ratio(1, 100), "2.1": Entry(value=D(0))},
)
UNITS = (Unit("A", "Sở A", "so"), Unit("B", "Sở B", "so"), Unit("C", "Sở C", "so"))
UNITS += (Unit("D", "Xã D", "xa"),)
SCORES = {
    unit.code: UnitScores(unit.code, appraised=sides[0], self_scored=sides[1])
    for unit, sides in zip(UNITS, (UNIT_A, UNIT_B, UNIT_C, UNIT_D), strict=True)
}


def hand_made(code, decimals):
    return assemble(code=code, name=code, criteria=criteria(decimals), units=UNITS, scores=SCORES)


PROVINCES = (hand_made("H2", 2), hand_made("H1", 1))


def engine(provinces):
    fields, units = {}, {}
    for province in provinces:
        f, u = engine_side_totals(province.code, compute(province.criteria, UNITS, SCORES))
        fields |= f
        units |= u
    return fields, units


def in_sqlite(provinces, tmp_path):
    leaves, entries = raw_tables(provinces)
    write_raw_sqlite(tmp_path / "h.sqlite", leaves, entries)
    with sqlite3.connect(tmp_path / "h.sqlite") as conn:
        return raw_sql_totals(conn.execute(raw_query(SQLITE)).fetchall())


def in_duckdb(provinces, tmp_path):
    leaves, entries = raw_tables(provinces)
    write_raw_duckdb(tmp_path / "h.duckdb", leaves, entries)
    with duckdb.connect(str(tmp_path / "h.duckdb")) as conn:
        return raw_sql_totals(conn.execute(raw_query(DUCKDB)).fetchall())


def test_the_hand_made_province_holds_the_cases_it_is_meant_to():
    result = compute(PROVINCES[0].criteria, UNITS, SCORES)
    a, b = result.unit("A"), result.unit("B")
    assert a.appraised.node("1.1").achieved == D("0.01")
    assert a.appraised.node("1.3").not_applicable
    assert a.appraised.node("1.4").achieved == D("0.13")
    assert a.appraised.node("1.7").achieved == D("0.123")
    assert a.appraised.node("2.4").achieved == D("-1.5")
    assert a.appraised.node("2.7").missing
    assert a.self_scored.node("2.2").not_applicable
    assert b.appraised.node("2.1").achieved == D("0.13")
    assert b.self_scored.node("1.2").achieved == D("0.89")
    assert b.appraised.fields[2].not_applicable
    assert a.appraised.node("1.8").achieved == 0  # 2 of 11 scored the same
    assert b.appraised.node("1.8").achieved == D("0.5")  # 10 of 12: at least 80 %
    assert result.unit("D").appraised.node("1.8").achieved == 1  # 10 of 11, missing alike


@pytest.mark.parametrize("run", [in_sqlite, in_duckdb], ids=["sqlite", "duckdb"])
def test_the_raw_query_gives_the_engine_totals_of_every_rule_branch(run, tmp_path):
    expected = engine(PROVINCES)
    assert run(PROVINCES, tmp_path) == expected
    assert {key[2] for key in expected[1]} == {APPRAISED, SELF}


@pytest.mark.parametrize("run", [in_sqlite, in_duckdb], ids=["sqlite", "duckdb"])
def test_the_raw_query_sees_a_changed_input(run, tmp_path):
    changed = dict(SCORES)
    a = SCORES["A"]
    changed["A"] = dataclasses.replace(a, appraised=a.appraised | {"1.1": ratio(1, 101)})
    province = assemble(code="H2", name="H2", criteria=criteria(2), units=UNITS, scores=changed)
    assert run((province,), tmp_path) != engine(PROVINCES[:1])


def province_with(rule):
    node = leaf("1.1", "1", rule)
    field = Node("1", "Lĩnh vực 1", D(1), None, (node,))
    criteria_set = CriteriaSet(code="X", name="X", year=2025, fields=(field,), groups=GROUPS)
    return assemble(code="X", name="X", criteria=criteria_set, units=(), scores={})


def test_flattening_refuses_more_bands_than_the_table_holds():
    bands = tuple(Band(D(m), D("0.25")) for m in (10, 20, 30))
    province: Province = province_with(BandsRule(bands=bands))
    with pytest.raises(UnsupportedRuleError, match="3 bands"):
        leaf_rows(province, leaf_ids(province, 1))


def test_flattening_refuses_a_set_that_rounds_half_to_even():
    province = province_with(JudgedRule())
    policy = RoundingPolicy(mode=Rounding.HALF_EVEN)
    province = dataclasses.replace(
        province, criteria=dataclasses.replace(province.criteria, rounding=policy)
    )
    with pytest.raises(UnsupportedRuleError, match="half_even"):
        leaf_rows(province, leaf_ids(province, 1))
