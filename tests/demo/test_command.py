"""``parindex demo --no-serve``: loads the province and prints the accounts table."""

import re

import pytest
from django.contrib.auth import authenticate

from parindex.cli import main
from parindex.demo_province import accounts
from parindex.demo_province.accounts import KEPT, KEPT_NOTE, TABLE_HEADERS, TABLE_TITLE


def printed_table(output):
    """{username: (role, unit, password)} read from the table after its title."""
    lines = output.split(TABLE_TITLE + "\n", 1)[1].splitlines()
    assert re.split(r"\s{2,}", lines[0]) == list(TABLE_HEADERS)
    rows = {}
    for line in lines[2:]:
        cells = re.split(r"\s{2,}", line)
        if len(cells) == len(TABLE_HEADERS):
            rows[cells[0]] = tuple(cells[1:])
    return rows


@pytest.fixture
def demo(capsys, media, quick_hashing):
    """``demo(*options)`` → what ``parindex demo --no-serve`` printed."""

    def run(*options):
        assert main(["demo", "--no-serve", *options]) == 0
        return capsys.readouterr().out

    return run


@pytest.mark.django_db
def test_it_prints_every_account_with_a_working_password(demo):
    table = printed_table(demo())
    assert list(table) == [a.username for a in accounts.ACCOUNTS]
    assert table["admin"][0] == "Quản trị hệ thống"
    assert table["lanhdao.snv"][:2] == ("Lãnh đạo đơn vị", "Sở Nội vụ")
    for username, (_, _, password) in table.items():
        assert authenticate(username=username, password=password) is not None


@pytest.mark.django_db
def test_a_second_run_keeps_the_passwords_and_says_how_to_reset_them(demo):
    first = printed_table(demo())
    output = demo()
    assert {row[2] for row in printed_table(output).values()} == {KEPT}
    assert KEPT_NOTE in output
    assert authenticate(username="admin", password=first["admin"][2]) is not None


@pytest.mark.django_db
def test_reset_passwords_prints_new_ones_for_every_account(demo):
    first = printed_table(demo())
    second = printed_table(demo("--reset-passwords"))
    for username, (_, _, password) in second.items():
        assert password not in (KEPT, first[username][2])
        assert authenticate(username=username, password=password) is not None


def test_the_help_explains_that_passwords_are_kept(capsys):
    assert main(["demo", "--help"]) == 0
    help_text = " ".join(capsys.readouterr().out.split())
    assert "--reset-passwords" in help_text
    assert "giữ nguyên mật khẩu" in help_text
