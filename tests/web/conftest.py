"""Fixtures for the web tests: a small HTML table reader so that tests can talk about rows
and cells."""

import pytest

from page_reader import read, table


@pytest.fixture
def read_table():
    """``read_table(response, caption)`` → the rows of that table, header row first."""
    return table


@pytest.fixture
def read_lists():
    """``read_lists(response)`` → every definition list as [term, definition] pairs."""
    return lambda response: read(response).lists
