"""Background work of the surveys app, through Django's task framework.

``import_ballots`` runs an import. With the default in-process backend (Django's
``ImmediateBackend``, which runs a task as soon as it is enqueued) :func:`dispatch`
enqueues it from a thread of its own, so that the upload's response returns at once and
the progress page shows the import advance; with a worker backend (``TASKS`` setting)
the task is simply enqueued and a worker runs it. ``SURVEY_IMPORT_INLINE = True`` (tests)
runs it at once in the caller's thread.
"""

from __future__ import annotations

import threading

from django.conf import settings
from django.db import connections
from django.tasks import task
from django.tasks.backends.immediate import ImmediateBackend

from parindex.apps.surveys.importing.job import run_import


@task()
def import_ballots(job_uuid: str) -> None:
    run_import(job_uuid)


def _in_thread(job_uuid: str) -> None:
    try:
        import_ballots.enqueue(job_uuid)
    finally:
        connections.close_all()


def dispatch(job_uuid: str) -> None:
    """Runs the import ``job_uuid``: inline, in a thread, or by a worker (see above)."""
    if getattr(settings, "SURVEY_IMPORT_INLINE", False):
        run_import(job_uuid)
    elif isinstance(import_ballots.get_backend(), ImmediateBackend):
        name = f"survey-import-{job_uuid}"
        threading.Thread(target=_in_thread, args=(job_uuid,), name=name, daemon=True).start()
    else:
        import_ballots.enqueue(job_uuid)
