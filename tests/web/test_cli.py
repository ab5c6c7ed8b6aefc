"""The ``parindex`` command line: help, Django's management commands and the demo server
(the demo's data and accounts are tested in tests/demo)."""

import importlib
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from types import SimpleNamespace

import pytest

from parindex import cli
from parindex.cli import load_commands, main
from parindex.demo_province.accounts import TABLE_TITLE

START_TIMEOUT = 60


def test_help_lists_the_commands(capsys):
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for command in ("demo", "serve", "manage"):
        assert command in out
    assert ("compute" in out) is importable("parindex.commands.compute")


def importable(module):
    try:
        importlib.import_module(module)
    except ImportError:
        return False
    return True


def test_a_command_whose_module_is_missing_is_left_out():
    assert list(load_commands(("demo", "khong-co"))) == ["demo"]


@pytest.fixture
def broken_serve(monkeypatch):
    def import_module(name):
        if name == "parindex.commands.serve":
            raise ImportError("cannot import name 'x'")
        return importlib.import_module(name)

    monkeypatch.setattr(cli, "importlib", SimpleNamespace(import_module=import_module))


def test_a_command_that_fails_to_import_does_not_stop_the_others(broken_serve):
    assert list(load_commands(("demo", "serve"), chosen="demo")) == ["demo"]


def test_a_command_that_fails_to_import_shows_its_error_when_chosen(broken_serve):
    with pytest.raises(ImportError, match="cannot import name 'x'"):
        load_commands(("demo", "serve"), chosen="serve")


def test_an_unknown_command_is_an_error(capsys):
    assert main(["khong-co"]) == 2
    assert "khong-co" in capsys.readouterr().err


@pytest.mark.django_db  # model checks ask the database backend about its features
def test_manage_runs_django_checks():
    assert main(["manage", "check"]) == 0


def test_manage_reports_an_unknown_django_command(capsys):
    assert main(["manage", "khong-co"]) == 1
    assert "khong-co" in capsys.readouterr().err


@pytest.mark.django_db
def test_every_model_change_has_its_migration():
    assert main(["manage", "makemigrations", "--check", "--dry-run"]) == 0


def test_python_dash_m_parindex_runs_the_same_command():
    done = subprocess.run(
        [sys.executable, "-m", "parindex", "--help"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0
    assert "demo" in done.stdout


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url):
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.status, response.read().decode()


def wait_for(url, process):
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the server stopped: {process.stdout.read()}")
        try:
            return get(url)
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"no answer from {url} within {START_TIMEOUT} s")


def test_demo_serves_the_app_on_a_fresh_data_directory(tmp_path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["PARINDEX_DATA_DIR"] = str(tmp_path / "var")
    process = subprocess.Popen(
        [sys.executable, "-m", "parindex", "demo", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        status, body = wait_for(f"http://127.0.0.1:{port}/suc-khoe/", process)
        assert (status, json.loads(body)) == (200, {"status": "ok", "database": "ok"})
        status, body = get(f"http://127.0.0.1:{port}/")
        assert status == 200
        assert "ParIndex — Chỉ số cải cách hành chính" in body
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=30)
    accounts = output.split(TABLE_TITLE, 1)[1].splitlines()
    assert any(line.startswith("admin ") for line in accounts)
    assert (tmp_path / "var" / "parindex.sqlite3").exists()
