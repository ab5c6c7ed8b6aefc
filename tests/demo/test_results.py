"""The demo's results: an invented history 2014-2022 imported and the signed-off 2023
round published through the results services; nothing of it is made twice."""

from pathlib import Path

from parindex.apps.audit.models import AuditEntry
from parindex.apps.results import selectors
from parindex.apps.results.models import HistoryRow, HistorySource, Result, ResultState
from parindex.demo import demo_data_dir
from parindex.demo_data import generate_history
from parindex.demo_province import accounts


def test_the_2023_result_is_published_by_the_secretariat(loaded):
    result = Result.objects.get()
    assert (result.year, result.state) == (2023, ResultState.PUBLISHED)
    assert result.published_by.username == accounts.SECRETARIAT.username
    assert result.review_note
    actions = AuditEntry.objects.filter(target_id=str(result.uuid)).values_list("action", flat=True)
    assert sorted(actions) == ["result.compute", "result.publish", "result.review"]
    assert selectors.verify(result).matches


def test_the_2023_result_is_compared_with_the_invented_2022(loaded):
    result = selectors.round_result(Result.objects.get())
    snv = result.unit("SNV")
    row = HistoryRow.objects.get(year=2022, unit_code="SNV")
    assert snv.previous_index == row.index
    assert snv.previous_rank == row.rank


def test_every_demo_unit_has_a_history_from_2014(loaded):
    history = selectors.unit_history("P-DONGHA")
    assert [p.year for p in history] == list(range(2014, 2024))
    assert {p.source for p in history[:-1]} == {HistorySource.IMPORTED}
    assert history[-1].source == HistorySource.PUBLISHED
    assert all(p.units_in_group == 12 for p in history)
    assert HistoryRow.objects.filter(source=HistorySource.IMPORTED).count() == 9 * 20


def test_a_second_load_publishes_and_imports_nothing(loaded, load_again):
    second, _ = load_again()
    assert second.results == 0
    assert Result.objects.count() == 1


def test_the_history_file_says_it_is_invented_and_its_generator_rewrites_it(tmp_path: Path):
    shipped = demo_data_dir() / generate_history.TARGET.name
    assert "DỮ LIỆU MẪU TỰ TẠO" in shipped.read_text(encoding="utf-8").splitlines()[1]
    generate_history.write(tmp_path / "history.csv")
    assert (tmp_path / "history.csv").read_bytes() == shipped.read_bytes()
