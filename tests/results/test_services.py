"""Computing, reviewing, publishing and withdrawing results: each step's rules, its audit
row, the frozen inputs and the history a publication writes."""

import json
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied
from results_support import compute, publish, set_status

from parindex import scoring
from parindex.apps.assessments.entries import round_results
from parindex.apps.assessments.models import Participation, Round, RoundStatus, Score
from parindex.apps.assessments.services_appraisal import AppraisalRefused, round_reopen
from parindex.apps.audit.models import AuditEntry
from parindex.apps.results import services
from parindex.apps.results.gather import EXTRA_NOT_A_LEAF, EXTRA_UNKNOWN_UNIT
from parindex.apps.results.guards import ROUND_HAS_PUBLISHED_RESULT
from parindex.apps.results.inputs import results_text, sha256, thaw
from parindex.apps.results.models import HistoryRow, HistorySource, Result, ResultState

pytestmark = pytest.mark.django_db


def actions(result):
    return list(
        AuditEntry.objects.filter(target_id=str(result.uuid))
        .order_by("at", "id")
        .values_list("action", flat=True)
    )


def figures(data):
    """Each unit's rank, index, points and field points, as numbers."""
    return {
        u["code"]: (
            u["rank"],
            D(u["index"]),
            D(u["achieved"]),
            D(u["applicable_max"]),
            [(f["code"], f["achieved"] and D(f["achieved"])) for f in u["fields"]],
        )
        for g in data["groups"]
        for u in g["units"]
    }


def change_appraised(province, unit, node, score):
    Score.objects.filter(participation=province.participations[unit], node__code=node).update(
        appraised_score=D(score), appraised_numerator=None, appraised_denominator=None
    )


# --- computing ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "status", [RoundStatus.PREPARING, RoundStatus.SELF_ASSESSMENT, RoundStatus.APPRAISAL]
)
def test_a_round_is_computed_only_once_locked(scored, personas, status):
    set_status(scored.round, status)
    with pytest.raises(services.ResultRefused) as refused:
        compute(scored.round, personas.secretariat)
    assert refused.value.message == str(services.NOT_LOCKED)
    assert not Result.objects.exists()


def test_computing_freezes_the_inputs_and_the_engines_results(scored, personas):
    set_status(scored.round, RoundStatus.LOCKED)
    result = compute(scored.round, personas.secretariat)
    assert result.state == ResultState.COMPUTED
    assert result.year == 2024
    assert result.computed_by == personas.secretariat
    assert result.inputs_sha256 == sha256(result.inputs)
    assert result.results_sha256 == sha256(result.results)
    # the same figures as the appraisal pages' running results
    assert figures(json.loads(result.results)) == figures(
        json.loads(results_text(round_results(scored.round)))
    )
    assert actions(result) == ["result.compute"]
    entry = AuditEntry.objects.get(action="result.compute")
    assert entry.round_id == scored.round.uuid
    assert entry.new["inputs_sha256"] == result.inputs_sha256


def test_the_frozen_inputs_hold_the_criteria_units_and_both_sides(signed_off, personas):
    inputs = thaw(compute(signed_off, personas.secretariat).inputs)
    assert inputs.round.uuid == str(signed_off.uuid)
    assert [u.code for u in inputs.units] == ["SNV", "STP", "X-A"]
    assert inputs.criteria.code == signed_off.criteria_set.code
    assert inputs.scores["SNV"].appraised["1.3.1"] == scoring.Entry(score=D("0.5"))
    assert inputs.extra == {}
    assert inputs.previous == {}


def test_recomputing_unchanged_inputs_keeps_the_draft_and_its_review(signed_off, personas):
    first = compute(signed_off, personas.secretariat)
    services.result_review(actor=personas.secretariat, result=first, note="Khớp biên bản.")
    again, changed = services.result_compute(actor=personas.secretariat, round_=signed_off)
    assert (again.pk, changed) == (first.pk, False)
    assert Result.objects.get(pk=first.pk).state == ResultState.REVIEWED
    assert actions(first) == ["result.compute", "result.review"]


def test_recomputing_changed_scores_replaces_the_draft_and_its_review(scored, personas):
    set_status(scored.round, RoundStatus.LOCKED)
    first = compute(scored.round, personas.secretariat)
    old_hash = first.inputs_sha256
    services.result_review(actor=personas.secretariat, result=first, note="Khớp biên bản.")
    change_appraised(scored, "SNV", "1.3.1", "0")
    again, changed = services.result_compute(actor=personas.secretariat, round_=scored.round)
    assert changed
    assert again.pk == first.pk
    assert again.state == ResultState.COMPUTED
    assert (again.reviewed_by, again.review_note) == (None, "")
    assert again.inputs_sha256 != old_hash
    entry = AuditEntry.objects.get(action="result.recompute")
    assert entry.old["inputs_sha256"] == old_hash
    assert entry.old["state"] == ResultState.REVIEWED
    assert entry.new["inputs_sha256"] == again.inputs_sha256


def test_scores_the_engine_refuses_stop_the_computation(scored, personas):
    set_status(scored.round, RoundStatus.LOCKED)
    Score.objects.filter(participation=scored.participations["SNV"], node__code="1.3.1").update(
        appraised_score=D("7")
    )
    with pytest.raises(services.ResultRefused, match="Chưa tính được kết quả: đơn vị SNV"):
        compute(scored.round, personas.secretariat)


def test_last_years_figures_of_the_same_units_are_compared(signed_off, personas):
    HistoryRow.objects.create(
        year=2023,
        unit_code="SNV",
        unit_name="Sở Nội vụ",
        group_code="so",
        group_name="Sở, ban, ngành",
        index=D("84.66"),
        index_decimals=2,
        rank=2,
        source=HistorySource.IMPORTED,
    )
    result = compute(signed_off, personas.secretariat)
    units = {u["code"]: u for g in json.loads(result.results)["groups"] for u in g["units"]}
    snv = units["SNV"]
    assert (snv["previous_index"], snv["previous_rank"]) == ("84.66", 2)
    assert D(snv["index_change"]) == D(snv["index"]) - D("84.66")
    assert units["STP"]["previous_index"] is None
    assert thaw(result.inputs).previous["SNV"].source == "imported"


def test_survey_entries_are_laid_over_both_sides_and_frozen(signed_off, personas, survey_points):
    extra = {"SNV": {"1.3.1": scoring.Entry(score=D("0"))}}
    survey_points(extra)
    result = compute(signed_off, personas.secretariat)
    assert thaw(result.inputs).extra == extra
    plain = round_results(signed_off).unit("SNV")
    units = {u["code"]: u for g in json.loads(result.results)["groups"] for u in g["units"]}
    assert D(units["SNV"]["achieved"]) == plain.appraised.achieved - D("0.5")


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"NOBODY": {"1.3.1": scoring.Entry(score=D(0))}}, EXTRA_UNKNOWN_UNIT),
        ({"SNV": {"1.3": scoring.Entry(score=D(0))}}, EXTRA_NOT_A_LEAF),
    ],
)
def test_survey_entries_must_name_a_unit_of_the_round_and_a_leaf(
    signed_off, personas, survey_points, extra, message
):
    survey_points(extra)
    with pytest.raises(services.ResultRefused) as refused:
        compute(signed_off, personas.secretariat)
    assert refused.value.message.startswith(str(message).split("«")[0])


@pytest.mark.parametrize("who", ["staff", "leader", "appraiser", "council", "outsider"])
def test_only_the_secretariat_computes(signed_off, personas, who):
    with pytest.raises(PermissionDenied):
        compute(signed_off, getattr(personas, who))


# --- review and publication ---------------------------------------------------------------


def test_a_review_needs_a_note(signed_off, personas):
    result = compute(signed_off, personas.secretariat)
    with pytest.raises(services.ResultRefused) as refused:
        services.result_review(actor=personas.secretariat, result=result, note="  ")
    assert refused.value.message == str(services.REVIEW_NEEDS_NOTE)


def test_the_secretariat_reviews_with_a_note(signed_off, personas):
    result = compute(signed_off, personas.secretariat)
    reviewed = services.result_review(
        actor=personas.secretariat, result=result, note="Đã đối chiếu biên bản."
    )
    assert reviewed.state == ResultState.REVIEWED
    assert reviewed.reviewed_by == personas.secretariat
    entry = AuditEntry.objects.get(action="result.review")
    assert entry.new["review_note"] == "Đã đối chiếu biên bản."


def test_a_result_whose_scores_changed_since_is_neither_reviewed_nor_published(scored, personas):
    set_status(scored.round, RoundStatus.SIGNED_OFF)
    result = compute(scored.round, personas.secretariat)
    change_appraised(scored, "STP", "1.3.1", "0")
    with pytest.raises(services.ResultRefused) as refused:
        services.result_review(actor=personas.secretariat, result=result, note="Khớp.")
    assert refused.value.message == str(services.STALE)


def test_a_reopened_round_is_not_reviewed(signed_off, personas):
    result = compute(signed_off, personas.secretariat)
    round_reopen(actor=personas.secretariat, round_=signed_off, reason="Rà soát lại lĩnh vực 3.")
    with pytest.raises(services.ResultRefused) as refused:
        services.result_review(actor=personas.secretariat, result=result, note="Khớp.")
    assert refused.value.message == str(services.NOT_LOCKED)


def test_only_a_reviewed_result_is_published(signed_off, personas):
    result = compute(signed_off, personas.secretariat)
    with pytest.raises(services.ResultRefused) as refused:
        services.result_publish(actor=personas.secretariat, result=result)
    assert refused.value.message == str(services.PUBLISH_NEEDS_REVIEW)


def test_publication_waits_for_the_councils_sign_off(scored, personas):
    set_status(scored.round, RoundStatus.LOCKED)
    result = compute(scored.round, personas.secretariat)
    result = services.result_review(actor=personas.secretariat, result=result, note="Khớp.")
    with pytest.raises(services.ResultRefused) as refused:
        services.result_publish(actor=personas.secretariat, result=result)
    assert refused.value.message == str(services.PUBLISH_NEEDS_SIGN_OFF)


def test_publishing_writes_every_units_figures_into_the_history(signed_off, personas):
    result = publish(signed_off, personas.secretariat)
    assert result.state == ResultState.PUBLISHED
    assert result.published_by == personas.secretariat
    rows = {r.unit_code: r for r in HistoryRow.objects.filter(result=result)}
    assert set(rows) == {"SNV", "STP", "X-A"}
    data = json.loads(result.results)
    for group in data["groups"]:
        for unit in group["units"]:
            row = rows[unit["code"]]
            assert row.index == D(unit["index"])
            assert row.rank == unit["rank"]
            assert row.units_in_group == len(group["units"])
            assert row.class_label == (unit["class"] or "")
            assert (row.group_code, row.source, row.year) == (group["code"], "published", 2024)
            assert row.unit.code == unit["code"]
    entry = AuditEntry.objects.get(action="result.publish")
    assert entry.new["units"] == ["SNV", "STP", "X-A"]


def test_an_administrator_publishes_too(signed_off, personas):
    assert publish(signed_off, personas.admin).state == ResultState.PUBLISHED


@pytest.mark.parametrize("who", ["council", "appraiser", "leader"])
def test_no_one_else_reviews_or_publishes(signed_off, personas, who):
    result = compute(signed_off, personas.secretariat)
    with pytest.raises(PermissionDenied):
        services.result_review(actor=getattr(personas, who), result=result, note="Khớp.")
    result = services.result_review(actor=personas.secretariat, result=result, note="Khớp.")
    with pytest.raises(PermissionDenied):
        services.result_publish(actor=getattr(personas, who), result=result)


def test_a_published_result_is_never_recomputed(signed_off, personas):
    publish(signed_off, personas.secretariat)
    with pytest.raises(services.ResultRefused) as refused:
        compute(signed_off, personas.secretariat)
    assert refused.value.message == str(services.ALREADY_PUBLISHED)


def test_a_round_with_a_published_result_is_not_reopened(signed_off, personas):
    publish(signed_off, personas.secretariat)
    with pytest.raises(AppraisalRefused) as refused:
        round_reopen(actor=personas.secretariat, round_=signed_off, reason="Sửa điểm.")
    assert refused.value.message == str(ROUND_HAS_PUBLISHED_RESULT)
    assert Round.objects.get(pk=signed_off.pk).status == RoundStatus.SIGNED_OFF


def test_two_published_results_never_rank_a_unit_twice_in_a_year(signed_off, personas):
    publish(signed_off, personas.secretariat)
    other = Round.objects.create(
        name="Đánh giá bổ sung năm 2024",
        year=2024,
        criteria_set=signed_off.criteria_set,
        status=RoundStatus.SIGNED_OFF,
        self_assessment_opens=signed_off.self_assessment_opens,
        self_assessment_deadline=signed_off.self_assessment_deadline,
        appraisal_deadline=signed_off.appraisal_deadline,
    )
    snv = signed_off.participations.get(unit__code="SNV").unit
    Participation.objects.create(round=other, unit=snv)
    result = compute(other, personas.secretariat)
    result = services.result_review(actor=personas.secretariat, result=result, note="Khớp.")
    with pytest.raises(services.ResultRefused) as refused:
        services.result_publish(actor=personas.secretariat, result=result)
    assert refused.value.message == str(services.YEAR_TAKEN).format(year=2024, units="SNV")


# --- withdrawal ---------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["secretariat", "council", "leader"])
def test_only_an_administrator_withdraws(signed_off, personas, who):
    result = publish(signed_off, personas.secretariat)
    with pytest.raises(PermissionDenied):
        services.result_withdraw(actor=getattr(personas, who), result=result, reason="Sai số.")


def test_a_withdrawal_needs_a_reason(signed_off, personas):
    result = publish(signed_off, personas.secretariat)
    with pytest.raises(services.ResultRefused) as refused:
        services.result_withdraw(actor=personas.admin, result=result, reason=" ")
    assert refused.value.message == str(services.WITHDRAW_NEEDS_REASON)


def test_only_a_published_result_is_withdrawn(signed_off, personas):
    result = compute(signed_off, personas.secretariat)
    with pytest.raises(services.ResultRefused) as refused:
        services.result_withdraw(actor=personas.admin, result=result, reason="Sai số.")
    assert refused.value.message == str(services.WITHDRAW_NEEDS_PUBLISHED)


def test_withdrawing_keeps_the_frozen_figures_but_frees_the_round(signed_off, personas):
    result = publish(signed_off, personas.secretariat)
    frozen_text = result.results
    withdrawn = services.result_withdraw(
        actor=personas.admin, result=result, reason="Quyết định công bố bị thu hồi."
    )
    assert withdrawn.state == ResultState.WITHDRAWN
    assert withdrawn.results == frozen_text
    assert not HistoryRow.objects.exists()
    entry = AuditEntry.objects.get(action="result.withdraw")
    assert entry.reason == "Quyết định công bố bị thu hồi."
    assert entry.actor == personas.admin
    fresh = compute(signed_off, personas.secretariat)
    assert fresh.pk != result.pk
    round_reopen(actor=personas.secretariat, round_=signed_off, reason="Thẩm định lại.")
