"""Importing earlier years' published indices: checked against the database before
anything is written, written in one transaction, audited; read back as a unit's history
and a group's averages."""

from decimal import Decimal as D
from pathlib import Path

import pytest
import yaml
from results_support import publish

from parindex.apps.audit.models import AuditEntry
from parindex.apps.results import selectors
from parindex.apps.results.gather import previous_figures
from parindex.apps.results.models import HistoryImport, HistoryRow, HistorySource
from parindex.apps.results.services_history import (
    GROUP_NEEDS_NAME,
    PUBLISHED_HERE,
    UNIT_NEEDS_NAME,
    history_import,
)
from parindex.interchange import ImportFailed

pytestmark = pytest.mark.django_db

REAL = yaml.safe_load((Path(__file__).parents[1] / "data" / "real_cases.yaml").read_text())
DONG_HA = REAL["history"]
HEADER = "year,unit,group,index,rank,class,name,group_name,units"
DISTRICTS = '"UBND huyện, thị xã, thành phố"'


def write(tmp_path, lines, name="lich-su.csv"):
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    return path


def dong_ha_lines(years=None):
    return [
        f"{r['year']},TP-DONGHA,huyen,{r['index']},{r['rank']},{r['class']},"
        f"UBND thành phố Đông Hà,{DISTRICTS},10"
        for r in DONG_HA
        if years is None or r["year"] in years
    ]


def messages(excinfo):
    return [str(p) for p in excinfo.value.problems]


def test_the_real_dong_ha_history_reads_back_exactly(db, tmp_path, personas):
    imported = history_import(actor=personas.secretariat, path=write(tmp_path, dong_ha_lines()))
    assert (imported.created, imported.updated, imported.unchanged) == (10, 0, 0)
    assert imported.years == tuple(range(2014, 2024))
    history = selectors.unit_history("TP-DONGHA")
    assert [(p.year, str(p.index), p.rank, p.units_in_group, p.class_label) for p in history] == [
        (r["year"], r["index"], r["rank"], 10, r["class"]) for r in DONG_HA
    ]
    assert {p.source for p in history} == {HistorySource.IMPORTED}
    assert history[0].index_decimals == 0  # 74 is shown as "74"
    assert history[3].index_decimals == 2  # 81.25
    batch = HistoryImport.objects.get()
    assert (batch.file_name, batch.created, batch.imported_by) == (
        "lich-su.csv",
        10,
        personas.secretariat,
    )
    entry = AuditEntry.objects.get(action="history.import")
    assert entry.new["created"] == 10
    assert entry.new["years"] == list(range(2014, 2024))
    assert entry.new["sha256"] == batch.sha256


def test_a_unit_of_the_system_needs_no_name(tmp_path, personas, province):
    history_import(actor=personas.secretariat, path=write(tmp_path, ["2022,SNV,so,84.5,2,,,,"]))
    row = HistoryRow.objects.get()
    assert (row.unit, row.unit_name, row.group_name) == (
        province.units["SNV"],
        "Sở Nội vụ",
        "Sở, ban, ngành",
    )


def test_unknown_units_and_groups_need_their_names(db, tmp_path, personas):
    path = write(tmp_path, ["2022,TP-DONGHA,huyen,84.66,5,Tốt,,,10"])
    with pytest.raises(ImportFailed) as excinfo:
        history_import(actor=personas.secretariat, path=path)
    assert messages(excinfo) == [
        "lich-su.csv, dòng 2, cột name: " + UNIT_NEEDS_NAME.format(unit="TP-DONGHA"),
        "lich-su.csv, dòng 2, cột group_name: " + GROUP_NEEDS_NAME.format(group="huyen"),
    ]
    assert not HistoryRow.objects.exists()
    assert not HistoryImport.objects.exists()


def test_a_file_with_any_problem_writes_nothing(db, tmp_path, personas):
    lines = [*dong_ha_lines(), "2023,TX-QUANGTRI,huyen,80,7,Khá,,,10"]
    with pytest.raises(ImportFailed):
        history_import(actor=personas.secretariat, path=write(tmp_path, lines))
    assert not HistoryRow.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="history").exists()


def test_figures_published_on_the_system_are_never_overwritten(tmp_path, personas, signed_off):
    publish(signed_off, personas.secretariat)
    path = write(tmp_path, ["2024,SNV,so,99,1,,,,", "2023,SNV,so,80,1,,,,"])
    with pytest.raises(ImportFailed) as excinfo:
        history_import(actor=personas.secretariat, path=path)
    assert messages(excinfo) == [
        "lich-su.csv, dòng 2, cột year: " + PUBLISHED_HERE.format(unit="SNV", year=2024)
    ]


def test_importing_again_updates_what_changed_and_audits_it(db, tmp_path, personas):
    history_import(actor=personas.secretariat, path=write(tmp_path, dong_ha_lines()))
    lines = dong_ha_lines()
    lines[2] = lines[2].replace(",70,9,", ",70.5,8,")
    again = history_import(actor=personas.admin, path=write(tmp_path, lines, "sua.csv"))
    assert (again.created, again.updated, again.unchanged) == (0, 1, 9)
    row = HistoryRow.objects.get(year=2016)
    assert (row.index, row.rank, row.index_decimals) == (D("70.5"), 8, 1)
    entry = AuditEntry.objects.get(action="history.update")
    assert entry.unit_code == "TP-DONGHA"
    assert entry.actor == personas.admin
    assert entry.reason == "sua.csv"
    assert entry.old == {"index": "70.0000", "index_decimals": 0, "rank": 9}
    assert entry.new == {"index": "70.5", "index_decimals": 1, "rank": 8}


def test_the_comparison_uses_published_figures_before_imported_ones(db, tmp_path, personas):
    history_import(actor=personas.secretariat, path=write(tmp_path, dong_ha_lines()))
    HistoryRow.objects.filter(year=2022).update(source=HistorySource.IMPORTED)
    found = previous_figures(2022, ["TP-DONGHA", "NOBODY"])
    assert list(found) == ["TP-DONGHA"]
    assert (found["TP-DONGHA"].index, found["TP-DONGHA"].rank) == (D("84.66"), 5)


# --- group averages -----------------------------------------------------------------------


def test_a_group_average_needs_every_unit_of_the_group(db, tmp_path, personas):
    lines = [
        *dong_ha_lines(years={2021}),
        "2020,A,huyen,80,2,,Huyện A,Các huyện,",
        "2020,B,huyen,85.25,1,,Huyện B,Các huyện,",
    ]
    history_import(actor=personas.secretariat, path=write(tmp_path, lines))
    averages = selectors.group_averages("huyen")
    assert [(a.year, a.average, a.units) for a in averages] == [(2020, D("82.63"), 2)]


def test_a_published_years_average_is_the_published_one(tmp_path, personas, signed_off):
    result = publish(signed_off, personas.secretariat)
    (average,) = selectors.group_averages("so")
    group = selectors.round_result(result).groups[0]
    assert (average.year, average.average, average.units) == (2024, group.average, 2)
