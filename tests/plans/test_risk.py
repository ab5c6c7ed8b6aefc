"""Risk warnings: the unit enters monthly or quarterly figures of its ratio, bands and
count sub-criteria; each is projected to the year's end by the criteria set in force and
those below their maximum are warnings, for the unit and for the secretariat."""

from decimal import Decimal as D

import pytest
from django.urls import reverse

from page_reader import read
from parindex.apps.audit.models import AuditEntry
from parindex.apps.frameworks.models import CodeMapping
from parindex.apps.plans import services_figures
from parindex.apps.plans.models import OperationalFigure
from parindex.apps.plans.selectors_risk import overview, risk_page
from parindex.apps.plans.services_figures import FigureInput, figure_save
from parindex.planning.projection import Frequency, Outcome

pytestmark = pytest.mark.django_db

YEAR = 2025


def month(code, period, numerator=None, denominator=None, **values):
    return FigureInput(
        code=code,
        frequency=Frequency.MONTH,
        period=period,
        numerator=None if numerator is None else D(numerator),
        denominator=None if denominator is None else D(denominator),
        **{k: D(v) for k, v in values.items()},
    )


@pytest.fixture
def entered(province, personas):
    """SNV in 2025 (no 2025 set: projected by 2024's): online payment 39/114 over two
    months (3.3.2, at risk), signed documents at 100 % (7.2.1), satisfaction 93,5 % in the
    latest survey (3.6, bands of a value: 3,5 of 4 points)."""
    snv = province.units["SNV"]
    for given in (
        month("3.3.2", 1, 10, 40),
        month("3.3.2", 2, 29, 74),
        month("7.2.1", 1, 500, 500),
        month("3.6", 1, value="80"),
        month("3.6", 3, value="93.5"),
    ):
        figure_save(actor=personas.staff, unit=snv, year=YEAR, given=given)
    return snv


def test_figures_are_projected_by_the_set_in_force(entered, province):
    page = risk_page(entered, YEAR)
    assert page.criteria_set == province.criteria_set
    assert page.borrowed  # 2025's set is not issued: 2024's is used
    payment = page.result.leaf("3.3.2")
    assert (payment.points, payment.at_risk, payment.outcome) == (
        D("0.34"),
        D("0.66"),
        Outcome.AT_RISK,
    )
    assert page.result.leaf("7.2.1").outcome is Outcome.FULL
    satisfaction = page.result.leaf("3.6")
    assert (satisfaction.measure, satisfaction.points) == (D("93.5"), D("3.5"))
    assert [r.leaf.code for r in page.warnings] == ["3.3.2", "3.6"]
    assert page.result.points_at_risk == D("1.16")


def test_only_projectable_leaves_that_apply_to_the_unit_are_listed(entered):
    codes = [r.leaf.code for r in risk_page(entered, YEAR).rows]
    assert "1.3.1" not in codes  # judged
    assert "3.3.4" not in codes  # relative to the group's best
    assert "7.6" not in codes  # communes only
    assert "6.2" not in codes  # communes only
    assert {"1.1.2", "1.3.2", "1.5", "3.6", "7.2.3"} <= set(codes)


def test_figures_follow_the_code_mapping_into_next_years_set(entered, province, next_set):
    CodeMapping.objects.filter(
        from_set=province.criteria_set, to_set=next_set, from_code="3.3.2"
    ).update(to_code="3.3.1")
    page = risk_page(entered, YEAR)
    assert page.criteria_set == next_set
    assert not page.borrowed
    assert page.result.leaf("3.3.1").points == D("0.34")


def test_a_figure_is_saved_again_for_the_same_period_and_audited(entered, personas):
    figure_save(actor=personas.staff, unit=entered, year=YEAR, given=month("3.3.2", 2, 50, 74))
    row = OperationalFigure.objects.get(node_code="3.3.2", period=2)
    assert (row.numerator, row.denominator) == (D(50), D(74))
    entry = AuditEntry.objects.filter(action="figure.save", node_code="3.3.2").latest("id")
    assert (entry.old["numerator"], entry.new["numerator"]) == ("29.0000", "50")
    assert (entry.new["year"], entry.new["frequency"], entry.new["period"]) == (2025, "month", 2)


@pytest.mark.parametrize(
    ("given", "message"),
    [
        (month("1.3.1", 1, 1, 2), services_figures.NOT_PROJECTED),
        (month("3.3.2", 13, 1, 2), services_figures.BAD_PERIOD),
        (month("3.3.2", 3, 1), services_figures.MISSING),
        (month("3.3.2", 3, -1, 2), services_figures.NEGATIVE),
        (month("3.3.2", 3, 5, 2), services_figures.ABOVE),
        (month("3.6", 3), services_figures.MISSING),
    ],
)
def test_figures_the_rule_cannot_take_are_refused_with_where_and_what(
    province, personas, given, message
):
    with pytest.raises(services_figures.Refused) as refused:
        figure_save(actor=personas.staff, unit=province.units["SNV"], year=YEAR, given=given)
    start = str(message).split("{")[0]
    assert refused.value.message.startswith(start) or start in refused.value.message
    assert not OperationalFigure.objects.exists()


def test_the_messages_name_the_criterion_and_the_period(province, personas):
    with pytest.raises(services_figures.Refused) as refused:
        figure_save(
            actor=personas.staff,
            unit=province.units["SNV"],
            year=YEAR,
            given=month("3.3.2", 3, 5, 2),
        )
    assert refused.value.message == "Tiêu chí 3.3.2, tháng 3: tử số 5 lớn hơn mẫu số 2."


def test_a_leaf_is_reported_monthly_or_quarterly_not_both(entered, personas):
    quarterly = FigureInput(
        code="3.3.2", frequency=Frequency.QUARTER, period=1, numerator=D(1), denominator=D(2)
    )
    with pytest.raises(services_figures.Refused) as refused:
        figure_save(actor=personas.staff, unit=entered, year=YEAR, given=quarterly)
    assert refused.value.message == str(services_figures.MIXED).format(
        code="3.3.2", year=YEAR, kind="tháng"
    )


def test_a_year_before_any_set_has_no_figures(province, personas):
    with pytest.raises(services_figures.Refused) as refused:
        figure_save(
            actor=personas.staff,
            unit=province.units["SNV"],
            year=2020,
            given=month("3.3.2", 1, 1, 2),
        )
    assert refused.value.message == str(services_figures.NO_SET).format(year=2020)


def test_people_outside_the_unit_enter_nothing(province, personas):
    for who in (personas.secretariat, personas.other_staff):
        with pytest.raises(services_figures.Refused):
            figure_save(
                actor=who, unit=province.units["SNV"], year=YEAR, given=month("3.3.2", 1, 1, 2)
            )


def test_the_secretariat_sees_every_units_warnings_most_at_risk_first(entered, personas):
    rows = overview(personas.secretariat, YEAR)
    snv = rows[0]
    assert snv.unit.code == "SNV"
    assert (snv.warnings, snv.points_at_risk, snv.figures) == (2, D("1.16"), 5)
    assert {r.unit.code for r in rows} == {"SNV", "STP", "X-A"}
    assert [r.unit.code for r in overview(personas.staff, YEAR)] == ["SNV"]


# --- pages --------------------------------------------------------------------------------


def risk_url(unit, year=YEAR):
    return reverse("plans:risk", args=[unit.uuid, year])


def figures_url(unit, code, year=YEAR):
    return reverse("plans:figures", args=[unit.uuid, year, code])


def test_the_unit_page_states_the_method_and_lists_the_warnings(client, personas, entered):
    client.force_login(personas.staff)
    response = client.get(risk_url(entered))
    assert response.status_code == 200
    page = response.content.decode()
    assert (
        "Bộ tiêu chí năm 2025 chưa được ban hành: điểm được dự báo theo bộ tiêu chí năm 2024."
        in page
    )
    assert "tỷ lệ lũy kế được coi là tỷ lệ cả năm" in page
    assert "dự báo 0,34/1,00 điểm, có nguy cơ mất 0,66 điểm" in page
    assert "không thể đạt tối đa trong năm nay" in page
    rows = next(t for c, t in read(response).tables if c == "Dự báo điểm cuối năm theo tiêu chí")
    payment = next(r for r in rows if r[0].startswith("3.3.2"))
    assert payment[1:9] == [
        "Tỷ lệ lũy kế",
        "2/12 tháng",
        "34,21%",
        "≥ 100,00%",
        "0,34",
        "1,00",
        "0,66",
        "không thể",  # 113 % would be needed for the other ten months
    ]
    assert payment[9] == "Nguy cơ mất điểm"
    waiting = next(t for c, t in read(response).tables if c == "Tiêu chí chưa có số liệu")
    assert any(r[0].startswith("1.1.2") for r in waiting)
    assert not any(r[0].startswith("3.3.2") for r in waiting)


def test_the_staff_enters_a_month_on_the_leafs_page(client, personas, entered):
    client.force_login(personas.staff)
    url = figures_url(entered, "3.3.2")
    response = client.post(
        url, {"frequency": "month", "period": "3", "numerator": "70", "denominator": "76,0"}
    )
    assert response.status_code == 302
    row = OperationalFigure.objects.get(node_code="3.3.2", period=3)
    assert (row.numerator, row.denominator, row.entered_by) == (D(70), D(76), personas.staff)
    page = client.get(url).content.decode()
    assert str(services_figures.SAVED).format(where="tháng 3", code="3.3.2") in page
    assert "<dd>0,57 — Nguy cơ mất điểm</dd>" in page  # (10+29+70)/(40+74+76) = 57,4 %


def test_a_refused_figure_is_shown_beside_the_form(client, personas, entered):
    client.force_login(personas.staff)
    response = client.post(
        figures_url(entered, "3.3.2"),
        {"frequency": "month", "period": "3", "numerator": "9", "denominator": "3"},
    )
    assert response.status_code == 422
    assert "Tiêu chí 3.3.2, tháng 3: tử số 9 lớn hơn mẫu số 3." in response.content.decode()
    bad = client.post(
        figures_url(entered, "3.3.2"), {"frequency": "month", "period": "3", "numerator": "1.234,5"}
    )
    assert bad.status_code == 422


def test_a_figure_is_deleted_and_audited(client, personas, entered):
    figure = OperationalFigure.objects.get(node_code="3.6", period=3)
    client.force_login(personas.leader)
    response = client.post(reverse("plans:figure_delete", args=[figure.uuid]))
    assert response.status_code == 302
    assert not OperationalFigure.objects.filter(pk=figure.pk).exists()
    assert AuditEntry.objects.get(action="figure.delete").old["value"] == "93.5000"


def test_the_secretariat_reads_warnings_but_enters_nothing(client, personas, entered):
    client.force_login(personas.secretariat)
    response = client.get(reverse("plans:warnings") + f"?nam={YEAR}")
    rows = next(t for c, t in read(response).tables if c == f"Cảnh báo theo đơn vị, năm {YEAR}")
    assert rows[1][0].startswith("Sở Nội vụ")
    assert rows[1][2:] == ["5", "2", "1,16"]
    assert client.get(risk_url(entered)).status_code == 200
    response = client.post(
        figures_url(entered, "3.3.2"),
        {"frequency": "month", "period": "4", "numerator": "1", "denominator": "1"},
    )
    assert response.status_code == 403
    figure = OperationalFigure.objects.first()
    assert client.post(reverse("plans:figure_delete", args=[figure.uuid])).status_code == 403


def test_the_warnings_open_on_the_latest_year_with_figures(client, personas, entered):
    client.force_login(personas.staff)
    response = client.get(reverse("plans:warnings"))
    assert f"Cảnh báo nguy cơ mất điểm năm {YEAR}" in response.content.decode()
    response = client.get(reverse("plans:risk_latest", args=[entered.uuid]))
    assert response.url == risk_url(entered)


@pytest.mark.parametrize("who", ["appraiser", "other_staff", "outsider"])
def test_others_see_nothing_of_a_units_figures(client, personas, entered, who):
    client.force_login(getattr(personas, who))
    assert client.get(risk_url(entered)).status_code == 404
    assert client.get(figures_url(entered, "3.3.2")).status_code == 404
    figure = OperationalFigure.objects.first()
    assert client.post(reverse("plans:figure_delete", args=[figure.uuid])).status_code == 404
    assert OperationalFigure.objects.count() == 5


def test_risk_pages_refuse_bad_years_codes_methods_and_anonymous(client, personas, entered):
    assert client.get(risk_url(entered)).status_code == 302
    client.force_login(personas.staff)
    assert client.get(risk_url(entered, 1990)).status_code == 404
    assert client.get(reverse("plans:warnings") + "?nam=abc").status_code == 404
    assert client.get(figures_url(entered, "1.3.1")).status_code == 404  # judged
    assert client.get(figures_url(entered, "9.9.9")).status_code == 404
    assert client.post(risk_url(entered)).status_code == 405
    figure = OperationalFigure.objects.first()
    assert client.get(reverse("plans:figure_delete", args=[figure.uuid])).status_code == 405
    client.force_login(personas.appraiser)
    assert client.get(reverse("plans:warnings")).status_code == 403
