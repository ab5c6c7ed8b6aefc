"""Importing ballot files: every row checked first (problems with file, sheet, row and
column), then all written in one transaction; repeated ballot IDs dropped and counted."""

import io
from datetime import date
from decimal import Decimal as D

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from surveys_support import make_survey

from parindex.apps.accounts.models import Unit
from parindex.apps.audit.models import AuditEntry
from parindex.apps.surveys import services
from parindex.apps.surveys.importing import check
from parindex.apps.surveys.importing import job as job_module
from parindex.apps.surveys.importing.job import CLOSED_MEANWHILE, run_import
from parindex.apps.surveys.importing.start import NOT_OPEN, ImportRefused, import_start
from parindex.apps.surveys.models import Ballot, BallotSource, ImportJob, ImportStatus, SurveyKind
from parindex.apps.surveys.points import survey_entries
from parindex.interchange import errors as e

pytestmark = pytest.mark.django_db
LEVELS = "1, 2, 3, 4, 5"


def codes(survey):
    return [q.code for q in survey.questions.order_by("slot")]


def csv_upload(text, name="phieu.csv", encoding="utf-8-sig"):
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def sipas_csv(survey, rows, *, delimiter=","):
    header = delimiter.join(["ballot", "unit", "date", *codes(survey)])
    return "\n".join([header, *(delimiter.join(row) for row in rows)]) + "\n"


def full(value, survey):
    return [str(value)] * len(codes(survey))


def start(personas, survey, upload, source=BallotSource.PAPER, *, capture):
    with capture(execute=True):
        job = import_start(actor=personas.secretariat, survey=survey, upload=upload, source=source)
    job.refresh_from_db()
    return job


@pytest.fixture
def run(personas, django_capture_on_commit_callbacks):
    def go(survey, upload, source=BallotSource.PAPER):
        return start(personas, survey, upload, source, capture=django_capture_on_commit_callbacks)

    return go


def test_a_good_file_is_imported_with_its_counts_and_audited(sipas, personas, run):
    rows = [
        ["P-1", "SNV", "12/11/2024", *full(5, sipas)],
        ["P-2", "SNV", "", *full(4, sipas)],
        ["P-3", "X-A", "2024-11-13", *full(3, sipas)],
    ]
    job = run(sipas, csv_upload(sipas_csv(sipas, rows)))
    assert job.status == ImportStatus.DONE
    assert (job.rows, job.created, job.duplicates_in_file, job.duplicates_stored) == (3, 3, 0, 0)
    assert job.checked == job.written == 3
    stored = {b.ballot_id: b for b in Ballot.objects.filter(survey=sipas)}
    assert stored["P-1"].answers == "5" * 20
    assert stored["P-1"].source == BallotSource.PAPER
    assert stored["P-1"].job == job
    assert stored["P-1"].received_at.date().isoformat() == "2024-11-12"
    assert stored["P-3"].unit.code == "X-A"
    entry = AuditEntry.objects.get(action="survey.import")
    assert entry.actor == personas.secretariat
    assert entry.new == {
        "file_name": "phieu.csv",
        "source": "paper",
        "rows": 3,
        "created": 3,
        "duplicates_in_file": 0,
        "duplicates_stored": 0,
    }
    assert not job.file  # the uploaded file is not kept


def test_repeated_ballot_ids_are_dropped_and_counted(sipas, run, ballots, province):
    ballots(sipas, province.units["SNV"], "4" * 20)
    stored_id = Ballot.objects.get().ballot_id
    rows = [
        ["P-1", "SNV", "", *full(5, sipas)],
        ["P-1", "SNV", "", *full(1, sipas)],  # the same paper twice in the file
        [stored_id, "STP", "", *full(5, sipas)],  # imported before
        ["P-2", "STP", "", *full(5, sipas)],
    ]
    job = run(sipas, csv_upload(sipas_csv(sipas, rows)), BallotSource.POST)
    assert (job.rows, job.created, job.duplicates_in_file, job.duplicates_stored) == (4, 2, 1, 1)
    assert Ballot.objects.get(ballot_id="P-1").answers == "5" * 20  # the first one is kept
    assert Ballot.objects.get(ballot_id="P-2").source == BallotSource.POST
    assert Ballot.objects.filter(survey=sipas).count() == 3


@pytest.fixture
def syt(province):
    """A unit the survey does not cover."""
    return Unit.objects.create(code="SYT", name="Sở Y tế", group=province.units["SNV"].group)


def test_every_problem_is_reported_with_its_place_and_nothing_is_written(sipas, syt, run):
    answers = full(5, sipas)
    rows = [
        ["P-1", "SNV", "", *answers],
        ["", "SNV", "", *answers],
        ["P-3", "KHONG-CO", "", *answers],
        ["P-4", "SYT", "", *answers],
        ["P-5", "SNV", "31/02/2024", "6", "x", *answers[2:]],
        ["P-6", "SNV", "", *([""] * len(answers))],
    ]
    job = run(sipas, csv_upload(sipas_csv(sipas, rows)))
    assert job.status == ImportStatus.FAILED
    assert job.problems == [
        f"phieu.csv, dòng 3, cột ballot: {e.REQUIRED}",
        f"phieu.csv, dòng 4, cột unit: {e.UNKNOWN_UNIT.format(code='KHONG-CO')}",
        f"phieu.csv, dòng 5, cột unit: {check.UNIT_NOT_COVERED.format(code='SYT')}",
        f"phieu.csv, dòng 6, cột 1.1: {check.BAD_ANSWER.format(value='6', choices=LEVELS)}",
        f"phieu.csv, dòng 6, cột 1.2: {check.BAD_ANSWER.format(value='x', choices=LEVELS)}",
        f"phieu.csv, dòng 6, cột date: {e.NOT_A_DATE.format(value='31/02/2024')}",
        f"phieu.csv, dòng 7: {check.NO_ANSWERS}",
    ]
    assert job.problem_count == 7
    assert not Ballot.objects.exists()
    assert not AuditEntry.objects.filter(action="survey.import").exists()


def test_the_header_is_checked_before_any_row(sipas, run):
    text = "ballot,unit,1.1,1.1,ghi chú\nP-1,SNV,5,5,\n"
    job = run(sipas, csv_upload(text))
    allowed = ", ".join([*check.FIXED_COLUMNS, *sorted(codes(sipas))])
    assert job.problems == [
        f"phieu.csv, dòng 1, cột 1.1: {e.DUPLICATE_COLUMN}",
        f"phieu.csv, dòng 1, cột ghi chú: {e.UNKNOWN_COLUMN.format(allowed=allowed)}",
    ]
    job = run(sipas, csv_upload("unit,1.1\nSNV,5\n"))
    assert job.problems == [f"phieu.csv, dòng 1, cột ballot: {e.MISSING_COLUMN}"]


def test_a_file_that_is_not_utf8_or_has_no_rows_is_refused(sipas, run):
    job = run(sipas, csv_upload("ballot,unit,1.1\nP-1,Sà,5\n", encoding="latin-1"))
    assert job.problems == [f"phieu.csv: {e.NOT_UTF8}"]
    job = run(sipas, csv_upload("ballot,unit,1.1\n\n"))
    assert job.problems == [f"phieu.csv: {e.NO_ROWS}"]


def test_a_semicolon_file_and_missing_question_columns_are_read(sipas, run):
    text = "ballot;unit;1.1;5.3\nP-1;SNV;4;\nP-2;STP;;2\n"
    job = run(sipas, csv_upload(text))
    assert job.created == 2
    answers = dict(Ballot.objects.values_list("ballot_id", "answers"))
    assert answers == {"P-1": "4" + "0" * 19, "P-2": "0" * 19 + "2"}


def test_a_workbook_is_read_from_its_ballot_sheet_with_numeric_cells(sipas, run):
    book = openpyxl.Workbook()
    book.active.title = "Ghi chú"
    sheet = book.create_sheet("Phiếu")
    sheet.append(["ballot", "unit", "date", *codes(sipas)])
    sheet.append(["P-1", "SNV", None, *([5] * 20)])
    sheet.append([17, "STP", None, *([4.0] * 19), "9"])
    out = io.BytesIO()
    book.save(out)
    upload = SimpleUploadedFile("phieu.xlsx", out.getvalue())
    job = run(sipas, upload)
    message = check.BAD_ANSWER.format(value="9", choices="1, 2, 3, 4, 5")
    assert job.problems == [f"phieu.xlsx, trang Phiếu, dòng 3, cột 5.3: {message}"]
    book["Phiếu"].cell(row=3, column=23).value = None
    out = io.BytesIO()
    book.save(out)
    job = run(sipas, SimpleUploadedFile("phieu.xlsx", out.getvalue()))
    assert job.problems == []
    assert job.created == 2
    assert Ballot.objects.get(ballot_id="17").answers == "4" * 19 + "0"


def test_a_sociological_file_names_each_ballots_form(province, personas, run):
    survey = make_survey(personas.secretariat, code="XHH-2024", kind=SurveyKind.SOCIOLOGICAL)
    services.survey_units_set(
        actor=personas.secretariat, survey=survey, covered={province.units["SNV"]: 40}
    )
    survey = services.survey_open(actor=personas.secretariat, survey=survey)
    header = "ballot,unit,form," + ",".join(codes(survey))
    rows = [
        "D-1,SNV,DB,4,4,3,4,,2",
        "D-2,SNV,LD,4,4,3,4,1,2",
        "D-3,SNV,XX,4,4,3,4,,2",
        "D-4,SNV,DB,4,4,3,4,4,2",
        "D-5,SNV,,4,4,3,4,,2",
    ]
    job = run(survey, csv_upload("\n".join([header, *rows]) + "\n"))
    assert job.problems == [
        f"phieu.csv, dòng 4, cột form: {check.UNKNOWN_FORM.format(code='XX', choices='DB, LD')}",
        f"phieu.csv, dòng 5, cột 3.2: {check.NOT_ON_FORM.format(form='DB')}",
        f"phieu.csv, dòng 6, cột form: {e.REQUIRED}",
    ]
    job = run(survey, csv_upload("\n".join([header, *rows[:2]]) + "\n"))
    assert job.created == 2
    assert Ballot.objects.get(ballot_id="D-2").form.code == "LD"


def test_only_an_open_survey_takes_a_file(province, personas):
    draft = make_survey(personas.secretariat, code="SIPAS-NHAP")
    upload = csv_upload("ballot,unit,1.1\nP-1,SNV,5\n")
    with pytest.raises(ImportRefused) as refused:
        import_start(actor=personas.secretariat, survey=draft, upload=upload, source="paper")
    assert refused.value.message == str(NOT_OPEN)
    assert not ImportJob.objects.exists()


def test_a_survey_closed_before_the_write_gets_nothing(sipas, personas):
    upload = csv_upload(sipas_csv(sipas, [["P-1", "SNV", "", *full(5, sipas)]]))
    job = import_start(actor=personas.secretariat, survey=sipas, upload=upload, source="paper")
    services.survey_close(actor=personas.secretariat, survey=sipas)
    run_import(str(job.uuid))  # the queued job runs after the survey closed
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    assert job.problems == [f"phieu.csv: {CLOSED_MEANWHILE}"]
    assert not Ballot.objects.exists()


def test_a_web_source_or_a_wrong_suffix_is_refused(sipas, personas):
    for upload, source in [
        (csv_upload("x", name="phieu.txt"), "paper"),
        (csv_upload("ballot,unit\n"), "web"),
    ]:
        with pytest.raises(ImportRefused):
            import_start(actor=personas.secretariat, survey=sipas, upload=upload, source=source)


def test_figures_after_an_import(sipas, run, province):
    rows = [[f"P-{i}", "SNV", "", *full(5 if i < 9 else 2, sipas)] for i in range(10)]
    run(sipas, csv_upload(sipas_csv(sipas, rows)))
    assert survey_entries(province.round)["SNV"]["3.6"].value == D("90.00")


@pytest.fixture
def small_steps(monkeypatch):
    """Progress saved and rows written in small steps, so that a few thousand rows span
    several of them."""
    monkeypatch.setattr(job_module, "PROGRESS_ROWS", 500)
    monkeypatch.setattr(job_module, "WRITE_ROWS", 700)
    monkeypatch.setattr(job_module, "BATCH", 300)


def many(survey, count, *, start=0, value=5):
    units = ("SNV", "STP", "X-A")
    return [
        [f"P-{i:05d}", units[i % 3], "15/11/2024", *full(value, survey)]
        for i in range(start, start + count)
    ]


def test_a_bad_row_in_the_middle_of_a_big_file_writes_nothing(sipas, run, small_steps):
    rows = many(sipas, 3000)
    rows[1700][4] = "7"  # row 1702 of the file, column 1.2
    job = run(sipas, csv_upload(sipas_csv(sipas, rows)))
    assert job.status == ImportStatus.FAILED
    message = check.BAD_ANSWER.format(value="7", choices=LEVELS)
    assert job.problems == [f"phieu.csv, dòng 1702, cột 1.2: {message}"]
    assert job.checked == 2999  # every row read; progress saved on the way
    assert not Ballot.objects.exists()
    assert not AuditEntry.objects.filter(action="survey.import").exists()


def test_a_big_file_is_written_in_steps_keeping_the_first_of_repeated_ids(
    sipas, run, small_steps, monkeypatch
):
    written = []
    monkeypatch.setattr(job_module.cache, "set", lambda key, value, timeout: written.append(value))
    rows = many(sipas, 2000)
    rows += many(sipas, 10, start=5, value=1)  # repeats, 1,300 rows after their first
    job = run(sipas, csv_upload(sipas_csv(sipas, rows)))
    assert job.status == ImportStatus.DONE
    assert (job.rows, job.created, job.duplicates_in_file, job.duplicates_stored) == (
        2010,
        2000,
        10,
        0,
    )
    assert written == [700, 1400, 2010]  # the count written, after each step
    assert job.checked == job.written == 2010
    assert Ballot.objects.get(ballot_id="P-00007").answers == "5" * 20
    assert not Ballot.objects.filter(answers="1" * 20).exists()
    assert Ballot.objects.get(ballot_id="P-01999").received_at.date() == date(2024, 11, 15)


def test_ballots_of_an_earlier_import_are_dropped_and_counted(sipas, run):
    first = run(sipas, csv_upload(sipas_csv(sipas, many(sipas, 30))))
    assert first.created == 30
    rows = many(sipas, 30, start=20, value=2)  # P-00020 … P-00049: ten stored already
    rows.append(rows[-1])  # and one repeated in the file
    job = run(sipas, csv_upload(sipas_csv(sipas, rows)), BallotSource.POST)
    assert (job.rows, job.created, job.duplicates_in_file, job.duplicates_stored) == (
        31,
        20,
        1,
        10,
    )
    assert Ballot.objects.filter(survey=sipas).count() == 50
    assert Ballot.objects.get(ballot_id="P-00025").job == first  # the stored one is kept
    assert Ballot.objects.get(ballot_id="P-00025").answers == "5" * 20
    assert Ballot.objects.filter(job=job, source=BallotSource.POST).count() == 20


def test_a_failure_while_writing_leaves_nothing_written(sipas, run, small_steps, monkeypatch):
    steps = []

    def fail_at_second_step(key, value, timeout):
        steps.append(value)
        if len(steps) == 2:
            raise OSError("cache down")

    monkeypatch.setattr(job_module.cache, "set", fail_at_second_step)
    job = run(sipas, csv_upload(sipas_csv(sipas, many(sipas, 1500))))
    assert steps == [700, 1400]  # 1,400 rows were inserted before the failure
    assert job.status == ImportStatus.FAILED
    assert job.problems == [job_module.UNEXPECTED]
    assert not Ballot.objects.exists()
    assert not AuditEntry.objects.filter(action="survey.import").exists()
    again = run(sipas, csv_upload(sipas_csv(sipas, many(sipas, 10))))
    assert again.created == 10  # the next import starts from a clean staging table


def test_a_ballot_without_a_date_is_received_when_the_file_was_uploaded(sipas, run):
    job = run(sipas, csv_upload(sipas_csv(sipas, [["P-1", "SNV", "", *full(4, sipas)]])))
    assert Ballot.objects.get().received_at == job.created_at


@pytest.mark.parametrize("ballot", ["P\x001", "P-\t2", "Phiếu\x07"])
def test_a_ballot_id_with_a_control_character_is_reported_at_its_place(sipas, run, ballot):
    rows = [["P-1", "SNV", "", *full(5, sipas)], [ballot, "SNV", "", *full(4, sipas)]]
    job = run(sipas, csv_upload(sipas_csv(sipas, rows)))
    assert job.status == ImportStatus.FAILED
    assert job.problems == [f"phieu.csv, dòng 3, cột ballot: {check.BALLOT_ID_CONTROL}"]
    assert not Ballot.objects.exists()
