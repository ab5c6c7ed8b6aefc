"""An entry as the appraisal page and its messages describe it, in the reader's language."""

from decimal import Decimal as D

import pytest
from django.utils import translation

from parindex.apps.assessments.services_appraisal import describe_entry
from parindex.scoring import Entry

CASES = [
    (None, "chưa có", "none yet"),
    (Entry(not_applicable=True), "không áp dụng", "not applicable"),
    (Entry(score=D("0.50")), "0,5", "0,5"),
    (
        Entry(numerator=D(17), denominator=D("20.0")),
        "tử số 17; mẫu số 20",
        "numerator 17; denominator 20",
    ),
    (Entry(items=frozenset({"b", "a"})), "mục đạt: a, b", "items met: a, b"),
    (Entry(items=frozenset()), "mục đạt: không có", "items met: none"),
]


@pytest.mark.parametrize(("entry", "vietnamese", "english"), CASES)
def test_an_entry_is_described_in_the_readers_language(entry, vietnamese, english):
    with translation.override("vi"):
        assert describe_entry(entry) == vietnamese
    with translation.override("en"):
        assert describe_entry(entry) == english
