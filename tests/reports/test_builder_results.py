"""Report data from the results app: a round's published result (frozen figures, a final
report), else the round computed as a draft; earlier years from the published and
imported history, so that a unit's history starts in 2014 where it was imported."""

import io
from decimal import Decimal as D

import docx
import pytest
from reports_support import texts

from parindex import cli
from parindex.apps.assessments.entries import round_results
from parindex.apps.assessments.models import Score
from parindex.apps.reports import province_report, unit_report
from parindex.apps.reports.builder import report_data
from parindex.apps.results import selectors, services
from parindex.apps.results.models import Result
from parindex.apps.results.services_history import history_import
from parindex.commands import report as report_command

pytestmark = pytest.mark.django_db

HEADER = "year,unit,group,index,rank,class,name,group_name,units"
# SNV and STP, the two departments of the fixture, from 2014 to 2022 (imported figures).
IMPORTED = {year: (D(70) + year - 2014, D("80.5") - (year - 2014)) for year in range(2014, 2023)}


def publish(round_, actor):
    result, _ = services.result_compute(actor=actor, round_=round_)
    result = services.result_review(actor=actor, result=result, note="Đã đối chiếu.")
    return services.result_publish(actor=actor, result=result)


def import_history(tmp_path, actor):
    lines = [HEADER]
    for year, (snv, stp) in IMPORTED.items():
        first, second = ("SNV", snv, 1), ("STP", stp, 2)
        if stp > snv:
            first, second = ("SNV", snv, 2), ("STP", stp, 1)
        for code, index, rank in (first, second):
            lines.append(f"{year},{code},so,{index},{rank},Khá,,,2")
    path = tmp_path / "lich-su.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    history_import(actor=actor, path=path)


def lower_a_score(round_, unit_code):
    """Takes a point off the unit's first appraised leaf that has one (after publishing)."""
    score = (
        Score.objects.filter(
            participation__round=round_, participation__unit__code=unit_code, appraised_score__gte=1
        )
        .order_by("node__code")
        .first()
    )
    score.appraised_score -= 1
    score.save()


def test_a_signed_off_round_is_a_draft_until_its_result_is_published(finished, personas):
    assert report_data(finished.current).round.final is False
    publish(finished.previous, personas.secretariat)
    publish(finished.current, personas.secretariat)
    data = report_data(finished.current)
    assert data.round.final is True
    assert data.result == selectors.published_round_result(finished.current)


def test_a_locked_round_is_a_draft(locked):
    assert report_data(locked).round.final is False


def test_the_report_prints_the_published_figures_not_later_changes(finished, personas):
    publish(finished.previous, personas.secretariat)
    publish(finished.current, personas.secretariat)
    published = report_data(finished.current).unit("SNV").index
    lower_a_score(finished.current, "SNV")
    assert round_results(finished.current).unit("SNV").index < published
    assert report_data(finished.current).unit("SNV").index == published


def test_a_draft_is_computed_from_the_current_scores(finished, personas):
    before = report_data(finished.current).unit("SNV").index
    lower_a_score(finished.current, "SNV")
    data = report_data(finished.current)
    assert data.round.final is False
    assert data.unit("SNV").index < before
    assert data.unit("SNV").index == round_results(finished.current).unit("SNV").index


def test_last_years_figures_are_the_published_ones(finished, personas):
    publish(finished.previous, personas.secretariat)
    published = selectors.published_round_result(finished.previous)
    lower_a_score(finished.previous, "SNV")  # after publication: the report keeps the old
    data = report_data(finished.current)  # 2024 is a draft, compared with 2023 as published
    assert data.round.final is False
    assert data.previous == published
    assert data.unit("SNV").previous_index == published.unit("SNV").index
    assert data.history["SNV"][0].index == published.unit("SNV").index
    assert data.group_history["so"][0].average == published.groups[0].average


def test_the_history_starts_with_the_imported_years(finished, personas, tmp_path):
    import_history(tmp_path, personas.secretariat)
    data = report_data(finished.current)
    history = data.history_of("SNV")
    assert [p.year for p in history] == list(range(2014, 2025))
    assert (history[0].index, history[0].rank, history[0].units, history[0].band) == (
        D(70),
        2,
        2,
        "Khá",
    )
    assert history[-1].index == data.unit("SNV").index
    averages = data.group_history["so"]
    assert [g.year for g in averages] == list(range(2014, 2025))
    assert averages[0].average == D("75.25")  # (70 + 80,5) / 2, published with 2 decimals
    assert averages[-1].average == data.result.groups[0].average
    assert [g.year for g in data.group_history["xa"]] == [2023, 2024]  # nothing imported


def test_pages_and_files_tell_an_unpublished_result_from_a_published_one(
    client, personas, finished
):
    client.force_login(personas.secretariat)
    page = f"/bao-cao/{finished.current.uuid}/"
    unit_file = f"{page}don-vi/{finished.units['SNV'].uuid}/bao-cao.docx"
    unpublished = "đã được Hội đồng thẩm định thông qua nhưng chưa được công bố"
    assert unpublished in client.get(page).content.decode()
    body = texts(docx.Document(io.BytesIO(client.get(f"{page}bao-cao.docx").content)))
    assert "DỰ THẢO" in body
    assert province_report.UNPUBLISHED_NOTE in body
    body = texts(docx.Document(io.BytesIO(client.get(unit_file).content)))
    assert unit_report.UNPUBLISHED_NOTE in body
    publish(finished.previous, personas.secretariat)
    publish(finished.current, personas.secretariat)
    assert unpublished not in client.get(page).content.decode()
    body = texts(docx.Document(io.BytesIO(client.get(f"{page}bao-cao.docx").content)))
    assert "DỰ THẢO" not in body
    assert province_report.UNPUBLISHED_NOTE not in body
    body = texts(docx.Document(io.BytesIO(client.get(unit_file).content)))
    assert unit_report.UNPUBLISHED_NOTE not in body


def test_an_altered_published_result_gives_no_report(client, personas, finished, capsys):
    record = publish(finished.current, personas.secretariat)
    Result.objects.filter(pk=record.pk).update(results=record.results.replace('"', "'", 1))
    client.force_login(personas.secretariat)
    page = client.get(f"/bao-cao/{finished.current.uuid}/")
    assert page.status_code == 409
    assert "không khớp dữ liệu đã lưu (mã băm)" in page.content.decode()
    assert client.get(f"/bao-cao/{finished.current.uuid}/bao-cao.docx").status_code == 409
    assert cli.main(["report", "province", "--year", "2024"]) == report_command.EXIT_BAD_INPUT
    expected = report_command.TAMPERED.format(round=finished.current.name)
    assert capsys.readouterr().err == expected + "\n"
