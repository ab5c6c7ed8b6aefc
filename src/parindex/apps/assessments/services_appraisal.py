"""Appraisal writes: appraise an item, return it for supplement, the unit's answer, and
the round's lock, sign-off and reopening.

Every write runs in one transaction that first takes the round row (so that a lock
cannot slip between the check and the change), refuses anything once the round is not
open for appraisal, and writes its audit row. Item writes are guarded by the score's
``version``: ``UPDATE ... WHERE version = n`` must change exactly one row, otherwise
someone else saved first and :class:`StaleVersion` carries what they saved.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise as StrPromise
from django.utils.translation import gettext_lazy as _

from parindex import scoring
from parindex.apps.accounts import access
from parindex.apps.accounts.models import User
from parindex.apps.assessments import revisions
from parindex.apps.assessments.entries import side_entry
from parindex.apps.assessments.evidence import EvidenceRefused, evidence_attach
from parindex.apps.assessments.models import (
    Round,
    RoundStatus,
    Score,
    ScoreStatus,
    Side,
    ThreadMessage,
)
from parindex.apps.assessments.services_rounds import reopen_refusal
from parindex.apps.audit.services import audit_record
from parindex.apps.core.engine_text import engine_message
from parindex.apps.frameworks.models import CriteriaNode
from parindex.numbers import format_vn
from parindex.scoring.rules import EMPTY_CONTEXT, NotApplicable, RuleKind, ScoreInputError
from parindex.scoring.serialize import rule_from_params

STORED = Decimal("0.0001")  # the precision of stored scores

# Messages shown to people.
ROUND_CLOSED = _(
    "Đợt đánh giá không ở giai đoạn thẩm định (chưa bắt đầu, đã khóa hoặc đã thông qua): "
    "không thay đổi được."
)
STALE = _(
    "Mục {code} vừa được {who} lưu lúc {at}; thay đổi của bạn chưa được lưu. Hiện tại: "
    "điểm thẩm định {score}, trạng thái «{status}», ý kiến «{opinion}». Xem lại rồi lưu lần nữa."
)
NO_ENTRY = _("chưa có")
ENTRY_NOT_APPLICABLE = _("không áp dụng")
ENTRY_NUMERATOR = _("tử số")
ENTRY_DENOMINATOR = _("mẫu số")
ENTRY_COUNT = _("số lượng")
ENTRY_VALUE = _("giá trị")
ENTRY_ITEMS = _("mục đạt: {items}")
ENTRY_NO_ITEMS = _("không có")
COMPUTED = _("Tiêu chí này do hệ thống tự tính từ kết quả thẩm định, không nhập điểm.")
NOTHING_ENTERED = _("Nhập điểm thẩm định hoặc số liệu, hoặc chọn «không áp dụng».")
RETURN_NEEDS_TEXT = _("Ghi rõ nội dung cần đơn vị bổ sung.")
DEADLINE_NOT_FUTURE = _("Hạn bổ sung phải sau thời điểm hiện tại.")
NOT_RETURNED = _("Mục này không ở trạng thái yêu cầu bổ sung.")
DEADLINE_PASSED = _("Đã quá hạn bổ sung ({deadline}): không gửi được giải trình.")
ANSWER_NEEDS_TEXT = _("Ghi nội dung giải trình, bổ sung.")
LOCK_NEEDS_APPRAISAL = _("Chỉ khóa được đợt đang ở giai đoạn thẩm định.")
SIGN_OFF_NEEDS_LOCK = _("Chỉ thông qua được đợt đã khóa.")
REOPEN_NEEDS_LOCK = _("Chỉ mở lại được đợt đã khóa hoặc đã thông qua.")
REOPEN_NEEDS_REASON = _("Ghi lý do mở lại đợt đánh giá.")

# Audit actions written here.
ACTION_APPRAISE = "score.appraise"
ACTION_RETURN = "score.return"
ACTION_ANSWER = "score.answer"
ACTION_LOCK = "round.lock"
ACTION_SIGN_OFF = "round.sign_off"
ACTION_REOPEN = "round.reopen"

APPRAISED_FIELDS = (
    "appraised_score",
    "appraised_numerator",
    "appraised_denominator",
    "appraised_count",
    "appraised_value",
    "appraised_items",
    "appraised_not_applicable",
)
# A second appraisal closes an item the council returned.
AFTER_APPRAISAL = {
    ScoreStatus.OPEN: ScoreStatus.APPRAISED,
    ScoreStatus.APPRAISED: ScoreStatus.APPRAISED,
    ScoreStatus.RETURNED: ScoreStatus.CLOSED,
    ScoreStatus.SUPPLEMENTED: ScoreStatus.CLOSED,
    ScoreStatus.CLOSED: ScoreStatus.CLOSED,
}


class AppraisalRefused(Exception):  # noqa: N818 - a refusal shown to people, not a bug
    """A write the workflow refuses; ``message`` is shown to people (Vietnamese)."""

    def __init__(self, message: str | StrPromise) -> None:
        text = str(message)  # in the language of the request that was refused
        super().__init__(text)
        self.message = text


class StaleVersion(AppraisalRefused):
    """Someone saved the item since the form was shown; ``current`` is what they saved."""

    def __init__(self, current: Score) -> None:
        super().__init__(stale_message(current))
        self.current = current


@dataclass(frozen=True, slots=True)
class Answer:
    """A unit's answer to a returned item: explanation, an optional proposed score and
    optionally one more evidence file."""

    text: str
    proposed: Decimal | None = None
    upload: UploadedFile[bytes] | None = None


def round_is_open_for_appraisal(round_: Round) -> bool:
    """Whether appraisal writes (appraise, return, answer) are accepted in ``round_``."""
    return round_.status == RoundStatus.APPRAISAL


# Accuracy nodes (computed from the appraisal) and survey results (from the surveys) are
# never entered, by the unit or by an appraiser.
COMPUTED_KINDS = (RuleKind.ACCURACY, RuleKind.SURVEY)


def is_computed(node: CriteriaNode) -> bool:
    return node.rule in COMPUTED_KINDS


def current_deadline(score: Score) -> datetime | None:
    """The supplement deadline of the council's latest return of ``score``."""
    message = (
        score.thread.filter(side=Side.COUNCIL, supplement_deadline__isnull=False)
        .order_by("-at", "-id")
        .first()
    )
    return None if message is None else message.supplement_deadline


def stale_message(current: Score) -> str:
    at = timezone.localtime(current.updated_at)
    entry = side_entry(current, "appraised")
    return STALE.format(
        code=current.node.code,
        who=current.updated_by or _("người khác"),
        at=f"{at:%H:%M:%S %d/%m/%Y}",
        score=describe_entry(entry),
        status=current.get_status_display(),
        opinion=current.opinion or "—",
    )


def describe_entry(entry: scoring.Entry | None) -> str:
    """A short description of an entry in the reader's language (for messages and the
    appraisal page)."""
    if entry is None:
        return str(NO_ENTRY)
    if entry.not_applicable:
        return str(ENTRY_NOT_APPLICABLE)
    parts = []
    if entry.score is not None:
        parts.append(format_vn(entry.score.normalize()))
    for label, value in (
        (ENTRY_NUMERATOR, entry.numerator),
        (ENTRY_DENOMINATOR, entry.denominator),
        (ENTRY_COUNT, entry.count),
        (ENTRY_VALUE, entry.value),
    ):
        if value is not None:
            parts.append(f"{label} {format_vn(value.normalize())}")
    if entry.items is not None:
        items = ", ".join(sorted(entry.items)) or str(ENTRY_NO_ITEMS)
        parts.append(str(ENTRY_ITEMS).format(items=items))
    return "; ".join(parts)


def entry_points(node: CriteriaNode, entry: scoring.Entry) -> Decimal | None:
    """Points of ``entry`` under the node's rule (``None``: not applicable);
    raises :class:`AppraisalRefused` with the rule's message when the entry is invalid."""
    if entry.not_applicable:
        return None
    if entry.score is None and not entry.has_raw():
        raise AppraisalRefused(NOTHING_ENTERED)
    rule = rule_from_params(node.rule, node.parameters) if node.rule else scoring.JudgedRule()
    try:
        points = rule.score(node.code, entry, node.max_points, EMPTY_CONTEXT)
    except NotApplicable:
        return None
    except ScoreInputError as exc:
        raise AppraisalRefused(engine_message(exc)) from None
    return points.quantize(STORED)


def appraised_values(entry: scoring.Entry) -> dict[str, Any]:
    return {
        "appraised_score": entry.score,
        "appraised_numerator": entry.numerator,
        "appraised_denominator": entry.denominator,
        "appraised_count": entry.count,
        "appraised_value": entry.value,
        "appraised_items": None if entry.items is None else sorted(entry.items),
        "appraised_not_applicable": entry.not_applicable,
    }


def _snapshot(score: Score, *names: str) -> dict[str, Any]:
    return {name: getattr(score, name) for name in names}


def _open_round(round_id: int) -> Round:
    """The round row, held until the transaction ends; refused unless open for appraisal."""
    round_ = Round.objects.select_for_update(no_key=True).get(pk=round_id)
    if not round_is_open_for_appraisal(round_):
        raise AppraisalRefused(ROUND_CLOSED)
    return round_


def _fresh(score: Score) -> Score:
    return Score.objects.select_related(
        "node", "participation__unit", "participation__round", "updated_by"
    ).get(pk=score.pk)


def _guarded_update(score: Score, expected_version: int, actor: User, **values: Any) -> None:
    """Apply ``values`` only if the row is still at ``expected_version``."""
    for name, value in values.items():
        setattr(score, name, value)
    try:
        score.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        raise AppraisalRefused(" ".join(exc.messages)) from None
    now = timezone.now()
    changed = Score.objects.filter(pk=score.pk, version=expected_version).update(
        **values, version=expected_version + 1, updated_by=actor, updated_at=now
    )
    if changed != 1:
        raise StaleVersion(_fresh(score))
    revisions.bump_score(score)
    score.version, score.updated_by, score.updated_at = expected_version + 1, actor, now


def _audit(actor: User, action: str, score: Score, old: Any, new: Any) -> None:
    participation = score.participation
    audit_record(
        actor=actor,
        action=action,
        target=score,
        old=old,
        new=new,
        round_id=participation.round.uuid,
        unit_code=participation.unit.code,
        node_code=score.node.code,
    )


def _current(score: Score, expected_version: int) -> Score:
    """The row as it is now (read once the round is held), if still at the form's version."""
    current = _fresh(score)
    if current.version != expected_version:
        raise StaleVersion(current)
    return current


def _appraisable(actor: User, score: Score, expected_version: int) -> Score:
    """The current row in its open round, if ``actor`` appraises the score's field."""
    found = _fresh(score)
    if not access.can_appraise(actor, found.participation.round, found.node):
        raise PermissionDenied
    _open_round(found.participation.round_id)
    return _current(found, expected_version)


@transaction.atomic
def score_appraise(
    *, actor: User, score: Score, expected_version: int, entry: scoring.Entry, opinion: str
) -> Score:
    """Set the appraised entry and opinion of ``score`` (a second appraisal closes it)."""
    current = _appraisable(actor, score, expected_version)
    if is_computed(current.node):
        raise AppraisalRefused(COMPUTED)
    points = entry_points(current.node, entry)
    names = (*APPRAISED_FIELDS, "opinion", "status")
    old = _snapshot(current, *names)
    opinion = opinion.strip()
    status = AFTER_APPRAISAL[ScoreStatus(current.status)]
    _guarded_update(
        current, expected_version, actor, **appraised_values(entry), opinion=opinion, status=status
    )
    if opinion and opinion != old["opinion"]:
        # A relative rule's points depend on the whole group: shown once computed, not here.
        relative = current.node.rule == RuleKind.RELATIVE and entry.score is None
        thread_post(current, Side.COUNCIL, actor, opinion, score_value=None if relative else points)
    _audit(actor, ACTION_APPRAISE, current, old, _snapshot(current, *names))
    return current


@transaction.atomic
def score_return(
    *, actor: User, score: Score, expected_version: int, text: str, deadline: datetime
) -> Score:
    """Return ``score`` to its unit for supplement until ``deadline``."""
    current = _appraisable(actor, score, expected_version)
    text = text.strip()
    if not text:
        raise AppraisalRefused(RETURN_NEEDS_TEXT)
    if deadline <= timezone.now():
        raise AppraisalRefused(DEADLINE_NOT_FUTURE)
    old = _snapshot(current, "status")
    _guarded_update(current, expected_version, actor, status=ScoreStatus.RETURNED)
    thread_post(current, Side.COUNCIL, actor, text, supplement_deadline=deadline)
    new = {"status": current.status, "supplement_deadline": deadline, "request": text}
    _audit(actor, ACTION_RETURN, current, old, new)
    return current


def _check_answer(current: Score, answer: Answer) -> None:
    if current.status != ScoreStatus.RETURNED:
        raise AppraisalRefused(NOT_RETURNED)
    deadline = current_deadline(current)
    if deadline is not None and timezone.now() > deadline:
        shown = f"{timezone.localtime(deadline):%H:%M %d/%m/%Y}"
        raise AppraisalRefused(DEADLINE_PASSED.format(deadline=shown))
    if not answer.text.strip():
        raise AppraisalRefused(ANSWER_NEEDS_TEXT)
    if answer.proposed is not None:
        entry_points(current.node, scoring.Entry(score=answer.proposed))


@transaction.atomic
def score_answer(*, actor: User, score: Score, expected_version: int, answer: Answer) -> Score:
    """The unit answers a returned item before its deadline: explanation and a proposed
    score; the item waits for the council's second appraisal."""
    found = _fresh(score)
    if not access.can_self_score(actor, found.participation, found.node):
        raise PermissionDenied
    _open_round(found.participation.round_id)
    current = _current(found, expected_version)
    _check_answer(current, answer)
    old = _snapshot(current, "status")
    _guarded_update(current, expected_version, actor, status=ScoreStatus.SUPPLEMENTED)
    text = answer.text.strip()
    thread_post(current, Side.UNIT, actor, text, score_value=answer.proposed)
    new = {"status": current.status, "explanation": text, "proposed_score": answer.proposed}
    if answer.upload is not None:
        try:
            evidence = evidence_attach(actor=actor, score=current, upload=answer.upload)
        except EvidenceRefused as exc:
            raise AppraisalRefused(exc.message) from None
        new["evidence"] = evidence.name
    _audit(actor, ACTION_ANSWER, current, old, new)
    return current


def thread_post(
    score: Score,
    side: Side,
    author: User,
    text: str,
    *,
    score_value: Decimal | None = None,
    supplement_deadline: datetime | None = None,
) -> ThreadMessage:
    """Adds a message to the score's two-column thread (unit ↔ council)."""
    message = ThreadMessage(
        score=score,
        side=side,
        author=author,
        text=text,
        score_value=score_value,
        supplement_deadline=supplement_deadline,
    )
    message.full_clean()
    message.save()
    revisions.bump_score(score)
    return message


# --- the round: lock, sign-off, reopen ----------------------------------------------------


def _round_for_update(round_: Round) -> Round:
    return Round.objects.select_for_update().get(pk=round_.pk)


def _round_audit(actor: User, action: str, round_: Round, old: str, reason: str = "") -> None:
    audit_record(
        actor=actor,
        action=action,
        target=round_,
        old={"status": old},
        new={"status": round_.status},
        reason=reason,
        round_id=round_.uuid,
    )


@transaction.atomic
def round_lock(*, actor: User, round_: Round) -> Round:
    """The secretariat locks the round: after this nothing changes until a reopen."""
    if not access.is_secretariat(actor):
        raise PermissionDenied
    current = _round_for_update(round_)
    if current.status != RoundStatus.APPRAISAL:
        raise AppraisalRefused(LOCK_NEEDS_APPRAISAL)
    old = current.status
    current.status, current.locked_at, current.locked_by = RoundStatus.LOCKED, timezone.now(), actor
    current.full_clean()
    current.save(update_fields=["status", "locked_at", "locked_by"])
    revisions.bump_round(current)
    _round_audit(actor, ACTION_LOCK, current, old)
    return current


@transaction.atomic
def round_sign_off(*, actor: User, round_: Round) -> Round:
    """The council (a member, or the secretariat for it) signs off a locked round."""
    if not (access.is_council(actor) or access.is_secretariat(actor)):
        raise PermissionDenied
    current = _round_for_update(round_)
    if current.status != RoundStatus.LOCKED:
        raise AppraisalRefused(SIGN_OFF_NEEDS_LOCK)
    old = current.status
    current.status = RoundStatus.SIGNED_OFF
    current.signed_off_at, current.signed_off_by = timezone.now(), actor
    current.full_clean()
    current.save(update_fields=["status", "signed_off_at", "signed_off_by"])
    revisions.bump_round(current)
    _round_audit(actor, ACTION_SIGN_OFF, current, old)
    return current


@transaction.atomic
def round_reopen(*, actor: User, round_: Round, reason: str) -> Round:
    """The secretariat reopens a locked or signed-off round for appraisal, with a reason."""
    if not access.is_secretariat(actor):
        raise PermissionDenied
    reason = reason.strip()
    if not reason:
        raise AppraisalRefused(REOPEN_NEEDS_REASON)
    current = _round_for_update(round_)
    if current.status not in (RoundStatus.LOCKED, RoundStatus.SIGNED_OFF):
        raise AppraisalRefused(REOPEN_NEEDS_LOCK)
    if (refusal := reopen_refusal(current)) is not None:
        raise AppraisalRefused(refusal)
    old = current.status
    current.status = RoundStatus.APPRAISAL
    current.locked_at = current.locked_by = current.signed_off_at = current.signed_off_by = None
    current.full_clean()
    fields = ["status", "locked_at", "locked_by", "signed_off_at", "signed_off_by"]
    current.save(update_fields=fields)
    revisions.bump_round(current)
    _round_audit(actor, ACTION_REOPEN, current, old, reason)
    return current
