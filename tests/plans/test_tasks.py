"""A task of a plan: the leader edits it and gives it to an office and an official; the
owner edits its remediation and records progress with evidence once the plan is issued;
evidence files are checked (by content) and stored like self-assessment evidence."""

import pytest
from django.urls import reverse
from self_support import EXE, PDF, docx_bytes, upload

from parindex.apps.assessments.evidence import NOT_ALLOWED
from parindex.apps.assessments.models import EvidenceFile
from parindex.apps.audit.models import AuditEntry
from parindex.apps.plans import services_plans
from parindex.apps.plans.models import ProgressEvidence, ProgressUpdate, TaskStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "media", "base_url": "/media/"},
        },
    }


def task_url(task, name="task"):
    return reverse(f"plans:{name}", args=[task.uuid])


def edit_data(task, **changes):
    data = {
        "remediation": task.remediation,
        "target": task.target,
        "office": str(task.office.uuid) if task.office else "",
        "owner": str(task.owner.uuid) if task.owner else "",
        "deadline": task.deadline.isoformat() if task.deadline else "",
    }
    data.update(changes)
    return data


def test_the_leader_gives_a_task_to_an_office_and_an_official(client, personas, plan, offices):
    task = plan.tasks.get(code="1.3.1")
    client.force_login(personas.leader)
    data = edit_data(
        task,
        remediation="Ban hành kế hoạch kiểm tra CCHC trước ngày 31/01/2025.",
        office=str(offices["cchc"].uuid),
        owner=str(personas.staff.uuid),
        deadline="2025-01-31",
    )
    response = client.post(task_url(task, "task_edit"), data)
    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.office, task.owner, task.deadline.isoformat()) == (
        offices["cchc"],
        personas.staff,
        "2025-01-31",
    )
    entry = AuditEntry.objects.get(action="task.update")
    assert (entry.node_code, entry.unit_code) == ("1.3.1", "SNV")
    assert entry.old == {
        "remediation": "",
        "office": None,
        "owner": None,
        "deadline": entry.old["deadline"],
    }
    assert entry.new["owner"] == "Canbo"
    assert entry.new["deadline"] == "2025-01-31"


def test_the_owner_edits_the_remediation_but_not_who_or_when(client, personas, plan, offices):
    task = plan.tasks.get(code="1.6")
    task.owner = personas.staff
    task.save()
    client.force_login(personas.staff)
    page = client.get(task_url(task)).content.decode()
    assert 'name="deadline"' in page
    assert "disabled" in page
    data = edit_data(task, remediation="Theo dõi nhiệm vụ hằng tuần.", deadline="2030-01-01")
    response = client.post(task_url(task, "task_edit"), data)
    assert response.status_code == 302  # the disabled fields are not taken from the post
    task.refresh_from_db()
    assert task.remediation == "Theo dõi nhiệm vụ hằng tuần."
    assert task.deadline.isoformat() != "2030-01-01"


def test_the_owner_cannot_move_a_task_through_the_service(personas, plan, offices):
    task = plan.tasks.get(code="1.6")
    task.owner = personas.staff
    task.save()
    changes = services_plans.TaskChanges("x", "y", offices["vp"], personas.staff, task.deadline)
    with pytest.raises(services_plans.Refused) as refused:
        services_plans.task_update(actor=personas.staff, task=task, changes=changes)
    assert refused.value.message == str(services_plans.ONLY_LEADER_FIELDS)


@pytest.mark.parametrize("who", ["staff", "second_staff_user", "secretariat"])
def test_who_is_not_the_owner_may_not_edit(client, personas, plan, second_staff, who):
    person = second_staff if who == "second_staff_user" else getattr(personas, who)
    task = plan.tasks.get(code="1.6")
    client.force_login(person)
    response = client.post(task_url(task, "task_edit"), edit_data(task, remediation="x"))
    assert response.status_code == 403
    assert "Sửa nhiệm vụ" not in client.get(task_url(task)).content.decode()


def test_an_official_outside_the_unit_cannot_be_given_a_task(client, personas, plan):
    task = plan.tasks.get(code="1.6")
    client.force_login(personas.leader)
    data = edit_data(task, owner=str(personas.other_staff.uuid))
    assert client.post(task_url(task, "task_edit"), data).status_code == 422
    task.refresh_from_db()
    assert task.owner is None


def test_progress_waits_for_the_plan_to_be_issued(client, personas, plan):
    task = plan.tasks.get(code="1.6")
    client.force_login(personas.leader)
    response = client.post(task_url(task, "progress"), {"percent": 50, "note": "Đã làm."})
    assert response.status_code == 409
    assert str(services_plans.NOT_ISSUED) in response.content.decode()
    assert not ProgressUpdate.objects.exists()


def test_the_owner_records_progress_with_evidence(client, personas, issued, media):
    task = issued.tasks.get(code="1.6")
    client.force_login(personas.staff)
    data = {
        "percent": 60,
        "note": "Đã hoàn thành 12/19 nhiệm vụ đúng hạn.",
        "evidence": [upload("bao-cao-quy-1.pdf", PDF), upload("danh-muc.docx", docx_bytes())],
    }
    response = client.post(task_url(task, "progress"), data)
    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.progress, task.status, task.completed_at) == (60, TaskStatus.IN_PROGRESS, None)
    update = ProgressUpdate.objects.get()
    assert [e.name for e in update.evidence.all()] == ["bao-cao-quy-1.pdf", "danh-muc.docx"]
    assert EvidenceFile.objects.count() == 2  # stored with the self-assessment's files
    entry = AuditEntry.objects.get(action="task.progress")
    assert entry.old == {"progress": 0, "status": "not_started"}
    assert entry.new["evidence"] == ["bao-cao-quy-1.pdf", "danh-muc.docx"]
    page = client.get(task_url(task)).content.decode()
    assert str(services_plans.PROGRESS_SAVED).format(percent=60, code="1.6") in page
    assert "bao-cao-quy-1.pdf" in page


def test_a_task_at_100_percent_is_done_and_no_longer_overdue(personas, issued):
    task = issued.tasks.get(code="1.6")
    task.deadline = "2020-01-01"
    task.save()
    task.refresh_from_db()
    assert task.overdue
    services_plans.progress_record(actor=personas.staff, task=task, percent=100, note="Xong.")
    task.refresh_from_db()
    assert (task.status, task.overdue) == (TaskStatus.DONE, False)
    assert task.completed_at is not None


def test_a_refused_file_writes_nothing(client, personas, issued, media):
    task = issued.tasks.get(code="1.6")
    client.force_login(personas.staff)
    data = {"percent": 30, "note": "", "evidence": [upload("a.pdf", PDF), upload("virus.pdf", EXE)]}
    response = client.post(task_url(task, "progress"), data)
    assert response.status_code == 422
    assert str(NOT_ALLOWED).format(name="virus.pdf") in response.content.decode()
    assert not ProgressUpdate.objects.exists()
    assert not EvidenceFile.objects.exists()
    task.refresh_from_db()
    assert task.progress == 0


def test_an_empty_report_is_refused(personas, issued):
    task = issued.tasks.get(code="1.6")
    with pytest.raises(services_plans.Refused) as refused:
        services_plans.progress_record(actor=personas.staff, task=task, percent=0, note=" ")
    assert refused.value.message == str(services_plans.NOTHING_REPORTED)


def test_a_percent_outside_0_to_100_is_a_form_error(client, personas, issued):
    client.force_login(personas.staff)
    task = issued.tasks.get(code="1.6")
    assert client.post(task_url(task, "progress"), {"percent": 120}).status_code == 422


@pytest.mark.parametrize("who", ["second_staff_user", "secretariat", "council", "other_staff"])
def test_only_the_owner_and_the_leader_record_progress(client, personas, issued, second_staff, who):
    person = second_staff if who == "second_staff_user" else getattr(personas, who)
    client.force_login(person)
    task = issued.tasks.get(code="1.6")
    response = client.post(task_url(task, "progress"), {"percent": 10, "note": "x"})
    assert response.status_code in (403, 404)
    assert not ProgressUpdate.objects.exists()


def test_the_leader_records_progress_on_any_task(personas, issued):
    task = issued.tasks.get(code="4.5")
    services_plans.progress_record(
        actor=personas.leader, task=task, percent=20, note="Đang rà soát."
    )
    assert ProgressUpdate.objects.get().author == personas.leader


def test_evidence_is_downloaded_by_those_who_see_the_plan(client, personas, issued, media):
    task = issued.tasks.get(code="1.6")
    services_plans.progress_record(
        actor=personas.staff, task=task, percent=10, note="", uploads=[upload("bc.pdf", PDF)]
    )
    evidence = ProgressEvidence.objects.get()
    url = reverse("plans:evidence", args=[evidence.uuid])
    client.force_login(personas.secretariat)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF
    for who in ("appraiser", "other_staff", "outsider"):
        client.force_login(getattr(personas, who))
        assert client.get(url).status_code == 404
    client.force_login(personas.staff)
    assert client.post(url).status_code == 405


@pytest.mark.parametrize(
    ("who", "status"),
    [("staff", 200), ("secretariat", 200), ("council", 200), ("appraiser", 404), ("outsider", 404)],
)
def test_who_sees_a_task(client, personas, plan, who, status):
    client.force_login(getattr(personas, who))
    assert client.get(task_url(plan.tasks.first())).status_code == status


def test_task_pages_refuse_wrong_methods_anonymous_and_tampered_ids(client, personas, plan):
    task = plan.tasks.first()
    assert client.get(task_url(task)).status_code == 302
    client.force_login(personas.leader)
    assert client.post(task_url(task)).status_code == 405
    assert client.get(task_url(task, "task_edit")).status_code == 405
    assert client.get(task_url(task, "progress")).status_code == 405
    assert client.get(reverse("plans:task", args=[plan.uuid])).status_code == 404
