"""The what-if planner: the gains of a unit with the index and rank each brings, and the
smallest set of gains that meets a target — every figure checked against the engine."""

from dataclasses import replace
from decimal import Decimal as D
from itertools import combinations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parindex.demo import demo_results
from parindex.planning.whatif import (
    DIFFICULTY,
    GainKind,
    Outcome,
    Target,
    TargetKind,
    choose,
    published_index,
    what_if,
)
from parindex.scoring import (
    NOT_APPLICABLE,
    AccuracyRule,
    Band,
    BonusRule,
    ClassBand,
    CountRule,
    CriteriaSet,
    DeductionRule,
    Entry,
    JudgedRule,
    Node,
    RatioRule,
    RoundingPolicy,
    RuleKind,
    TiePolicy,
    Unit,
    UnitGroup,
    UnitScores,
    compute,
)

SO = UnitGroup("so", "Sở, ban, ngành")
XA = UnitGroup("xa", "UBND xã")
BANDS = (ClassBand(D(95), "Xuất sắc"), ClassBand(D(85), "Tốt"), ClassBand(D(0), "Khá"))


def criteria(**changes):
    """Field 1 (12 points for departments) and a field of bonuses and deductions."""
    field_1 = Node(
        "1",
        "Chỉ đạo, điều hành",
        D(14),
        children=(
            Node("1.1", "Kế hoạch CCHC", D(4), JudgedRule(step=D("0.25"))),
            Node("1.2", "Nhiệm vụ hoàn thành đúng hạn", D(2), RatioRule()),
            Node("1.3", "Sáng kiến được công nhận", D(2), CountRule()),
            Node("1.4", "Chỉ dành cho xã", D(2), JudgedRule(), groups=frozenset({"xa"})),
            Node("1.5", "Tính chính xác của tự chấm", D(2), AccuracyRule((Band(D(90), D(2)),))),
            Node("1.6", "Tuyên truyền", D(2), JudgedRule()),
        ),
    )
    extras = Node(
        "8",
        "Điểm thưởng, điểm trừ",
        D(0),
        children=(
            Node("8.1", "Sáng kiến cấp tỉnh", D(0), BonusRule(cap=D(1), points_each=D("0.5"))),
            Node("8.2", "Kỷ luật", D(0), DeductionRule(points_each=D("0.5"), cap=D(1))),
        ),
    )
    base = CriteriaSet(
        code="t",
        name="Bộ tiêu chí thử",
        year=2024,
        fields=(field_1, extras),
        groups=(SO, XA),
        bands=BANDS,
    )
    return replace(base, **changes)


def judged(score):
    return Entry(score=D(score))


UNITS = [Unit(code, code, "so") for code in ("A", "B", "C", "D")]


def scores(**overrides):
    """Appraised entries per unit; A is the unit under study.

    Indices: C 10 / 12 = 83,33 (1st), B 8 / 12 = 66,67 (2nd), A 5 / 10 = 50 (3rd: 1.6 does
    not apply to it, its bonus and deduction cancel out), D 5 / 12 = 41,67 (4th).
    """
    full = {
        "1.1": judged(4),
        "1.2": Entry(numerator=D(10), denominator=D(10)),
        "1.3": Entry(count=D(2)),
        "1.6": judged(2),
        "8.1": Entry(count=D(0)),
        "8.2": Entry(count=D(0)),
    }
    table = {
        "A": {
            **full,
            "1.1": judged("2.5"),
            "1.2": Entry(numerator=D(3), denominator=D(4)),
            "1.3": Entry(count=D(1)),
            "1.6": NOT_APPLICABLE,
            "8.1": Entry(count=D(1)),
            "8.2": Entry(count=D(1)),
        },
        "B": {**full, "1.1": judged(3), "1.3": Entry(count=D(1))},
        "C": {**full, "1.1": judged(4)},
        "D": {
            **full,
            "1.1": judged(1),
            "1.2": Entry(numerator=D(1), denominator=D(2)),
            "1.6": judged(1),
        },
    }
    table.update(overrides)
    self_scores = {"A": {"1.1": judged(4), "1.3": Entry(count=D(2))}}
    return {
        code: UnitScores(code, appraised=entries, self_scored=self_scores.get(code, {}))
        for code, entries in table.items()
    }


def result(crit=None, table=None):
    return compute(crit or criteria(), UNITS, table or scores())


def engine_standing(crit, table, unit, ceilings):
    """The unit's index and rank computed by the engine with ``ceilings`` (code → entry)."""
    changed = dict(table)
    own = changed[unit]
    changed[unit] = replace(own, appraised={**own.appraised, **ceilings})
    unit_result = compute(crit, UNITS, changed).unit(unit)
    return unit_result.index, unit_result.rank


def ceiling_entry(gain):
    return Entry(score=gain.ceiling)


# --- the gains -------------------------------------------------------------------------------


def test_it_lists_what_each_sub_criterion_can_still_give():
    plan = what_if(result(), "A")
    gains = {g.code: g for g in plan.gains}
    assert set(gains) == {"1.1", "1.2", "1.3", "8.1", "8.2"}
    assert (gains["1.1"].points, gains["1.1"].ceiling, gains["1.1"].achieved) == (
        D("1.5"),
        D(4),
        D("2.5"),
    )
    assert gains["1.2"].points == D("0.50")  # 2 x 3/4 = 1,50 as published
    assert gains["1.3"].points == D(1)
    assert gains["1.1"].rule is RuleKind.JUDGED
    assert gains["1.1"].field == "1"


def test_bonuses_and_deductions_are_gains_of_their_own_kind():
    gains = {g.code: g for g in what_if(result(), "A").gains}
    assert gains["8.1"].kind is GainKind.BONUS
    assert (gains["8.1"].ceiling, gains["8.1"].points) == (D(1), D("0.5"))
    assert gains["8.2"].kind is GainKind.DEDUCTION
    assert (gains["8.2"].achieved, gains["8.2"].points) == (D("-0.5"), D("0.5"))
    assert gains["8.2"].is_extra
    assert not gains["1.1"].is_extra


def test_not_applicable_accuracy_and_other_groups_sub_criteria_give_nothing():
    codes = {g.code for g in what_if(result(), "A").gains}
    assert "1.6" not in codes  # not applicable to the unit
    assert "1.5" not in codes  # accuracy of self-scoring follows from the rest
    assert "1.4" not in codes  # applies to communes only


def test_a_sub_criterion_with_nothing_entered_can_give_all_its_points():
    table = scores(A={**scores()["A"].appraised})
    del table["A"].appraised["1.3"]
    gain = next(g for g in what_if(result(table=table), "A").gains if g.code == "1.3")
    assert gain.missing
    assert gain.points == D(2)


def test_the_units_own_score_is_kept_beside_the_appraised_one():
    gains = {g.code: g for g in what_if(result(), "A").gains}
    assert gains["1.1"].self_scored == D(4)
    assert gains["1.3"].self_scored == D(1) + D(1)
    assert gains["1.2"].self_scored is None


def test_gains_come_most_points_first_then_in_criteria_order():
    gains = what_if(result(), "A").gains
    assert [g.code for g in gains] == ["1.1", "1.3", "1.2", "8.1", "8.2"]


def test_each_gain_brings_the_index_and_rank_the_engine_computes():
    crit, table = criteria(), scores()
    plan = what_if(compute(crit, UNITS, table), "A")
    assert (plan.unit.index, plan.unit.rank, plan.size) == (D("50.00"), 3, 4)
    for gain in plan.gains:
        index, rank = engine_standing(crit, table, "A", {gain.code: ceiling_entry(gain)})
        assert (gain.index, gain.rank) == (index, rank), gain.code


def test_the_difficulty_follows_the_rule():
    gains = {g.code: g for g in what_if(result(), "A").gains}
    assert gains["1.1"].difficulty == DIFFICULTY[RuleKind.JUDGED]
    assert gains["1.2"].difficulty == DIFFICULTY[RuleKind.RATIO]
    assert gains["1.1"].difficulty < gains["1.2"].difficulty < gains["8.2"].difficulty


def test_an_unknown_unit_is_a_key_error():
    with pytest.raises(KeyError):
        what_if(result(), "NOPE")


def test_the_index_formula_is_the_engines_for_every_demo_unit():
    for round_result in demo_results():
        for group in round_result.groups:
            for unit in group.units:
                side = unit.appraised
                got = published_index(round_result.criteria, side.achieved, side.applicable_max)
                assert got == unit.index


def test_the_index_is_capped_floored_and_rounded_as_the_set_declares():
    crit = criteria(index_cap=D(100), rounding=RoundingPolicy(index_decimals=1))
    assert published_index(crit, D(13), D(12)) == D("100.0")
    assert published_index(crit, D(-1), D(12)) == D("0.0")
    assert published_index(crit, D(7), D(12)) == D("58.3")
    assert published_index(crit, D(1), D(0)) == D("0.0")


# --- targets ---------------------------------------------------------------------------------


def test_rising_one_place_takes_the_smallest_set_that_passes_the_unit_above():
    plan = what_if(result(), "A")
    choice = choose(plan, Target(TargetKind.RISE, D(1)))
    # B's 66,67 needs 1,67 more points: no gain alone (1,5 at most); of the pairs, 1,5 +
    # 0,5 is the least, and of the three gains of 0,5 the ratio is the easiest
    assert choice.outcome is Outcome.REACHED
    assert [g.code for g in choice.gains] == ["1.1", "1.2"]
    assert choice.points == D("2.00")
    assert choice.needed == D("1.67")
    assert (choice.standing.index, choice.standing.rank) == (D("70.00"), 2)
    assert choice.wanted_rank == 2


def test_the_chosen_set_is_the_smallest_and_cheapest_by_brute_force():
    plan = what_if(result(), "A")
    for kind, value in ((TargetKind.RANK, 1), (TargetKind.RANK, 2), (TargetKind.INDEX, 90)):
        choice = choose(plan, Target(kind, D(value)))
        assert choice.outcome is Outcome.REACHED
        assert_smallest(plan, choice)


def assert_smallest(plan, choice, extras=True):
    usable = [g for g in plan.gains if extras or not g.is_extra]
    wanted = choice.wanted_rank
    best = None
    for size in range(len(usable) + 1):
        for chosen in combinations(usable, size):
            total = sum((g.points for g in chosen), D(0))
            if choice.target.met(plan.standing(total), wanted):
                key = (size, total, sum(g.difficulty for g in chosen))
                best = key if best is None or key < best else best
        if best is not None:
            break
    got = choice.gains
    assert (len(got), choice.points, sum(g.difficulty for g in got)) == best


def test_a_target_met_already_needs_nothing():
    plan = what_if(result(), "A")
    choice = choose(plan, Target(TargetKind.INDEX, plan.unit.index))
    assert choice.outcome is Outcome.ALREADY
    assert choice.gains == ()
    assert choice.met
    assert choose(plan, Target(TargetKind.RANK, D(3))).outcome is Outcome.ALREADY


def test_rising_past_the_first_place_is_impossible():
    plan = what_if(result(), "A")
    choice = choose(plan, Target(TargetKind.RISE, D(plan.unit.rank)))
    assert choice.outcome is Outcome.IMPOSSIBLE
    assert choice.wanted_rank == 0
    assert not choice.met


def test_an_out_of_reach_target_shows_the_best_the_unit_could_do():
    plan = what_if(result(), "A")
    choice = choose(plan, Target(TargetKind.INDEX, D(100)))
    every = sum((g.points for g in plan.gains), D(0))
    assert choice.outcome is Outcome.UNREACHABLE
    assert choice.needed is None
    assert choice.points == every
    assert choice.standing == plan.standing(every)
    assert choice.standing.index < 100  # the accuracy point stays lost


def test_bonuses_and_deductions_may_be_left_out_of_the_search():
    plan = what_if(result(), "A")
    reach_80 = Target(TargetKind.INDEX, D(80))
    assert not any(g.is_extra for g in choose(plan, reach_80).gains)  # 1.1, 1.3, 1.2 do
    reach_85 = Target(TargetKind.INDEX, D(85))
    with_extras = choose(plan, reach_85)
    assert with_extras.outcome is Outcome.REACHED
    assert any(g.is_extra for g in with_extras.gains)
    assert_smallest(plan, with_extras)
    without = choose(plan, reach_85, extras=False)
    assert without.outcome is Outcome.UNREACHABLE
    assert without.standing.index == D("80.00")


def test_a_tie_with_the_unit_above_counts_as_passing_it_when_ranks_are_shared():
    plan = what_if(result(), "D")
    gain = next(g for g in plan.gains if g.code == "1.6")  # 6 / 12 = 50, as A
    assert (gain.index, gain.rank) == (D("50.00"), 3)
    choice = choose(plan, Target(TargetKind.RISE, D(1)))
    assert len(choice.gains) == 1
    assert choice.standing.rank == 3


@pytest.mark.parametrize("policy", list(TiePolicy))
def test_every_tie_policy_ranks_as_the_engine_does(policy):
    crit = criteria(tie_policy=policy, rounding=RoundingPolicy(index_decimals=0))
    table = scores()
    plan = what_if(compute(crit, UNITS, table), "A")
    for gain in plan.gains:
        expected = engine_standing(crit, table, "A", {gain.code: ceiling_entry(gain)})
        assert (gain.index, gain.rank) == expected, (policy, gain.code)


def test_the_chosen_set_gives_the_index_and_rank_the_engine_computes():
    crit, table = criteria(), scores()
    plan = what_if(compute(crit, UNITS, table), "A")
    choice = choose(plan, Target(TargetKind.RANK, D(1)))
    ceilings = {g.code: ceiling_entry(g) for g in choice.gains}
    assert (choice.standing.index, choice.standing.rank) == engine_standing(
        crit, table, "A", ceilings
    )


# --- any criteria set, any scores ------------------------------------------------------------

QUARTERS = st.integers(min_value=1, max_value=16).map(lambda q: D(q) / 4)


@st.composite
def planned_rounds(draw):
    leaves = []
    for i in range(1, draw(st.integers(2, 6)) + 1):
        kind = draw(st.sampled_from(["judged", "ratio", "count"]))
        rule = {"judged": JudgedRule(), "ratio": RatioRule(), "count": CountRule()}[kind]
        leaves.append(Node(f"1.{i}", f"1.{i}", draw(QUARTERS), rule))
    leaves.append(Node("1.8", "thưởng", D(0), BonusRule(cap=D(1), points_each=D("0.25"))))
    leaves.append(Node("1.9", "trừ", D(0), DeductionRule(points_each=D("0.5"))))
    total = sum((n.max_points for n in leaves), D(0))
    crit = CriteriaSet(
        code="p",
        name="p",
        year=2024,
        fields=(Node("1", "Lĩnh vực 1", total, children=tuple(leaves)),),
        groups=(SO,),
        rounding=RoundingPolicy(index_decimals=draw(st.integers(0, 2))),
        tie_policy=draw(st.sampled_from(list(TiePolicy))),
        index_cap=draw(st.sampled_from([None, D(100)])),
    )
    units = [Unit(f"U{i}", f"U{i}", "so") for i in range(draw(st.integers(2, 6)))]
    table = {u.code: UnitScores(u.code, {n.code: draw(entry(n)) for n in leaves}) for u in units}
    return crit, units, table


@st.composite
def entry(draw, node):
    rule = node.rule
    if isinstance(rule, (BonusRule, DeductionRule)):
        return Entry(count=D(draw(st.integers(0, 4))))
    if draw(st.integers(0, 7)) == 0:
        return NOT_APPLICABLE
    if isinstance(rule, RatioRule):
        den = draw(st.integers(1, 50))
        return Entry(numerator=D(draw(st.integers(0, den))), denominator=D(den))
    if isinstance(rule, CountRule):
        return Entry(count=D(draw(st.integers(0, 5))))
    return Entry(score=D(draw(st.integers(0, int(node.max_points * 4)))) / 4)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(planned_rounds(), st.data())
def test_any_gain_and_any_chosen_set_agree_with_the_engine(case, data):
    crit, units, table = case
    unit = data.draw(st.sampled_from(units)).code
    plan = what_if(compute(crit, units, table), unit)
    for gain in plan.gains:
        changed = {
            **table,
            unit: UnitScores(unit, {**table[unit].appraised, gain.code: ceiling_entry(gain)}),
        }
        again = compute(crit, units, changed).unit(unit)
        assert (gain.index, gain.rank) == (again.index, again.rank)
    kind = data.draw(st.sampled_from(list(TargetKind)))
    value = (
        D(data.draw(st.integers(1, len(units))))
        if kind is not TargetKind.INDEX
        else D(data.draw(st.integers(0, 100)))
    )
    extras = data.draw(st.booleans())
    choice = choose(plan, Target(kind, value), extras=extras)
    if choice.outcome is Outcome.REACHED and len(plan.gains) <= 8:
        assert_smallest(plan, choice, extras=extras)
    if choice.outcome is Outcome.REACHED:
        ceilings = {g.code: ceiling_entry(g) for g in choice.gains}
        changed = {**table, unit: UnitScores(unit, {**table[unit].appraised, **ceilings})}
        again = compute(crit, units, changed).unit(unit)
        assert (choice.standing.index, choice.standing.rank) == (again.index, again.rank)
        assert choice.met
