"""The PAR INDEX history of a unit: published and imported figures from the results app,
else the finished rounds it took part in (marked as not published)."""

from decimal import Decimal as D

import pytest
from indices_support import PAR_POSITIONS, publish

from parindex.apps.assessments.models import RoundStatus, Score
from parindex.apps.assessments.services_appraisal import round_lock, round_reopen
from parindex.apps.indices.history import finished_rounds, par_history
from parindex.apps.results import services
from parindex.apps.results.models import HistorySource
from parindex.apps.results.services_history import history_import

pytestmark = pytest.mark.django_db

HEADER = "year,unit,group,index,rank,class,name,group_name,units"
# Sở Nội vụ's published figures of 2014-2020, as a province would import them.
IMPORTED = {2014: ("74", 12), 2015: ("76.5", 9), 2016: ("79.25", 7), 2020: ("81.08", 10)}


def import_history(tmp_path, actor, rows=IMPORTED):
    lines = [f"{year},SNV,so,{index},{rank or ''},Khá,,,21" for year, (index, rank) in rows.items()]
    path = tmp_path / "lich-su.csv"
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    return history_import(actor=actor, path=path)


def test_the_history_gives_index_rank_and_group_size_of_every_finished_year(province, par_rounds):
    history = par_history(province.units["SNV"])
    assert [(y.year, y.rank, y.of) for y in history] == [
        (year, rank, 21) for year, rank in PAR_POSITIONS.items()
    ]
    assert history[0].index == D("83.50")
    assert history[1].band == "Tốt"
    assert not any(y.published for y in history)
    assert history[0].source == (
        "Chưa công bố: tính từ kết quả thẩm định của «Đánh giá Chỉ số CCHC năm 2021»"
    )


def test_rounds_still_in_progress_are_left_out(province, par_rounds):
    par_rounds[2023].status = RoundStatus.APPRAISAL
    par_rounds[2023].save()
    assert [y.year for y in par_history(province.units["SNV"])] == [2021, 2022]
    assert province.round not in finished_rounds(province.units["SNV"])


def test_a_unit_without_finished_rounds_has_no_history(province, par_rounds):
    assert par_history(province.units["X-A"]) == []


def test_imported_years_start_the_history_in_2014(tmp_path, province, personas, par_rounds):
    import_history(tmp_path, personas.secretariat)
    history = par_history(province.units["SNV"])
    assert [y.year for y in history] == [2014, 2015, 2016, 2020, 2021, 2022, 2023]
    first = history[0]
    assert (first.index, first.rank, first.of, first.band) == (D("74"), 12, 21, "Khá")
    assert str(history[2].index) == "79.25"
    assert first.published
    assert first.source == str(HistorySource.IMPORTED.label)
    assert [y.published for y in history[4:]] == [False, False, False]


def test_imported_history_alone_is_shown_without_any_round(tmp_path, province, personas):
    import_history(tmp_path, personas.secretariat, {2014: ("74", None)})
    (only,) = par_history(province.units["SNV"])
    assert (only.year, only.index, only.rank, only.of) == (2014, D("74"), None, 21)
    assert only.published


def test_a_published_result_stands_whatever_the_stored_scores_become(
    province, personas, par_rounds
):
    snv = province.units["SNV"]
    publish(par_rounds[2022], personas.secretariat)
    before = {y.year: y for y in par_history(snv)}
    assert before[2022].published
    assert not before[2023].published
    assert before[2022].source == "Công bố trên hệ thống: Đánh giá Chỉ số CCHC năm 2022"
    assert (before[2022].index, before[2022].rank) == (D("96.50"), 4)
    # The stored scores of both years change afterwards (as a correction would).
    Score.objects.filter(participation__unit=snv).update(appraised_score=D("50"))
    after = {y.year: y for y in par_history(snv)}
    assert (after[2022].index, after[2022].rank, after[2022].published) == (D("96.50"), 4, True)
    assert (after[2023].index, after[2023].rank, after[2023].published) == (D("50.00"), 21, False)


def test_a_withdrawn_result_reopened_and_scored_again_shows_as_not_published(
    province, personas, par_rounds
):
    snv, round_ = province.units["SNV"], par_rounds[2022]
    result = publish(round_, personas.secretariat)
    services.result_withdraw(actor=personas.admin, result=result, reason="Sai số liệu")
    round_reopen(actor=personas.secretariat, round_=round_, reason="Thẩm định lại")
    Score.objects.filter(participation__unit=snv, participation__round=round_).update(
        appraised_score=D("99.5")
    )
    round_lock(actor=personas.secretariat, round_=round_)
    found = {y.year: y for y in par_history(snv)}[2022]
    assert (found.index, found.rank, found.published) == (D("99.50"), 1, False)


def test_imported_figures_of_a_year_win_over_its_round_not_published(
    tmp_path, province, personas, par_rounds
):
    import_history(tmp_path, personas.secretariat, {2022: ("91.2", 5)})
    found = {y.year: y for y in par_history(province.units["SNV"])}
    assert (found[2022].index, found[2022].rank, found[2022].published) == (D("91.2"), 5, True)
    assert not found[2023].published
