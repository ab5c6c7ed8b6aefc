"""Importing criteria sets and units from files, and downloading a set: a file is checked
whole, stored in one go or not at all, and every problem is listed where it is."""

from dataclasses import replace
from io import BytesIO

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from frameworks_support import fingerprint, table_rows, url

from parindex.apps.accounts.models import Unit, UnitGroup
from parindex.apps.audit.models import AuditEntry
from parindex.apps.frameworks.conversion import to_engine
from parindex.apps.frameworks.models import CriteriaSet, CriteriaSetStatus
from parindex.interchange import dump_criteria_xlsx, dump_criteria_yaml, load_criteria

pytestmark = pytest.mark.django_db

PROBLEMS = "Lỗi trong tệp"


def yaml_of(engine, tmp_path, name="bo-tieu-chi.yaml"):
    path = tmp_path / name
    dump_criteria_yaml(engine, path)
    return path.read_text(encoding="utf-8")


def upload(name, content):
    data = content.encode() if isinstance(content, str) else content
    return SimpleUploadedFile(name, data)


def post_file(client, name, content, page="import", **extra):
    return client.post(url(page), {"file": upload(name, content), **extra})


@pytest.fixture
def secretariat(signed_in, personas):
    return signed_in(personas.secretariat)


@pytest.fixture
def next_year(province):
    return replace(province.engine, code="CCHC-2026", name="Bộ chỉ số năm 2026", year=2026)


def test_a_yaml_file_becomes_a_draft_equal_to_the_file(secretariat, next_year, tmp_path):
    response = post_file(secretariat, "bo-2026.yaml", yaml_of(next_year, tmp_path))
    stored = CriteriaSet.objects.get(code="CCHC-2026")
    assert response.status_code == 302
    assert response.url == url("detail", stored.uuid)
    assert stored.status == CriteriaSetStatus.DRAFT
    assert to_engine(stored) == next_year
    entry = AuditEntry.objects.get(action="criteria_set_import")
    assert entry.target_id == str(stored.uuid)
    assert entry.new["file"] == "bo-2026.yaml"
    page = secretariat.get(response.url).content.decode()
    assert "Đã nhập bộ tiêu chí «CCHC-2026»" in page


def test_an_xlsx_file_is_imported_the_same_way(secretariat, next_year, tmp_path):
    path = tmp_path / "bo-2026.xlsx"
    dump_criteria_xlsx(next_year, path)
    response = post_file(secretariat, path.name, path.read_bytes())
    assert response.status_code == 302
    assert to_engine(CriteriaSet.objects.get(code="CCHC-2026")) == next_year


def test_a_yaml_file_with_problems_stores_nothing_and_lists_them_all(
    secretariat, next_year, tmp_path
):
    text = yaml_of(next_year, tmp_path)
    text = text.replace("step: 0.25", "step: 0.3", 1)
    text = text.replace("max_points: 13", "max_points: mười ba", 1)
    text = text.replace("rule: relative", "rule: so_sanh", 1)
    before = fingerprint()
    response = post_file(secretariat, "bo-2026.yaml", text)
    assert response.status_code == 200
    assert fingerprint() == before
    rows = table_rows(response, PROBLEMS)
    assert {(r[0], r[3]) for r in rows} >= {
        ("bo-2026.yaml", "max_points"),
        ("bo-2026.yaml", "step"),
        ("bo-2026.yaml", "rule"),
    }
    messages = [r[4] for r in rows]
    assert "«mười ba» không phải là số" in messages
    assert any(m.startswith("bước 0,3 không chia hết điểm tối đa") for m in messages)
    assert all(r[2].isdigit() for r in rows)  # every problem names its line
    assert "nên chưa nhập gì" in response.content.decode()


def test_an_xlsx_file_with_problems_names_the_sheet_row_and_column(
    secretariat, next_year, tmp_path
):
    path = tmp_path / "bo-2026.xlsx"
    dump_criteria_xlsx(next_year, path)
    book = openpyxl.load_workbook(path)
    book["Tiêu chí"]["D3"] = "abc"  # max_points of the second node
    content = BytesIO()
    book.save(content)
    before = fingerprint()
    response = post_file(secretariat, "bo-2026.xlsx", content.getvalue())
    assert fingerprint() == before
    assert ["bo-2026.xlsx", "Tiêu chí", "3", "max_points", "«abc» không phải là số"] in (
        table_rows(response, PROBLEMS)
    )


def test_a_set_code_already_stored_is_refused(secretariat, province, tmp_path):
    before = fingerprint()
    response = post_file(secretariat, "lai.yaml", yaml_of(province.engine, tmp_path))
    assert fingerprint() == before
    rows = table_rows(response, PROBLEMS)
    assert rows == [
        ["lai.yaml", "", "", "code", "mã bộ tiêu chí «CCHC-2024» đã có; hãy đổi mã trong tệp"]
    ]


def test_values_the_database_cannot_hold_are_refused_before_storing(
    secretariat, next_year, tmp_path
):
    long_code = "1." + "9" * 45
    text = yaml_of(next_year, tmp_path).replace("code: '1.7'", f"code: '{long_code}'", 1)
    before = fingerprint()
    response = post_file(secretariat, "dai.yaml", text)
    assert fingerprint() == before
    (row,) = table_rows(response, PROBLEMS)
    assert row[3] == "code"
    assert row[4].startswith(f"tiêu chí «{long_code}»: ")


def test_only_criteria_file_types_are_accepted(secretariat):
    before = fingerprint()
    response = post_file(secretariat, "bo.txt", "code: X")
    assert response.status_code == 200
    assert "tệp phải có đuôi .yaml, .yml, .xlsx" in response.content.decode()
    assert fingerprint() == before


UNITS = "code,name,group\nSNV,Sở Nội vụ tỉnh,so\nH-CL,UBND huyện Cam Lộ,huyen\nX-A,UBND xã A,xa\n"


def test_units_are_created_or_updated_by_code_with_new_groups(secretariat, province):
    response = post_file(secretariat, "don-vi.csv", UNITS, page="import_units")
    assert response.status_code == 200
    assert Unit.objects.get(code="SNV").name == "Sở Nội vụ tỉnh"
    assert Unit.objects.get(code="H-CL").group.code == "huyen"
    assert UnitGroup.objects.get(code="huyen").name == "huyen"
    text = response.content.decode()
    assert "Đã nhập: 1 đơn vị mới, 1 đơn vị cập nhật, 1 đơn vị không đổi." in text
    actions = sorted(AuditEntry.objects.values_list("action", "unit_code"))
    assert actions == [("unit_create", "H-CL"), ("unit_group_create", ""), ("unit_update", "SNV")]


def test_a_units_file_with_problems_stores_nothing(secretariat, province):
    before = fingerprint(), list(Unit.objects.values()), UnitGroup.objects.count()
    content = "code,name,group\nSNV,Sở Nội vụ tỉnh,so\nSNV,Trùng mã,so\nX B,,xa\n"
    response = post_file(secretariat, "don-vi.csv", content, page="import_units")
    assert (fingerprint(), list(Unit.objects.values()), UnitGroup.objects.count()) == before
    rows = table_rows(response, PROBLEMS)
    assert ["don-vi.csv", "", "3", "code", "mã đơn vị «SNV» trùng với dòng 2"] in rows
    assert {(r[2], r[3]) for r in rows} >= {("4", "code"), ("4", "name")}


def test_units_may_be_held_to_the_groups_of_a_set(secretariat, province):
    before = Unit.objects.count()
    response = post_file(
        secretariat,
        "don-vi.csv",
        UNITS,
        page="import_units",
        criteria_set=str(province.criteria_set.uuid),
    )
    assert Unit.objects.count() == before
    assert ["don-vi.csv", "", "3", "group", "nhóm «huyen» không có trong bộ tiêu chí"] in (
        table_rows(response, PROBLEMS)
    )


@pytest.mark.parametrize("fmt", ["yaml", "xlsx"])
def test_a_downloaded_set_imports_back_equal(secretariat, draft, fmt):
    engine = to_engine(draft)
    response = secretariat.get(url("export", draft.uuid, fmt))
    assert response.status_code == 200
    assert f'filename="CCHC-2025.{fmt}"' in response["Content-Disposition"]
    assert secretariat.post(url("delete", draft.uuid)).status_code == 302
    assert post_file(secretariat, f"CCHC-2025.{fmt}", response.content).status_code == 302
    assert to_engine(CriteriaSet.objects.get(code="CCHC-2025")) == engine


def test_a_downloaded_file_reads_as_the_stored_set(signed_in, personas, published, tmp_path):
    response = signed_in(personas.staff).get(url("export", published.uuid, "yaml"))
    path = tmp_path / "tai-ve.yaml"
    path.write_bytes(response.content)
    assert load_criteria(path) == to_engine(published)
    assert response["Content-Type"] == "application/yaml; charset=utf-8"
