"""Writing index results and targets: checks, components, permissions and the audit log."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from indices_support import add_target, add_value, components

from parindex.apps.audit.models import AuditEntry
from parindex.apps.indices import services
from parindex.apps.indices.models import (
    ComponentValue,
    Goal,
    IndexComponent,
    IndexDefinition,
    IndexTarget,
    IndexValue,
    Scope,
)
from parindex.apps.indices.standard import STANDARD

pytestmark = pytest.mark.django_db


def record(actor, definition, unit=None, **changes):
    data = {"year": 2023, "unit": unit, "score": D("70.2"), "rank": 21, "rank_of": 23}
    return services.value_record(actor=actor, definition=definition, **{**data, **changes})


# --- the standard definitions -------------------------------------------------------------


def test_papi_pci_and_ddci_come_with_their_components(standard):
    assert len(components(standard["PAPI"])) == 8
    assert len(components(standard["PCI"])) == 10
    assert len(components(standard["DDCI"])) == 8
    assert len(components(standard["SIPAS"])) == 5
    assert "nguoi-dung-dau" in components(standard["DDCI"])
    assert standard["PAPI"].scope == Scope.PROVINCE
    assert standard["DDCI"].scope == Scope.UNIT
    assert standard["SIPAS"].scope == Scope.BOTH
    assert standard["PAR"].computed


def test_the_standard_indices_are_put_back_once_and_only_when_missing(standard):
    from parindex.apps.indices.standard import ensure_standard_indices  # noqa: PLC0415

    IndexDefinition.objects.filter(code="PCI").delete()
    again = ensure_standard_indices()
    assert set(again) == {d["code"] for d in STANDARD}
    assert IndexComponent.objects.filter(definition=again["PCI"]).count() == 10
    assert IndexComponent.objects.filter(definition=again["PAPI"]).count() == 8


# --- results ----------------------------------------------------------------------------


def test_the_secretariat_records_a_units_result_with_its_components(personas, province, standard):
    ddci = standard["DDCI"]
    parts = {components(ddci)["nang-dong"]: services.Part(D("6.12"), 20)}
    value, created = record(
        personas.secretariat, ddci, province.units["SNV"], parts=parts, note="QĐ 123"
    )
    assert created
    assert (value.score, value.rank, value.rank_of, value.note) == (D("70.2"), 21, 23, "QĐ 123")
    part = ComponentValue.objects.get(value=value)
    assert (part.component.code, part.score, part.rank) == ("nang-dong", D("6.12"), 20)
    entry = AuditEntry.objects.get(action=services.VALUE_RECORD)
    assert entry.actor == personas.secretariat
    assert entry.unit_code == "SNV"
    assert entry.old is None
    assert entry.new["index"] == "DDCI"
    assert entry.new["score"] == "70.2"
    assert entry.new["parts"] == {"nang-dong": {"score": "6.12", "rank": 20}}


def test_recording_again_replaces_the_result_and_logs_old_and_new(personas, province, standard):
    ddci, snv = standard["DDCI"], province.units["SNV"]
    record(personas.secretariat, ddci, snv)
    _, created = record(personas.secretariat, ddci, snv, score=D("71"), rank=20)
    assert not created
    assert IndexValue.objects.filter(definition=ddci, unit=snv).count() == 1
    entry = AuditEntry.objects.filter(action=services.VALUE_RECORD).first()
    assert (entry.old["score"], entry.new["score"]) == ("70.2", "71")
    assert (entry.old["rank"], entry.new["rank"]) == (21, 20)


def test_recording_the_same_figures_again_logs_nothing(personas, province, standard):
    record(personas.secretariat, standard["DDCI"], province.units["SNV"])
    record(personas.secretariat, standard["DDCI"], province.units["SNV"])
    assert AuditEntry.objects.filter(action=services.VALUE_RECORD).count() == 1


def test_components_left_out_are_removed_unless_kept(personas, province, standard):
    ddci, snv = standard["DDCI"], province.units["SNV"]
    both = {
        components(ddci)["nang-dong"]: services.Part(D(6)),
        components(ddci)["ho-tro"]: services.Part(D(7)),
    }
    value, _ = record(personas.secretariat, ddci, snv, parts=both)
    one = {components(ddci)["ho-tro"]: services.Part(D("7.5"))}
    record(personas.secretariat, ddci, snv, parts=one, replace_parts=False)
    assert value.parts.count() == 2
    record(personas.secretariat, ddci, snv, parts=one)
    assert [(p.component.code, p.score) for p in value.parts.all()] == [("ho-tro", D("7.5"))]


def test_a_province_result_has_no_unit(personas, standard):
    value, _ = record(personas.secretariat, standard["PCI"], None, score=D("66.17"), rank_of=63)
    assert value.unit is None


@pytest.mark.parametrize(("code", "unit_code"), [("PCI", "SNV"), ("DDCI", None)])
def test_the_scope_of_the_index_decides_whether_a_unit_is_named(
    personas, province, standard, code, unit_code
):
    unit = province.units.get(unit_code) if unit_code else None
    with pytest.raises(ValidationError) as refused:
        record(personas.secretariat, standard[code], unit)
    assert "unit" in refused.value.message_dict
    assert not IndexValue.objects.exists()


def test_the_par_index_takes_no_recorded_results(personas, province, standard):
    with pytest.raises(PermissionDenied):
        record(personas.secretariat, standard["PAR"], province.units["SNV"])


def test_a_result_needs_a_score_or_a_rank(personas, province, standard):
    with pytest.raises(ValidationError) as refused:
        record(personas.secretariat, standard["DDCI"], province.units["SNV"], score=None, rank=None)
    assert refused.value.message_dict["score"] == [str(services.SCORE_OR_RANK)]
    value, _ = record(
        personas.secretariat, standard["DDCI"], province.units["SNV"], score=None, rank=16
    )
    assert (value.score, value.rank) == (None, 16)


def test_scores_above_the_maximum_and_ranks_beyond_the_total_are_refused(
    personas, province, standard
):
    snv = province.units["SNV"]
    with pytest.raises(ValidationError) as refused:
        record(personas.secretariat, standard["SIPAS"], snv, score=D("100.5"))
    assert refused.value.message_dict["score"] == ["Điểm 100,5 vượt điểm tối đa 100."]
    with pytest.raises(ValidationError) as refused:
        record(personas.secretariat, standard["SIPAS"], snv, rank=18, rank_of=17)
    assert refused.value.message_dict["rank"] == ["Xếp hạng 18 lớn hơn tổng số 17."]
    part = {components(standard["DDCI"])["ho-tro"]: services.Part(D(11))}
    with pytest.raises(ValidationError):
        record(personas.secretariat, standard["DDCI"], snv, parts=part)
    assert not IndexValue.objects.exists()


def test_a_component_of_another_index_is_refused(personas, province, standard):
    part = {components(standard["PCI"])["dat-dai"]: services.Part(D(5))}
    with pytest.raises(ValidationError):
        record(personas.secretariat, standard["DDCI"], province.units["SNV"], parts=part)


def test_a_leader_records_the_own_units_result_only_where_the_index_allows(
    personas, province, standard
):
    ddci, snv = standard["DDCI"], province.units["SNV"]
    with pytest.raises(PermissionDenied):
        record(personas.leader, ddci, snv)
    ddci.unit_may_record = True
    ddci.save()
    value, _ = record(personas.leader, ddci, snv)
    assert value.recorded_by == personas.leader
    for other in (personas.staff, personas.other_staff, personas.appraiser, personas.council):
        with pytest.raises(PermissionDenied):
            record(other, ddci, snv)
    with pytest.raises(PermissionDenied):
        record(personas.leader, ddci, province.units["STP"])


def test_deleting_a_result_is_logged_with_what_it_was(personas, province, standard):
    value = add_value(standard["DDCI"], 2023, unit=province.units["SNV"], score="70.2", rank=21)
    services.value_delete(actor=personas.secretariat, value=value)
    assert not IndexValue.objects.exists()
    entry = AuditEntry.objects.get(action=services.VALUE_DELETE)
    assert (entry.old["index"], entry.old["year"], entry.old["score"]) == ("DDCI", 2023, "70.2")
    other = add_value(standard["DDCI"], 2022, unit=province.units["SNV"], rank=22)
    with pytest.raises(PermissionDenied):
        services.value_delete(actor=personas.leader, value=other)


# --- targets ----------------------------------------------------------------------------


def target(actor, definition, unit, **changes):
    data = {"year": 2024, "goal": Goal.RISE, "amount": D(3)}
    return services.target_create(actor=actor, definition=definition, unit=unit, **data | changes)


def test_a_leader_sets_the_units_targets_and_the_secretariat_any(personas, province, standard):
    snv = province.units["SNV"]
    made = target(personas.leader, standard["PAR"], snv, note="Kế hoạch 2024")
    assert (made.goal, made.amount, made.set_by) == (Goal.RISE, D(3), personas.leader)
    entry = AuditEntry.objects.get(action=services.TARGET_CREATE)
    assert entry.new == {
        "index": "PAR",
        "year": 2024,
        "component": None,
        "goal": "rise",
        "amount": "3",
        "note": "Kế hoạch 2024",
    }
    target(personas.secretariat, standard["PCI"], None, goal=Goal.RANK, amount=D(20))
    for refused in (personas.staff, personas.other_staff, personas.council, personas.appraiser):
        with pytest.raises(PermissionDenied):
            target(refused, standard["SIPAS"], snv, goal=Goal.SCORE, amount=D(90))
    with pytest.raises(PermissionDenied):
        target(personas.leader, standard["PCI"], None)


def test_the_same_target_twice_is_refused(personas, province, standard):
    target(personas.secretariat, standard["PAR"], province.units["SNV"])
    with pytest.raises(ValidationError) as refused:
        target(personas.secretariat, standard["PAR"], province.units["SNV"], amount=D(5))
    assert refused.value.message_dict["goal"] == ["Mục tiêu này đã có cho năm 2024."]


@pytest.mark.parametrize(
    ("goal", "amount"), [(Goal.RISE, "2.5"), (Goal.RANK, "0"), (Goal.SCORE, "-1")]
)
def test_targets_take_whole_places_and_ranks_and_no_negative_score(
    personas, province, standard, goal, amount
):
    with pytest.raises(ValidationError) as refused:
        target(
            personas.secretariat,
            standard["SIPAS"],
            province.units["SNV"],
            goal=goal,
            amount=D(amount),
        )
    assert "amount" in refused.value.message_dict


def test_a_target_may_aim_at_a_component_of_its_own_index(personas, province, standard):
    dynamism = components(standard["DDCI"])["nang-dong"]
    made = target(
        personas.secretariat,
        standard["DDCI"],
        province.units["SNV"],
        goal=Goal.SCORE,
        amount=D(7),
        component=dynamism,
    )
    assert made.component == dynamism
    with pytest.raises(ValidationError):
        target(
            personas.secretariat,
            standard["SIPAS"],
            province.units["SNV"],
            goal=Goal.SCORE,
            amount=D(7),
            component=dynamism,
        )


def test_the_scope_decides_where_targets_go(personas, province, standard):
    with pytest.raises(ValidationError):
        target(personas.secretariat, standard["PCI"], province.units["SNV"])
    with pytest.raises(ValidationError):
        target(personas.secretariat, standard["DDCI"], None)


def test_deleting_a_target_is_logged(personas, province, standard):
    made = add_target(standard["PAR"], 2024, Goal.RISE, "3", unit=province.units["SNV"])
    with pytest.raises(PermissionDenied):
        services.target_delete(actor=personas.staff, target=made)
    services.target_delete(actor=personas.leader, target=made)
    assert not IndexTarget.objects.exists()
    assert AuditEntry.objects.get(action=services.TARGET_DELETE).old["goal"] == "rise"


# --- definitions and components ----------------------------------------------------------


def test_the_secretariat_defines_an_index_and_its_components(personas):
    made = services.definition_create(
        actor=personas.secretariat,
        code="CDS",
        name="Chỉ số chuyển đổi số (DTI)",
        scope=Scope.UNIT,
        score_max=D(1000),
    )
    part = services.component_create(
        actor=personas.secretariat, definition=made, code="nhan-thuc", name="Nhận thức số"
    )
    assert part.definition == made
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {services.DEFINITION_CREATE, services.COMPONENT_CREATE} <= actions
    with pytest.raises(PermissionDenied):
        services.definition_create(actor=personas.leader, code="X", name="x", scope=Scope.UNIT)


def test_the_par_index_stays_a_unit_index(personas, standard):
    with pytest.raises(ValidationError):
        services.definition_update(
            actor=personas.secretariat, definition=standard["PAR"], scope=Scope.PROVINCE
        )


def test_a_used_components_code_cannot_change(personas, province, standard):
    ddci = standard["DDCI"]
    add_value(ddci, 2023, unit=province.units["SNV"], score="70", parts={"ho-tro": "7"})
    used = components(ddci)["ho-tro"]
    with pytest.raises(ValidationError) as refused:
        services.component_update(actor=personas.secretariat, component=used, code="hotro")
    assert "code" in refused.value.message_dict
    services.component_update(actor=personas.secretariat, component=used, name="Hỗ trợ DN")
    entry = AuditEntry.objects.get(action=services.COMPONENT_UPDATE)
    assert (entry.old["name"], entry.new["name"]) == ("Hỗ trợ doanh nghiệp", "Hỗ trợ DN")
