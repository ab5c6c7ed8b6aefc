"""Year-end points projected from the figures a unit records during the year.

A unit records, month by month or quarter by quarter, the figures behind the ratio,
threshold-band and count sub-criteria of its criteria set (dossiers received online out
of all dossiers, documents signed digitally, budget disbursed...). Before the assessment
starts, each such leaf is scored as if the year ended with what is known now, by the
leaf's own rule, and every leaf projected below its maximum is a warning.

How the year so far becomes one entry (the pages state it in these words):

- ratio, and bands of a percent: the periods added up, Σ numerators / Σ denominators;
  the projection assumes the rest of the year keeps that ratio;
- bands of a value: the latest period's value (such figures are already "to date":
  disbursement so far, the latest survey result);
- count: the periods added up; the projection counts only what is already achieved.

The points are the rule's, rounded as the set publishes computed points. Plain Python and
:class:`~decimal.Decimal`; nothing here imports Django.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, Decimal
from enum import StrEnum

from parindex.scoring.model import CriteriaSet, Entry, Node, RoundingPolicy
from parindex.scoring.rules import (
    EMPTY_CONTEXT,
    BandMeasure,
    BandsRule,
    CountRule,
    NotApplicable,
    RatioRule,
    Rule,
    RuleKind,
    ScoreInputError,
    SurveyRule,
)

ZERO = Decimal(0)
HUNDRED = Decimal(100)


class Frequency(StrEnum):
    """How often a unit records a leaf's figures."""

    MONTH = "month"
    QUARTER = "quarter"

    @property
    def periods(self) -> int:
        return 12 if self is Frequency.MONTH else 4


class Method(StrEnum):
    """How the periods so far become the year's entry."""

    CUMULATIVE_RATIO = "cumulative_ratio"  # Σ numerators / Σ denominators
    LATEST_VALUE = "latest_value"  # the last period's value
    COUNT_SO_FAR = "count_so_far"  # Σ counts


class Outcome(StrEnum):
    FULL = "full"  # projected at the maximum
    AT_RISK = "at_risk"  # projected below the maximum: a warning
    NOT_APPLICABLE = "not_applicable"  # e.g. nothing to measure, by the rule
    NO_FIGURES = "no_figures"  # nothing recorded yet
    INVALID = "invalid"  # figures the rule cannot score (numerator above denominator...)


@dataclass(frozen=True, slots=True)
class Figure:
    """What was recorded for one period (1-12 for months, 1-4 for quarters)."""

    period: int
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    value: Decimal | None = None
    count: Decimal | None = None


@dataclass(frozen=True, slots=True)
class Series:
    """One leaf's figures of one year, at one frequency."""

    frequency: Frequency
    figures: tuple[Figure, ...] = ()

    @property
    def elapsed(self) -> int:
        """The latest period recorded (0: none): the part of the year the figures cover."""
        return max((f.period for f in self.figures), default=0)


@dataclass(frozen=True, slots=True)
class LeafProjection:
    """One leaf's projected year-end points.

    ``measure``: the projected percent (ratio-like leaves), value or count. ``full_at``:
    the measure that earns full points. ``needed``: for ratio-like leaves, the percent
    the remaining periods must reach for full points, if their denominators keep the
    average of the periods so far (above 100: full points are out of reach this year).
    """

    code: str
    title: str
    method: Method
    max_points: Decimal
    outcome: Outcome
    frequency: Frequency | None = None
    elapsed: int = 0
    entry: Entry | None = None
    measure: Decimal | None = None
    points: Decimal | None = None
    full_at: Decimal | None = None
    needed: Decimal | None = None
    message: str = ""

    @property
    def at_risk(self) -> Decimal:
        """Points the projection loses against the maximum (0 unless at risk)."""
        if self.outcome is not Outcome.AT_RISK or self.points is None:
            return ZERO
        return self.max_points - self.points

    @property
    def unreachable(self) -> bool:
        return self.needed is not None and self.needed > HUNDRED


@dataclass(frozen=True, slots=True)
class Projection:
    """Every projectable leaf of a criteria set that applies to a unit's group."""

    leaves: tuple[LeafProjection, ...] = field(default_factory=tuple)

    @property
    def warnings(self) -> tuple[LeafProjection, ...]:
        return tuple(leaf for leaf in self.leaves if leaf.outcome is Outcome.AT_RISK)

    @property
    def points_at_risk(self) -> Decimal:
        return sum((leaf.at_risk for leaf in self.leaves), ZERO)

    def leaf(self, code: str) -> LeafProjection:
        for found in self.leaves:
            if found.code == code:
                return found
        raise KeyError(code)


# The method of each projectable rule kind but bands, whose method depends on its measure.
METHODS: Mapping[RuleKind, Method] = {
    RuleKind.RATIO: Method.CUMULATIVE_RATIO,
    RuleKind.COUNT: Method.COUNT_SO_FAR,
    RuleKind.SURVEY: Method.LATEST_VALUE,  # satisfaction measured during the year
}


def method_of(node: Node) -> Method | None:
    """How ``node``'s year is projected, or ``None`` when its rule is not projectable
    (judged, checklist, relative, deduction, bonus, accuracy, or a parent). A survey leaf
    follows the satisfaction the unit measures during the year (its latest figure)."""
    rule = node.rule
    if not node.is_leaf or rule is None:
        return None
    if isinstance(rule, BandsRule):
        if rule.measure_of is BandMeasure.PERCENT:
            return Method.CUMULATIVE_RATIO
        return Method.LATEST_VALUE
    return METHODS.get(rule.kind)


def projectable_leaves(criteria: CriteriaSet, group: str) -> Iterator[Node]:
    """The leaves with a projectable rule that apply to ``group`` (a node applies when it
    and every node above it do), in the set's order."""

    def visit(node: Node) -> Iterator[Node]:
        if not node.applies_to(group):
            return
        if node.is_leaf and method_of(node) is not None:
            yield node
        for child in node.children:
            yield from visit(child)

    for top in criteria.fields:
        yield from visit(top)


def _total(figures: Sequence[Figure], name: str) -> Decimal | None:
    values = [getattr(f, name) for f in figures if getattr(f, name) is not None]
    return sum(values, ZERO) if values else None


def _latest(figures: Sequence[Figure]) -> Decimal | None:
    given = [f for f in figures if f.value is not None]
    return max(given, key=lambda f: f.period).value if given else None


def year_entry(method: Method, figures: Sequence[Figure]) -> Entry | None:
    """The entry the rule scores, from the periods so far (``None``: nothing usable)."""
    if method is Method.CUMULATIVE_RATIO:
        numerator, denominator = _total(figures, "numerator"), _total(figures, "denominator")
        if numerator is None and denominator is None:
            return None
        return Entry(numerator=numerator or ZERO, denominator=denominator or ZERO)
    if method is Method.LATEST_VALUE:
        value = _latest(figures)
        return None if value is None else Entry(value=value)
    count = _total(figures, "count")
    return None if count is None else Entry(count=count)


def measure_of(method: Method, entry: Entry) -> Decimal | None:
    """The projected percent (ratio-like), value or count of ``entry``."""
    if method is Method.CUMULATIVE_RATIO:
        if not entry.denominator:
            return None
        return HUNDRED * (entry.numerator or ZERO) / entry.denominator
    if method is Method.LATEST_VALUE:
        return entry.value
    return entry.count


def full_at(rule: Rule | None, max_points: Decimal) -> Decimal | None:
    """The measure that earns full points: a percent, a value or a count."""
    if isinstance(rule, RatioRule):
        return HUNDRED * rule.full_at
    if isinstance(rule, BandsRule | SurveyRule) and rule.bands:
        reaching = [b.minimum for b in rule.bands if b.points >= max_points]
        return min(reaching) if reaching else None
    if isinstance(rule, SurveyRule):
        return HUNDRED  # max × percent / 100: full points at 100 %
    if isinstance(rule, CountRule):
        return _count_for_full(rule, max_points)
    return None


def _count_for_full(rule: CountRule, max_points: Decimal) -> Decimal | None:
    limit = max_points if rule.cap is None else min(rule.cap, max_points)
    if rule.points_each <= 0 or limit < max_points:
        return None
    return (max_points / rule.points_each).to_integral_value(ROUND_CEILING)  # whole items


def needed_percent(entry: Entry, target: Decimal | None, series: Series) -> Decimal | None:
    """The percent the remaining periods must reach for the year to end at ``target``
    (a percent), if their denominators keep the average of the periods so far."""
    elapsed = series.elapsed
    remaining = series.frequency.periods - elapsed
    denominator = entry.denominator or ZERO
    if target is None or remaining <= 0 or elapsed <= 0 or denominator <= 0:
        return None
    rest = denominator / elapsed * remaining
    wanted = target / HUNDRED * (denominator + rest) - (entry.numerator or ZERO)
    return max(ZERO, HUNDRED * wanted / rest)


def _score(node: Node, entry: Entry, rounding: RoundingPolicy) -> Decimal:
    rule = node.rule
    assert rule is not None  # projectable leaves carry a rule
    return rounding.score(rule.score(node.code, entry, node.max_points, EMPTY_CONTEXT))


def project_leaf(
    node: Node, series: Series | None, rounding: RoundingPolicy | None = None
) -> LeafProjection:
    """``node``'s projected year-end points from ``series`` (its figures so far)."""
    method = method_of(node)
    if method is None:
        raise ValueError(f"{node.code}: not a projectable leaf")
    base = LeafProjection(
        code=node.code,
        title=node.title,
        method=method,
        max_points=node.max_points,
        outcome=Outcome.NO_FIGURES,
        frequency=series.frequency if series else None,
        elapsed=series.elapsed if series else 0,
        full_at=full_at(node.rule, node.max_points),
    )
    entry = year_entry(method, series.figures) if series else None
    if series is None or entry is None:
        return base
    return _scored(node, base, entry, series, rounding or RoundingPolicy())


def _scored(
    node: Node, base: LeafProjection, entry: Entry, series: Series, rounding: RoundingPolicy
) -> LeafProjection:
    measure = measure_of(base.method, entry)
    points: Decimal | None = None
    message = ""
    try:
        points = _score(node, entry, rounding)
    except NotApplicable:
        outcome = Outcome.NOT_APPLICABLE
    except ScoreInputError as error:
        outcome, message = Outcome.INVALID, error.message
    else:
        outcome = Outcome.AT_RISK if points < node.max_points else Outcome.FULL
    needed = None
    if base.method is Method.CUMULATIVE_RATIO and outcome is Outcome.AT_RISK:
        needed = needed_percent(entry, base.full_at, series)
    return LeafProjection(
        code=base.code,
        title=base.title,
        method=base.method,
        max_points=base.max_points,
        outcome=outcome,
        frequency=base.frequency,
        elapsed=base.elapsed,
        entry=entry,
        measure=measure,
        points=points,
        full_at=base.full_at,
        needed=needed,
        message=message,
    )


def project(criteria: CriteriaSet, group: str, series: Mapping[str, Series]) -> Projection:
    """Every projectable leaf of ``criteria`` that applies to ``group``, projected from
    ``series`` (keyed by leaf code; a leaf without figures is reported as such)."""
    return Projection(
        tuple(
            project_leaf(node, series.get(node.code), criteria.rounding)
            for node in projectable_leaves(criteria, group)
        )
    )
