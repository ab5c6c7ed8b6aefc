"""The work of :mod:`bench.surveys_import`: a province, a ballot file, the baselines and
the application's import, measured (Django must be set up before this is imported)."""

from __future__ import annotations

import csv
import random
import resource
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from openpyxl import Workbook, load_workbook

from parindex.apps.accounts.models import Membership, Role, Unit, UnitGroup, User
from parindex.apps.surveys import services
from parindex.apps.surveys.importing.check import Columns, Problems, RowReader, read_rows
from parindex.apps.surveys.importing.job import plan_for, run_import
from parindex.apps.surveys.importing.reader import open_table
from parindex.apps.surveys.importing.start import import_start
from parindex.apps.surveys.models import ImportStatus

BATCH = 2000
SCRATCH_TABLE = "bench_raw_ballots"


@dataclass
class Measures:
    ballots: int
    file_mb: float
    import_s: float
    csv_only_s: float
    check_only_s: float
    raw_executemany_s: float
    vs_csv_only: float
    vs_raw_executemany: float
    rss_growth_mb: float
    max_rss_mb: float
    created: int
    database: str
    peak_python_mb: float | None = None
    xlsx_ballots: int = 0
    xlsx_mb: float = 0.0
    xlsx_import_s: float = 0.0
    xlsx_created: int = 0
    xlsx_read_s: float = 0.0
    xlsx_openpyxl_s: float = 0.0
    xlsx_read_vs_openpyxl: float = 0.0
    xlsx_rss_growth_mb: float = 0.0
    xlsx_peak_python_mb: float | None = None


def _timed(work: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = work()
    return time.perf_counter() - start, result


def province(units: int) -> tuple[Any, Any, list[str]]:
    """A secretariat user, an open SIPAS survey and ``units`` covered units."""
    suffix = f"{time.time_ns():x}"
    group, _ = UnitGroup.objects.get_or_create(code="bench", defaults={"name": "Bench"})
    rows = [Unit(code=f"B{suffix}-{i}", name=f"Đơn vị {i}", group=group) for i in range(units)]
    Unit.objects.bulk_create(rows)
    user = User.objects.create(username=f"bench-{suffix}")
    Membership.objects.create(user=user, role=Role.SECRETARIAT)
    codes = [u.code for u in rows]
    return user, open_survey(user, codes), codes


def open_survey(user: Any, codes: Sequence[str]) -> Any:
    """An open SIPAS survey (20 questions) covering the units of ``codes``."""
    values = services.SurveyValues(
        code=f"BENCH-{time.time_ns():x}", name="Bench", year=2024, kind="sipas"
    )
    survey = services.survey_create(actor=user, values=values)
    covered = dict.fromkeys(Unit.objects.filter(code__in=codes), 10000)
    services.survey_units_set(actor=user, survey=survey, covered=covered)
    return services.survey_open(actor=user, survey=survey)


def write_csv(path: Path, survey: Any, units: Sequence[str], ballots: int, seed: int) -> None:
    codes = list(survey.questions.order_by("slot").values_list("code", flat=True))
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["ballot", "unit", "date", *codes])
        for i in range(ballots):
            answers = [rng.choice("1234455555") for _ in codes]
            writer.writerow([f"P-{i:07d}", units[i % len(units)], "15/11/2024", *answers])


def write_xlsx(path: Path, source: Path) -> int:
    """The ballots of the CSV ``source`` as a workbook typed by hand: answers as numbers,
    the collection day as a date cell."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Phiếu")
    with source.open(encoding="utf-8-sig", newline="") as handle:
        lines = csv.reader(handle)
        sheet.append(next(lines))
        rows = 0
        for ballot, unit, day, *answers in lines:
            when = datetime.strptime(day, "%d/%m/%Y") if day else None
            sheet.append([ballot, unit, when, *(int(a) if a else None for a in answers)])
            rows += 1
    book.save(path)
    return rows


def csv_only(path: Path) -> int:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return sum(1 for _ in csv.reader(handle)) - 1


def check_only(path: Path, survey: Any) -> int:
    """The import's own reading and checking of every row, spooling the good ones to a
    temporary file as the import does, without writing anything to the database."""
    problems = Problems()
    with open_table(path, path.name) as table, tempfile.TemporaryFile("w+") as spool:
        reader = RowReader(Columns(table.header, plan_for(survey), table.file, None), problems)
        out = csv.writer(spool, lineterminator="\n")
        rows = 0
        for _, p in read_rows(table.rows(), reader):
            rows += 1
            out.writerow((rows, p.ballot_id, p.unit_id, p.form_id, p.answers, p.collected))
    assert problems.count == 0, problems.messages()
    return rows


def raw_executemany(path: Path, survey: Any) -> int:
    """The same rows, already shaped, inserted with executemany in batches in one
    transaction (then thrown away)."""
    units = dict(survey.coverage.values_list("unit__code", "unit_id"))
    sql = (
        f"INSERT INTO {SCRATCH_TABLE} (survey_id, unit_id, source, ballot_id, answers, "
        "received_at) VALUES (%s, %s, %s, %s, %s, %s)"
    )
    inserted = 0
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {SCRATCH_TABLE}")
        cursor.execute(
            f"CREATE TABLE {SCRATCH_TABLE} (id INTEGER PRIMARY KEY, survey_id INTEGER, "
            "unit_id INTEGER, source VARCHAR(10), ballot_id VARCHAR(64), answers VARCHAR(200), "
            "received_at VARCHAR(40))"
            if connection.vendor == "sqlite"
            else f"CREATE TABLE {SCRATCH_TABLE} (id BIGSERIAL PRIMARY KEY, survey_id BIGINT, "
            "unit_id BIGINT, source VARCHAR(10), ballot_id VARCHAR(64), answers VARCHAR(200), "
            "received_at TIMESTAMPTZ)"
        )
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            next(reader)
            batch = []
            for line in reader:
                batch.append(
                    (survey.pk, units[line[1]], "paper", line[0], "".join(line[3:]), "2024-11-15")
                )
                if len(batch) == BATCH:
                    cursor.executemany(sql, batch)
                    inserted += len(batch)
                    batch = []
            cursor.executemany(sql, batch)
            inserted += len(batch)
        cursor.execute(f"DROP TABLE {SCRATCH_TABLE}")
    return inserted


def run_app_import(path: Path, survey: Any, user: Any) -> Any:
    with path.open("rb") as handle:
        upload = UploadedFile(handle, name=path.name, size=path.stat().st_size)
        job = import_start(actor=user, survey=survey, upload=upload, source="paper")
    job.refresh_from_db()  # the import ran inline once the upload was committed...
    if job.status == ImportStatus.QUEUED:  # ...unless a transaction is still open (tests)
        run_import(str(job.uuid))
        job.refresh_from_db()
    return job


def _max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _traced_peak(path: Path, codes: Sequence[str], user: Any) -> float:
    survey = open_survey(user, codes)
    tracemalloc.start()
    run_app_import(path, survey, user)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return round(peak / 1e6, 1)


def measure(
    ballots: int, *, seed: int = 2024, units: int = 20, xlsx: bool = False, trace: bool = False
) -> Measures:
    settings.SURVEY_IMPORT_INLINE = True
    user, survey, codes = province(units)
    folder = Path(tempfile.mkdtemp(prefix="bench-surveys-"))
    path = folder / "phieu.csv"
    write_csv(path, survey, codes, ballots, seed)
    csv_s, _ = _timed(lambda: csv_only(path))
    check_s, _ = _timed(lambda: check_only(path, survey))
    raw_s, _ = _timed(lambda: raw_executemany(path, survey))
    before = _max_rss_mb()
    import_s, job = _timed(lambda: run_app_import(path, survey, user))
    after = _max_rss_mb()
    result = Measures(
        ballots=ballots,
        file_mb=round(path.stat().st_size / 1e6, 2),
        import_s=round(import_s, 3),
        csv_only_s=round(csv_s, 3),
        check_only_s=round(check_s, 3),
        raw_executemany_s=round(raw_s, 3),
        vs_csv_only=round(import_s / csv_s, 1),
        vs_raw_executemany=round(import_s / raw_s, 1),
        rss_growth_mb=round(after - before, 1),
        max_rss_mb=round(after, 1),
        created=job.created,
        database=connection.vendor,
    )
    if trace:
        result.peak_python_mb = _traced_peak(path, codes, user)
    if xlsx:
        _measure_xlsx(result, folder / "phieu.xlsx", path, user, codes, trace=trace)
    return result


def reader_rows(path: Path) -> int:
    """Every row of the ballot file as the import reads it (XLSX: importing/sheet.py)."""
    with open_table(path, path.name) as table:
        return sum(1 for _ in table.rows())


def openpyxl_rows(path: Path) -> int:
    """Every row of the workbook as openpyxl's read-only mode reads them (the import's
    reader before importing/sheet.py)."""
    book = load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = book.worksheets[0]
        return sum(1 for _ in sheet.iter_rows(min_row=2, values_only=True))
    finally:
        book.close()


def _measure_xlsx(
    result: Measures, book: Path, source: Path, user: Any, codes: Sequence[str], *, trace: bool
) -> None:
    result.xlsx_ballots = write_xlsx(book, source)
    result.xlsx_mb = round(book.stat().st_size / 1e6, 2)
    other = open_survey(user, codes)
    before = _max_rss_mb()
    import_s, job = _timed(lambda: run_app_import(book, other, user))
    result.xlsx_rss_growth_mb = round(_max_rss_mb() - before, 1)
    result.xlsx_import_s, result.xlsx_created = round(import_s, 3), job.created
    read_s, rows = _timed(lambda: reader_rows(book))
    openpyxl_s, same = _timed(lambda: openpyxl_rows(book))
    assert rows == same == result.xlsx_ballots, (rows, same)
    result.xlsx_read_s, result.xlsx_openpyxl_s = round(read_s, 3), round(openpyxl_s, 3)
    result.xlsx_read_vs_openpyxl = round(openpyxl_s / read_s, 1)
    if trace:
        result.xlsx_peak_python_mb = _traced_peak(book, codes, user)
