"""Running a ballot import: check every row, then write them all in one transaction.

1. **Check** (no transaction): the file is streamed row by row; each row is read against
   the survey (:mod:`check`); the IDs of each batch of good rows are looked up among the
   stored ballots. ``ImportJob.checked`` is saved after every batch, so the progress page
   shows it. Any problem ends the import here: nothing is written.
2. **Write** (one transaction, the survey row locked): the file is streamed again and the
   rows are inserted in batches, a ballot ID already stored (or met earlier in the file)
   being skipped by the database's unique constraint. The count written so far goes to
   the cache after every batch (the job row cannot show it before the transaction
   commits); the job's figures and the audit row are written in the same transaction.

Memory stays bounded by one batch: no list of the file's rows or IDs is ever built.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time
from pathlib import Path

from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from parindex.apps.accounts.models import Unit
from parindex.apps.audit.services import audit_record
from parindex.apps.surveys.importing.check import (
    Columns,
    Parsed,
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
    with open_table(path, job.file_name) as table:
        columns = Columns(table.header, plan, table.file, table.sheet)
        if columns.problems:
            raise ImportFailed(columns.problems)
        job.status, job.total = ImportStatus.CHECKING, table.estimated_rows()
        job.save(update_fields=["status", "total"])
        problems = Problems()
        rows, stored = _check(job, RowReader(columns, problems), table.rows())
        if problems.count:
            _fail(job, problems.messages(), problems.count)
            return
        if rows == 0:
            raise ImportFailed([Problem(table.file, table.sheet, None, None, e.NO_ROWS)])
        job.status, job.rows = ImportStatus.WRITING, rows
        job.save(update_fields=["status", "rows"])
        with transaction.atomic():
            _write(job, RowReader(columns, Problems()), table.rows(), stored)


def _check(job: ImportJob, reader: RowReader, lines: Iterator[tuple[int, Row]]) -> tuple[int, int]:
    """Reads every row; returns the good rows and those whose ID is already stored."""
    rows = stored = 0
    batch: list[str] = []
    for _, parsed in read_rows(lines, reader):
        rows += 1
        batch.append(parsed.ballot_id)
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


def _received(parsed: Parsed, default: datetime) -> datetime:
    day: date | None = parsed.collected
    if day is None:
        return default
    return timezone.make_aware(datetime.combine(day, COLLECTED_AT))


def _write(
    job: ImportJob, reader: RowReader, lines: Iterator[tuple[int, Row]], stored: int
) -> None:
    survey = Survey.objects.select_for_update().get(pk=job.survey_id)
    if survey.status != SurveyStatus.OPEN:
        raise ImportFailed([Problem(job.file_name, None, None, None, CLOSED_MEANWHILE)])
    batch: list[Ballot] = []
    for _, parsed in read_rows(lines, reader):
        batch.append(_ballot(job, parsed))
        if len(batch) == BATCH:
            _insert(job, batch)
            batch = []
    _insert(job, batch)
    _finish(job, survey, stored)


def _ballot(job: ImportJob, parsed: Parsed) -> Ballot:
    return Ballot(
        survey_id=job.survey_id,
        unit_id=parsed.unit_id,
        form_id=parsed.form_id,
        source=job.source,
        ballot_id=parsed.ballot_id,
        answers=parsed.answers,
        received_at=_received(parsed, job.created_at),
        job=job,
    )


def _insert(job: ImportJob, batch: list[Ballot]) -> None:
    if batch:
        Ballot.objects.bulk_create(batch, ignore_conflicts=True)
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
