"""Pages are in Vietnamese by default and in English on request; the compiled English
catalogue matches its source."""

import ast
import gettext
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

CATALOGUE = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES"


def test_pages_are_in_vietnamese_by_default(client):
    response = client.get("/")
    assert response.headers["Content-Language"] == "vi"
    assert "Trang chủ" in response.content.decode()


def test_the_browser_language_selects_english(client):
    response = client.get("/", headers={"accept-language": "en-GB,en;q=0.9"})
    page = response.content.decode()
    assert response.headers["Content-Language"] == "en"
    assert "ParIndex — Public Administration Reform Index" in page
    assert '<html lang="en">' in page


def test_the_language_switch_keeps_english_for_later_pages(client, monkeypatch):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/ket-qua/"})
    assert response.status_code == 302
    assert response.url == "/ket-qua/"
    monkeypatch.setattr("parindex.apps.core.views.demo_rounds", list)
    page = client.get("/ket-qua/").content.decode()
    assert "There are no results to show yet." in page
    assert "Demo results" in page


def test_the_results_page_is_translated_but_keeps_vietnamese_numbers(client, shown_rounds):
    page = client.get("/ket-qua/", headers={"accept-language": "en"}).content.decode()
    assert "Ranking of Sở, ban, ngành, 2024" in page
    assert "Average index" in page
    assert "94,58" in page


def test_the_language_switch_can_return_to_vietnamese(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    client.post("/i18n/setlang/", {"language": "vi", "next": "/"})
    assert "Trang chủ" in client.get("/").content.decode()


def po_entries(path):
    """(msgid, msgstr, flags) of every entry of a .po file but the header."""
    entries = []
    for block in path.read_text(encoding="utf-8").strip().split("\n\n"):
        lines = block.splitlines()
        flags = " ".join(line for line in lines if line.startswith("#,"))
        strings = {"msgid": "", "msgstr": ""}
        key = None
        for line in lines:
            if line.startswith(("msgid ", "msgstr ")):
                key, _, line = line.partition(" ")  # noqa: PLW2901 - the rest is the string
            if key and line.startswith('"'):
                strings[key] += ast.literal_eval(line)
        if strings["msgid"]:
            entries.append((strings["msgid"], strings["msgstr"], flags))
    return entries


def test_every_english_string_is_translated_and_compiled():
    entries = po_entries(CATALOGUE / "django.po")
    with (CATALOGUE / "django.mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    assert len(entries) > 50
    for msgid, msgstr, flags in entries:
        assert msgstr, f"untranslated: {msgid!r}"
        assert "fuzzy" not in flags, f"fuzzy: {msgid!r}"
        assert compiled.gettext(msgid) == msgstr, f"django.mo is stale for {msgid!r}"
