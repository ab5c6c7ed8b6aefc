"""Scoring rules: how the raw inputs of one sub-criterion become points.

Each rule is a frozen dataclass. :meth:`Rule.score` turns an :class:`Entry` into points
for one unit; rules that need the rest of the group (``relative``) or the unit's other
scores (``accuracy``) receive that through :class:`Context`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, ClassVar

from parindex.numbers import format_vn

if TYPE_CHECKING:
    from parindex.scoring.model import Entry

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)

# Messages shown to people (numbers in Vietnamese style).
MISSING = "thiếu {what}"
NEGATIVE = "{what} không được âm ({value})"
OUT_OF_RANGE = "điểm {score} nằm ngoài khoảng {low} đến {high}"
NOT_A_DEDUCTION = "điểm trừ {score} phải nhỏ hơn hoặc bằng 0"
OFF_STEP = "điểm {score} không theo bước {step}"
UNKNOWN_ITEMS = "mục không có trong danh sách: {items}"
NUMERATOR_ABOVE = "tử số {numerator} lớn hơn mẫu số {denominator}"
NO_ITEMS = "thiếu danh sách mục đã đạt"
PERCENT_ABOVE = "tỷ lệ {value} % vượt quá 100 %"
MESSAGES = (
    MISSING,
    NEGATIVE,
    OUT_OF_RANGE,
    NOT_A_DEDUCTION,
    OFF_STEP,
    UNKNOWN_ITEMS,
    NUMERATOR_ABOVE,
    NO_ITEMS,
    PERCENT_ABOVE,
)
# What a message's ``{what}`` names: the inputs of an entry.
SCORE_WORD = "điểm"
NUMERATOR_WORD = "tử số"
DENOMINATOR_WORD = "mẫu số"
VALUE_WORD = "giá trị"
COUNT_WORD = "số lượng"
SURVEY_PERCENT_WORD = "tỷ lệ khảo sát"
PERCENT_WORD = "tỷ lệ"
WORDS = (
    SCORE_WORD,
    NUMERATOR_WORD,
    DENOMINATOR_WORD,
    VALUE_WORD,
    COUNT_WORD,
    SURVEY_PERCENT_WORD,
    PERCENT_WORD,
)


class RuleKind(StrEnum):
    JUDGED = "judged"
    CHECKLIST = "checklist"
    RATIO = "ratio"
    RELATIVE = "relative"
    BANDS = "bands"
    COUNT = "count"
    DEDUCTION = "deduction"
    BONUS = "bonus"
    ACCURACY = "accuracy"
    SURVEY = "survey"


class ZeroDenominator(StrEnum):
    """What a ratio rule gives when the denominator is 0 (nothing to measure)."""

    FULL = "full"  # nothing was due, so nothing was missed: full points
    ZERO = "zero"  # no points
    NOT_APPLICABLE = "not_applicable"  # excluded from the applicable maximum


class BandMeasure(StrEnum):
    """What a bands rule compares with its thresholds."""

    VALUE = "value"  # the entry's value as given
    PERCENT = "percent"  # numerator / denominator x 100


class SurveyMeasure(StrEnum):
    """Which figure of a survey a survey rule reads (always a percentage)."""

    SATISFIED = "satisfied"  # share of answers at a satisfied level (4-5 of 5), in %
    WEIGHTED = "weighted"  # average weight of the chosen answers (100/60/20/0), in %


class ScoreInputError(ValueError):
    """An entry that the rule cannot score; ``message`` is shown to users (Vietnamese).

    ``template`` is one of :data:`MESSAGES` and ``params`` its values (numbers already
    written the Vietnamese way, ``what`` one of :data:`WORDS`), so that an interface can
    show the message in another language: ``message == template.format(**params)``.
    """

    def __init__(self, node: str, template: str, params: Mapping[str, str] | None = None) -> None:
        self.node = node
        self.template = template
        self.params: Mapping[str, str] = dict(params or {})
        self.message = template.format(**self.params)
        super().__init__(f"{node}: {self.message}")


class NotApplicable(Exception):  # noqa: N818 - a signal, not an error
    """Raised by a rule whose inputs make the node not applicable to the unit."""


@dataclass(frozen=True, slots=True)
class Context:
    """What a rule may need beyond the unit's own entry.

    ``best``: the highest measure among the group's units (relative rules).
    ``accuracy``: the unit's share, in percent, of self-scores equal to appraised scores.
    """

    best: Decimal | None = None
    accuracy: Decimal | None = None


EMPTY_CONTEXT = Context()


@dataclass(frozen=True, slots=True)
class Band:
    """A threshold band: a measure at or above ``minimum`` earns ``points``."""

    minimum: Decimal
    points: Decimal


def _band_points(bands: tuple[Band, ...], measure: Decimal) -> Decimal:
    reached = [b for b in bands if measure >= b.minimum]
    return max(reached, key=lambda b: b.minimum).points if reached else ZERO


def _need(node: str, value: Decimal | None, what: str) -> Decimal:
    if value is None:
        raise ScoreInputError(node, MISSING, {"what": what})
    return value


def _non_negative(node: str, value: Decimal, what: str) -> Decimal:
    if value < 0:
        raise ScoreInputError(node, NEGATIVE, {"what": what, "value": format_vn(value)})
    return value


def _given(node: str, value: Decimal | None, what: str) -> Decimal:
    """An input that must be entered and not be negative."""
    return _non_negative(node, _need(node, value, what), what)


def _check_direct(node: str, score: Decimal, low: Decimal, high: Decimal) -> Decimal:
    if not low <= score <= high:
        if low.is_infinite():
            raise ScoreInputError(node, NOT_A_DEDUCTION, {"score": format_vn(score)})
        params = {"score": format_vn(score), "low": format_vn(low), "high": format_vn(high)}
        raise ScoreInputError(node, OUT_OF_RANGE, params)
    return score


@dataclass(frozen=True, slots=True)
class Rule:
    """Base of every rule.

    ``counts_in_max``: whether the node's maximum is part of the unit's applicable maximum
    (false for deductions and bonuses). ``computes``: whether the rule derives points from
    raw inputs, so that they are rounded as published; a score people entered is kept as
    entered. ``self_scored``: whether units score the node themselves, so that the
    accuracy of self-scoring compares it (false for survey results).
    """

    kind: ClassVar[RuleKind]
    counts_in_max: ClassVar[bool] = True
    self_scored: ClassVar[bool] = True
    computes: ClassVar[bool] = True
    needs_group: ClassVar[bool] = False
    needs_accuracy: ClassVar[bool] = False

    def score(self, node: str, entry: Entry, max_points: Decimal, ctx: Context) -> Decimal:
        """Points for ``entry``; a direct score wins over raw inputs."""
        if entry.score is not None and not (self.needs_accuracy and ctx.accuracy is not None):
            low, high = self.direct_range(max_points)
            return _check_direct(node, entry.score, low, high)
        return self.from_raw(node, entry, max_points, ctx)

    def direct_range(self, max_points: Decimal) -> tuple[Decimal, Decimal]:
        return ZERO, max_points

    def from_raw(self, node: str, entry: Entry, max_points: Decimal, ctx: Context) -> Decimal:
        raise ScoreInputError(node, MISSING, {"what": SCORE_WORD})

    def measure(self, node: str, entry: Entry) -> Decimal | None:
        """The raw measure compared across the group (relative rules only)."""
        return None

    def parameters(self) -> Mapping[str, object]:
        """The rule's parameters as plain values (for files and screens)."""
        return {}


@dataclass(frozen=True, slots=True)
class JudgedRule(Rule):
    """Appraiser's judgement: any value in [0, max], optionally in steps (0.25, 0.5)."""

    kind: ClassVar[RuleKind] = RuleKind.JUDGED
    computes: ClassVar[bool] = False
    step: Decimal | None = None

    def score(self, node: str, entry: Entry, max_points: Decimal, ctx: Context) -> Decimal:
        value = entry.score if entry.score is not None else entry.value
        value = _check_direct(node, _need(node, value, SCORE_WORD), ZERO, max_points)
        if self.step is not None and value % self.step != 0:
            params = {"score": format_vn(value), "step": format_vn(self.step)}
            raise ScoreInputError(node, OFF_STEP, params)
        return value

    def parameters(self) -> Mapping[str, object]:
        return {"step": self.step} if self.step is not None else {}


@dataclass(frozen=True, slots=True)
class ChecklistItem:
    code: str
    title: str
    points: Decimal


@dataclass(frozen=True, slots=True)
class ChecklistRule(Rule):
    """Sum of the points of the ticked items, at most the node's maximum."""

    kind: ClassVar[RuleKind] = RuleKind.CHECKLIST
    items: tuple[ChecklistItem, ...] = ()

    def from_raw(self, node: str, entry: Entry, max_points: Decimal, ctx: Context) -> Decimal:
        if entry.items is None:
            raise ScoreInputError(node, NO_ITEMS)
        points = {item.code: item.points for item in self.items}
        unknown = sorted(entry.items - points.keys())
        if unknown:
            raise ScoreInputError(node, UNKNOWN_ITEMS, {"items": ", ".join(unknown)})
        return min(sum((points[code] for code in entry.items), ZERO), max_points)

    def parameters(self) -> Mapping[str, object]:
        return {
            "items": [{"code": i.code, "title": i.title, "points": i.points} for i in self.items]
        }


@dataclass(frozen=True, slots=True)
class RatioRule(Rule):
    """max × numerator / denominator, clamped to [0, max].

    ``full_at``: the ratio that already earns full points (1 = 100 %; 0.9 = 90 %).
    """

    kind: ClassVar[RuleKind] = RuleKind.RATIO
    zero_denominator: ZeroDenominator = ZeroDenominator.ZERO
    full_at: Decimal = ONE

    def from_raw(self, node: str, entry: Entry, max_points: Decimal, ctx: Context) -> Decimal:
        num = _given(node, entry.numerator, NUMERATOR_WORD)
        den = _given(node, entry.denominator, DENOMINATOR_WORD)
        if den == 0:
            if self.zero_denominator is ZeroDenominator.NOT_APPLICABLE:
                raise NotApplicable
            return max_points if self.zero_denominator is ZeroDenominator.FULL else ZERO
        if num > den:
            params = {"numerator": format_vn(num), "denominator": format_vn(den)}
            raise ScoreInputError(node, NUMERATOR_ABOVE, params)
        return min(max_points, max_points * num / (den * self.full_at))

    def parameters(self) -> Mapping[str, object]:
        return {"zero_denominator": self.zero_denominator.value, "full_at": self.full_at}


@dataclass(frozen=True, slots=True)
class RelativeRule(Rule):
    """value / best value in the unit's group × max (best unit gets full points)."""

    kind: ClassVar[RuleKind] = RuleKind.RELATIVE
    needs_group: ClassVar[bool] = True

    def measure(self, node: str, entry: Entry) -> Decimal | None:
        if entry.score is not None:
            return None
        return _given(node, entry.value, VALUE_WORD)

    def from_raw(self, node: str, entry: Entry, max_points: Decimal, ctx: Context) -> Decimal:
        value = self.measure(node, entry)
        if value is None or ctx.best is None or ctx.best == 0:
            return ZERO
        return max_points * value / ctx.best


@dataclass(frozen=True, slots=True)
class BandsRule(Rule):
    """Points of the highest band the measure reaches (e.g. ≥ 90 % → 1, else 0)."""

    kind: ClassVar[RuleKind] = RuleKind.BANDS
    bands: tuple[Band, ...] = ()
    measure_of: BandMeasure = BandMeasure.VALUE

    def from_raw(self, node: str, entry: Entry, max_points: Decimal, ctx: Context) -> Decimal:
        if self.measure_of is BandMeasure.PERCENT:
            num = _given(node, entry.numerator, NUMERATOR_WORD)
            den = _given(node, entry.denominator, DENOMINATOR_WORD)
            if den == 0:
                raise NotApplicable
            measured = HUNDRED * num / den
        else:
            measured = _need(node, entry.value, VALUE_WORD)
        return min(_band_points(self.bands, measured), max_points)

    def parameters(self) -> Mapping[str, object]:
        return {
            "measure": self.measure_of.value,
            "bands": [{"min": b.minimum, "points": b.points} for b in self.bands],
        }


@dataclass(frozen=True, slots=True)
class CountRule(Rule):
    """count × points each, at most ``cap`` (default: the node's maximum)."""

    kind: ClassVar[RuleKind] = RuleKind.COUNT
    points_each: Decimal = ONE
    cap: Decimal | None = None

    def from_raw(self, node: str, entry: Entry, max_points: Decimal, ctx: Context) -> Decimal:
        count = _given(node, entry.count, COUNT_WORD)
        limit = max_points if self.cap is None else min(self.cap, max_points)
        return min(count * self.points_each, limit)

    def parameters(self) -> Mapping[str, object]:
        return {"points_each": self.points_each, "cap": self.cap}


@dataclass(frozen=True, slots=True)
class DeductionRule(Rule):
    """Deducted from the unit's total: −(count × points each), at most ``cap`` deducted.

    A direct score is the (negative or zero) number of points deducted.
    """

    kind: ClassVar[RuleKind] = RuleKind.DEDUCTION
    counts_in_max: ClassVar[bool] = False
    points_each: Decimal = ONE
    cap: Decimal | None = None

    def direct_range(self, max_points: Decimal) -> tuple[Decimal, Decimal]:
        return (-self.cap if self.cap is not None else Decimal("-Infinity")), ZERO

    def from_raw(self, node: str, entry: Entry, max_points: Decimal, ctx: Context) -> Decimal:
        count = _given(node, entry.count, COUNT_WORD)
        deducted = count * self.points_each
        if self.cap is not None:
            deducted = min(deducted, self.cap)
        return -deducted

    def parameters(self) -> Mapping[str, object]:
        return {"points_each": self.points_each, "cap": self.cap}


@dataclass(frozen=True, slots=True)
class BonusRule(Rule):
    """Bonus points outside the maximum.

    With ``minimum``: ``cap`` points once the count reaches it (more than 10 articles →
    minimum 11, cap 1). Without: count × points each, at most ``cap``.
    """

    kind: ClassVar[RuleKind] = RuleKind.BONUS
    counts_in_max: ClassVar[bool] = False
    cap: Decimal = ONE
    points_each: Decimal = ONE
    minimum: Decimal | None = None

    def direct_range(self, max_points: Decimal) -> tuple[Decimal, Decimal]:
        return ZERO, self.cap

    def from_raw(self, node: str, entry: Entry, max_points: Decimal, ctx: Context) -> Decimal:
        count = _given(node, entry.count, COUNT_WORD)
        if self.minimum is not None:
            return self.cap if count >= self.minimum else ZERO
        return min(count * self.points_each, self.cap)

    def parameters(self) -> Mapping[str, object]:
        return {"cap": self.cap, "points_each": self.points_each, "minimum": self.minimum}


@dataclass(frozen=True, slots=True)
class AccuracyRule(Rule):
    """Accuracy of self-scoring: the share (%) of the unit's scored sub-criteria whose
    self-score equals the appraised score, turned into points by bands.

    The self-scoring side compares the unit with itself, so it claims full points.
    """

    kind: ClassVar[RuleKind] = RuleKind.ACCURACY
    needs_accuracy: ClassVar[bool] = True
    bands: tuple[Band, ...] = ()

    def from_raw(self, node: str, entry: Entry, max_points: Decimal, ctx: Context) -> Decimal:
        if ctx.accuracy is None:
            return max_points
        return min(_band_points(self.bands, ctx.accuracy), max_points)

    def parameters(self) -> Mapping[str, object]:
        return {"bands": [{"min": b.minimum, "points": b.points} for b in self.bands]}


@dataclass(frozen=True, slots=True)
class SurveyRule(Rule):
    """Points from a survey: the entry's ``value`` is the measured percentage (satisfied
    answers, or the weighted score) of the unit in the survey named by ``survey``.

    ``survey``: a survey kind (``sipas``, ``sociological``) or a survey's code.
    ``measure_of``: which percentage. ``factor``: only that factor's questions.
    Points = max × percentage / 100, or with ``bands`` the points of the band reached.
    Units never score it themselves: the accuracy of self-scoring leaves it out.
    """

    kind: ClassVar[RuleKind] = RuleKind.SURVEY
    self_scored: ClassVar[bool] = False
    survey: str = "sipas"
    measure_of: SurveyMeasure = SurveyMeasure.SATISFIED
    factor: str | None = None
    bands: tuple[Band, ...] = ()

    def from_raw(self, node: str, entry: Entry, max_points: Decimal, ctx: Context) -> Decimal:
        percent = _non_negative(node, _need(node, entry.value, SURVEY_PERCENT_WORD), PERCENT_WORD)
        if percent > HUNDRED:
            raise ScoreInputError(node, PERCENT_ABOVE, {"value": format_vn(percent)})
        if self.bands:
            return min(_band_points(self.bands, percent), max_points)
        return max_points * percent / HUNDRED

    def parameters(self) -> Mapping[str, object]:
        out: dict[str, object] = {"survey": self.survey, "measure": self.measure_of.value}
        if self.factor is not None:
            out["factor"] = self.factor
        if self.bands:
            out["bands"] = [{"min": b.minimum, "points": b.points} for b in self.bands]
        return out


RULE_TYPES: Mapping[RuleKind, type[Rule]] = {
    cls.kind: cls
    for cls in (
        JudgedRule,
        ChecklistRule,
        RatioRule,
        RelativeRule,
        BandsRule,
        CountRule,
        DeductionRule,
        BonusRule,
        AccuracyRule,
        SurveyRule,
    )
}
