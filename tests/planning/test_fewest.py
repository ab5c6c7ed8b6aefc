"""The search for the smallest set of gains: fewest items, then least points, then least
difficulty, then earliest positions — checked against brute force on small cases."""

from decimal import ROUND_HALF_UP
from decimal import Decimal as D
from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st

from parindex.planning.subsets import Found, fewest

CENTS = st.integers(min_value=1, max_value=500).map(lambda c: D(c) / 100)
QUARTERS = st.integers(min_value=1, max_value=12).map(lambda q: D(q) / 4)


def brute_force(points, meets, difficulty):
    """Every subset, smallest first; the best by the documented order."""
    best = None
    for size in range(len(points) + 1):
        for chosen in combinations(range(len(points)), size):
            total = sum((points[i] for i in chosen), D(0))
            if not meets(total):
                continue
            key = (size, total, sum(difficulty[i] for i in chosen), chosen)
            best = key if best is None or key < best else best
        if best is not None:
            return best
    return None


@st.composite
def cases(draw, values=CENTS):
    points = draw(st.lists(values, min_size=0, max_size=8))
    difficulty = draw(st.lists(st.integers(1, 5), min_size=len(points), max_size=len(points)))
    total = sum(points, D(0))
    threshold = draw(st.integers(min_value=0, max_value=int(total * 100) + 50).map(D)) / 100
    return points, difficulty, threshold


def check(points, difficulty, meets):
    found = fewest(points, meets, difficulty)
    expected = brute_force(points, meets, difficulty)
    if expected is None:
        assert found is None
        return
    size, total, cost, chosen = expected
    assert found is not None
    assert found.positions == chosen
    assert len(found.positions) == size
    assert sum((points[i] for i in found.positions), D(0)) == total
    assert sum(difficulty[i] for i in found.positions) == cost
    # the least total that meets, to the points' decimals
    places = max((-p.as_tuple().exponent for p in points), default=0)
    assert found.needed <= total
    assert meets(found.needed)
    assert found.needed == 0 or not meets(found.needed - D(1).scaleb(-places))


@settings(max_examples=300, deadline=None)
@given(cases())
def test_it_agrees_with_brute_force_on_a_points_threshold(case):
    points, difficulty, threshold = case
    check(points, difficulty, lambda total: total >= threshold)


@settings(max_examples=200, deadline=None)
@given(cases(values=QUARTERS))
def test_it_agrees_with_brute_force_when_many_totals_tie(case):
    points, difficulty, threshold = case
    check(points, difficulty, lambda total: total >= threshold)


@settings(max_examples=200, deadline=None)
@given(cases(), st.integers(min_value=50, max_value=99).map(D))
def test_it_agrees_with_brute_force_on_a_rounded_index(case, base):
    """A target on the published index: points added to ``base`` of 120, rounded."""
    points, difficulty, threshold = case
    wanted = ((base + threshold) / 120 * 100).quantize(D("0.01"), ROUND_HALF_UP)

    def meets(total):
        return ((base + total) / 120 * 100).quantize(D("0.01"), ROUND_HALF_UP) >= wanted

    check(points, difficulty, meets)


def test_the_fewest_items_win_over_fewer_points():
    # 5 alone meets 5; 3 + 2 also does, with as many points but two items
    found = fewest([D(3), D(2), D(5)], lambda t: t >= 5, [1, 1, 5])
    assert found == Found((2,), D(5))


def test_among_as_few_items_the_least_points_win():
    # two items are needed; 5 + 3 = 8 is what the greedy takes, 3 + 3 = 6 is enough
    found = fewest([D(5), D(3), D(3)], lambda t: t >= 6, [1, 1, 1])
    assert found is not None
    assert found.positions == (1, 2)
    assert found.needed == D(6)


def test_among_as_many_points_the_easiest_win():
    found = fewest([D("0.5"), D("0.5"), D("0.5")], lambda t: t >= 1, [3, 1, 2])
    assert found is not None
    assert found.positions == (1, 2)


def test_among_equal_difficulty_the_earliest_win():
    found = fewest([D(1), D(1), D(1)], lambda t: t >= 1, [2, 2, 2])
    assert found is not None
    assert found.positions == (0,)


def test_nothing_is_needed_when_the_target_is_met_already():
    assert fewest([D(1)], lambda t: t >= 0, [1]) == Found((), D(0))


def test_nothing_is_found_when_every_gain_together_falls_short():
    assert fewest([D("0.25"), D("0.5")], lambda t: t >= 1, [1, 1]) is None
    assert fewest([], lambda t: t >= 1, []) is None


def test_the_needed_points_are_the_least_total_that_meets_to_the_points_decimals():
    found = fewest([D("2.5"), D("0.75"), D("1.25")], lambda t: t >= D("1.9"), [1, 1, 1])
    assert found is not None
    assert found.positions == (0,)
    assert found.needed == D("1.90")  # to the points' decimals, whatever their sums


def test_points_with_four_decimals_are_searched_exactly():
    points = [D("0.1250"), D("0.0625"), D("0.3333"), D("0.2917")]
    found = fewest(points, lambda t: t >= D("0.4"), [1, 1, 1, 1])
    assert found is not None
    # two are needed: 0,0625 + 0,3333 falls short; 0,125 + 0,2917 = 0,4167 is the least
    assert found.positions == (0, 3)
    assert found.needed == D("0.4000")
