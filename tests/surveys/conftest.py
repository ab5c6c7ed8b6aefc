"""Fixtures of the survey tests.

``province`` and ``personas`` (tests/conftest.py) give the demo criteria set (whose 3.6 is
a SIPAS survey leaf), SNV and STP (departments), X-A (a commune) and one person per role.
``sipas`` is an open 2024 SIPAS survey of those three units made through the services;
``ballots`` adds ballots straight to the table.
"""

from itertools import count

import pytest
from django.utils import timezone
from surveys_support import make_survey

from parindex.apps.surveys import services
from parindex.apps.surveys.models import Ballot, BallotSource

NUMBERS = count(1)


@pytest.fixture(autouse=True)
def imports_inline(settings, tmp_path):
    """Imports run at once in the test's thread; uploads go to a temporary folder."""
    settings.SURVEY_IMPORT_INLINE = True
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "media", "base_url": "/media/"},
        },
    }


@pytest.fixture
def sipas(province, personas):
    """An open SIPAS survey of SNV (N = 1.000), STP (N unknown) and X-A (N = 200)."""
    survey = make_survey(personas.secretariat)
    units = province.units
    covered = {units["SNV"]: 1000, units["STP"]: None, units["X-A"]: 200}
    services.survey_units_set(actor=personas.secretariat, survey=survey, covered=covered)
    return services.survey_open(actor=personas.secretariat, survey=survey)


@pytest.fixture
def ballots():
    """``ballots(survey, unit, answers, n=1, source=..., form=None)`` adds n ballots."""

    def add(survey, unit, answers, n=1, *, source=BallotSource.PAPER, form=None):
        rows = [
            Ballot(
                survey=survey,
                unit=unit,
                form=form,
                source=source,
                ballot_id=f"T-{next(NUMBERS)}",
                answers=answers,
                received_at=timezone.now(),
            )
            for _ in range(n)
        ]
        Ballot.objects.bulk_create(rows)
        return rows

    return add
