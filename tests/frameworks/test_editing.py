"""Editing a draft set on screen: each rule kind with its parameters in plain fields, the
checks of criteria files with their messages beside the field, parents' sums, and the
audit log of every change."""

from decimal import Decimal as D

import pytest
from frameworks_support import fingerprint, new_node_data, node, node_data, total, url

from parindex.apps.audit.models import AuditEntry
from parindex.apps.frameworks import services
from parindex.apps.frameworks.forms import SetForm
from parindex.apps.frameworks.models import CriteriaNode
from parindex.apps.frameworks.services.nodes import CHILD_UNDER_RULE, CODE_TAKEN, RULE_ON_PARENT
from parindex.apps.frameworks.services.sets import BAND_REPEATED, GROUP_IN_USE
from parindex.interchange import errors as e
from parindex.scoring import (
    AccuracyRule,
    Band,
    BandMeasure,
    BandsRule,
    BonusRule,
    ChecklistItem,
    ChecklistRule,
    CountRule,
    DeductionRule,
    JudgedRule,
    RatioRule,
    RelativeRule,
    SurveyMeasure,
    SurveyRule,
    ZeroDenominator,
)
from parindex.scoring.serialize import rule_from_params

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretariat(signed_in, personas):
    return signed_in(personas.secretariat)


def edit(client, row, **changes):
    return client.post(url("node_edit", row.uuid), node_data(row, **changes))


def stored_rule(criteria_set, code):
    row = node(criteria_set, code)
    return rule_from_params(row.rule, row.parameters)


def field_errors(response, name):
    return list(response.context["form"].errors.get(name, []))


KINDS = [
    ("judged", "0.5", {"step": "0,5"}, JudgedRule(step=D("0.5"))),
    (
        "checklist",
        "0.5",
        {"items": "a=0.25|Ban hành kế hoạch\nb=0.25|Báo cáo"},
        ChecklistRule(
            items=(
                ChecklistItem("a", "Ban hành kế hoạch", D("0.25")),
                ChecklistItem("b", "Báo cáo", D("0.25")),
            )
        ),
    ),
    (
        "ratio",
        "0.5",
        {"zero_denominator": "not_applicable", "full_at": "0.9"},
        RatioRule(zero_denominator=ZeroDenominator.NOT_APPLICABLE, full_at=D("0.9")),
    ),
    ("relative", "0.5", {}, RelativeRule()),
    (
        "bands",
        "0.5",
        {"measure": "percent", "bands": "90:0.5; 75:0.25"},
        BandsRule(
            bands=(Band(D(90), D("0.5")), Band(D(75), D("0.25"))), measure_of=BandMeasure.PERCENT
        ),
    ),
    ("count", "0.5", {"points_each": "0.25", "cap": "0.5"}, CountRule(D("0.25"), D("0.5"))),
    ("deduction", "0", {"points_each": "0.5", "cap": "2"}, DeductionRule(D("0.5"), D(2))),
    ("bonus", "0", {"cap": "1", "minimum": "11"}, BonusRule(cap=D(1), minimum=D(11))),
    (
        "accuracy",
        "0.5",
        {"bands": "95:0.5\n90:0.25"},
        AccuracyRule((Band(D(95), D("0.5")), Band(D(90), D("0.25")))),
    ),
    (
        "survey",
        "0.5",
        {"survey": "XHH-2024", "measure": "weighted", "factor": "2"},
        SurveyRule(survey="XHH-2024", measure_of=SurveyMeasure.WEIGHTED, factor="2"),
    ),
]


@pytest.mark.parametrize("case", KINDS, ids=[k[0] for k in KINDS])
def test_every_rule_kind_is_edited_with_its_parameters_in_plain_fields(secretariat, draft, case):
    kind, max_points, parameters, expected = case
    row = node(draft, "1.3.1")
    blank = dict.fromkeys(["step", "items", "bands", "measure", "zero_denominator"], "")
    response = edit(secretariat, row, rule=kind, max_points=max_points, **{**blank, **parameters})
    assert response.status_code == 302, response.context["form"].errors
    assert stored_rule(draft, "1.3.1") == expected
    entry = AuditEntry.objects.get(action="criteria_node_update", node_code="1.3.1")
    assert entry.new["parameters"] == node(draft, "1.3.1").parameters
    assert entry.old["parameters"] == row.parameters


def test_parameters_of_other_kinds_are_ignored(secretariat, draft):
    row = node(draft, "1.3.1")
    response = edit(secretariat, row, rule="ratio", step="0.25", bands="abc", items="x")
    assert response.status_code == 302
    assert stored_rule(draft, "1.3.1") == RatioRule()


BAD_PARAMETERS = [
    ("judged", {"step": "0.3"}, "step", e.STEP_NOT_DIVIDING.format(step="0,3", max="0,5")),
    ("judged", {"step": "abc"}, "step", e.NOT_A_NUMBER.format(value="abc")),
    (
        "checklist",
        {"items": "a=0.25|Một"},
        "items",
        e.ITEMS_BELOW_MAX.format(total="0,25", max="0,5"),
    ),
    ("checklist", {"items": "a: 0.5"}, "items", e.BAD_ITEM.format(value="a: 0.5")),
    ("checklist", {"items": ""}, "items", e.PARAMETER_REQUIRED.format(rule="checklist")),
    ("ratio", {"full_at": "1.5"}, "full_at", e.FULL_AT_RANGE.format(value="1,5")),
    (
        "bands",
        {"bands": "90:1"},
        "bands",
        e.BAND_ABOVE_MAX.format(minimum="90", points="1", max="0,5"),
    ),
    ("bands", {"bands": "chín mươi"}, "bands", e.BAD_BAND.format(value="chín mươi")),
    ("bands", {"bands": "90:0.5; 90:0.25"}, "bands", e.DUPLICATE_THRESHOLD.format(minimum="90")),
    ("count", {"points_each": "-1"}, "points_each", e.NOT_POSITIVE.format(value="-1")),
    ("deduction", {"cap": "0"}, "cap", e.NOT_POSITIVE.format(value="0")),
    ("bonus", {"minimum": "-2"}, "minimum", e.NEGATIVE.format(value="-2")),
    ("accuracy", {"bands": ""}, "bands", e.PARAMETER_REQUIRED.format(rule="accuracy")),
    ("survey", {"survey": ""}, "survey", e.PARAMETER_REQUIRED.format(rule="survey")),
    (
        "survey",
        {"survey": "sipas", "measure": "percent"},
        "measure",
        e.NOT_A_CHOICE.format(value="percent", choices="satisfied, weighted"),
    ),
    (
        "survey",
        {"survey": "sipas", "bands": "101:0.5"},
        "bands",
        e.PERCENT_THRESHOLD.format(minimum="101"),
    ),
]


@pytest.mark.parametrize("case", BAD_PARAMETERS, ids=[f"{c[0]}-{c[2]}" for c in BAD_PARAMETERS])
def test_bad_parameters_are_refused_beside_their_field(secretariat, draft, case):
    kind, parameters, field, message = case
    row = node(draft, "1.3.1")
    before = fingerprint()
    response = edit(secretariat, row, rule=kind, **parameters)
    assert response.status_code == 200
    assert field_errors(response, field) == [message]
    assert message in response.content.decode()
    assert fingerprint() == before


def test_a_maximum_that_is_not_a_number_is_refused(secretariat, draft):
    before = fingerprint()
    response = edit(secretariat, node(draft, "1.3.1"), max_points="nửa điểm")
    assert field_errors(response, "max_points") == [e.NOT_A_NUMBER.format(value="nửa điểm")]
    assert fingerprint() == before


def test_a_parent_maximum_must_be_the_sum_of_its_children(secretariat, draft):
    before = fingerprint()
    response = edit(secretariat, node(draft, "1.3"), max_points="3")
    assert field_errors(response, "max_points") == [e.SUM_MISMATCH.format(max="3", total="2")]
    assert fingerprint() == before


def test_a_parent_has_no_rule(secretariat, draft):
    response = edit(secretariat, node(draft, "1.3"), rule="judged")
    assert field_errors(response, "rule") == [str(RULE_ON_PARENT)]


def test_bonuses_and_deductions_do_not_count_in_a_parent_sum(secretariat, draft):
    response = edit(secretariat, node(draft, "1.3"), max_points="2")
    assert response.status_code == 302
    secretariat.post(
        url("node_add", node(draft, "1.3").uuid),
        new_node_data("1.3.4", "Điểm trừ", 0, "deduction", points_each="0.5"),
    )
    assert total(draft, "1.3") == 2
    assert edit(secretariat, node(draft, "1.3"), max_points="2").status_code == 302


def test_a_new_child_raises_the_maxima_above_it(secretariat, draft):
    parent = node(draft, "1.3")
    response = secretariat.post(
        url("node_add", parent.uuid), new_node_data("1.3.4", "Tiêu chí mới", "1,5", "judged")
    )
    added = node(draft, "1.3.4")
    assert response.status_code == 302
    assert response.url.endswith(f"#tc-{added.uuid}")
    assert added.parent == parent
    assert (total(draft, "1.3"), total(draft, "1")) == (D("3.5"), D("14.5"))
    reasons = AuditEntry.objects.filter(reason="tổng điểm tối đa của các tiêu chí con thay đổi")
    assert sorted(reasons.values_list("node_code", flat=True)) == ["1", "1.3"]
    assert AuditEntry.objects.get(action="criteria_node_create").new["code"] == "1.3.4"


def test_a_changed_maximum_is_carried_up_to_the_field(secretariat, draft):
    assert edit(secretariat, node(draft, "1.3.1"), max_points="1", step="").status_code == 302
    assert (total(draft, "1.3"), total(draft, "1")) == (D("2.5"), D("13.5"))


def test_a_node_with_a_rule_takes_no_children(secretariat, draft):
    before = fingerprint()
    response = secretariat.post(
        url("node_add", node(draft, "1.3.1").uuid), new_node_data("1.3.1.1", "Con", 1, "judged")
    )
    assert response.context["form"].non_field_errors() == [
        str(CHILD_UNDER_RULE).format(code="1.3.1")
    ]
    assert fingerprint() == before


def test_codes_stay_unique_within_a_set(secretariat, draft):
    response = edit(secretariat, node(draft, "1.3.1"), code="1.3.2")
    assert field_errors(response, "code") == [str(CODE_TAKEN).format(code="1.3.2")]


def test_groups_outside_the_set_are_refused(secretariat, draft):
    before = fingerprint()
    response = edit(secretariat, node(draft, "1.3.1"), groups=["huyen"])
    assert field_errors(response, "groups")
    assert fingerprint() == before


def test_method_and_evidence_required_are_edited_and_audited(secretariat, draft):
    row = node(draft, "1.3.1")
    response = edit(
        secretariat, row, method="Có kế hoạch: 0,5 điểm", evidence_required="Kế hoạch kiểm tra"
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.method, row.evidence_required) == ("Có kế hoạch: 0,5 điểm", "Kế hoạch kiểm tra")
    entry = AuditEntry.objects.get(action="criteria_node_update")
    assert entry.old == {"method": "", "evidence_required": ""}
    assert entry.new["evidence_required"] == "Kế hoạch kiểm tra"


def test_a_tree_is_built_from_an_empty_field(secretariat, draft):
    response = secretariat.post(url("field_add", draft.uuid), new_node_data("9", "Lĩnh vực mới", 0))
    field = node(draft, "9")
    assert response.status_code == 302
    assert field.parent is None
    secretariat.post(url("node_add", field.uuid), new_node_data("9.1", "Một", 2, "judged"))
    secretariat.post(url("node_add", field.uuid), new_node_data("9.2", "Hai", 3, "ratio"))
    assert total(draft, "9") == 5
    codes = list(draft.nodes.order_by("position").values_list("code", flat=True))
    assert codes[-3:] == ["9", "9.1", "9.2"]


def test_deleting_a_node_deletes_everything_below_it(secretariat, draft):
    response = secretariat.post(url("node_delete", node(draft, "1.3").uuid))
    assert response.status_code == 302
    assert not CriteriaNode.objects.filter(
        criteria_set=draft, code__in=["1.3", "1.3.1", "1.3.2", "1.3.3"]
    ).exists()
    assert total(draft, "1") == 11
    entry = AuditEntry.objects.get(action="criteria_node_delete")
    assert entry.old["subtree"] == ["1.3", "1.3.1", "1.3.2", "1.3.3"]


def test_the_delete_page_lists_what_would_go(secretariat, draft):
    text = secretariat.get(url("node_delete", node(draft, "1.3").uuid)).content.decode()
    assert "Sẽ xóa 4 tiêu chí" in text
    assert "1.3.3" in text


def test_nodes_move_up_and_down_among_their_siblings(secretariat, draft):
    def children():
        rows = node(draft, "1").children.order_by("position")
        return list(rows.values_list("code", flat=True))

    first = children()
    secretariat.post(url("node_up", node(draft, "1.3").uuid))
    assert children()[1:3] == ["1.3", "1.2"]
    secretariat.post(url("node_down", node(draft, "1.3").uuid))
    assert children() == first
    before = fingerprint()
    secretariat.post(url("node_up", node(draft, "1.1").uuid))  # already first
    assert fingerprint() == before
    moves = AuditEntry.objects.filter(action="criteria_node_move")
    assert [(m.old, m.new) for m in moves.order_by("id")] == [
        ({"order": 3}, {"order": 2}),
        ({"order": 2}, {"order": 3}),
    ]


def test_positions_follow_the_tree_after_a_move(secretariat, draft):
    secretariat.post(url("node_down", node(draft, "1").uuid))
    codes = list(draft.nodes.order_by("position").values_list("code", flat=True))
    assert codes.index("2") < codes.index("2.1") < codes.index("1") < codes.index("1.1")


def set_data(criteria_set, **changes):
    data = SetForm.initial_of(criteria_set)
    data.update(groups=[g.code for g in criteria_set.groups.all()], decision_date="")
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_the_metadata_of_a_draft_is_edited_and_audited(secretariat, draft):
    response = secretariat.post(
        url("edit", draft.uuid),
        set_data(draft, decision_number="99/QĐ-UBND", decision_date="31/12/2024", index_cap="100"),
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.decision_number, str(draft.decision_date), draft.index_cap) == (
        "99/QĐ-UBND",
        "2024-12-31",
        D(100),
    )
    entry = AuditEntry.objects.get(action="criteria_set_update")
    assert entry.new == {
        "decision_number": "99/QĐ-UBND",
        "decision_date": "2024-12-31",
        "index_cap": "100",
    }


def test_a_group_used_by_nodes_stays_in_the_set(secretariat, draft):
    users = [n.code for n in draft.nodes.order_by("position") if "so" in n.groups]
    before = fingerprint()
    response = secretariat.post(url("edit", draft.uuid), set_data(draft, groups=["xa"]))
    assert users
    assert field_errors(response, "groups") == [
        str(GROUP_IN_USE).format(code="so", nodes=", ".join(users))
    ]
    assert fingerprint() == before


def test_a_set_code_stays_unique(secretariat, draft):
    response = secretariat.post(url("edit", draft.uuid), set_data(draft, code="CCHC-2024"))
    assert field_errors(response, "code") == ["mã bộ tiêu chí «CCHC-2024» đã có"]


def test_bands_are_edited_one_per_line(secretariat, draft):
    response = secretariat.post(url("bands", draft.uuid), {"bands": "90 | Tốt | A\n\n0,5 | Yếu\n"})
    assert response.status_code == 302
    assert list(draft.bands.values_list("minimum", "label", "short")) == [
        (D(90), "Tốt", "A"),
        (D("0.5"), "Yếu", ""),
    ]
    entry = AuditEntry.objects.get(action="criteria_set_bands_update")
    assert entry.new == [["90", "Tốt", "A"], ["0.5", "Yếu", ""]]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("chín mươi | Tốt", "dòng 1: «chín mươi | Tốt» không đúng dạng"),
        ("90", "dòng 1: «90» không đúng dạng"),
        ("90 | Tốt\n90 | Khá", str(BAND_REPEATED).format(minimum="90")),
    ],
)
def test_bad_bands_are_refused(secretariat, draft, text, message):
    before = fingerprint()
    response = secretariat.post(url("bands", draft.uuid), {"bands": text})
    assert field_errors(response, "bands")[0].startswith(message)
    assert fingerprint() == before


def test_the_services_themselves_refuse_a_published_set(personas, published, draft):
    actor = personas.secretariat
    row = node(published, "1.3.1")
    values = services.NodeValues(code="1.3.1", title="x", max_points=D("0.5"), rule="judged")
    calls = [
        lambda: services.criteria_node_update(actor=actor, node=row, values=values),
        lambda: services.criteria_node_create(
            actor=actor, criteria_set=published, parent=None, values=values
        ),
        lambda: services.criteria_node_delete(actor=actor, node=row),
        lambda: services.criteria_node_move(actor=actor, node=row, up=False),
        lambda: services.criteria_set_bands_update(actor=actor, criteria_set=published, bands=[]),
        lambda: services.criteria_set_publish(actor=actor, criteria_set=published),
        lambda: services.criteria_set_delete(actor=actor, criteria_set=published),
        lambda: services.code_mapping_update(
            actor=actor, from_set=draft, to_set=published, pairs={}
        ),
    ]
    before = fingerprint()
    for call in calls:
        with pytest.raises(services.SetReadOnly):
            call()
    assert fingerprint() == before
