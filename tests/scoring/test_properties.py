"""Properties that hold for any criteria set and any scores (hypothesis)."""

from dataclasses import replace
from decimal import Decimal as D

from hypothesis import given, settings
from hypothesis import strategies as st

from parindex.scoring import (
    NOT_APPLICABLE,
    CountRule,
    CriteriaSet,
    DeductionRule,
    Entry,
    JudgedRule,
    Node,
    RatioRule,
    TiePolicy,
    Unit,
    UnitGroup,
    UnitScores,
    compute,
)

GROUPS = (UnitGroup("so", "Sở"), UnitGroup("xa", "Xã"))
QUARTERS = st.integers(min_value=1, max_value=40).map(lambda q: D(q) / 4)


@st.composite
def leaves(draw, prefix):
    n = draw(st.integers(min_value=1, max_value=5))
    out = []
    for i in range(1, n + 1):
        kind = draw(st.sampled_from(["judged", "ratio", "count"]))
        rule = {"judged": JudgedRule(), "ratio": RatioRule(), "count": CountRule()}[kind]
        out.append(Node(f"{prefix}.{i}", f"{prefix}.{i}", draw(QUARTERS), rule))
    return out


@st.composite
def criteria_sets(draw, deductions=False):
    fields = []
    for f in range(1, draw(st.integers(min_value=1, max_value=4)) + 1):
        kids = draw(leaves(str(f)))
        total = sum((k.max_points for k in kids), D(0))
        if deductions and draw(st.booleans()):
            kids.append(Node(f"{f}.9", "trừ", D(0), DeductionRule(points_each=D("0.5"))))
        fields.append(Node(str(f), f"Lĩnh vực {f}", total, children=tuple(kids)))
    return CriteriaSet(code="p", name="p", year=2024, groups=GROUPS, fields=tuple(fields))


@st.composite
def entry_for(draw, node):
    rule = node.rule
    if draw(st.integers(min_value=0, max_value=9)) == 0:
        return NOT_APPLICABLE
    if isinstance(rule, RatioRule):
        den = draw(st.integers(min_value=1, max_value=10_000))
        return Entry(numerator=D(draw(st.integers(min_value=0, max_value=den))), denominator=D(den))
    if isinstance(rule, (CountRule, DeductionRule)):
        return Entry(count=D(draw(st.integers(min_value=0, max_value=50))))
    quarters = int(node.max_points * 4)
    return Entry(score=D(draw(st.integers(min_value=0, max_value=quarters))) / 4)


@st.composite
def rounds(draw, deductions=False):
    cs = draw(criteria_sets(deductions))
    count = draw(st.integers(min_value=1, max_value=6))
    units = [Unit(f"u{i}", f"u{i}", draw(st.sampled_from(["so", "xa"]))) for i in range(count)]
    leaves_ = [n for n in cs.nodes() if n.is_leaf]
    scores = {
        u.code: UnitScores(u.code, {n.code: draw(entry_for(n)) for n in leaves_}) for u in units
    }
    return cs, units, scores


def _indices(result):
    return {u.unit.code: (u.index, u.rank) for g in result.groups for u in g.units}


@given(rounds())
def test_an_index_without_bonus_lies_between_0_and_100(data):
    cs, units, scores = data
    for group in compute(cs, units, scores).groups:
        for result in group.units:
            assert D(0) <= result.index <= D(100)


@given(rounds(deductions=True))
def test_the_total_is_the_sum_of_the_fields(data):
    cs, units, scores = data
    for group in compute(cs, units, scores).groups:
        for result in group.units:
            side = result.appraised
            assert side.achieved == sum((f.achieved for f in side.fields), D(0))
            assert side.applicable_max == sum((f.applicable_max for f in side.fields), D(0))


@given(rounds(deductions=True), st.randoms(use_true_random=False))
def test_the_order_of_units_never_changes_results(data, rnd):
    cs, units, scores = data
    shuffled = list(units)
    rnd.shuffle(shuffled)
    assert _indices(compute(cs, units, scores)) == _indices(compute(cs, shuffled, scores))


@given(rounds(), st.data())
def test_not_applicable_never_lowers_an_index_below_losing_the_points(data, pick):
    cs, units, scores = data
    target = units[0].code
    leaf = pick.draw(st.sampled_from([n for n in cs.nodes() if n.is_leaf]))
    zero = (
        Entry(score=D(0))
        if not isinstance(leaf.rule, RatioRule)
        else Entry(numerator=D(0), denominator=D(1))
    )

    def index_with(entry):
        entries = {**scores[target].appraised, leaf.code: entry}
        changed = {**scores, target: replace(scores[target], appraised=entries)}
        return compute(cs, units, changed).unit(target).index

    assert index_with(NOT_APPLICABLE) >= index_with(zero)


@given(rounds(), st.data())
def test_a_higher_score_never_lowers_the_index_or_the_rank(data, pick):
    cs, units, scores = data
    target = units[0].code
    judged = [n for n in cs.nodes() if n.is_leaf and isinstance(n.rule, JudgedRule)]
    if not judged:
        return
    leaf = pick.draw(st.sampled_from(judged))
    before = compute(cs, units, scores).unit(target)
    entries = {**scores[target].appraised, leaf.code: Entry(score=leaf.max_points)}
    raised = {**scores, target: replace(scores[target], appraised=entries)}
    after = compute(cs, units, raised).unit(target)
    if before.appraised.node(leaf.code).not_applicable:
        return
    assert after.index >= before.index
    assert after.rank <= before.rank


@given(rounds())
def test_shared_ranks_count_the_units_strictly_ahead(data):
    cs, units, scores = data
    for group in compute(cs, units, scores).groups:
        for result in group.units:
            ahead = sum(1 for other in group.units if other.index > result.index)
            assert result.rank == ahead + 1


@given(rounds())
def test_dense_ranks_have_no_gaps(data):
    cs, units, scores = data
    dense = replace(cs, tie_policy=TiePolicy.DENSE)
    for group in compute(dense, units, scores).groups:
        ranks = sorted({u.rank for u in group.units})
        assert ranks == list(range(1, len(ranks) + 1))


@given(rounds())
def test_group_statistics_are_consistent(data):
    cs, units, scores = data
    for group in compute(cs, units, scores).groups:
        assert group.lowest is not None
        assert group.highest is not None
        assert group.average is not None
        assert group.lowest <= group.average <= group.highest
        assert group.spread == group.highest - group.lowest
        assert group.above_average < len(group.units) or group.spread == 0
        for stats in group.fields:
            assert stats.at_max <= stats.units <= len(group.units)


@settings(max_examples=50)
@given(rounds())
def test_identical_self_and_appraised_entries_give_identical_results(data):
    cs, units, scores = data
    mirrored = {c: replace(s, self_scored=s.appraised) for c, s in scores.items()}
    for group in compute(cs, units, mirrored).groups:
        for result in group.units:
            assert result.self_scored.index == result.appraised.index
            assert result.self_scored.fields == result.appraised.fields


@given(rounds(), st.data())
def test_a_unit_in_another_group_never_changes_a_groups_results(data, pick):
    cs, units, scores = data
    base = _indices(compute(cs, units, scores))
    intruder = Unit("zz", "zz", pick.draw(st.sampled_from(["so", "xa"])))
    leaves_ = [n for n in cs.nodes() if n.is_leaf]
    entries = {n.code: pick.draw(entry_for(n)) for n in leaves_}
    more = compute(cs, [*units, intruder], {**scores, "zz": UnitScores("zz", entries)})
    after = _indices(more)
    for code, (index, _) in base.items():
        assert after[code][0] == index
        group = next(u.group for u in units if u.code == code)
        if group != intruder.group:
            assert after[code] == base[code]
