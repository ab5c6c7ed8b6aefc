"""Units attach evidence files to criteria: checked by content, stored once per SHA-256,
never deleted, downloadable only by those who may view the unit's assessment."""

import hashlib

import pytest
from django.urls import reverse
from self_support import EXE, PDF, PNG, TEXT, docx_bytes, upload, xlsx_bytes

from parindex.apps.assessments.evidence import DOCX, XLSX
from parindex.apps.assessments.models import Evidence, EvidenceFile
from parindex.apps.audit.models import AuditEntry

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("evidence_media")]


def send(client, url, name, content, *, fetch=False):
    headers = {"X-Requested-With": "fetch"} if fetch else {}
    return client.post(url, {"file": upload(name, content)}, headers=headers)


def test_an_uploaded_file_is_stored_with_its_digest_size_type_and_uploader(
    client, personas, urls, scores, evidence_media
):
    score = scores("SNV")["1.1.2"]
    client.force_login(personas.staff)
    response = send(client, urls.upload(score), "Kế hoạch CCHC 2024.pdf", PDF)
    assert response.status_code == 302
    assert response.url.endswith("#tc-1.1.2")
    evidence = Evidence.objects.get(score=score)
    stored = evidence.file
    assert evidence.name == "Kế hoạch CCHC 2024.pdf"
    assert evidence.uploaded_by == personas.staff
    assert stored.sha256 == hashlib.sha256(PDF).hexdigest()
    assert stored.size == len(PDF)
    assert stored.media_type == "application/pdf"
    assert stored.uploaded_by == personas.staff
    assert stored.uploaded_at is not None
    assert (evidence_media / stored.file.name).read_bytes() == PDF
    entry = AuditEntry.objects.get(action="evidence.attach")
    assert (entry.unit_code, entry.node_code) == ("SNV", "1.1.2")
    assert entry.new["sha256"] == stored.sha256


def test_office_files_and_images_are_accepted(client, personas, urls, scores):
    score = scores("SNV")["1.1.2"]
    client.force_login(personas.staff)
    send(client, urls.upload(score), "bao-cao.docx", docx_bytes())
    send(client, urls.upload(score), "so-lieu.xlsx", xlsx_bytes())
    send(client, urls.upload(score), "anh-chup.png", PNG)
    types = set(EvidenceFile.objects.values_list("media_type", flat=True))
    assert types == {DOCX, XLSX, "image/png"}


def test_the_same_file_on_two_criteria_is_stored_once(client, personas, urls, scores):
    snv = scores("SNV")
    client.force_login(personas.staff)
    send(client, urls.upload(snv["1.1.2"]), "ke-hoach.pdf", PDF)
    send(client, urls.upload(snv["1.6"]), "ke-hoach (ban sao).pdf", PDF)
    assert EvidenceFile.objects.count() == 1
    uses = Evidence.objects.order_by("id")
    assert [e.score.node.code for e in uses] == ["1.1.2", "1.6"]
    assert uses[0].file == uses[1].file


@pytest.mark.parametrize(
    "case",
    [("chuong-trinh.pdf", EXE), ("ghi-chu.docx", TEXT)],
    ids=["program renamed pdf", "text renamed docx"],
)
def test_a_disguised_file_is_refused_with_a_clear_message(client, personas, urls, scores, case):
    name, content = case
    score = scores("SNV")["1.1.2"]
    client.force_login(personas.staff)
    response = send(client, urls.upload(score), name, content)
    assert response.status_code == 422
    page = response.content.decode()
    assert f"Tệp «{name}» không được nhận" in page
    assert "nhận diện theo nội dung" in page
    assert not EvidenceFile.objects.exists()
    assert not Evidence.objects.exists()
    assert not AuditEntry.objects.exists()


def test_an_oversized_file_is_refused(client, personas, urls, scores, settings):
    settings.EVIDENCE_MAX_BYTES = 1024 * 1024
    score = scores("SNV")["1.1.2"]
    client.force_login(personas.staff)
    response = send(client, urls.upload(score), "lon.pdf", PDF + b" " * (2 * 1024 * 1024))
    assert response.status_code == 422
    assert "vượt quá giới hạn 1,0 MB" in response.content.decode()
    assert not EvidenceFile.objects.exists()


def test_a_post_without_a_file_asks_for_one(client, personas, urls, scores):
    client.force_login(personas.staff)
    response = client.post(urls.upload(scores("SNV")["1.1.2"]), {})
    assert response.status_code == 422
    assert "Hãy chọn một tệp để tải lên." in response.content.decode()


def test_the_script_gets_the_leaf_with_its_new_file(client, personas, urls, scores):
    client.force_login(personas.staff)
    response = send(client, urls.upload(scores("SNV")["1.1.2"]), "ke-hoach.pdf", PDF, fetch=True)
    assert response.status_code == 200
    assert response["X-ParIndex-Fragment"] == "leaf"
    assert "ke-hoach.pdf" in response.content.decode()


def test_nothing_is_attached_after_the_deadline(client, personas, urls, scores, past_deadline):
    score = scores("SNV")["1.1.2"]
    past_deadline()
    client.force_login(personas.staff)
    response = send(client, urls.upload(score), "ke-hoach.pdf", PDF)
    assert response.status_code == 409
    assert "Đã hết hạn tự đánh giá" in response.content.decode()
    assert not Evidence.objects.exists()


@pytest.mark.parametrize("case", [("secretariat", 403), ("outsider", 404)])
def test_people_outside_the_unit_cannot_attach(client, personas, urls, scores, case):
    who, status = case
    client.force_login(getattr(personas, who))
    assert send(client, urls.upload(scores("SNV")["1.1.2"]), "a.pdf", PDF).status_code == status
    assert not Evidence.objects.exists()


def test_a_file_cannot_be_attached_to_another_units_criterion(client, personas, urls, scores):
    other = scores("STP")["1.1.2"]
    client.force_login(personas.staff)
    path = urls.named("self_evidence_upload", "SNV", other.uuid)
    assert client.post(path, {"file": upload("a.pdf", PDF)}).status_code == 404
    assert client.post(urls.upload(other, "STP"), {"file": upload("a.pdf", PDF)}).status_code == 404
    assert not Evidence.objects.exists()


def test_uploading_takes_only_post(client, personas, urls, scores):
    client.force_login(personas.staff)
    assert client.get(urls.upload(scores("SNV")["1.1.2"])).status_code == 405


# --- removing -------------------------------------------------------------------------


@pytest.fixture
def attached(client, personas, urls, scores):
    client.force_login(personas.staff)
    send(client, urls.upload(scores("SNV")["1.1.2"]), "ke-hoach.pdf", PDF)
    client.logout()
    return Evidence.objects.get()


def remove_url(urls, evidence, unit="SNV"):
    return urls.named("self_evidence_remove", unit, evidence.uuid)


def test_removing_a_file_supersedes_it_and_keeps_the_bytes(
    client, personas, urls, attached, evidence_media
):
    client.force_login(personas.staff)
    response = client.post(remove_url(urls, attached))
    assert response.status_code == 302
    attached.refresh_from_db()
    assert attached.superseded_at is not None
    assert EvidenceFile.objects.count() == 1
    assert (evidence_media / attached.file.file.name).exists()
    assert AuditEntry.objects.filter(action="evidence.supersede").count() == 1
    page = client.get(urls.page()).content.decode()
    assert "Đã gỡ tệp «ke-hoach.pdf»" in page
    assert reverse("assessments:evidence_download", args=[attached.uuid]) not in page


def test_a_removed_file_can_still_be_downloaded_for_the_record(client, personas, attached):
    attached.superseded_at = attached.uploaded_at
    attached.save()
    client.force_login(personas.secretariat)
    url = reverse("assessments:evidence_download", args=[attached.uuid])
    assert client.get(url).status_code == 200


def test_another_unit_cannot_remove_a_file(client, personas, urls, attached):
    client.force_login(personas.other_staff)
    assert client.post(remove_url(urls, attached, "STP")).status_code == 404
    assert client.post(remove_url(urls, attached)).status_code == 404
    attached.refresh_from_db()
    assert attached.superseded_at is None


def test_removing_takes_only_post(client, personas, urls, attached):
    client.force_login(personas.staff)
    assert client.get(remove_url(urls, attached)).status_code == 405


def test_removing_after_the_deadline_is_refused(client, personas, urls, attached, past_deadline):
    past_deadline()
    client.force_login(personas.staff)
    assert client.post(remove_url(urls, attached)).status_code == 409
    attached.refresh_from_db()
    assert attached.superseded_at is None


# --- downloading ----------------------------------------------------------------------


@pytest.mark.parametrize("who", ["staff", "leader", "secretariat", "council", "appraiser"])
def test_people_who_may_view_the_unit_download_its_files(client, personas, attached, who):
    client.force_login(getattr(personas, who))
    response = client.get(reverse("assessments:evidence_download", args=[attached.uuid]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == PDF


@pytest.mark.parametrize("who", ["outsider", "other_staff", "other_appraiser"])
def test_others_cannot_download(client, personas, attached, who):
    client.force_login(getattr(personas, who))
    url = reverse("assessments:evidence_download", args=[attached.uuid])
    assert client.get(url).status_code == 404


def test_downloading_sends_anonymous_visitors_to_sign_in(client, attached):
    url = reverse("assessments:evidence_download", args=[attached.uuid])
    assert client.get(url).status_code == 302


def test_downloading_takes_only_get(client, personas, attached):
    client.force_login(personas.staff)
    url = reverse("assessments:evidence_download", args=[attached.uuid])
    assert client.post(url).status_code == 405
