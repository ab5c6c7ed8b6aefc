"""The history import page: the secretariat uploads a file; every problem is listed with
its place in the file and nothing is written; a good file is written and summarised."""

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from results_support import url

from page_reader import table
from parindex.apps.results import views
from parindex.apps.results.models import HistoryRow

pytestmark = pytest.mark.django_db

GOOD = (
    "year,unit,group,index,rank,class\n"
    "2022,SNV,so,84.66,1,Tốt\n"
    "2022,STP,so,80,2,Khá\n"
    "2021,SNV,so,81.25,2,Tốt\n"
)


def upload(text, name="lich-su.csv"):
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def test_the_secretariat_imports_a_history_file(client, personas):
    client.force_login(personas.secretariat)
    assert client.get(url("history")).status_code == 200
    response = client.post(url("history"), {"file": upload(GOOD)})
    assert response.status_code == 302
    message = str(views.IMPORTED).format(created=3, updated=0, unchanged=0)
    assert [str(m) for m in get_messages(response.wsgi_request)] == [message]
    assert HistoryRow.objects.count() == 3
    page = client.get(url("history"))
    assert table(page, "Lịch sử chỉ số đang có")[1:] == [
        ["2022", "Sở, ban, ngành", "2", "Nhập từ số liệu đã công bố"],
        ["2021", "Sở, ban, ngành", "1", "Nhập từ số liệu đã công bố"],
    ]
    batches = table(page, "Các lần nhập")
    assert batches[1][:1] == ["lich-su.csv"]
    assert batches[1][3:5] == ["3", "0"]


def test_a_bad_file_lists_every_problem_and_writes_nothing(client, personas):
    client.force_login(personas.admin)
    bad = "year,unit,group,index\n2022,SNV,so,abc\n2022,NOBODY,so,80\n"
    response = client.post(url("history"), {"file": upload(bad, "sai.csv")})
    assert response.status_code == 200
    rows = table(response, "Lỗi trong tệp")
    assert rows[1:] == [["sai.csv", "", "2", "index", "«abc» không phải là số"]]
    assert not HistoryRow.objects.exists()
    bad = "year,unit,group,index\n2022,NOBODY,so,80\n"
    response = client.post(url("history"), {"file": upload(bad, "sai.csv")})
    rows = table(response, "Lỗi trong tệp")
    assert rows[1][2:4] == ["2", "name"]


def test_a_post_without_a_file_shows_the_form_again(client, personas):
    client.force_login(personas.secretariat)
    response = client.post(url("history"), {})
    assert response.status_code == 200
    assert not HistoryRow.objects.exists()


@pytest.mark.parametrize("who", ["council", "staff", "appraiser", "outsider"])
def test_only_the_secretariat_imports(client, personas, who):
    client.force_login(getattr(personas, who))
    assert client.get(url("history")).status_code == 403
    assert client.post(url("history"), {"file": upload(GOOD)}).status_code == 403
    assert not HistoryRow.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in(client, db):
    assert client.get(url("history")).status_code == 302


def test_the_page_accepts_only_get_and_post(client, personas):
    client.force_login(personas.secretariat)
    assert client.put(url("history")).status_code == 405
