"""Writes of a unit's self-assessment: entries, evidence, submission, delegation.

Each write locks the unit's participation row, asks :mod:`deadlines` whether the unit
may still change anything, and writes its audit row in the same transaction. Entries are
validated by the leaf's scoring rule (with an empty context, as the engine will score
them) and saved with optimistic locking: a form started from an older version is refused
and nothing is overwritten.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parindex.apps.accounts import access
from parindex.apps.accounts.models import Membership, Role, User
from parindex.apps.assessments import evidence as evidence_files
from parindex.apps.assessments import revisions, rule_inputs
from parindex.apps.assessments.deadlines import self_assessment_refusal
from parindex.apps.assessments.models import (
    Delegation,
    Evidence,
    Participation,
    ParticipationStatus,
    RoundStatus,
    Score,
)
from parindex.apps.assessments.selectors_self import missing_support, node_rule
from parindex.apps.assessments.services_rounds import applicable_leaves
from parindex.apps.audit.services import audit_record
from parindex.apps.core.engine_text import engine_message
from parindex.apps.frameworks.models import CriteriaNode
from parindex.numbers import format_vn
from parindex.scoring import Entry, Rule, ScoreInputError
from parindex.scoring.rules import Context, NotApplicable

STALE = _(
    "Tiêu chí {code} vừa được {who} cập nhật sau khi bạn mở trang; thay đổi của bạn chưa "
    "được lưu. Hãy xem giá trị mới rồi nhập lại."
)
COMPUTED = _("Tiêu chí {code} được tính khi thẩm định; đơn vị không nhập điểm.")
ABOVE_MAX = _("điểm {points} vượt quá điểm tối đa {max}")
INVALID = _("Tiêu chí {code}: {message}.")
NOT_LEADER = _("Chỉ lãnh đạo đơn vị mới được thực hiện thao tác này.")
INCOMPLETE = _(
    "Chưa gửi được: {count} tiêu chí đã chấm điểm nhưng chưa có tài liệu kiểm chứng hoặc "
    "giải trình."
)
NOT_SUBMITTED = _("Đơn vị chưa gửi kết quả tự đánh giá nên không có gì để rút lại.")
WITHDRAW_CLOSED = _("Không thể rút lại: {reason}")
NOT_STAFF = _("{who} không phải cán bộ của đơn vị.")
NODE_NOT_APPLICABLE = _("Tiêu chí {code} không áp dụng cho đơn vị.")
DELEGATION_CLOSED = _("Chỉ phân công khi đợt đánh giá đang chuẩn bị hoặc đang tự đánh giá.")
ALREADY_DELEGATED = _("Tiêu chí {code} đã được giao cho {who}.")
NO_SUCH_DELEGATION = _("Không có phân công này.")
SAVED = _("Đã lưu tiêu chí {code}.")
SUBMITTED = _("Đã gửi kết quả tự đánh giá của {unit}.")
WITHDRAWN = _("Đã rút lại kết quả tự đánh giá; đơn vị có thể sửa tiếp.")
DELEGATED = _("Đã giao tiêu chí {code} cho {who}.")
REVOKED = _("Đã thu hồi tiêu chí {code} của {who}.")


class SelfAssessmentRefused(ValueError):  # noqa: N818 - a refusal shown to people
    """A self-assessment write that is not allowed; ``message`` is shown to people."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidEntry(SelfAssessmentRefused):
    """The entry does not fit the leaf's rule or its maximum."""


class StaleVersion(SelfAssessmentRefused):
    """The score changed since the form was opened."""


class SubmissionIncomplete(SelfAssessmentRefused):
    """Scored leaves without evidence or explanation; ``missing`` lists them."""

    def __init__(self, message: str, missing: list[Score]) -> None:
        super().__init__(message)
        self.missing = missing


@dataclass(frozen=True, slots=True)
class SelfInput:
    """What a person entered for a leaf (only the fields of its rule are kept)."""

    score: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    count: Decimal | None = None
    value: Decimal | None = None
    items: tuple[str, ...] | None = None
    not_applicable: bool = False
    explanation: str = ""


SIDE_FIELDS = {
    rule_inputs.SCORE: "self_score",
    rule_inputs.NUMERATOR: "self_numerator",
    rule_inputs.DENOMINATOR: "self_denominator",
    rule_inputs.COUNT: "self_count",
    rule_inputs.VALUE: "self_value",
    rule_inputs.ITEMS: "self_items",
}


def snapshot(score: Score) -> dict[str, Any]:
    """The self side of a score as the audit log keeps it."""
    out: dict[str, Any] = {column: getattr(score, column) for column in SIDE_FIELDS.values()}
    out["self_not_applicable"] = score.self_not_applicable
    out["explanation"] = score.explanation
    return out


def _entry(given: SelfInput, kept: tuple[str, ...]) -> Entry:
    values: dict[str, Any] = {name: getattr(given, name) for name in kept}
    if rule_inputs.ITEMS in values and values[rule_inputs.ITEMS] is not None:
        values[rule_inputs.ITEMS] = frozenset(values[rule_inputs.ITEMS])
    return Entry(**values)


def _validate(node: CriteriaNode, rule: Rule, entry: Entry) -> None:
    try:
        points = rule.score(node.code, entry, node.max_points, Context())
    except ScoreInputError as error:
        message = engine_message(error)
        raise InvalidEntry(str(INVALID).format(code=node.code, message=message)) from None
    except NotApplicable:  # e.g. a ratio with nothing to measure: accepted as such
        return
    if rule.counts_in_max and points > node.max_points:
        message = str(ABOVE_MAX).format(points=format_vn(points), max=format_vn(node.max_points))
        raise InvalidEntry(str(INVALID).format(code=node.code, message=message))


def entry_values(node: CriteriaNode, given: SelfInput) -> dict[str, Any]:
    """The ``self_*`` columns for ``given``, validated by the leaf's rule.

    Raises :class:`InvalidEntry` with the rule's message when the entry cannot be scored.
    """
    rule = node_rule(node)
    kept = rule_inputs.inputs(rule)
    if not kept:  # accuracy of self-scoring: nothing to enter, not even "not applicable"
        raise InvalidEntry(str(COMPUTED).format(code=node.code))
    values: dict[str, Any] = dict.fromkeys(SIDE_FIELDS.values())
    values["self_not_applicable"] = given.not_applicable
    values["explanation"] = given.explanation.strip()
    if given.not_applicable:
        return values
    entry = _entry(given, kept)
    if entry.score is None and not entry.has_raw():
        return values
    _validate(node, rule, entry)
    for name in kept:
        value = getattr(given, name)
        values[SIDE_FIELDS[name]] = list(value) if name == rule_inputs.ITEMS else value
    return values


def _lock(participation: Participation) -> Participation:
    return (
        Participation.objects.select_for_update(of=("self",))
        .select_related("round", "unit")
        .get(pk=participation.pk)
    )


def _refuse_if_closed(participation: Participation, *, draft_only: bool = True) -> None:
    refusal = self_assessment_refusal(participation, draft_only=draft_only)
    if refusal is not None:
        raise SelfAssessmentRefused(refusal)


def _audit(
    *, actor: User, action: str, participation: Participation, target: Any, **kwargs: Any
) -> None:
    audit_record(
        actor=actor,
        action=action,
        target=target,
        round_id=participation.round.uuid,
        unit_code=participation.unit.code,
        **kwargs,
    )


def _stale(score: Score) -> StaleVersion:
    current = Score.objects.select_related("updated_by").get(pk=score.pk)
    who = str(current.updated_by) if current.updated_by else "người khác"
    return StaleVersion(str(STALE).format(code=score.node.code, who=who))


@transaction.atomic
def self_score_save(*, actor: User, score: Score, given: SelfInput, version: int) -> Score:
    """Save a unit's entry for one leaf, if the version is still the current one."""
    participation = _lock(score.participation)
    _refuse_if_closed(participation)
    new = entry_values(score.node, given)
    current = Score.objects.get(pk=score.pk)
    if current.version != version:
        raise _stale(score)
    old = snapshot(current)
    if old == new:
        return current
    for column, value in new.items():
        setattr(current, column, value)
    try:
        current.full_clean()
    except ValidationError as error:
        message = " ".join(error.messages)
        raise InvalidEntry(str(INVALID).format(code=score.node.code, message=message)) from None
    changed = Score.objects.filter(pk=score.pk, version=version).update(
        **new, version=F("version") + 1, updated_by=actor, updated_at=timezone.now()
    )
    if not changed:
        raise _stale(score)
    revisions.bump_participations(participation)
    _audit(
        actor=actor,
        action="self_score.update",
        participation=participation,
        target=current,
        old=old,
        new=new,
        node_code=score.node.code,
    )
    current.refresh_from_db()
    return current


@transaction.atomic
def self_evidence_attach(*, actor: User, score: Score, upload: UploadedFile[Any]) -> Evidence:
    """Attach an evidence file to a leaf while the unit may still change its entries.

    Raises :class:`SelfAssessmentRefused` when the unit may not change anything now, and
    :class:`parindex.apps.assessments.evidence.EvidenceRefused` for an unacceptable file.
    """
    participation = _lock(score.participation)
    _refuse_if_closed(participation)
    return evidence_files.evidence_attach(actor=actor, score=score, upload=upload)


@transaction.atomic
def self_evidence_remove(*, actor: User, evidence: Evidence) -> Evidence:
    """Take a file off a leaf (the file and the row stay: superseded, not deleted)."""
    participation = _lock(evidence.score.participation)
    _refuse_if_closed(participation)
    return evidence_files.evidence_supersede(actor=actor, evidence=evidence)


def _require_leader(actor: User, participation: Participation) -> None:
    if not access.is_unit_leader(actor, participation.unit):
        raise SelfAssessmentRefused(str(NOT_LEADER))


@transaction.atomic
def self_assessment_submit(*, actor: User, participation: Participation) -> Participation:
    """The leader sends the unit's self-assessment; every scored leaf needs evidence or an
    explanation first (:class:`SubmissionIncomplete` lists those that lack both)."""
    _require_leader(actor, participation)
    locked = _lock(participation)
    _refuse_if_closed(locked)
    missing = missing_support(locked)
    if missing:
        raise SubmissionIncomplete(str(INCOMPLETE).format(count=len(missing)), missing)
    locked.status = ParticipationStatus.SUBMITTED
    locked.submitted_at = timezone.now()
    locked.submitted_by = actor
    locked.full_clean()
    locked.save(update_fields=["status", "submitted_at", "submitted_by"])
    revisions.bump_participations(locked)
    _audit(
        actor=actor,
        action="participation.submit",
        participation=locked,
        target=locked,
        old={"status": ParticipationStatus.DRAFT.value},
        new={"status": locked.status, "submitted_at": locked.submitted_at},
    )
    return locked


@transaction.atomic
def self_assessment_withdraw(*, actor: User, participation: Participation) -> Participation:
    """Back to draft, until appraisal starts and while the unit's deadline has not passed
    (a withdrawn draft after the deadline could never be sent again)."""
    _require_leader(actor, participation)
    locked = _lock(participation)
    if locked.status != ParticipationStatus.SUBMITTED:
        raise SelfAssessmentRefused(str(NOT_SUBMITTED))
    refusal = self_assessment_refusal(locked, draft_only=False)
    if refusal is not None:
        raise SelfAssessmentRefused(str(WITHDRAW_CLOSED).format(reason=refusal))
    old = {"status": locked.status, "submitted_at": locked.submitted_at}
    locked.status = ParticipationStatus.DRAFT
    locked.submitted_at = None
    locked.submitted_by = None
    locked.full_clean()
    locked.save(update_fields=["status", "submitted_at", "submitted_by"])
    revisions.bump_participations(locked)
    _audit(
        actor=actor,
        action="participation.withdraw",
        participation=locked,
        target=locked,
        old=old,
        new={"status": locked.status},
    )
    return locked


def _check_delegation_window(actor: User, participation: Participation) -> None:
    _require_leader(actor, participation)
    if participation.round.status not in (RoundStatus.PREPARING, RoundStatus.SELF_ASSESSMENT):
        raise SelfAssessmentRefused(str(DELEGATION_CLOSED))


def _check_delegation(actor: User, participation: Participation, staff: User) -> None:
    _check_delegation_window(actor, participation)
    is_staff = Membership.objects.filter(
        user=staff, unit=participation.unit, role=Role.UNIT_STAFF
    ).exists()
    if not is_staff:
        raise SelfAssessmentRefused(str(NOT_STAFF).format(who=staff))


def _applies(participation: Participation, node: CriteriaNode) -> bool:
    nodes = list(participation.round.criteria_set.nodes.all())
    if node.pk not in {n.pk for n in nodes}:
        return False
    group = participation.unit.group.code
    applicable = {n.pk for n in applicable_leaves(nodes, group)}
    by_id = {n.pk: n for n in nodes}
    below = [n for n in nodes if _under(n, node.pk, by_id)]
    return any(n.pk in applicable for n in below)


def _under(node: CriteriaNode, ancestor: int, by_id: dict[int, CriteriaNode]) -> bool:
    current: CriteriaNode | None = node
    while current is not None:
        if current.pk == ancestor:
            return True
        current = by_id.get(current.parent_id) if current.parent_id is not None else None
    return False


@transaction.atomic
def delegation_grant(
    *, actor: User, participation: Participation, staff: User, node: CriteriaNode
) -> Delegation:
    """The leader gives ``node`` (and the leaves below it) to a staff member of the unit."""
    _check_delegation(actor, participation, staff)
    if not _applies(participation, node):
        raise SelfAssessmentRefused(str(NODE_NOT_APPLICABLE).format(code=node.code))
    if participation.delegations.filter(staff=staff, node=node).exists():
        raise SelfAssessmentRefused(str(ALREADY_DELEGATED).format(code=node.code, who=staff))
    delegation = Delegation(participation=participation, staff=staff, node=node, created_by=actor)
    delegation.full_clean()
    delegation.save()
    revisions.bump_participations(participation)
    _audit(
        actor=actor,
        action="delegation.grant",
        participation=participation,
        target=participation,
        new={"staff": str(staff.uuid), "staff_name": str(staff), "node": node.code},
        node_code=node.code,
    )
    return delegation


@transaction.atomic
def delegation_revoke(
    *, actor: User, participation: Participation, staff: User, node: CriteriaNode
) -> None:
    _check_delegation_window(actor, participation)
    found = participation.delegations.filter(staff=staff, node=node)
    if not found.exists():
        raise SelfAssessmentRefused(str(NO_SUCH_DELEGATION))
    found.delete()
    revisions.bump_participations(participation)
    _audit(
        actor=actor,
        action="delegation.revoke",
        participation=participation,
        target=participation,
        old={"staff": str(staff.uuid), "staff_name": str(staff), "node": node.code},
        node_code=node.code,
    )
