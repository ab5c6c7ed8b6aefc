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


def test_the_language_switch_keeps_english_for_later_pages(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/ket-qua/"})
    assert response.status_code == 302
    assert response.url == "/ket-qua/"
    page = client.get("/ket-qua/").content.decode()
    assert "There are no results to show yet." in page
    assert "Home" in page


def test_the_language_switch_can_return_to_vietnamese(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    client.post("/i18n/setlang/", {"language": "vi", "next": "/"})
    assert "Trang chủ" in client.get("/").content.decode()


def po_entries(path):
    """(context, msgid, msgid_plural, msgstrs, flags) of every entry of a .po file but the
    header; msgstrs holds msgstr, or msgstr[0], msgstr[1]... of a plural entry."""
    entries = []
    for block in path.read_text(encoding="utf-8").strip().split("\n\n"):
        lines = [line for line in block.splitlines() if not line.startswith("#~")]
        flags = " ".join(line for line in lines if line.startswith("#,"))
        strings: dict[str, str] = {}
        key = None
        for line in lines:
            if line.startswith(("msgctxt ", "msgid", "msgstr")):
                key, _, line = line.partition(" ")  # noqa: PLW2901 - the rest is the string
                strings[key] = ""
            if key and line.startswith('"'):
                strings[key] += ast.literal_eval(line)
        if strings.get("msgid"):
            msgstrs = [v for k, v in sorted(strings.items()) if k.startswith("msgstr")]
            entries.append(
                (
                    strings.get("msgctxt"),
                    strings["msgid"],
                    strings.get("msgid_plural"),
                    msgstrs,
                    flags,
                )
            )
    return entries


def compiled_forms(compiled, context, msgid, plural):
    """What django.mo answers for an entry: one string, or the singular and plural forms."""
    if plural is None:
        if context is None:
            return [compiled.gettext(msgid)]
        return [compiled.pgettext(context, msgid)]
    if context is None:
        return [compiled.ngettext(msgid, plural, n) for n in (1, 2)]
    return [compiled.npgettext(context, msgid, plural, n) for n in (1, 2)]


def test_every_english_string_is_translated_and_compiled():
    entries = po_entries(CATALOGUE / "django.po")
    with (CATALOGUE / "django.mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    assert len(entries) > 50
    for context, msgid, plural, msgstrs, flags in entries:
        assert msgstrs, f"no msgstr: {msgid!r}"
        assert all(msgstrs), f"untranslated: {msgid!r}"
        assert "fuzzy" not in flags, f"fuzzy: {msgid!r}"
        assert len(msgstrs) == (1 if plural is None else 2), f"plural forms: {msgid!r}"
        got = compiled_forms(compiled, context, msgid, plural)
        assert got == msgstrs, f"django.mo is stale for {msgid!r}"


def test_plural_english_strings_have_a_singular_and_a_plural_form():
    entries = po_entries(CATALOGUE / "django.po")
    plurals = {msgid: msgstrs for _, msgid, plural, msgstrs, _ in entries if plural}
    assert plurals["%(n)s người dùng"] == ["%(n)s user", "%(n)s users"]
    for msgid, (one, many) in plurals.items():
        assert one != many, f"the same English text for one and many: {msgid!r}"
