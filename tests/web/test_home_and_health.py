"""The home page introduces the product; the health check reports on the database."""

import pytest
from django.db import OperationalError, connection

from parindex.apps.core import views

pytestmark = pytest.mark.django_db


def test_the_home_page_names_the_product_and_links_to_the_results(client):
    response = client.get("/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "ParIndex — Chỉ số cải cách hành chính" in page
    assert 'href="/ket-qua/"' in page
    assert 'href="/dang-nhap/"' in page


def test_the_home_page_refuses_a_post(client):
    assert client.post("/").status_code == 405


def test_the_pages_use_only_files_shipped_with_the_app(client):
    page = client.get("/").content.decode()
    assert 'href="/static/parindex/site.css"' in page
    assert "http://" not in page.replace("http://127.0.0.1:8000", "")
    assert "https://" not in page


def test_the_stylesheet_is_served(client):
    response = client.get("/static/parindex/site.css")
    assert response.status_code == 200
    assert b"--blue-900" in b"".join(response.streaming_content)


def test_the_health_check_reports_a_working_database(client):
    response = client.get("/suc-khoe/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_the_health_check_reports_an_unreachable_database(client, monkeypatch):
    class Unreachable:
        def cursor(self):
            raise OperationalError("connection refused")

    monkeypatch.setattr(views, "connection", Unreachable())
    response = client.get("/suc-khoe/")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "error"}


def test_the_health_check_refuses_a_post(client):
    assert client.post("/suc-khoe/").status_code == 405


@pytest.mark.postgres
def test_the_suite_runs_on_postgresql_when_database_url_says_so():
    assert connection.vendor == "postgresql"
    assert connection.settings_dict["NAME"].startswith("test_")
