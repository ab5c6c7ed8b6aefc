"""Writes of results: compute (and recompute), review, publish, withdraw.

computed (a draft, may be recomputed) → reviewed (by the secretariat, with a note) →
published (frozen: never edited) → withdrawn (by an administrator, with a reason). Each
write takes the round's row first, so two people never compute or publish the same
round at once, and is audited in its own transaction.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from parindex import scoring
from parindex.apps.accounts import access
from parindex.apps.accounts.models import Unit, User
from parindex.apps.assessments.models import Round, RoundStatus
from parindex.apps.audit.services import audit_record
from parindex.apps.results.gather import ExtraEntriesRefused, gather_inputs
from parindex.apps.results.inputs import Computed, compute_inputs, freeze, sha256
from parindex.apps.results.models import (
    ACTIVE_STATES,
    HistoryRow,
    HistorySource,
    Result,
    ResultState,
)
from parindex.apps.results.selectors import thaw_result

NOT_LOCKED = _("Chỉ tính kết quả khi đợt đánh giá đã khóa hoặc đã được Hội đồng thông qua.")
SCORING_FAILED = _("Chưa tính được kết quả: {errors}")
ALREADY_PUBLISHED = _(
    "Kết quả của đợt này đã công bố nên không tính lại được. Muốn tính lại, quản trị hệ "
    "thống phải rút lại kết quả đã công bố (có lý do)."
)
REVIEW_NEEDS_COMPUTED = _("Chỉ rà soát được kết quả vừa tính, chưa rà soát.")
REVIEW_NEEDS_NOTE = _("Ghi nhận xét rà soát.")
PUBLISH_NEEDS_REVIEW = _("Chỉ công bố được kết quả đã được Tổ thư ký rà soát.")
PUBLISH_NEEDS_SIGN_OFF = _("Chỉ công bố khi Hội đồng thẩm định đã thông qua đợt đánh giá.")
STALE = _(
    "Điểm, bộ tiêu chí hoặc số liệu năm trước đã thay đổi sau lần tính; hãy tính lại kết quả trước."
)
YEAR_TAKEN = _(
    "Năm {year} đã có kết quả công bố của {units} trong một đợt đánh giá khác; rút lại "
    "kết quả đó trước."
)
WITHDRAW_NEEDS_PUBLISHED = _("Chỉ rút lại được kết quả đã công bố.")
WITHDRAW_NEEDS_REASON = _("Ghi lý do rút lại kết quả.")

ACTION_COMPUTE = "result.compute"
ACTION_RECOMPUTE = "result.recompute"
ACTION_REVIEW = "result.review"
ACTION_PUBLISH = "result.publish"
ACTION_WITHDRAW = "result.withdraw"
HASH_FIELDS = ("inputs_sha256", "results_sha256")


class ResultRefused(Exception):  # noqa: N818 - a refusal shown to people, not a bug
    """A result change that is not allowed now; ``message`` is shown to people."""

    def __init__(self, message: str | Promise) -> None:
        text = str(message)
        super().__init__(text)
        self.message = text


def _round_for_update(round_: Round) -> Round:
    return Round.objects.select_for_update().get(pk=round_.pk)


def _result_for_update(result: Result) -> Result:
    current = Result.objects.select_for_update().select_related("round").get(pk=result.pk)
    current.round = _round_for_update(current.round)
    return current


def _computed(round_: Round) -> Computed:
    try:
        return compute_inputs(gather_inputs(round_))
    except ExtraEntriesRefused as refused:
        raise ResultRefused(refused.message) from None
    except scoring.ScoringErrors as exc:
        errors = "; ".join(str(e) for e in exc.errors[:5])
        raise ResultRefused(str(SCORING_FAILED).format(errors=errors)) from None


def _audit(
    actor: User, action: str, result: Result, *, old: object, new: object, reason: str = ""
) -> None:
    audit_record(
        actor=actor,
        action=action,
        target=result,
        old=old,
        new=new,
        reason=reason,
        round_id=result.round.uuid,
    )


def _hashes(result: Result) -> dict[str, str]:
    return {name: getattr(result, name) for name in HASH_FIELDS}


def _store(result: Result, computed: Computed, actor: User) -> None:
    result.inputs, result.inputs_sha256 = computed.inputs_text, computed.inputs_sha256
    result.results, result.results_sha256 = computed.results_text, computed.results_sha256
    result.computed_at, result.computed_by = timezone.now(), actor
    result.state = ResultState.COMPUTED
    result.reviewed_at = result.reviewed_by = None
    result.review_note = ""
    result.full_clean()
    result.save()


@transaction.atomic
def result_compute(*, actor: User, round_: Round) -> tuple[Result, bool]:
    """Computes ``round_`` from its live data; a draft (computed or reviewed) is replaced.

    The survey leaves' entries measured by the year's surveys are laid over both sides'
    stored entries and frozen with them. Returns the result and whether it
    changed (recomputing unchanged inputs keeps the draft and its review as they are).
    """
    if not access.is_secretariat(actor):
        raise PermissionDenied
    current_round = _round_for_update(round_)
    if current_round.status not in (RoundStatus.LOCKED, RoundStatus.SIGNED_OFF):
        raise ResultRefused(NOT_LOCKED)
    active = current_round.results.filter(state__in=ACTIVE_STATES).first()
    if active is not None and active.is_published:
        raise ResultRefused(ALREADY_PUBLISHED)
    computed = _computed(current_round)
    if active is not None and active.inputs_sha256 == computed.inputs_sha256:
        return active, False
    old = _hashes(active) | {"state": active.state} if active is not None else None
    result = active or Result(round=current_round, year=current_round.year)
    _store(result, computed, actor)
    action = ACTION_RECOMPUTE if active is not None else ACTION_COMPUTE
    _audit(actor, action, result, old=old, new=_hashes(result) | {"state": result.state})
    return result, True


def _live_hash(result: Result) -> str:
    """The hash of the round's inputs now (stored scores, survey results, history)."""
    return sha256(freeze(gather_inputs(result.round)))


def _check_fresh(result: Result) -> None:
    if result.round.status not in (RoundStatus.LOCKED, RoundStatus.SIGNED_OFF):
        raise ResultRefused(NOT_LOCKED)
    if _live_hash(result) != result.inputs_sha256:
        raise ResultRefused(STALE)


@transaction.atomic
def result_review(*, actor: User, result: Result, note: str) -> Result:
    """The secretariat checked the computed figures (the note says against what)."""
    if not access.is_secretariat(actor):
        raise PermissionDenied
    note = note.strip()
    if not note:
        raise ResultRefused(REVIEW_NEEDS_NOTE)
    current = _result_for_update(result)
    if current.state != ResultState.COMPUTED:
        raise ResultRefused(REVIEW_NEEDS_COMPUTED)
    _check_fresh(current)
    current.state = ResultState.REVIEWED
    current.reviewed_at, current.reviewed_by, current.review_note = timezone.now(), actor, note
    current.full_clean()
    current.save(update_fields=["state", "reviewed_at", "reviewed_by", "review_note"])
    new = {"state": current.state, "review_note": note, "inputs_sha256": current.inputs_sha256}
    _audit(actor, ACTION_REVIEW, current, old={"state": ResultState.COMPUTED.value}, new=new)
    return current


def _history_rows(result: Result, computed: scoring.RoundResult) -> list[HistoryRow]:
    criteria = computed.criteria
    codes = [u.unit.code for g in computed.groups for u in g.units]
    units = {u.code: u for u in Unit.objects.filter(code__in=codes)}
    return [
        HistoryRow(
            year=result.year,
            unit_code=u.unit.code,
            unit_name=u.unit.name,
            unit=units.get(u.unit.code),
            group_code=group.group.code,
            group_name=group.group.name,
            index=u.index,
            index_decimals=criteria.rounding.index_decimals,
            rank=u.rank,
            units_in_group=len(group.units),
            class_label=u.band.label if u.band else "",
            achieved=u.appraised.achieved,
            applicable_max=u.appraised.applicable_max,
            source=HistorySource.PUBLISHED,
            result=result,
        )
        for group in computed.groups
        for u in group.units
    ]


def _check_year_free(result: Result, rows: list[HistoryRow]) -> None:
    taken = sorted(
        HistoryRow.objects.filter(
            year=result.year,
            source=HistorySource.PUBLISHED,
            unit_code__in=[r.unit_code for r in rows],
        )
        .exclude(result=result)
        .values_list("unit_code", flat=True)
    )
    if taken:
        raise ResultRefused(str(YEAR_TAKEN).format(year=result.year, units=", ".join(taken)))


@transaction.atomic
def result_publish(*, actor: User, result: Result) -> Result:
    """Publishes a reviewed result of a signed-off round; its units' figures of the year
    join the history."""
    if not access.is_secretariat(actor):
        raise PermissionDenied
    current = _result_for_update(result)
    if current.state != ResultState.REVIEWED:
        raise ResultRefused(PUBLISH_NEEDS_REVIEW)
    if current.round.status != RoundStatus.SIGNED_OFF:
        raise ResultRefused(PUBLISH_NEEDS_SIGN_OFF)
    _check_fresh(current)
    rows = _history_rows(current, thaw_result(current).compute())
    _check_year_free(current, rows)
    current.state = ResultState.PUBLISHED
    current.published_at, current.published_by = timezone.now(), actor
    current.full_clean()
    current.save(update_fields=["state", "published_at", "published_by"])
    HistoryRow.objects.bulk_create(rows)
    new = {"state": current.state, "units": sorted(r.unit_code for r in rows)}
    _audit(actor, ACTION_PUBLISH, current, old={"state": ResultState.REVIEWED.value}, new=new)
    return current


@transaction.atomic
def result_withdraw(*, actor: User, result: Result, reason: str) -> Result:
    """An administrator withdraws a published result, with a reason; the frozen figures
    stay on record, the history of that year no longer shows them and the round may be
    reopened or computed again."""
    if not access.is_admin(actor):
        raise PermissionDenied
    reason = reason.strip()
    if not reason:
        raise ResultRefused(WITHDRAW_NEEDS_REASON)
    current = _result_for_update(result)
    if current.state != ResultState.PUBLISHED:
        raise ResultRefused(WITHDRAW_NEEDS_PUBLISHED)
    current.history.all().delete()
    current.state = ResultState.WITHDRAWN
    current.withdrawn_at, current.withdrawn_by = timezone.now(), actor
    current.withdraw_reason = reason
    current.full_clean()
    current.save(update_fields=["state", "withdrawn_at", "withdrawn_by", "withdraw_reason"])
    old = {"state": ResultState.PUBLISHED.value} | _hashes(current)
    _audit(actor, ACTION_WITHDRAW, current, old=old, new={"state": current.state}, reason=reason)
    return current
