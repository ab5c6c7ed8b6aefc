"""The survey figures of the province report come from the year's SIPAS survey (surveys
app): the web page, the .docx, the .xlsx and the ``parindex report`` command show them."""

import io
from datetime import timedelta
from decimal import Decimal as D
from itertools import count

import docx
import openpyxl
import pytest
from django.utils import timezone
from reports_support import rows, table_with, texts

from page_reader import table
from parindex.apps.reports.surveys import round_survey, survey_figures
from parindex.apps.surveys import services
from parindex.apps.surveys.models import Ballot, BallotSource, SurveyKind
from parindex.cli import main

pytestmark = pytest.mark.django_db
GROUP_NAMES = ["Sở, ban, ngành", "UBND xã, phường"]
NUMBERS = count(1)


def make_survey(actor, units, *, code="SIPAS-2024", year=2024, kind=SurveyKind.SIPAS, open_=True):
    values = services.SurveyValues(code=code, name=f"Khảo sát {code}", year=year, kind=kind)
    survey = services.survey_create(actor=actor, values=values)
    services.survey_units_set(actor=actor, survey=survey, covered=dict.fromkeys(units))
    return services.survey_open(actor=actor, survey=survey) if open_ else survey


def add_ballots(survey, unit, value, n, *, factor_value=None):
    """``n`` ballots answering every question ``value`` (the first factor's questions
    ``factor_value`` when given)."""
    chars = []
    for question in survey.questions.select_related("factor").order_by("slot"):
        first = question.factor is not None and question.factor.position == 0
        chars.append(str(factor_value if first and factor_value else value))
    Ballot.objects.bulk_create(
        Ballot(
            survey=survey,
            unit=unit,
            source=BallotSource.PAPER,
            ballot_id=f"R-{next(NUMBERS)}",
            answers="".join(chars),
            received_at=timezone.now() - timedelta(days=1),
        )
        for _ in range(n)
    )


@pytest.fixture
def sipas(finished, personas):
    """SIPAS 2024 of SNV and X-A: SNV 3 satisfied ballots and 1 not, X-A 2 satisfied
    ballots except on the first factor (answered 2: not satisfied)."""
    units = finished.units
    survey = make_survey(personas.secretariat, [units["SNV"], units["X-A"]])
    add_ballots(survey, units["SNV"], 5, 3)
    add_ballots(survey, units["SNV"], 2, 1)
    add_ballots(survey, units["X-A"], 4, 2, factor_value=2)
    return survey


def first_factor(survey):
    return survey.factors.order_by("position").first()


def test_the_figures_are_the_rounds_sipas_survey_per_group_and_factor(finished, sipas):
    figures = survey_figures(finished.current)
    assert figures.name == "Khảo sát SIPAS-2024"
    assert [(g.group, g.responses) for g in figures.groups] == [("so", 4), ("xa", 2)]
    assert figures.responses == 6
    departments, communes = figures.groups
    assert {f.satisfied_percent for f in departments.factors} == {D("75.00")}
    first = first_factor(sipas)
    shares = {f.code: f.satisfied_percent for f in communes.factors}
    assert shares.pop(first.code) == D("0.00")
    assert set(shares.values()) == {D("100.00")}
    assert [code for code, _title in figures.factors()] == list(
        sipas.factors.order_by("position").values_list("code", flat=True)
    )


def test_a_survey_being_prepared_or_of_another_year_or_kind_is_not_shown(finished, personas):
    units = [finished.units["SNV"]]
    make_survey(personas.secretariat, units, code="SIPAS-NHAP", open_=False)
    make_survey(personas.secretariat, units, code="SIPAS-2023", year=2023)
    make_survey(personas.secretariat, units, code="XHH-2024", kind=SurveyKind.SOCIOLOGICAL)
    assert round_survey(finished.current) is None
    assert survey_figures(finished.current) is None


def test_a_survey_without_ballots_from_the_rounds_units_gives_no_figures(finished, personas):
    make_survey(personas.secretariat, [finished.units["SNV"]])
    assert survey_figures(finished.current) is None


def test_the_round_page_shows_the_survey_table_and_chart(client, personas, finished, sipas):
    client.force_login(personas.secretariat)
    response = client.get(f"/bao-cao/{finished.current.uuid}/")
    page = response.content.decode()
    found = table(response, "Khảo sát SIPAS-2024: tỷ lệ hài lòng theo yếu tố (%), 6 phiếu")
    assert found[0] == ["Yếu tố", *GROUP_NAMES]
    assert found[1] == ["Số phiếu", "4", "2"]
    first = first_factor(sipas)
    assert found[2] == [f"{first.code} {first.title}", "75,00", "0,00"]
    assert 'aria-label="Tỷ lệ hài lòng theo yếu tố (%)"' in page
    chart = client.get(f"/bao-cao/{finished.current.uuid}/bieu-do/survey.svg")
    assert chart.status_code == 200
    assert "75,00" in chart.content.decode()


def test_the_province_docx_and_xlsx_show_the_survey(client, personas, finished, sipas):
    client.force_login(personas.secretariat)
    document = docx.Document(
        io.BytesIO(client.get(f"/bao-cao/{finished.current.uuid}/bao-cao.docx").content)
    )
    body = "\n".join(texts(document))
    assert "Khảo sát SIPAS-2024" in body
    assert f"Khảo sát SIPAS-2024: thu về 6 phiếu, trong đó 4 phiếu của {GROUP_NAMES[0]}" in body
    ballots = rows(table_with(document, "Nhóm đơn vị", "Số phiếu"))
    assert ballots[1:] == [[GROUP_NAMES[0], "4"], [GROUP_NAMES[1], "2"], ["Tổng", "6"]]
    first = first_factor(sipas)
    factors = rows(table_with(document, "Yếu tố"))
    assert factors[1] == [first.title, "75,00", "0,00"]
    workbook = openpyxl.load_workbook(
        io.BytesIO(client.get(f"/bao-cao/{finished.current.uuid}/bang-so-lieu.xlsx").content)
    )
    sheet = workbook["Hài lòng theo yếu tố"]
    values = [row for row in sheet.iter_rows(values_only=True) if row and row[0] == first.title]
    assert values == [(first.title, 75, 0)]


def test_the_command_writes_the_survey_into_the_province_report(finished, sipas, tmp_path):
    out = tmp_path / "bao-cao.docx"
    assert main(["report", "province", "--year", "2024", "--out", str(out)]) == 0
    document = docx.Document(io.BytesIO(out.read_bytes()))
    assert rows(table_with(document, "Nhóm đơn vị", "Số phiếu"))[-1] == ["Tổng", "6"]
