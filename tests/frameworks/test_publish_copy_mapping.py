"""Publishing a draft (checked whole, then read-only), copying a set to a new year, and the
code mappings that let next year compare with last year after renumbering."""

from dataclasses import replace
from datetime import timedelta

import pytest
from django.utils import timezone
from frameworks_support import fingerprint, new_node_data, node, node_data, table_rows, url

from parindex.apps.assessments.models import Round
from parindex.apps.audit.models import AuditEntry
from parindex.apps.frameworks.conversion import to_engine
from parindex.apps.frameworks.models import (
    CodeMapping,
    CriteriaNode,
    CriteriaSet,
    CriteriaSetStatus,
)
from parindex.apps.frameworks.services.sets import NO_SUCH_CODE, SET_IN_USE
from parindex.interchange import errors as e

pytestmark = pytest.mark.django_db

PUBLISH_PROBLEMS = "Lỗi cần sửa trước khi ban hành"


@pytest.fixture
def secretariat(signed_in, personas):
    return signed_in(personas.secretariat)


def test_a_valid_draft_is_published_and_becomes_read_only(secretariat, draft):
    assert "không có lỗi" in secretariat.get(url("publish", draft.uuid)).content.decode()
    response = secretariat.post(url("publish", draft.uuid))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == CriteriaSetStatus.PUBLISHED
    assert draft.published_at is not None
    entry = AuditEntry.objects.get(action="criteria_set_publish")
    assert (entry.old, entry.new) == ({"status": "draft"}, {"status": "published"})
    assert secretariat.post(url("node_edit", node(draft, "1.3").uuid)).status_code == 403


def test_publishing_checks_the_whole_tree_and_lists_every_problem(secretariat, draft):
    secretariat.post(url("field_add", draft.uuid), new_node_data("9", "Chưa có cách chấm", 1))
    CriteriaNode.objects.filter(criteria_set=draft, code="1.3").update(max_points=5)
    CriteriaNode.objects.filter(criteria_set=draft, code="2.3").update(parameters={"step": "0.3"})
    before = fingerprint()
    response = secretariat.post(url("publish", draft.uuid))
    assert response.status_code == 200
    assert fingerprint() == before
    assert table_rows(response, PUBLISH_PROBLEMS) == [
        ["Tiêu chí 1", "điểm tối đa", e.SUM_MISMATCH.format(max="13", total="16")],
        ["Tiêu chí 1.3", "điểm tối đa", e.SUM_MISMATCH.format(max="5", total="2")],
        ["Tiêu chí 2.3", "bước chấm", e.STEP_NOT_DIVIDING.format(step="0,3", max="2")],
        ["Tiêu chí 9", "cách chấm", e.RULE_REQUIRED],
    ]
    assert "còn 4 lỗi" in response.content.decode()


def test_the_publish_page_shows_the_problems_before_trying(secretariat, draft):
    CriteriaNode.objects.filter(criteria_set=draft, code="1.3.1").update(
        parameters={"bước": "0.25"}
    )
    response = secretariat.get(url("publish", draft.uuid))
    ((place, column, message),) = table_rows(response, PUBLISH_PROBLEMS)
    assert (place, column) == ("Tiêu chí 1.3.1", "cách chấm")
    assert "«bước»" in message
    assert "<button" not in response.content.decode().split(PUBLISH_PROBLEMS)[1]


def test_a_set_without_groups_is_not_published(secretariat, draft):
    draft.groups.clear()
    CriteriaNode.objects.filter(criteria_set=draft).update(groups=[])
    response = secretariat.post(url("publish", draft.uuid))
    assert ["Nhóm đơn vị", "nhóm áp dụng", e.NO_GROUPS] in table_rows(response, PUBLISH_PROBLEMS)


def test_a_set_is_copied_to_a_new_year_as_a_draft_with_identity_mappings(secretariat, published):
    form = secretariat.get(url("copy", published.uuid)).context["form"]
    assert form.initial == {
        "year": 2025,
        "code": "CCHC-2025",
        "name": published.name.replace("2024", "2025"),
    }
    response = secretariat.post(
        url("copy", published.uuid), {"year": 2025, "code": "CCHC-2025", "name": "Bộ năm 2025"}
    )
    copy = CriteriaSet.objects.get(code="CCHC-2025")
    assert response.status_code == 302
    assert response.url == url("detail", copy.uuid)
    assert (copy.status, copy.copied_from, copy.year) == ("draft", published, 2025)
    expected = replace(
        to_engine(published),
        code="CCHC-2025",
        name="Bộ năm 2025",
        year=2025,
        decision_number="",
        decision_date=None,
    )
    assert to_engine(copy) == expected
    pairs = set(
        CodeMapping.objects.filter(from_set=published, to_set=copy).values_list(
            "from_code", "to_code"
        )
    )
    assert pairs == {(code, code) for code in published.nodes.values_list("code", flat=True)}
    entry = AuditEntry.objects.get(action="criteria_set_copy")
    assert entry.new["nodes"] == published.nodes.count()


def test_a_copy_keeps_methods_and_evidence_required(secretariat, published):
    CriteriaNode.objects.filter(pk=node(published, "1.2").pk).update(
        method="Mỗi báo cáo 0,25 điểm", evidence_required="Các báo cáo"
    )
    secretariat.post(url("copy", published.uuid), {"year": 2025, "code": "C-25", "name": "C"})
    copied = node(CriteriaSet.objects.get(code="C-25"), "1.2")
    assert (copied.method, copied.evidence_required) == ("Mỗi báo cáo 0,25 điểm", "Các báo cáo")


def test_a_copy_needs_a_new_code(secretariat, published):
    before = fingerprint()
    response = secretariat.post(
        url("copy", published.uuid), {"year": 2025, "code": "CCHC-2024", "name": "Trùng"}
    )
    assert response.context["form"].errors["code"] == ["mã bộ tiêu chí «CCHC-2024» đã có"]
    assert fingerprint() == before


@pytest.fixture
def copy(secretariat, published):
    secretariat.post(
        url("copy", published.uuid), {"year": 2025, "code": "CCHC-2025", "name": "Bộ năm 2025"}
    )
    return CriteriaSet.objects.get(code="CCHC-2025")


def mapping(from_set, to_set):
    return dict(
        CodeMapping.objects.filter(from_set=from_set, to_set=to_set).values_list(
            "from_code", "to_code"
        )
    )


def test_renumbering_a_node_of_the_copy_carries_its_mapping(secretariat, published, copy):
    response = secretariat.post(
        url("node_edit", node(copy, "1.3").uuid), node_data(node(copy, "1.3"), code="1.9")
    )
    assert response.status_code == 302
    assert mapping(published, copy)["1.3"] == "1.9"


def test_deleting_a_node_of_the_copy_drops_its_mappings(secretariat, published, copy):
    secretariat.post(url("node_delete", node(copy, "1.3").uuid))
    pairs = mapping(published, copy)
    assert "1.3" not in pairs
    assert "1.3.1" not in pairs
    assert pairs["1.2"] == "1.2"


def mapping_field(from_set, code):
    return f"to_{node(from_set, code).uuid.hex}"


def test_the_mapping_page_sets_the_matching_codes(secretariat, published, copy):
    page = url("mapping", copy.uuid, published.uuid)
    form = secretariat.get(page).context["form"]
    assert form[mapping_field(published, "1.3")].value() == "1.3"
    data = {name: form[name].value() for name in form.fields}
    data[mapping_field(published, "1.2")] = "1.1"
    data[mapping_field(published, "1.4")] = ""
    response = secretariat.post(page, data)
    assert response.status_code == 302
    pairs = mapping(published, copy)
    assert pairs["1.2"] == "1.1"
    assert "1.4" not in pairs
    entry = AuditEntry.objects.get(action="code_mapping_update")
    assert (entry.old, entry.new) == ({"1.2": "1.2", "1.4": "1.4"}, {"1.2": "1.1", "1.4": None})
    assert entry.reason == "CCHC-2024 → CCHC-2025"


def test_a_mapping_to_a_code_the_new_set_lacks_is_refused_beside_it(secretariat, published, copy):
    page = url("mapping", copy.uuid, published.uuid)
    field = mapping_field(published, "1.2")
    before = fingerprint()
    response = secretariat.post(page, {field: "9.9.9"})
    assert response.context["form"].errors[field] == [
        str(NO_SUCH_CODE).format(set="CCHC-2025", code="9.9.9")
    ]
    assert fingerprint() == before


def test_fields_of_nodes_outside_the_older_set_are_ignored(secretariat, published, copy):
    before = mapping(published, copy)
    stray = f"to_{node(copy, '1.2').uuid.hex}"
    secretariat.post(url("mapping", copy.uuid, published.uuid), {stray: "1.1"})
    assert mapping(published, copy).get("1.2") == before["1.2"]


def test_a_new_mapping_may_start_from_any_other_set(secretariat, draft, published):
    page = url("mapping", draft.uuid, published.uuid)
    assert (
        url("mapping", draft.uuid, published.uuid)
        in secretariat.get(url("detail", draft.uuid)).content.decode()
    )
    secretariat.post(page, {mapping_field(published, "1.1"): "1.1"})
    assert mapping(published, draft) == {"1.1": "1.1"}


def test_a_set_is_not_mapped_to_itself(secretariat, draft):
    assert secretariat.get(url("mapping", draft.uuid, draft.uuid)).status_code == 404


def test_the_tree_page_links_the_mappings_both_ways(secretariat, published, copy):
    old = secretariat.get(url("detail", published.uuid)).content.decode()
    new = secretariat.get(url("detail", copy.uuid)).content.decode()
    link = url("mapping", copy.uuid, published.uuid)
    assert link in old
    assert link in new


def test_a_draft_used_by_a_round_is_not_deleted(secretariat, draft):
    now = timezone.now()
    Round.objects.create(
        name="Thử",
        year=2025,
        criteria_set=draft,
        self_assessment_opens=now,
        self_assessment_deadline=now + timedelta(days=1),
        appraisal_deadline=now + timedelta(days=2),
    )
    before = fingerprint()
    response = secretariat.post(url("delete", draft.uuid))
    assert response.status_code == 200
    assert str(SET_IN_USE) in response.content.decode()
    assert fingerprint() == before


def test_a_draft_is_deleted_with_an_audit_row(secretariat, draft):
    response = secretariat.post(url("delete", draft.uuid))
    assert response.status_code == 302
    assert not CriteriaSet.objects.filter(code="CCHC-2025").exists()
    entry = AuditEntry.objects.get(action="criteria_set_delete")
    assert entry.target_id == str(draft.uuid)
    assert entry.old["code"] == "CCHC-2025"
