"""Running a ballot import: check every row, then write them all in one transaction.

1. **Check** (no transaction): the file is streamed row by row; each row is read against
   the survey (:mod:`check`) and, when good, appended to a temporary spool file in the
   ballots table's form; the IDs of each batch of good rows are looked up among the
   stored ballots. ``ImportJob.checked`` is saved after every batch, so the progress page
   shows it. Any problem ends the import here: nothing is written.
2. **Write** (one transaction, the survey row locked): the spool is streamed and inserted
   with multi-row ``INSERT ... ON CONFLICT DO NOTHING`` statements (SQLite: ``INSERT OR
   IGNORE``), :data:`ROWS_PER_STATEMENT` rows each, skipping a ballot ID already stored
   or met earlier in the file.
   The count written so far goes to the cache after every batch (the job row cannot show
   it before the transaction commits); the job's figures and the audit row are written in
   the same transaction.

Memory stays bounded by one batch: no list of the file's rows or IDs is ever built.
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
BATCH = 2000
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
        tempfile.TemporaryFile("w+", newline="") as spool,
    ):
        columns = Columns(table.header, plan, table.file, table.sheet)
        if columns.problems:
            raise ImportFailed(columns.problems)
        job.status, job.total = ImportStatus.CHECKING, table.estimated_rows()
        job.save(update_fields=["status", "total"])
        problems = Problems()
        rows, stored = _check(job, RowReader(columns, problems), table.rows(), spool)
        if problems.count:
            _fail(job, problems.messages(), problems.count)
            return
        if rows == 0:
            raise ImportFailed([Problem(table.file, table.sheet, None, None, e.NO_ROWS)])
        job.status, job.rows = ImportStatus.WRITING, rows
        job.save(update_fields=["status", "rows"])
        spool.seek(0)
        with transaction.atomic():
            _write(job, csv.reader(spool), stored)


def _check(
    job: ImportJob, reader: RowReader, lines: Iterator[tuple[int, Row]], spool: IO[str]
) -> tuple[int, int]:
    """Reads every row, spooling the good ones; returns how many there are and how many
    of them have an ID already stored."""
    out = csv.writer(spool, lineterminator="\n")
    rows = stored = 0
    batch: list[str] = []
    for _, parsed in read_rows(lines, reader):
        rows += 1
        batch.append(parsed.ballot_id)
        day = parsed.collected.isoformat() if parsed.collected else ""
        form = "" if parsed.form_id is None else parsed.form_id
        out.writerow((parsed.ballot_id, parsed.unit_id, form, parsed.answers, day))
        if len(batch) == BATCH:
            stored += _stored(job.survey, batch)
            batch = []
            job.checked = rows
            job.save(update_fields=["checked"])
    stored += _stored(job.survey, batch)
    job.checked = rows
    job.save(update_fields=["checked"])
    return rows, stored


def _stored(survey: Survey, ids: list[str]) -> int:
    """How many of ``ids`` (repeats counted) are IDs of ballots already stored."""
    if not ids:
        return 0
    rows = Ballot.objects.filter(survey=survey, ballot_id__in=set(ids))
    found = set(rows.values_list("ballot_id", flat=True))
    return sum(1 for i in ids if i in found)


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


ROWS_PER_STATEMENT = 100


def insert_sql(rows: int) -> str:
    """One statement inserting ``rows`` ballots, skipping those whose ID is taken."""
    ops = connection.ops
    names = ", ".join(ops.quote_name(c) for c in COLUMNS)
    marks = ", ".join([f"({', '.join(['%s'] * len(COLUMNS))})"] * rows)
    head = ops.insert_statement(on_conflict=OnConflict.IGNORE)
    tail = ops.on_conflict_suffix_sql([], OnConflict.IGNORE, [], [])
    return f"{head} {ops.quote_name(Ballot._meta.db_table)} ({names}) VALUES {marks} {tail}"


class _Received:
    """The stored form of each collection day (or of the upload's time)."""

    def __init__(self, default: datetime) -> None:
        self.default = connection.ops.adapt_datetimefield_value(default)
        self.days: dict[str, object] = {}

    def of(self, day: str) -> object:
        if not day:
            return self.default
        if day not in self.days:
            moment = timezone.make_aware(datetime.combine(date.fromisoformat(day), COLLECTED_AT))
            self.days[day] = connection.ops.adapt_datetimefield_value(moment)
        return self.days[day]


def _write(job: ImportJob, spool: Iterator[list[str]], stored: int) -> None:
    survey = Survey.objects.select_for_update().get(pk=job.survey_id)
    if survey.status != SurveyStatus.OPEN:
        raise ImportFailed([Problem(job.file_name, None, None, None, CLOSED_MEANWHILE)])
    received = _Received(job.created_at)
    batch: list[tuple[object, ...]] = []
    with connection.cursor() as cursor:
        for ballot_id, unit_id, form_id, answers, day in spool:
            batch.append(
                (
                    survey.pk,
                    int(unit_id),
                    int(form_id) if form_id else None,
                    job.source,
                    ballot_id,
                    answers,
                    "",
                    "",
                    received.of(day),
                    job.pk,
                )
            )
            if len(batch) == BATCH:
                _insert(job, cursor, batch)
                batch = []
        _insert(job, cursor, batch)
    _finish(job, survey, stored)


def _insert(job: ImportJob, cursor: Any, batch: list[tuple[object, ...]]) -> None:
    full = insert_sql(ROWS_PER_STATEMENT)
    for start in range(0, len(batch), ROWS_PER_STATEMENT):
        rows = batch[start : start + ROWS_PER_STATEMENT]
        sql = full if len(rows) == ROWS_PER_STATEMENT else insert_sql(len(rows))
        cursor.execute(sql, [value for row in rows for value in row])
    done = int(cache.get(progress_key(job)) or 0) + len(batch)
    cache.set(progress_key(job), done, PROGRESS_TIMEOUT)


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
