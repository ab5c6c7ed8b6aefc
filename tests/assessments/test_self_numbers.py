"""Numbers are typed the Vietnamese way, with a decimal comma: the number boxes are text
boxes (a browser's number box would read "0,5" as 05 or "94,6" as 946), the server reads
"0,5" and "0.5" alike, refuses digit groups such as "1.234,5" instead of guessing, and
shows stored numbers back with a comma."""

import re
from decimal import Decimal

import pytest

from parindex.apps.assessments.forms_self import (
    AMBIGUOUS_DOT,
    GROUPED_NUMBER,
    NOT_A_NUMBER,
    NUMBER,
    VnDecimalField,
    typed,
)
from parindex.apps.assessments.models import Score
from parindex.apps.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def post_entry(client, urls, leaf, fetch=False, **fields):
    data = {"version": leaf.version, "explanation": "", **fields}
    headers = {"X-Requested-With": "fetch"} if fetch else {}
    return client.post(urls.score(leaf), data, headers=headers)


def fresh(score):
    return Score.objects.get(pk=score.pk)


def leaf_html(page, code):
    leaf = page[page.index(f'id="tc-{code}"') :]
    return leaf[: leaf.index("</section>")]


def number_box(html, name):
    """The ``<input>`` of the box ``name`` in a leaf's HTML."""
    return re.search(rf'<input [^>]*name="{name}"[^>]*>', html).group(0)


# --- the boxes --------------------------------------------------------------------------


def test_every_number_box_is_a_text_box_for_decimal_input(client, personas, urls):
    client.force_login(personas.staff)
    page = client.get(urls.page()).content.decode()
    assert 'type="number"' not in page
    boxes = re.findall(r'<input [^>]*inputmode="decimal"[^>]*>', page)
    names = {re.search(r'name="(\w+)"', box).group(1) for box in boxes}
    assert names == {"score", "numerator", "denominator", "count", "value"}
    for box in boxes:
        assert 'type="text"' in box
        assert f'pattern="{NUMBER.pattern}"' in box


@pytest.mark.parametrize(
    "text", ["0,5", "0.5", "94,6", "17831", "17 831", " 2 ", "-3,25", ",5", "1,"]
)
def test_the_boxes_pattern_takes_a_number_with_one_decimal_mark(text):
    assert NUMBER.fullmatch(text)


@pytest.mark.parametrize("text", ["1.234,5", "1,234.5", "1.234.567", "1,2,3", "hai", "0,5đ", "--1"])
def test_the_boxes_pattern_refuses_digit_groups_and_words(text):
    assert not NUMBER.fullmatch(text)


def test_stored_numbers_are_shown_with_a_decimal_comma_and_no_digit_groups(
    client, personas, urls, scores
):
    snv = scores("SNV")
    Score.objects.filter(pk=snv["1.3.1"].pk).update(self_score=Decimal("0.5000"))
    Score.objects.filter(pk=snv["1.1.2"].pk).update(
        self_numerator=Decimal("17831.0000"), self_denominator=Decimal("21825.5000")
    )
    client.force_login(personas.staff)
    page = client.get(urls.page()).content.decode()
    assert 'value="0,5"' in number_box(leaf_html(page, "1.3.1"), "score")
    ratio = leaf_html(page, "1.1.2")
    assert 'value="17831"' in number_box(ratio, "numerator")
    assert 'value="21825,5"' in number_box(ratio, "denominator")


def test_what_a_box_shows_reads_back_as_the_same_number():
    field = VnDecimalField(required=False, max_digits=18, decimal_places=4)
    for stored in ("0.5", "17831", "21825.5", "0.0001", "-2.25", "100"):
        assert field.clean(typed(Decimal(stored))) == Decimal(stored)
    assert typed(None) == ""


# --- what the server stores -------------------------------------------------------------


def test_a_value_typed_with_a_decimal_comma_is_stored_as_that_number(
    client, personas, urls, scores
):
    snv = scores("SNV")
    client.force_login(personas.staff)
    assert post_entry(client, urls, snv["3.3.4"], value="94,6").status_code == 302
    assert post_entry(client, urls, snv["1.3.1"], score="0,5").status_code == 302
    ratio = post_entry(client, urls, snv["1.1.2"], numerator="94,6", denominator="100")
    assert ratio.status_code == 302
    assert fresh(snv["3.3.4"]).self_value == Decimal("94.6")
    assert fresh(snv["1.3.1"]).self_score == Decimal("0.5")
    assert fresh(snv["1.1.2"]).self_numerator == Decimal("94.6")


def test_a_dot_and_spaces_between_digit_groups_are_read_too(client, personas, urls, scores):
    snv = scores("SNV")
    client.force_login(personas.staff)
    post_entry(client, urls, snv["3.3.4"], value="94.6")
    post_entry(client, urls, snv["1.1.2"], numerator="17 831", denominator=" 21 825 ")
    assert fresh(snv["3.3.4"]).self_value == Decimal("94.6")
    saved = fresh(snv["1.1.2"])
    assert (saved.self_numerator, saved.self_denominator) == (Decimal(17831), Decimal(21825))


@pytest.mark.parametrize("typed_text", ["1.234,5", "1,234.5", "1.234.567", "1,2,5"])
def test_digit_groups_marked_by_dots_or_commas_are_refused_with_the_reason(
    client, personas, urls, scores, typed_text
):
    score = scores("SNV")["3.3.4"]
    client.force_login(personas.staff)
    response = post_entry(client, urls, score, value=typed_text)
    assert response.status_code == 422
    page = response.content.decode()
    assert "Tiêu chí 3.3.4: hãy sửa các ô được đánh dấu." in page
    reason = str(GROUPED_NUMBER) % {"value": typed_text}
    assert reason in page
    saved = fresh(score)
    assert (saved.self_value, saved.version) == (None, score.version)
    assert not AuditEntry.objects.filter(action="self_score.update").exists()


@pytest.mark.parametrize(
    "readings",
    [("1.234", "1.234", "1234", "1,234"), ("-12.500", "-12.500", "-12500", "-12,500")],
)
def test_a_dot_that_may_mark_thousands_is_refused_with_both_readings(
    client, personas, urls, scores, readings
):
    typed_text, thousands, plain, decimal = readings
    score = scores("SNV")["1.1.2"]
    client.force_login(personas.staff)
    response = post_entry(client, urls, score, numerator=typed_text, denominator="2000")
    assert response.status_code == 422
    reason = str(AMBIGUOUS_DOT) % {
        "value": typed_text,
        "thousands": thousands,
        "plain": plain,
        "decimal": decimal,
    }
    assert reason in response.content.decode()
    saved = fresh(score)
    assert (saved.self_numerator, saved.version) == (None, score.version)


@pytest.mark.parametrize(
    ("text", "number"),
    [("0.125", "0.125"), ("1.25", "1.25"), ("1.2345", "1.2345"), ("1234.5", "1234.5")],
)
def test_a_dot_that_cannot_mark_thousands_is_a_decimal_point(text, number):
    field = VnDecimalField(required=False, max_digits=18, decimal_places=4)
    assert field.clean(text) == Decimal(number)


def test_a_word_in_a_number_box_is_refused_with_an_example(client, personas, urls, scores):
    score = scores("SNV")["2.3"]
    client.force_login(personas.staff)
    response = post_entry(client, urls, score, score="hai điểm")
    assert response.status_code == 422
    assert str(NOT_A_NUMBER) % {"value": "hai điểm"} in response.content.decode()
    assert fresh(score).self_score is None


def test_a_refused_number_comes_back_as_typed_and_marked(client, personas, urls, scores):
    score = scores("SNV")["3.3.4"]
    client.force_login(personas.staff)
    response = post_entry(client, urls, score, fetch=True, value="1.234,5")
    assert response.status_code == 422
    assert response["X-ParIndex-Fragment"] == "leaf"
    box = number_box(response.content.decode(), "value")
    assert 'value="1.234,5"' in box
    assert 'aria-invalid="true"' in box
