"""Helpers of the planner tests (tests/planner is on the import path): a round of three
departments on a small criteria set.

* 1.1 judged, at most 4; 1.2 judged, at most 3; 8.1 a bonus of at most 1; 9.1 accuracy of
  self-scoring, 1 point when every self-score equals the appraised one. Maximum 8.
* Sở Tư pháp 4 + 2 + 1 = 7 / 8 (87,50, 1st); Sở Xây dựng 3 + 1 + 1 = 5 / 8 (62,50, 2nd);
  Sở Nội vụ 2 appraised on 1.1 (self-scored 4), 1 self-scored on 1.2 and not appraised
  yet, no bonus, no accuracy point: 3 / 8 (37,50, 3rd) while the round runs.
"""

from dataclasses import replace
from datetime import timedelta
from decimal import Decimal as D

from django.utils import timezone

from parindex import scoring
from parindex.apps.accounts.models import Unit
from parindex.apps.assessments.models import Participation, Round, RoundStatus, Score
from parindex.apps.frameworks.conversion import from_engine
from parindex.apps.results import services

FINISHED = (RoundStatus.LOCKED, RoundStatus.SIGNED_OFF)

SCORES = {  # unit → {leaf: (self score, appraised score)}
    "SNV": {"1.1": (4, 2), "1.2": (1, None)},
    "STP": {"1.1": (4, 4), "1.2": (2, 2)},
    "SXD": {"1.1": (3, 3), "1.2": (1, 1)},
}


def small_set(year=2024):
    field = scoring.Node(
        "1",
        "Chỉ đạo, điều hành",
        D(7),
        children=(
            scoring.Node("1.1", "Ban hành kế hoạch CCHC", D(4), scoring.JudgedRule()),
            scoring.Node("1.2", "Kiểm tra công tác CCHC", D(3), scoring.JudgedRule()),
        ),
    )
    accuracy = scoring.Node(
        "9",
        "Tính chính xác của tự chấm",
        D(1),
        children=(
            scoring.Node(
                "9.1",
                "Tự chấm đúng",
                D(1),
                scoring.AccuracyRule((scoring.Band(D(100), D(1)),)),
            ),
        ),
    )
    bonus = scoring.Node(
        "8",
        "Điểm thưởng",
        D(0),
        children=(scoring.Node("8.1", "Sáng kiến CCHC", D(0), scoring.BonusRule(cap=D(1))),),
    )
    return scoring.CriteriaSet(
        code=f"NHO-{year}",
        name=f"Bộ tiêu chí nhỏ {year}",
        year=year,
        fields=(field, bonus, accuracy),
        groups=(scoring.UnitGroup("so", "Sở, ban, ngành"),),
        bands=(scoring.ClassBand(D(80), "Tốt"), scoring.ClassBand(D(0), "Khá")),
    )


def with_survey(criteria):
    """``criteria`` with a field of 2 points scored by the year's SIPAS survey (2.1)."""
    survey = scoring.Node(
        "2",
        "Sự hài lòng của người dân",
        D(2),
        children=(scoring.Node("2.1", "Chỉ số SIPAS", D(2), scoring.SurveyRule()),),
    )
    first, *rest = criteria.fields
    return replace(criteria, fields=(first, survey, *rest))


def make_round(province, *, year=2024, status=RoundStatus.APPRAISAL, scores=SCORES, criteria=None):
    group = province.units["SNV"].group
    units = {code: province.units.get(code) for code in scores}
    if units.get("SXD") is None:
        units["SXD"] = Unit.objects.get_or_create(
            code="SXD", defaults={"name": "Sở Xây dựng", "group": group}
        )[0]
    now = timezone.now()
    criteria_set = from_engine(criteria or small_set(year), actor=None)
    round_ = Round.objects.create(
        name=f"Đánh giá Chỉ số CCHC năm {year} (nhỏ)",
        year=year,
        criteria_set=criteria_set,
        status=status,
        self_assessment_opens=now - timedelta(days=30),
        self_assessment_deadline=now - timedelta(days=10),
        appraisal_deadline=now + timedelta(days=20),
        locked_at=now - timedelta(days=1) if status in FINISHED else None,
        signed_off_at=now - timedelta(hours=20) if status == RoundStatus.SIGNED_OFF else None,
    )
    leaves = {n.code: n for n in criteria_set.nodes.all()}
    for code, entries in scores.items():
        participation = Participation.objects.create(round=round_, unit=units[code])
        for leaf, (own, appraised) in entries.items():
            Score.objects.create(
                participation=participation,
                node=leaves[leaf],
                self_score=None if own is None else D(own),
                appraised_score=None if appraised is None else D(appraised),
            )
    return round_


def publish(round_, actor):
    """Computed, reviewed and published through the results services."""
    result, _ = services.result_compute(actor=actor, round_=round_)
    result = services.result_review(actor=actor, result=result, note="Đã đối chiếu.")
    return services.result_publish(actor=actor, result=result)
