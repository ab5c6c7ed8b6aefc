"""The demo province loads once, completely, and a second load creates nothing."""

from collections import Counter

from django.apps import apps
from django.contrib.auth import authenticate

from parindex.apps.accounts.models import Membership, Role, Unit, User
from parindex.apps.assessments.entries import round_results
from parindex.apps.assessments.models import (
    FieldAssignment,
    Participation,
    Round,
    RoundStatus,
    Score,
    ScoreStatus,
    Side,
    ThreadMessage,
)
from parindex.apps.audit.models import AuditEntry
from parindex.apps.frameworks.models import CodeMapping, CriteriaNode, CriteriaSet
from parindex.demo import demo_results
from parindex.demo_province import accounts
from parindex.demo_province.loader import NOTHING_NEW
from parindex.demo_province.rounds import APPRAISE, SELF_ASSESS
from parindex.demo_province.texts import points
from parindex.demo_province.years import ANSWER, RETURN


def row_counts():
    models = apps.get_models(include_auto_created=True)
    return {m._meta.label: m.objects.count() for m in models if m.__module__.startswith("parindex")}


def test_loading_twice_creates_nothing_new(loaded, load_again):
    before = row_counts()
    second, printed = load_again()
    assert row_counts() == before
    assert not second.created_anything
    assert printed.strip() == NOTHING_NEW


def test_the_first_load_says_what_it_created(province_once):
    summary, printed = province_once
    assert (summary.units, summary.criteria_sets, summary.rounds) == (20, 2, 2)
    assert summary.users == len(accounts.ACCOUNTS)
    assert printed.startswith("Dữ liệu mẫu: tạo mới 20 đơn vị, 2 bộ tiêu chí, 2 đợt đánh giá, ")


def test_a_second_load_keeps_every_password(loaded, load_again):
    second, _ = load_again()
    assert all(line.password is None for line in second.accounts)
    for line in loaded.accounts:
        assert authenticate(username=line.username, password=line.password) is not None


def test_reset_passwords_gives_every_account_a_new_working_one(loaded, load_again):
    second, _ = load_again(reset_passwords=True)
    old = {line.username: line.password for line in loaded.accounts}
    for line in second.accounts:
        assert line.password not in (None, old[line.username])
        assert authenticate(username=line.username, password=line.password) is not None
        assert authenticate(username=line.username, password=old[line.username]) is None


def test_every_role_has_a_demo_user_with_a_full_name(loaded):
    held = set(Membership.objects.values_list("role", flat=True))
    assert held == set(Role.values)
    assert User.objects.get(username="admin").is_superuser
    names = User.objects.filter(username__in=[a.username for a in accounts.ACCOUNTS])
    assert names.count() == len(accounts.ACCOUNTS)
    assert all(" " in user.full_name for user in names)


def test_every_account_is_printed_with_its_role_and_unit(loaded):
    lines = {line.username: line for line in loaded.accounts}
    assert lines["canbo.dongha"].unit == "UBND phường Đông Hà"
    assert lines["canbo.dongha"].role == Role.UNIT_STAFF.label
    assert lines["thamdinh.stp"].unit == "Sở Tư pháp"


def test_units_are_grouped_as_in_the_demo_files(loaded):
    groups = Counter(Unit.objects.values_list("group__code", flat=True))
    assert groups == {"so": 8, "xa": 12}


def test_both_criteria_sets_are_published_and_the_later_copies_the_earlier(loaded):
    old, new = CriteriaSet.objects.get(year=2023), CriteriaSet.objects.get(year=2024)
    assert old.is_published
    assert new.is_published
    assert new.copied_from == old
    nodes = CriteriaNode.objects.filter(criteria_set=new).count()
    mappings = CodeMapping.objects.filter(from_set=old, to_set=new)
    assert mappings.count() == nodes
    assert all(m.from_code == m.to_code for m in mappings)


def test_there_are_two_rounds_with_the_right_statuses(loaded):
    rounds = {r.year: r for r in Round.objects.all()}
    assert {y: r.status for y, r in rounds.items()} == {
        2023: RoundStatus.SIGNED_OFF,
        2024: RoundStatus.APPRAISAL,
    }
    assert rounds[2023].signed_off_by.username == accounts.COUNCIL.username
    assert rounds[2023].locked_by.username == accounts.SECRETARIAT.username
    assert rounds[2024].self_assessment_deadline < rounds[2024].appraisal_deadline


def test_the_2023_round_computes_what_the_demo_files_give(loaded):
    stored = round_results(Round.objects.get(year=2023))
    expected = demo_results()[-1]
    assert expected.criteria.year == 2023
    got = {u.unit.code: u for g in stored.groups for u in g.units}
    want = {u.unit.code: u for g in expected.groups for u in g.units}
    assert got.keys() == want.keys()
    for code, result in want.items():
        mine = got[code]
        assert (mine.index, mine.rank, mine.band) == (result.index, result.rank, result.band)
        assert mine.appraised.achieved == result.appraised.achieved
        assert mine.self_scored.achieved == result.self_scored.achieved


def test_every_point_lost_in_2023_carries_an_opinion(loaded):
    round_ = Round.objects.get(year=2023)
    result = round_results(round_)
    opinions = {
        (s.participation.unit.code, s.node.code): s.opinion
        for s in Score.objects.filter(participation__round=round_).select_related(
            "participation__unit", "node"
        )
    }
    lost = 0
    for (unit, code), opinion in opinions.items():
        unit_result = result.unit(unit)
        gap = (
            unit_result.self_scored.node(code).achieved - unit_result.appraised.node(code).achieved
        )
        if gap > 0:
            lost += 1
            assert f"; trừ {points(gap)} điểm" in opinion
        else:
            assert opinion == ""
    assert lost > 20


def test_2024_has_every_self_score_and_appraisals_in_some_fields_only(loaded):
    round_ = Round.objects.get(year=2024)
    scores = Score.objects.filter(participation__round=round_).select_related(
        "node__parent__parent", "participation__unit__group"
    )
    appraised_fields = set()
    for score in scores:
        if score.node.rule != "accuracy":
            assert (
                score.self_score is not None
                or score.self_not_applicable
                or any(
                    getattr(score, f"self_{k}") is not None
                    for k in ("numerator", "denominator", "count", "value", "items")
                )
            )
        if score.status == ScoreStatus.APPRAISED:
            top = score.node
            while top.parent is not None:
                top = top.parent
            appraised_fields.add((score.participation.unit.group.code, top.code))
    assert appraised_fields == {("so", "1"), ("so", "2"), ("so", "6"), ("xa", "1"), ("xa", "2")}
    assert set(Participation.objects.filter(round=round_).values_list("status", flat=True)) == {
        "in_appraisal"
    }


def test_two_items_are_returned_with_a_deadline_and_one_is_answered(loaded):
    returned = Score.objects.filter(status=ScoreStatus.RETURNED).get()
    answered = Score.objects.filter(status=ScoreStatus.SUPPLEMENTED).get()
    assert returned.participation.unit.code == "SNV"
    assert returned.appraised_score is None
    request = returned.thread.get()
    assert request.side == Side.COUNCIL
    assert request.supplement_deadline > returned.participation.round.self_assessment_deadline
    sides = list(answered.thread.values_list("side", flat=True))
    assert sides == [Side.COUNCIL, Side.UNIT]
    answer = answered.thread.get(side=Side.UNIT)
    assert answer.author.username == "canbo.dongha"
    assert answer.score_value == answered.self_score
    assert answered.evidence.exists()
    actions = AuditEntry.objects.filter(
        target_id__in=[str(returned.uuid), str(answered.uuid)], action__in=[RETURN, ANSWER]
    )
    assert set(actions.values_list("action", "actor__username")) == {
        (RETURN, "thamdinh.snv"),
        (RETURN, "thamdinh.stp"),
        (ANSWER, "canbo.dongha"),
    }
    waiting = ThreadMessage.objects.exclude(supplement_deadline=None)
    assert set(waiting.values_list("score", flat=True)) == {returned.pk, answered.pk}


def test_every_opinion_also_stands_in_the_councils_column_of_the_thread(loaded):
    with_opinion = Score.objects.exclude(opinion="")
    assert with_opinion.exists()
    for score in with_opinion.select_related("updated_by"):
        message = score.thread.get(side=Side.COUNCIL)
        assert (message.text, message.author) == (score.opinion, score.updated_by)


def test_appraisers_are_assigned_to_their_fields_in_both_rounds(loaded):
    for round_ in Round.objects.all():
        assigned = set(
            FieldAssignment.objects.filter(round=round_).values_list(
                "appraiser__username", "field__code"
            )
        )
        assert ("thamdinh.stp", "2") in assigned
        assert ("thamdinh.vp", "3") in assigned
        assert ("thamdinh.snv", "5") in assigned
        assert {code for _, code in assigned} == {"1", "2", "3", "4", "5", "6", "7", "8"}


def test_the_audit_log_shows_who_scored_and_who_appraised(loaded):
    self_rows = AuditEntry.objects.filter(action=SELF_ASSESS, unit_code="SNV")
    assert set(self_rows.values_list("actor__username", flat=True)) == {"canbo.snv"}
    appraisals = AuditEntry.objects.filter(action=APPRAISE, node_code__startswith="2.")
    assert set(appraisals.values_list("actor__username", flat=True)) == {"thamdinh.stp"}
    assert Score.objects.filter(status=ScoreStatus.APPRAISED).count() == (
        AuditEntry.objects.filter(action=APPRAISE).count()
    )
