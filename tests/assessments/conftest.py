"""Fixtures of the rounds, self-assessment and evidence tests.

``province`` and ``personas`` (tests/conftest.py) give the demo criteria set, SNV and STP
(departments), X-A (a commune), an open self-assessment round and one person per role.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from parindex.apps.assessments.models import Score
from parindex.apps.assessments.services_rounds import participation_ensure_scores


@pytest.fixture
def evidence_media(settings, tmp_path):
    """Evidence files go to a temporary folder."""
    location = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": location, "base_url": "/media/"},
        },
    }
    return location


@pytest.fixture
def scores(province):
    """``scores("SNV")`` → the unit's score rows by node code (created when missing)."""

    def of(unit_code):
        participation = province.participations[unit_code]
        participation_ensure_scores(participation)
        rows = Score.objects.filter(participation=participation).select_related("node")
        return {score.node.code: score for score in rows}

    return of


@pytest.fixture
def urls(province):
    """Builds the self-assessment URLs of a unit's participation."""

    class Urls:
        @staticmethod
        def page(unit="SNV"):
            participation = province.participations[unit]
            return reverse("assessments:self_page", args=[participation.uuid])

        @staticmethod
        def named(name, unit="SNV", *extra):
            participation = province.participations[unit]
            return reverse(f"assessments:{name}", args=[participation.uuid, *extra])

        @staticmethod
        def score(score, unit="SNV"):
            return Urls.named("self_score", unit, score.uuid)

        @staticmethod
        def upload(score, unit="SNV"):
            return Urls.named("self_evidence_upload", unit, score.uuid)

    return Urls


@pytest.fixture
def past_deadline(province):
    """Moves the round's self-assessment deadline to yesterday."""

    def move():
        round_ = province.round
        round_.self_assessment_deadline = timezone.now() - timedelta(days=1)
        round_.save()
        for participation in province.participations.values():
            participation.round = round_
        return round_

    return move
