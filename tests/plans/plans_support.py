"""Helpers of the plans tests, shared with the browser tests (tests/e2e)."""

from dataclasses import dataclass
from decimal import Decimal as D

from django.utils import timezone

from parindex.apps.assessments.models import RoundStatus, Score, Side, ThreadMessage
from parindex.apps.assessments.services_rounds import participation_ensure_scores
from parindex.scoring import RuleKind

OPINION = "Kế hoạch kiểm tra ban hành chậm so với quy định; trừ 0,25 điểm."
THREAD_OPINION = "Có 4/19 nhiệm vụ hoàn thành chậm so với thời hạn được giao."
LOSSES = {"1.3.1": D("0.25"), "1.6": D("1.5"), "4.5": D("-0.5")}


def full_points(score):
    """Both sides at the rule's best: the maximum, no deduction, no bonus."""
    kind = score.node.rule
    if kind == RuleKind.ACCURACY:
        return
    value = D(0) if kind in (RuleKind.DEDUCTION, RuleKind.BONUS) else score.node.max_points
    score.self_score = score.appraised_score = value


@dataclass
class Finished:
    round: object
    participation: object
    criteria_set: object


def finish_round(province, appraiser):
    """The province's round signed off, SNV having lost points on 1.3.1, 1.6 and 4.5 (also
    used by the browser tests)."""
    participation = province.participations["SNV"]
    participation_ensure_scores(participation)
    scores = list(Score.objects.filter(participation=participation).select_related("node"))
    for score in scores:
        full_points(score)
        if score.node.code in LOSSES:
            score.appraised_score = LOSSES[score.node.code]
        if score.node.code == "1.3.1":
            score.opinion = OPINION
    Score.objects.bulk_update(scores, ["self_score", "appraised_score", "opinion"])
    ThreadMessage.objects.create(
        score=next(s for s in scores if s.node.code == "1.6"),
        side=Side.COUNCIL,
        author=appraiser,
        text=THREAD_OPINION,
    )
    round_ = province.round
    round_.status = RoundStatus.SIGNED_OFF
    round_.signed_off_at = timezone.now()
    round_.save()
    participation.round = round_
    return Finished(round_, participation, province.criteria_set)
