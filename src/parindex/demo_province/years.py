"""What happened in each demo year: dates, who appraised what, returns and answers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from parindex.apps.accounts.models import User
from parindex.apps.assessments.models import (
    Delegation,
    ParticipationStatus,
    Round,
    RoundStatus,
    Score,
    ScoreStatus,
    Side,
)
from parindex.apps.assessments.services_appraisal import thread_post
from parindex.demo_province import accounts
from parindex.demo_province.evidence import LAW_REPORT_DONGHA, Document
from parindex.demo_province.rounds import (
    LOCK,
    SIGN_OFF,
    Built,
    RoundBuilder,
    Schedule,
    days_from_now,
    local,
)

RETURN = "score.return"
ANSWER = "score.answer"
DELEGATE = "delegation.grant"
START_APPRAISAL = "round.start_appraisal"
ALL_FIELDS = frozenset({"1", "2", "3", "4", "5", "6", "7", "8"})
# 2024: the fields whose appraisal is done, per unit group (the rest wait in the queues).
APPRAISED_2024 = {"so": frozenset({"1", "2", "6"}), "xa": frozenset({"1", "2"})}
DELEGATION_2024 = ("X-CAMLO", "3")  # the leader gives procedures (field 3) to the staff


@dataclass(frozen=True, slots=True)
class Answer:
    text: str
    document: Document


@dataclass(frozen=True, slots=True)
class Return:
    """An item returned for supplement (yêu cầu bổ sung) and, maybe, the unit's answer."""

    unit: str
    node: str
    text: str
    days_left: int
    answer: Answer | None = None


RETURNS_2024 = (
    Return(
        unit="SNV",
        node="1.3.1",
        text=(
            "Tài liệu kiểm chứng là bản chụp Kế hoạch kiểm tra CCHC năm 2024, không có chữ ký "
            "số. Đề nghị đơn vị bổ sung bản điện tử có chữ ký số của lãnh đạo Sở."
        ),
        days_left=7,
    ),
    Return(
        unit="P-DONGHA",
        node="2.3",
        text=(
            "Chưa có Báo cáo kết quả theo dõi tình hình thi hành pháp luật năm 2024. Đề nghị "
            "đơn vị bổ sung báo cáo để làm căn cứ chấm điểm."
        ),
        days_left=5,
        answer=Answer(
            text=(
                "Đơn vị bổ sung Báo cáo số 125/BC-UBND ngày 12/12/2024 về kết quả theo dõi "
                "tình hình thi hành pháp luật; đề nghị Tổ thẩm định giữ nguyên điểm tự chấm."
            ),
            document=LAW_REPORT_DONGHA,
        ),
    ),
)


def build_2023(builder: RoundBuilder) -> Built:
    """Signed off: every field appraised, the round locked and approved by the council."""
    schedule = Schedule(
        opens=local(2023, 10, 27),
        self_deadline=local(2023, 11, 20, 17),
        appraisal_deadline=local(2023, 12, 20, 17),
    )
    round_ = builder.create_round(schedule, RoundStatus.SIGNED_OFF)
    users = builder.users
    secretariat, council = users[accounts.SECRETARIAT.username], users[accounts.COUNCIL.username]
    builder.assignments(round_, by=secretariat)
    participations = builder.participations(
        round_, ParticipationStatus.APPRAISED, local(2023, 11, 17, 16)
    )
    appraise = dict.fromkeys(("so", "xa"), ALL_FIELDS)
    scores = builder.scores(participations, appraise=appraise, final=True)
    builder.attach_planned(scores)
    built = Built(round_, participations, scores)
    _close(round_, secretariat, council, builder)
    return built


def _close(round_: Round, secretariat: User, council: User, builder: RoundBuilder) -> None:
    round_.locked_at, round_.locked_by = local(2024, 1, 10, 10), secretariat
    round_.signed_off_at, round_.signed_off_by = local(2024, 1, 15, 15), council
    round_.full_clean()
    round_.save()
    _history(
        builder,
        round_,
        (secretariat, START_APPRAISAL, RoundStatus.SELF_ASSESSMENT, RoundStatus.APPRAISAL),
        (secretariat, LOCK, RoundStatus.APPRAISAL, RoundStatus.LOCKED),
        (council, SIGN_OFF, RoundStatus.LOCKED, RoundStatus.SIGNED_OFF),
    )


def _history(
    builder: RoundBuilder, round_: Round, *steps: tuple[User, str, RoundStatus, RoundStatus]
) -> None:
    """The audit rows of the round's status changes: (who, action, from, to)."""
    for actor, action, old, new in steps:
        builder.audit.add(
            actor=actor,
            action=action,
            target=round_,
            old={"status": old.value},
            new={"status": new.value},
            round_=round_,
        )


def build_2024(builder: RoundBuilder) -> Built:
    """In appraisal: everyone submitted, some fields appraised, two items returned."""
    schedule = Schedule(
        opens=days_from_now(-40, hour=8),
        self_deadline=days_from_now(-12),
        appraisal_deadline=days_from_now(18),
    )
    round_ = builder.create_round(schedule, RoundStatus.APPRAISAL)
    secretariat = builder.users[accounts.SECRETARIAT.username]
    builder.assignments(round_, by=secretariat)
    step = (secretariat, START_APPRAISAL, RoundStatus.SELF_ASSESSMENT, RoundStatus.APPRAISAL)
    _history(builder, round_, step)
    participations = builder.participations(
        round_, ParticipationStatus.IN_APPRAISAL, days_from_now(-13, hour=16)
    )
    skip = frozenset((r.unit, r.node) for r in RETURNS_2024)
    scores = builder.scores(participations, appraise=APPRAISED_2024, skip=skip, final=False)
    builder.attach_planned(scores)
    built = Built(round_, participations, scores)
    for item in RETURNS_2024:
        _return(builder, scores[item.unit, item.node], item)
    _delegate(builder, built)
    return built


def _return(builder: RoundBuilder, score: Score, item: Return) -> None:
    """The council's request and the unit's answer, as the two people wrote them."""
    appraiser = builder.users[accounts.appraiser_of(builder.field_of[item.node])]
    deadline = days_from_now(item.days_left)
    thread_post(score, Side.COUNCIL, appraiser, item.text, supplement_deadline=deadline)
    _change(
        builder,
        score,
        item,
        actor=appraiser,
        action=RETURN,
        status=ScoreStatus.RETURNED,
        new={"supplement_deadline": deadline, "request": item.text},
    )
    if item.answer is None:
        return
    staff = builder.users[accounts.staff_of(item.unit) or accounts.leader_of(item.unit) or ""]
    evidence = builder.attach(score, item.answer.document, item.unit)
    thread_post(score, Side.UNIT, staff, item.answer.text, score_value=score.self_score)
    _change(
        builder,
        score,
        item,
        actor=staff,
        action=ANSWER,
        status=ScoreStatus.SUPPLEMENTED,
        new={
            "explanation": item.answer.text,
            "proposed_score": score.self_score,
            "evidence": evidence.name,
        },
    )


def _change(
    builder: RoundBuilder,
    score: Score,
    item: Return,
    *,
    actor: User,
    action: str,
    status: ScoreStatus,
    new: dict[str, Any],
) -> None:
    """A status change of ``score`` by ``actor``, saved and audited as the services do."""
    old = {"status": score.status}
    score.status, score.version, score.updated_by = status, score.version + 1, actor
    score.save(update_fields=["status", "version", "updated_by", "updated_at"])
    builder.audit.add(
        actor=actor,
        action=action,
        target=score,
        old=old,
        new={"status": status.value, **new},
        round_=score.participation.round,
        unit=item.unit,
        node=item.node,
    )


def _delegate(builder: RoundBuilder, built: Built) -> None:
    unit, code = DELEGATION_2024
    users = builder.users
    leader = users[accounts.leader_of(unit) or ""]
    staff = users[accounts.staff_of(unit) or ""]
    row = Delegation(
        participation=built.participations[unit],
        staff=staff,
        node=builder.rows[code],
        created_by=leader,
    )
    row.full_clean()
    row.save()
    builder.audit.add(
        actor=leader,
        action=DELEGATE,
        target=row.participation,
        new={"staff": str(staff.uuid), "staff_name": str(staff), "node": code},
        round_=built.round,
        unit=unit,
        node=code,
    )
