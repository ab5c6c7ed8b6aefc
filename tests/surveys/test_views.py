"""The secretariat's survey pages: who may open them, with which method, and what they do."""

import io
import uuid

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from surveys_support import answers_of, make_survey

from page_reader import read, table
from parindex.apps.audit.models import AuditEntry
from parindex.apps.surveys import services, views
from parindex.apps.surveys.layout import BAD_OPTION
from parindex.apps.surveys.models import (
    Ballot,
    BallotSource,
    ImportJob,
    ImportStatus,
    Survey,
    SurveyStatus,
    SurveyUnit,
)

pytestmark = pytest.mark.django_db

MANAGING_GET = ("detail", "edit", "layout", "units", "links", "import", "import_template")
MANAGING_POST = ("open", "close")
RESULTS = ("results", "export")
SURVEY_PAGES = MANAGING_GET + MANAGING_POST + RESULTS


def url(name, *args):
    return reverse(f"surveys:{name}", args=args)


def call(client, name, survey):
    target = url(name, survey.uuid)
    return client.post(target) if name in MANAGING_POST else client.get(target)


@pytest.fixture
def signed_in(client):
    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


@pytest.mark.parametrize("name", SURVEY_PAGES)
def test_anonymous_visitors_are_sent_to_sign_in(client, sipas, name):
    response = call(client, name, sipas)
    assert response.status_code == 302
    assert response.url.startswith("/dang-nhap/")


@pytest.mark.parametrize("who", ["outsider", "staff", "leader", "appraiser", "other_staff"])
@pytest.mark.parametrize("name", MANAGING_GET + MANAGING_POST)
def test_only_the_secretariat_manages_surveys(signed_in, personas, sipas, who, name):
    response = call(signed_in(getattr(personas, who)), name, sipas)
    assert response.status_code == 403
    assert Survey.objects.get().status == SurveyStatus.OPEN


@pytest.mark.parametrize("name", MANAGING_GET + MANAGING_POST)
def test_the_council_sees_figures_but_manages_nothing(signed_in, personas, sipas, name):
    assert call(signed_in(personas.council), name, sipas).status_code == 403


@pytest.mark.parametrize("who", ["outsider", "staff", "leader", "appraiser"])
@pytest.mark.parametrize("name", RESULTS)
def test_every_units_figures_are_for_the_overseers(signed_in, personas, sipas, who, name):
    assert call(signed_in(getattr(personas, who)), name, sipas).status_code == 403


@pytest.mark.parametrize("name", SURVEY_PAGES)
def test_a_made_up_survey_is_not_found(signed_in, personas, name):
    client = signed_in(personas.secretariat)
    target = url(name, uuid.uuid4())
    response = client.post(target) if name in MANAGING_POST else client.get(target)
    assert response.status_code == 404


@pytest.mark.parametrize("name", MANAGING_POST)
def test_open_and_close_take_only_post(signed_in, personas, sipas, name):
    assert signed_in(personas.secretariat).get(url(name, sipas.uuid)).status_code == 405


@pytest.mark.parametrize("name", MANAGING_GET + RESULTS)
def test_pages_refuse_other_methods(signed_in, personas, sipas, name):
    response = signed_in(personas.secretariat).delete(url(name, sipas.uuid))
    assert response.status_code == 405


def test_the_list_shows_each_user_what_they_may_open(signed_in, personas, sipas, ballots):
    ballots(sipas, sipas.coverage.get(unit__code="SNV").unit, answers_of(sipas, 5), n=2)
    page = signed_in(personas.secretariat).get(url("list"))
    rows = table(page, "Các cuộc khảo sát theo năm")
    assert rows[1][:7] == [
        "2024",
        "SIPAS-2024",
        "Khảo sát SIPAS-2024",
        "Khảo sát sự hài lòng (SIPAS)",
        "Đang nhận phiếu",
        "3",
        "2",
    ]
    assert url("create") in page.content.decode()
    staff_page = signed_in(personas.staff).get(url("list")).content.decode()
    snv = sipas.coverage.get(unit__code="SNV").unit
    assert url("unit_results", sipas.uuid, snv.uuid) in staff_page
    assert f'href="{url("results", sipas.uuid)}"' not in staff_page
    assert url("create") not in staff_page


def test_the_list_is_refused_to_people_without_a_unit_or_oversight(signed_in, personas):
    assert signed_in(personas.outsider).get(url("list")).status_code == 403
    assert signed_in(personas.appraiser).get(url("list")).status_code == 403
    assert signed_in(personas.staff).post(url("list")).status_code == 405


def test_the_menu_shows_surveys_to_whom_may_open_them(signed_in, personas):
    assert url("list") in signed_in(personas.secretariat).get("/").content.decode()
    assert url("list") in signed_in(personas.staff).get("/").content.decode()
    assert url("list") not in signed_in(personas.appraiser).get("/").content.decode()


def test_a_survey_is_created_with_the_default_questions(signed_in, personas):
    client = signed_in(personas.secretariat)
    assert client.get(url("create")).status_code == 200
    data = {"code": "SIPAS-2025", "name": "SIPAS 2025", "year": "2025", "kind": "sipas"}
    response = client.post(url("create"), {**data, "margin": "5", "intro": ""})
    survey = Survey.objects.get(code="SIPAS-2025")
    assert response.status_code == 302
    assert response.url == url("detail", survey.uuid)
    assert survey.questions.count() == 20
    again = client.post(url("create"), {**data, "margin": "5"})
    assert "Mã khảo sát «SIPAS-2025» đã được dùng." in again.content.decode()
    bad = client.post(url("create"), {**data, "code": "SIPAS 2026", "margin": "5"})
    assert str(views.SurveyForm.base_fields["code"].help_text) in bad.content.decode()
    assert Survey.objects.count() == 1


def test_others_cannot_create_a_survey(signed_in, personas):
    for who in ("council", "staff", "outsider"):
        assert signed_in(getattr(personas, who)).get(url("create")).status_code == 403
    assert signed_in(personas.secretariat).delete(url("create")).status_code == 405


def test_the_detail_page_lists_units_links_and_sample_sizes(signed_in, personas, sipas):
    page = signed_in(personas.secretariat).get(url("detail", sipas.uuid))
    rows = table(page, views_caption())
    snv = next(r for r in rows if r[0].startswith("Sở Nội vụ"))
    code = SurveyUnit.objects.get(unit__code="SNV").code
    assert snv[1:4] == ["1.000", "286", "0"]
    assert f"/ks/{code}/" in snv[4]


def views_caption():
    return "Quy mô tổng thể, cỡ mẫu cần, số phiếu và đường dẫn phiếu trực tuyến của từng đơn vị"


def test_the_layout_is_edited_with_errors_beside_the_box(signed_in, personas):
    survey = make_survey(personas.secretariat)
    client = signed_in(personas.secretariat)
    form = client.get(url("layout", survey.uuid)).context["form"]
    data = {name: form.initial[name] for name in ("forms_text", "questions", "options")}
    response = client.post(url("layout", survey.uuid), {**data, "options": "1 | Kém"})
    assert response.status_code == 422
    assert str(BAD_OPTION).format(line=1, text="1 | Kém") in response.content.decode()
    assert survey.options.count() == 5
    data["questions"] = "# 1 | Chung\n1.1 | Hài lòng chung"
    assert client.post(url("layout", survey.uuid), data).status_code == 302
    assert list(survey.questions.values_list("code", flat=True)) == ["1.1"]


def test_an_open_survey_shows_its_layout_but_keeps_it(signed_in, personas, sipas):
    client = signed_in(personas.secretariat)
    data = {"questions": "# 1 | A\n1.1 | B", "options": "1 | X | 0\n2 | Y | 100 | *"}
    response = client.post(url("layout", sipas.uuid), data)
    assert "Khảo sát đã mở nhận phiếu: không sửa được" in response.content.decode()
    assert sipas.questions.count() == 20


def test_units_are_picked_with_their_population(signed_in, personas, province, sipas):
    client = signed_in(personas.secretariat)
    form = client.get(url("units", sipas.uuid)).context["form"]
    data = {}
    for unit, pick, size in form.bound_rows():
        if unit.code in ("SNV", "X-A"):
            data[pick.html_name] = "on"
            data[size.html_name] = "1500" if unit.code == "SNV" else ""
    assert client.post(url("units", sipas.uuid), data).status_code == 302
    assert dict(SurveyUnit.objects.values_list("unit__code", "population")) == {
        "SNV": 1500,
        "X-A": None,
    }


def test_open_and_close_from_the_detail_page(signed_in, personas, sipas):
    client = signed_in(personas.secretariat)
    response = client.post(url("close", sipas.uuid), follow=True)
    assert str(views.CLOSED) in response.content.decode()
    assert Survey.objects.get().status == SurveyStatus.CLOSED
    response = client.post(url("close", sipas.uuid), follow=True)
    assert "Chỉ kết thúc được khảo sát đang nhận phiếu." in response.content.decode()
    client.post(url("open", sipas.uuid))
    assert Survey.objects.get().status == SurveyStatus.OPEN


def test_the_links_page_has_a_qr_code_per_unit(signed_in, personas, sipas):
    body = signed_in(personas.secretariat).get(url("links", sipas.uuid)).content.decode()
    assert body.count("<svg") == 3
    for place in SurveyUnit.objects.all():
        assert f"http://testserver/ks/{place.code}/" in body


def test_an_upload_runs_the_import_and_shows_its_summary(
    signed_in, personas, sipas, django_capture_on_commit_callbacks
):
    client = signed_in(personas.secretariat)
    template = client.get(url("import_template", sipas.uuid))
    assert template["Content-Disposition"] == 'attachment; filename="phieu-SIPAS-2024.csv"'
    text = template.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("ballot,unit,date,1.1,1.2,")
    upload = SimpleUploadedFile("phieu.csv", text.encode("utf-8-sig"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("import", sipas.uuid), {"file": upload, "source": "post"})
    job = ImportJob.objects.get()
    assert response.url == url("import_progress", job.uuid)
    page = client.get(response.url)
    assert "Đã nhập 1 phiếu mới từ 1 dòng phiếu." in page.content.decode()
    assert 'http-equiv="refresh"' not in page.content.decode()
    assert Ballot.objects.get().source == BallotSource.POST


def test_a_running_import_page_reloads_itself_and_shows_its_progress(signed_in, personas, sipas):
    job = ImportJob.objects.create(
        survey=sipas,
        source="paper",
        file_name="lon.csv",
        created_by=personas.secretariat,
        status=ImportStatus.CHECKING,
        total=100000,
        checked=42000,
    )
    body = signed_in(personas.secretariat).get(url("import_progress", job.uuid)).content.decode()
    assert 'http-equiv="refresh"' in body
    assert "Đang kiểm tra: 42.000 / 100.000 dòng." in body
    assert '<progress max="100000" value="42000">' in body


def test_import_pages_are_for_the_secretariat(signed_in, personas, sipas):
    job = ImportJob.objects.create(
        survey=sipas, source="paper", file_name="x.csv", created_by=personas.secretariat
    )
    for who in ("council", "staff", "outsider"):
        client = signed_in(getattr(personas, who))
        assert client.get(url("import_progress", job.uuid)).status_code == 403
    client = signed_in(personas.secretariat)
    assert client.get(url("import_progress", uuid.uuid4())).status_code == 404
    assert client.post(url("import_progress", job.uuid)).status_code == 405


def test_the_results_page_shows_units_groups_and_questions(
    signed_in, personas, province, sipas, ballots
):
    snv = province.units["SNV"]
    ballots(sipas, snv, answers_of(sipas, 5), n=3, source=BallotSource.WEB)
    ballots(sipas, snv, answers_of(sipas, 2))
    page = signed_in(personas.council).get(url("results", sipas.uuid))
    facts = dict(read(page).lists[0])
    assert facts["Tổng số phiếu"] == "4"
    assert facts["Phiếu trực tuyến"] == "3"
    assert facts["Đơn vị chưa đủ cỡ mẫu"] == "2"
    rows = table(page, "Số phiếu, cỡ mẫu và kết quả của từng đơn vị")
    row = next(r for r in rows if r[0] == "Sở Nội vụ")
    assert row[1:5] == ["1.000", "286", "4 ⚠Chưa đủ cỡ mẫu", "75,00"]
    assert row[6:8] == ["4,25", "81,25"]
    stp = next(r for r in rows if r[0] == "Sở Tư pháp")
    assert stp[1:5] == ["—", "—", "0", "—"]
    questions = table(page, "Kết quả gộp mọi đơn vị")
    assert questions[1][:3] == ["1Tiếp cận dịch vụ", "12", "75,00"]


def test_the_export_has_a_sheet_per_level(signed_in, personas, province, sipas, ballots):
    ballots(sipas, province.units["SNV"], answers_of(sipas, 4), n=2)
    response = signed_in(personas.secretariat).get(url("export", sipas.uuid))
    assert response["Content-Disposition"] == 'attachment; filename="ket-qua-SIPAS-2024.xlsx"'
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Đơn vị", "Nhóm đơn vị", "Yếu tố", "Câu hỏi"]
    units = list(book["Đơn vị"].iter_rows(values_only=True))
    snv = next(r for r in units if r[1] == "SNV")
    assert snv[3:10] == (1000, 286, 2, 0, 2, 0, "Có")
    assert snv[10] == 100
    questions = list(book["Câu hỏi"].iter_rows(values_only=True))
    assert len(questions) == 1 + 20 * 4  # three units and the whole survey


def test_a_unit_sees_its_own_figures_only(signed_in, personas, province, sipas, ballots):
    ballots(sipas, province.units["SNV"], answers_of(sipas, 4))
    snv, stp = province.units["SNV"], province.units["STP"]
    own = url("unit_results", sipas.uuid, snv.uuid)
    other = url("unit_results", sipas.uuid, stp.uuid)
    staff = signed_in(personas.staff)
    page = staff.get(own)
    assert page.status_code == 200
    assert dict(read(page).lists[0])["Tỷ lệ hài lòng (%)"] == "100,00"
    assert staff.get(other).status_code == 404
    assert staff.get(url("unit_results", sipas.uuid, uuid.uuid4())).status_code == 404
    assert staff.post(own).status_code == 405
    assert signed_in(personas.council).get(other).status_code == 200
    assert signed_in(personas.outsider).get(own).status_code == 403


def test_a_unit_does_not_see_a_survey_being_prepared(signed_in, personas, province):
    draft = make_survey(personas.secretariat, code="NHAP")
    services.survey_units_set(
        actor=personas.secretariat, survey=draft, covered={province.units["SNV"]: None}
    )
    own = url("unit_results", draft.uuid, province.units["SNV"].uuid)
    assert signed_in(personas.staff).get(own).status_code == 404
    assert not AuditEntry.objects.filter(action="survey.open").exists()
