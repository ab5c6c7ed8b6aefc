"""Running a ballot import: check every row, then write them all in one transaction.

1. **Check** (no transaction): the file is streamed row by row; each row is read against
   the survey (:mod:`check`) and, when good, appended to a temporary spool file (CSV) in
   the form of the staging table below: its order ``n`` among the good rows, ballot ID,
   unit, form, answers and the stored text of its reception time.
   ``ImportJob.checked`` is saved every :data:`PROGRESS_ROWS` rows, so the progress page
   shows it. Any problem ends the import here: nothing is written.
2. **Write** (one transaction, the survey row locked): the spool is loaded into a
   temporary staging table, on PostgreSQL with one ``COPY ... FROM STDIN`` streaming the
   file as it is, on SQLite with ``executemany`` (:data:`BATCH` rows each). One query
   counts the staged rows whose ID is already stored; then ``INSERT ... SELECT ... ORDER
   BY n ON CONFLICT DO NOTHING`` statements (SQLite: ``INSERT OR IGNORE``) move the
   staged rows to the ballots table, :data:`WRITE_ROWS` at a time in the file's order, so
   that a ballot ID already stored or met earlier in the file is skipped (the first one
   is kept). The count written so far goes to the cache after every statement (the job
   row cannot show it before the transaction commits); the job's figures and the audit
   row are written in the same transaction, and a failure anywhere rolls it all back.

Memory stays bounded: no list of the file's rows or IDs is ever built (the spool is on
disk and the staging table in the database); only the parsed collection days are kept,
at most :data:`~check.MAX_DAYS` of them.
"""

from __future__ import annotations

import csv
import logging
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time
from pathlib import Path
from typing import IO, Any

from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.db.models.constants import OnConflict
from django.utils import timezone

from parindex.apps.accounts.models import Unit
from parindex.apps.audit.services import audit_record
from parindex.apps.surveys.importing.check import (
    MAX_DAYS,
    Columns,
    Plan,
    Problems,
    QuestionColumn,
    RowReader,
    read_rows,
)
from parindex.apps.surveys.importing.reader import Row, open_table
from parindex.apps.surveys.models import (
    Ballot,
    ImportJob,
    ImportStatus,
    Survey,
    SurveyStatus,
)
from parindex.interchange import errors as e
from parindex.interchange.errors import ImportFailed, Problem

logger = logging.getLogger(__name__)

SURVEY_IMPORT = "survey.import"
BATCH = 2000  # rows per executemany loading the staging table (SQLite)
PROGRESS_ROWS = 10_000  # rows checked between two saves of ImportJob.checked
WRITE_ROWS = 20_000  # staged rows per INSERT ... SELECT (the written count between them)
COPY_CHUNK = 1 << 20  # characters of the spool per COPY write
PROGRESS_KEY = "parindex:surveys:import:{uuid}"
PROGRESS_TIMEOUT = 6 * 60 * 60
COLLECTED_AT = time(12, 0)

CLOSED_MEANWHILE = "khảo sát không còn nhận phiếu; không phiếu nào được nhập"
UNEXPECTED = (
    "lỗi ngoài dự kiến khi nhập tệp; không phiếu nào được nhập (chi tiết trong nhật ký máy chủ)"
)


def plan_for(survey: Survey) -> Plan:
    """What the files of ``survey`` may hold (a few queries)."""
    questions = list(survey.questions.all())
    return Plan(
        covered=dict(survey.coverage.values_list("unit__code", "unit_id")),
        known=frozenset(Unit.objects.values_list("code", flat=True)),
        forms=dict(survey.forms.values_list("code", "id")),
        questions={q.code.lower(): QuestionColumn(q.slot, frozenset(q.forms)) for q in questions},
        values=frozenset(str(v) for v in survey.options.values_list("value", flat=True)),
        width=max((q.slot for q in questions), default=-1) + 1,
    )


def progress_key(job: ImportJob) -> str:
    return PROGRESS_KEY.format(uuid=job.uuid)


def written_so_far(job: ImportJob) -> int:
    """Ballots written so far by a running import (from the cache), else the job's."""
    if job.status == ImportStatus.WRITING:
        found = cache.get(progress_key(job))
        return int(found) if found is not None else 0
    return job.written


@contextmanager
def _local_file(job: ImportJob) -> Iterator[Path]:
    """A path to the uploaded file, deleted once the import ends."""
    name = job.file.name or ""
    try:
        yield Path(default_storage.path(name))
    finally:
        if name and default_storage.exists(name):
            default_storage.delete(name)
        ImportJob.objects.filter(pk=job.pk).update(file="")


def run_import(job_uuid: str) -> None:
    """Runs the queued import ``job_uuid`` to its end (done or failed)."""
    job = ImportJob.objects.select_related("survey", "created_by").get(uuid=job_uuid)
    if job.status != ImportStatus.QUEUED:
        return
    with _local_file(job) as path:
        try:
            _run(job, path)
        except ImportFailed as failed:
            problems = Problems()
            for problem in failed.problems:
                problems.add(problem)
            _fail(job, problems.messages(), problems.count)
        except Exception:
            logger.exception("survey import %s failed", job.uuid)
            _fail(job, [UNEXPECTED], 1)
        finally:
            cache.delete(progress_key(job))


def _run(job: ImportJob, path: Path) -> None:
    plan = plan_for(job.survey)
    with (
        open_table(path, job.file_name) as table,
        tempfile.TemporaryFile("w+", encoding="utf-8", newline="") as spool,
    ):
        columns = Columns(table.header, plan, table.file, table.sheet)
        if columns.problems:
            raise ImportFailed(columns.problems)
        job.status, job.total = ImportStatus.CHECKING, table.estimated_rows()
        job.save(update_fields=["status", "total"])
        problems = Problems()
        rows = _check(job, RowReader(columns, problems), table.rows(), spool)
        if problems.count:
            _fail(job, problems.messages(), problems.count)
            return
        if rows == 0:
            raise ImportFailed([Problem(table.file, table.sheet, None, None, e.NO_ROWS)])
        job.status, job.rows = ImportStatus.WRITING, rows
        job.save(update_fields=["status", "rows"])
        spool.seek(0)
        with transaction.atomic():
            _write(job, spool)


def _check(
    job: ImportJob, reader: RowReader, lines: Iterator[tuple[int, Row]], spool: IO[str]
) -> int:
    """Reads every row, spooling the good ones in the staging table's form (CSV);
    returns how many there are."""
    out = csv.writer(spool, lineterminator="\n")
    received = _Received(job.created_at)
    rows = 0
    for _, parsed in read_rows(lines, reader):
        rows += 1
        form = "" if parsed.form_id is None else parsed.form_id
        when = received.of(parsed.collected)
        out.writerow((rows, parsed.ballot_id, parsed.unit_id, form, parsed.answers, when))
        if rows % PROGRESS_ROWS == 0:
            job.checked = rows
            job.save(update_fields=["checked"])
    job.checked = rows
    job.save(update_fields=["checked"])
    return rows


class _Received:
    """The stored form (text) of each collection day's noon, or of the upload's time."""

    def __init__(self, default: datetime) -> None:
        self.default = self._stored(default)
        self.days: dict[date, str] = {}

    @staticmethod
    def _stored(moment: datetime) -> str:
        # SQLite: the text Django stores; PostgreSQL: ISO 8601 with the offset
        return str(connection.ops.adapt_datetimefield_value(moment))

    def of(self, day: date | None) -> str:
        if day is None:
            return self.default
        found = self.days.get(day)
        if found is None:
            found = self._stored(timezone.make_aware(datetime.combine(day, COLLECTED_AT)))
            if len(self.days) < MAX_DAYS:
                self.days[day] = found
        return found


COLUMNS = (
    "survey_id",
    "unit_id",
    "form_id",
    "source",
    "ballot_id",
    "answers",
    "device_key",
    "respondent_key",
    "received_at",
    "job_id",
)
STAGE = "parindex_ballot_stage"
STAGE_COLUMNS = ("n", "ballot_id", "unit_id", "form_id", "answers", "received_at")


def _stage_name() -> str:
    """The staging table's name in the connection's own schema of temporary tables."""
    return f"{'pg_temp' if connection.vendor == 'postgresql' else 'temp'}.{STAGE}"


def _stage_sql() -> str:
    """The temporary table the spool is loaded into: one row per good row of the file,
    ``n`` its order among them (PostgreSQL drops it when the transaction ends)."""
    if connection.vendor == "postgresql":
        return (
            f"CREATE TEMPORARY TABLE {STAGE} (n integer PRIMARY KEY, "
            "ballot_id text NOT NULL, unit_id bigint NOT NULL, form_id bigint NULL, "
            "answers text NOT NULL, received_at timestamptz NOT NULL) ON COMMIT DROP"
        )
    return (
        f"CREATE TEMPORARY TABLE {STAGE} (n integer PRIMARY KEY, ballot_id text NOT NULL, "
        "unit_id integer NOT NULL, form_id integer NULL, answers text NOT NULL, "
        "received_at text NOT NULL)"
    )


def insert_sql() -> str:
    """One statement moving the staged rows ``n`` in (%s, %s] to the ballots table, in
    the file's order, skipping a ballot whose ID is taken (stored, or met earlier)."""
    ops = connection.ops
    names = ", ".join(ops.quote_name(c) for c in COLUMNS)
    head = ops.insert_statement(on_conflict=OnConflict.IGNORE)
    tail = ops.on_conflict_suffix_sql([], OnConflict.IGNORE, [], [])
    table = ops.quote_name(Ballot._meta.db_table)
    select = (
        "SELECT %s, unit_id, form_id, %s, ballot_id, answers, '', '', received_at, %s "
        f"FROM {STAGE} WHERE n > %s AND n <= %s ORDER BY n"
    )
    return f"{head} {table} ({names}) {select} {tail}"


def stored_sql() -> str:
    """How many staged rows (repeats counted) have the ID of a ballot already stored."""
    table = connection.ops.quote_name(Ballot._meta.db_table)
    return (
        f"SELECT COUNT(*) FROM {STAGE} s WHERE EXISTS (SELECT 1 FROM {table} b "
        "WHERE b.survey_id = %s AND b.ballot_id = s.ballot_id)"
    )


def _write(job: ImportJob, spool: IO[str]) -> None:
    survey = Survey.objects.select_for_update().get(pk=job.survey_id)
    if survey.status != SurveyStatus.OPEN:
        raise ImportFailed([Problem(job.file_name, None, None, None, CLOSED_MEANWHILE)])
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {_stage_name()}")  # left by an outer transaction
        cursor.execute(_stage_sql())
        _load(cursor, spool)
        cursor.execute(stored_sql(), [survey.pk])
        stored = cursor.fetchone()[0]
        sql = insert_sql()
        for start in range(0, job.rows, WRITE_ROWS):
            end = min(start + WRITE_ROWS, job.rows)
            cursor.execute(sql, [survey.pk, job.source, job.pk, start, end])
            cache.set(progress_key(job), end, PROGRESS_TIMEOUT)
        cursor.execute(f"DROP TABLE {_stage_name()}")
    _finish(job, survey, stored)


def _load(cursor: Any, spool: IO[str]) -> None:
    """Loads the spool into the staging table: PostgreSQL copies the file as it is
    (``COPY ... FROM STDIN``); elsewhere its rows go in with ``executemany``."""
    names = ", ".join(STAGE_COLUMNS)
    if connection.vendor == "postgresql":
        with cursor.copy(f"COPY {STAGE} ({names}) FROM STDIN (FORMAT csv)") as copy:
            while chunk := spool.read(COPY_CHUNK):
                copy.write(chunk)
        return
    sql = f"INSERT INTO {STAGE} ({names}) VALUES (%s, %s, %s, %s, %s, %s)"
    batch: list[tuple[object, ...]] = []
    for n, ballot_id, unit_id, form_id, answers, received in csv.reader(spool):
        batch.append(
            (int(n), ballot_id, int(unit_id), int(form_id) if form_id else None, answers, received)
        )
        if len(batch) == BATCH:
            cursor.executemany(sql, batch)
            batch = []
    if batch:
        cursor.executemany(sql, batch)


def _finish(job: ImportJob, survey: Survey, stored: int) -> None:
    created = Ballot.objects.filter(job=job).count()
    dropped = job.rows - created
    job.created = created
    job.duplicates_stored = min(stored, dropped)
    job.duplicates_in_file = dropped - job.duplicates_stored
    job.written = job.rows
    job.status, job.finished_at = ImportStatus.DONE, timezone.now()
    job.save()
    audit_record(
        actor=job.created_by,
        action=SURVEY_IMPORT,
        target=survey,
        new={
            "file_name": job.file_name,
            "source": job.source,
            "rows": job.rows,
            "created": job.created,
            "duplicates_in_file": job.duplicates_in_file,
            "duplicates_stored": job.duplicates_stored,
        },
    )


def _fail(job: ImportJob, messages: list[str], count: int) -> None:
    job.status, job.finished_at = ImportStatus.FAILED, timezone.now()
    job.problems, job.problem_count = messages, count
    job.save(update_fields=["status", "finished_at", "problems", "problem_count"])
