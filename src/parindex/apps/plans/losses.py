"""Where a unit lost points in a finished round: the one place plans read them from.

The points come from the round's published result when it has one (the frozen figures,
recomputed from the stored inputs and checked: what was published, whatever became of
the stored scores since), else from the finished round's data computed as the results
app would publish them (the year's survey points included), through
:func:`parindex.apps.results.figures.round_figures`. The appraisal opinions are the
round's (the score's own, else the council's latest message in the thread).

A loss is a sub-criterion (leaf) that applies to the unit and whose appraised points are
below its applicable maximum, or a deduction that took points off the total. Bonus points
not earned are no loss.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from parindex import scoring
from parindex.apps.assessments.models import (
    Participation,
    Round,
    RoundStatus,
    Side,
    ThreadMessage,
)
from parindex.apps.frameworks.models import CriteriaNode
from parindex.apps.results.figures import round_figures
from parindex.apps.results.gather import ExtraEntriesRefused
from parindex.apps.results.models import Result
from parindex.apps.results.selectors import ResultTampered
from parindex.scoring import RuleKind

FINISHED = (RoundStatus.LOCKED, RoundStatus.SIGNED_OFF)
NOT_FINISHED = _(
    "Đợt đánh giá «{round}» chưa kết thúc (chưa khóa hoặc chưa được Hội đồng thông qua): "
    "chưa xác định được các tiêu chí bị trừ điểm."
)
NOT_COMPUTED = _("Chưa tính được kết quả của đợt đánh giá «{round}»: {errors}")
NOT_RANKED = _("Đơn vị không có trong kết quả của đợt đánh giá «{round}».")
ZERO = Decimal(0)


class LossesUnavailable(ValueError):  # noqa: N818 - a refusal shown to people
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, slots=True)
class Loss:
    """A sub-criterion that lost points: the unit's self-assessed and appraised points,
    the applicable maximum (0 for a deduction), the points lost and the appraisal opinion."""

    node: CriteriaNode
    kind: str
    max_points: Decimal
    self_points: Decimal | None
    appraised_points: Decimal
    lost: Decimal
    opinion: str

    @property
    def code(self) -> str:
        return self.node.code

    @property
    def is_deduction(self) -> bool:
        return self.kind == RuleKind.DEDUCTION


def is_finished(round_: Round) -> bool:
    return round_.status in FINISHED


def _lost(kind: str, node: scoring.NodeScore) -> Decimal:
    if node.not_applicable or kind == RuleKind.BONUS:
        return ZERO
    if kind == RuleKind.DEDUCTION:
        return max(ZERO, -node.achieved)
    return max(ZERO, node.applicable_max - node.achieved)


def _opinions(participation: Participation) -> dict[int, str]:
    """Each leaf's appraisal opinion: the score's own, else the council's latest message."""
    thread = ThreadMessage.objects.filter(
        score__participation=participation, side=Side.COUNCIL
    ).order_by("at", "id")
    opinions = dict(thread.exclude(text="").values_list("score__node_id", "text"))
    opinions.update(participation.scores.exclude(opinion="").values_list("node_id", "opinion"))
    return opinions


def _leaves(round_: Round) -> list[CriteriaNode]:
    nodes = list(round_.criteria_set.nodes.order_by("position", "id"))
    parents = {n.parent_id for n in nodes}
    return [n for n in nodes if n.pk not in parents]


@dataclass(frozen=True, slots=True)
class UnitLosses:
    """The losses and the published result they come from (``None``: the finished
    round's data, not published yet)."""

    items: list[Loss]
    published: Result | None


def unit_losses(participation: Participation) -> list[Loss]:
    """The points ``participation``'s unit lost in its finished round, in criteria order.

    Raises :class:`LossesUnavailable` when the round is not finished or cannot be computed.
    """
    return losses_of(participation).items


def losses_of(participation: Participation) -> UnitLosses:
    """:func:`unit_losses` with the published result they come from, if any."""
    round_ = participation.round
    if not is_finished(round_):
        raise LossesUnavailable(str(NOT_FINISHED).format(round=round_.name))
    try:
        figures = round_figures(round_)
    except scoring.ScoringErrors as errors:
        shown = "; ".join(str(e) for e in errors.errors[:3])
        raise LossesUnavailable(str(NOT_COMPUTED).format(round=round_.name, errors=shown)) from None
    except ExtraEntriesRefused as refused:
        message = str(NOT_COMPUTED).format(round=round_.name, errors=refused.message)
        raise LossesUnavailable(message) from None
    except ResultTampered as tampered:
        message = str(NOT_COMPUTED).format(round=round_.name, errors=str(tampered))
        raise LossesUnavailable(message) from None
    try:
        result = figures.result.unit(participation.unit.code)
    except KeyError:
        raise LossesUnavailable(str(NOT_RANKED).format(round=round_.name)) from None
    return UnitLosses(_losses(participation, result), figures.published)


def _losses(participation: Participation, result: scoring.UnitResult) -> list[Loss]:
    round_ = participation.round
    leaves = _leaves(round_)
    opinions = _opinions(participation)
    out = []
    for node in leaves:
        if node.code not in result.appraised.position:
            continue
        appraised = result.appraised.node(node.code)
        lost = _lost(node.rule, appraised)
        if lost <= 0:
            continue
        own = result.self_scored.node(node.code)
        out.append(
            Loss(
                node=node,
                kind=node.rule,
                max_points=appraised.applicable_max,
                self_points=None if own.missing or own.not_applicable else own.achieved,
                appraised_points=appraised.achieved,
                lost=lost,
                opinion=opinions.get(node.pk, ""),
            )
        )
    return out
