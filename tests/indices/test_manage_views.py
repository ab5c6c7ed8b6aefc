"""The secretariat's pages: index definitions, their components, and the import of results
from a file; no one else opens them."""

from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from indices_support import components

from page_reader import read
from parindex.apps.audit.models import AuditEntry
from parindex.apps.indices import services, views_manage
from parindex.apps.indices.models import IndexComponent, IndexDefinition, IndexValue, Scope

pytestmark = pytest.mark.django_db

MISSING_UUID = "00000000-0000-0000-0000-000000000000"


def definition_data(**changes):
    data = {
        "code": "DTI",
        "name": "Chỉ số chuyển đổi số (DTI)",
        "scope": Scope.BOTH,
        "description": "",
        "score_label": "",
        "score_max": "1000",
        "position": "9",
        "is_active": "on",
    }
    return {**data, **changes}


def pages(standard):
    ddci = standard["DDCI"]
    part = components(ddci)["ho-tro"]
    return {
        "list": reverse("indices:definitions"),
        "create": reverse("indices:definition_create"),
        "edit": reverse("indices:definition", args=[ddci.uuid]),
        "add part": reverse("indices:component_create", args=[ddci.uuid]),
        "part": reverse("indices:component", args=[part.uuid]),
        "import": reverse("indices:import"),
    }


def test_the_secretariat_lists_every_index_with_its_components(client, personas, standard):
    client.force_login(personas.secretariat)
    response = client.get(reverse("indices:definitions"))
    rows = next(
        rows for caption, rows in read(response).tables if caption == "Các chỉ số và thành phần"
    )
    codes = [row[0] for row in rows[1:]]
    assert codes == ["PAR", "SIPAS", "PAPI", "PCI", "DDCI"]
    assert "Vai trò người đứng đầu" in rows[5][3]


def test_the_secretariat_adds_an_index(client, personas, standard):
    client.force_login(personas.secretariat)
    response = client.post(reverse("indices:definition_create"), definition_data())
    made = IndexDefinition.objects.get(code="DTI")
    assert response.url == reverse("indices:definition", args=[made.uuid])
    assert (made.scope, made.score_max, made.computed) == (Scope.BOTH, D(1000), False)
    assert AuditEntry.objects.get(action=services.DEFINITION_CREATE).new["code"] == "DTI"


def test_a_wrong_or_taken_code_is_refused(client, personas, standard):
    client.force_login(personas.secretariat)
    response = client.post(reverse("indices:definition_create"), definition_data(code="dti x"))
    assert response.status_code == 400
    assert "chữ in hoa không dấu" in response.content.decode()
    response = client.post(reverse("indices:definition_create"), definition_data(code="PCI"))
    assert response.status_code == 400
    assert IndexDefinition.objects.filter(code="PCI").count() == 1


def test_the_secretariat_lets_leaders_record_the_ddci(client, personas, standard):
    ddci = standard["DDCI"]
    client.force_login(personas.secretariat)
    data = definition_data(code="DDCI", name=ddci.name, scope=Scope.UNIT, score_max="100")
    response = client.post(
        reverse("indices:definition", args=[ddci.uuid]), {**data, "unit_may_record": "on"}
    )
    assert response.status_code == 302
    ddci.refresh_from_db()
    assert ddci.unit_may_record
    entry = AuditEntry.objects.get(action=services.DEFINITION_UPDATE)
    assert (entry.old["unit_may_record"], entry.new["unit_may_record"]) == (False, True)
    page = client.get(response.url).content.decode()
    assert str(views_manage.DEFINITION_SAVED).format(code="DDCI") in page


def test_the_par_index_keeps_its_code_and_scope(client, personas, standard):
    par = standard["PAR"]
    client.force_login(personas.secretariat)
    page = client.get(reverse("indices:definition", args=[par.uuid])).content.decode()
    assert "Thêm thành phần" not in page
    data = definition_data(code="XYZ", scope=Scope.PROVINCE, name="PAR INDEX")
    client.post(reverse("indices:definition", args=[par.uuid]), data)
    par.refresh_from_db()
    assert (par.code, par.scope, par.name) == ("PAR", Scope.UNIT, "PAR INDEX")


def test_the_secretariat_adds_and_edits_components(client, personas, standard):
    ddci = standard["DDCI"]
    client.force_login(personas.secretariat)
    data = {"code": "so-hoa", "name": "Chuyển đổi số", "score_max": "10", "position": "9"}
    response = client.post(reverse("indices:component_create", args=[ddci.uuid]), data)
    assert response.url == reverse("indices:definition", args=[ddci.uuid])
    made = IndexComponent.objects.get(definition=ddci, code="so-hoa")
    assert made.score_max == D(10)
    edit = reverse("indices:component", args=[made.uuid])
    assert client.get(edit).status_code == 200
    client.post(edit, {**data, "name": "Chuyển đổi số của sở", "is_active": ""})
    made.refresh_from_db()
    assert (made.name, made.is_active) == ("Chuyển đổi số của sở", False)
    response = client.post(reverse("indices:component_create", args=[ddci.uuid]), data)
    assert response.status_code == 400  # the code is taken
    actions = list(AuditEntry.objects.values_list("action", flat=True))
    assert sorted(actions) == [services.COMPONENT_CREATE, services.COMPONENT_UPDATE]


@pytest.mark.parametrize(
    "who", ["staff", "leader", "other_staff", "appraiser", "council", "outsider"]
)
def test_only_the_secretariat_opens_these_pages(client, personas, standard, who):
    client.force_login(getattr(personas, who))
    for name, url in pages(standard).items():
        assert client.get(url).status_code == 403, name
        if name != "list":  # a page that only reads
            assert client.post(url, {}).status_code == 403, name


def test_administrators_open_them_too_and_anonymous_visitors_sign_in(client, personas, standard):
    for url in pages(standard).values():
        assert client.get(url).status_code == 302
    client.force_login(personas.admin)
    for name, url in pages(standard).items():
        assert client.get(url).status_code == 200, name
        assert client.put(url).status_code == 405, name
    assert client.post(pages(standard)["list"]).status_code == 405


def test_unknown_definitions_and_components_are_not_found(client, personas, standard):
    client.force_login(personas.secretariat)
    assert client.get(reverse("indices:definition", args=[MISSING_UUID])).status_code == 404
    assert client.get(reverse("indices:component", args=[MISSING_UUID])).status_code == 404
    url = reverse("indices:component_create", args=[MISSING_UUID])
    assert client.post(url, {"code": "x", "name": "x", "position": "1"}).status_code == 404


# --- importing ----------------------------------------------------------------------------


def upload(text, name="chi-so.csv"):
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def test_the_secretariat_imports_a_file(client, personas, province, standard):
    client.force_login(personas.secretariat)
    text = "index,year,unit,score,rank,of\nDDCI,2023,SNV,70.2,21,23\nPCI,2023,,66.17,25,63\n"
    response = client.post(reverse("indices:import"), {"file": upload(text)})
    assert response.url == reverse("indices:home")
    assert IndexValue.objects.count() == 2
    page = client.get(response.url).content.decode()
    assert str(views_manage.IMPORTED).format(count=2, name="chi-so.csv") in page


def test_a_file_with_problems_lists_them_and_imports_nothing(client, personas, province, standard):
    client.force_login(personas.secretariat)
    text = "index,year,unit,score\nDDCI,2023,SNV,70.2\nDDCI,2023,KHONG,70\n"
    response = client.post(reverse("indices:import"), {"file": upload(text, "ddci.csv")})
    assert response.status_code == 400
    rows = next(rows for caption, rows in read(response).tables if caption == "Lỗi trong tệp")
    assert rows[1] == ["ddci.csv", "", "3", "unit", "không có đơn vị mã «KHONG»"]
    assert not IndexValue.objects.exists()


def test_only_csv_and_xlsx_files_are_taken(client, personas, standard):
    client.force_login(personas.secretariat)
    response = client.post(reverse("indices:import"), {"file": upload("x", "chi-so.pdf")})
    assert response.status_code == 400
    assert "Chỉ nhận tệp .csv, .xlsx." in response.content.decode()
