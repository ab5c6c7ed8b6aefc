"""An import runs through Django's task framework: in a thread of its own with the default
in-process backend (so the upload answers at once), or enqueued for a worker."""

import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.tasks import Task
from django.tasks.backends.dummy import DummyBackend
from django.tasks.backends.immediate import ImmediateBackend
from surveys_support import make_survey

from parindex.apps.surveys import services, tasks
from parindex.apps.surveys.importing.start import import_start
from parindex.apps.surveys.models import Ballot, ImportStatus

WAIT_SECONDS = 30


def csv_file(survey, rows):
    codes = [q.code for q in survey.questions.order_by("slot")]
    lines = ["ballot,unit," + ",".join(codes)]
    lines += [f"P-{i},SNV," + ",".join("5" * len(codes)) for i in range(rows)]
    return SimpleUploadedFile("phieu.csv", ("\n".join(lines) + "\n").encode())


def open_survey(personas, province):
    survey = make_survey(personas.secretariat)
    services.survey_units_set(
        actor=personas.secretariat, survey=survey, covered={province.units["SNV"]: None}
    )
    return services.survey_open(actor=personas.secretariat, survey=survey)


@pytest.mark.django_db(transaction=True)
def test_with_the_default_backend_the_import_runs_in_its_own_thread(
    settings, personas, province, monkeypatch
):
    settings.SURVEY_IMPORT_INLINE = False
    started = []
    real = threading.Thread

    def spy(*args, **kwargs):
        thread = real(*args, **kwargs)
        started.append(thread)
        return thread

    monkeypatch.setattr(tasks.threading, "Thread", spy)
    survey = open_survey(personas, province)
    with transaction.atomic():
        job = import_start(
            actor=personas.secretariat, survey=survey, upload=csv_file(survey, 5), source="paper"
        )
        assert not started  # nothing runs before the upload is committed
    (thread,) = started
    assert thread.name == f"survey-import-{job.uuid}"
    thread.join(WAIT_SECONDS)
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE
    assert Ballot.objects.filter(job=job).count() == 5


class WorkerTask:
    """Stands for the task when ``TASKS`` names a worker backend (here Django's dummy)."""

    def __init__(self):
        self.backend = DummyBackend("default", {})
        self.enqueued = []

    def get_backend(self):
        return self.backend

    def enqueue(self, *args):
        self.enqueued.append(args)


def test_with_a_worker_backend_the_import_is_enqueued(settings, monkeypatch):
    settings.SURVEY_IMPORT_INLINE = False
    worker = WorkerTask()
    monkeypatch.setattr(tasks, "import_ballots", worker)
    tasks.dispatch("abc")
    assert worker.enqueued == [("abc",)]


def test_the_task_is_a_django_task_run_by_the_in_process_backend_by_default():
    assert isinstance(tasks.import_ballots, Task)
    assert isinstance(tasks.import_ballots.get_backend(), ImmediateBackend)
