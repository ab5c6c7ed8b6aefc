"""Answer counts of a survey, aggregated in SQL: one query gives, per unit, the number of
ballots and how many answers chose each option value of each question.

Each question's answer is one character of ``Ballot.answers`` (at its ``slot``), so the
query counts ``substr(answers, slot + 1, 1) = '<value>'`` per question and value,
grouped by unit: the database scans the ballots once, whatever their number.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q
from django.db.models.functions import Substr

from parindex.apps.surveys.figures import Counts, Scale
from parindex.apps.surveys.models import (
    Ballot,
    Factor,
    Option,
    Question,
    RespondentForm,
    Survey,
    SurveyUnit,
)


@dataclass(frozen=True, slots=True)
class Structure:
    """A survey's factors, questions (by slot), answer scale and respondent forms."""

    survey: Survey
    factors: tuple[Factor, ...]
    questions: tuple[Question, ...]
    options: tuple[Option, ...]
    forms: tuple[RespondentForm, ...]

    @property
    def scale(self) -> Scale:
        return Scale(
            weights={o.value: o.weight for o in self.options},
            satisfied=frozenset(o.value for o in self.options if o.satisfied),
        )

    def questions_of(self, factor: Factor) -> tuple[Question, ...]:
        return tuple(q for q in self.questions if q.factor_id == factor.pk)

    def factor(self, code: str) -> Factor | None:
        return next((f for f in self.factors if f.code == code), None)


def structure(survey: Survey) -> Structure:
    """The survey's structure (four small queries)."""
    return Structure(
        survey=survey,
        factors=tuple(survey.factors.all()),
        questions=tuple(survey.questions.all()),
        options=tuple(survey.options.all()),
        forms=tuple(survey.forms.all()),
    )


@dataclass(slots=True)
class UnitTally:
    """One unit's ballots and, per question slot, the answers per option value."""

    ballots: int = 0
    answers: dict[int, Counter[int]] = field(default_factory=dict)

    def counts(self, questions: Iterable[Question]) -> list[Counts]:
        return [self.answers.get(q.slot, Counter()) for q in questions]


def _name(slot: int, value: int) -> str:
    return f"c{slot}_{value}"


def tally(structure: Structure, *, unit_ids: Sequence[int] | None = None) -> dict[int, UnitTally]:
    """Per unit id: its ballots and answer counts (units without ballots are absent)."""
    ballots = Ballot.objects.filter(survey=structure.survey)
    if unit_ids is not None:
        ballots = ballots.filter(unit_id__in=unit_ids)
    aliases = {f"a{q.slot}": Substr("answers", q.slot + 1, 1) for q in structure.questions}
    counts: dict[str, Count] = {"ballots": Count("id")}
    for question in structure.questions:
        for option in structure.options:
            match = Q(**{f"a{question.slot}": str(option.value)})
            counts[_name(question.slot, option.value)] = Count("id", filter=match)
    rows: Iterable[dict[str, int]] = (
        ballots.alias(**aliases).values("unit_id").annotate(**counts).order_by()  # type: ignore[assignment]
    )
    out: dict[int, UnitTally] = {}
    for row in rows:
        answers = {
            q.slot: Counter({o.value: row[_name(q.slot, o.value)] for o in structure.options})
            for q in structure.questions
        }
        out[row["unit_id"]] = UnitTally(ballots=row["ballots"], answers=answers)
    return out


def ballots_by_source(survey: Survey) -> dict[int, dict[str, int]]:
    """Per unit id: the number of ballots of each source (web, paper, post office)."""
    rows = (
        Ballot.objects.filter(survey=survey)
        .values("unit_id", "source")
        .annotate(n=Count("id"))
        .order_by()
    )
    out: dict[int, dict[str, int]] = {}
    for row in rows:
        out.setdefault(row["unit_id"], {})[row["source"]] = row["n"]
    return out


def coverage(survey: Survey) -> list[SurveyUnit]:
    """The units the survey covers, in the order of groups and codes."""
    return list(survey.coverage.select_related("unit__group"))


@dataclass(frozen=True, slots=True)
class Sums:
    """Pooled answers of some questions: how many, how many satisfied, weights added."""

    answers: int = 0
    satisfied: int = 0
    weights: Decimal = Decimal(0)

    def __add__(self, other: Sums) -> Sums:
        return Sums(
            self.answers + other.answers,
            self.satisfied + other.satisfied,
            self.weights + other.weights,
        )


def sums(counts: Iterable[Counts], scale: Scale) -> Sums:
    out = Sums()
    for one in counts:
        for value, n in one.items():
            satisfied = n if value in scale.satisfied else 0
            out = out + Sums(n, satisfied, scale.weights.get(value, Decimal(0)) * n)
    return out
