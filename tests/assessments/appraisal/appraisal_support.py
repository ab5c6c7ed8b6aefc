"""Helpers and fixtures of the appraisal tests (shared with tests/audit): the demo round
moved to appraisal with every unit's score rows, SNV having submitted; the POST data of
each form as the pages send it; a reader of the pages' tables."""

from datetime import timedelta
from decimal import Decimal as D
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from parindex.apps.assessments.forms_appraisal import form_prefix
from parindex.apps.assessments.models import (
    ParticipationStatus,
    RoundStatus,
    Score,
    ScoreStatus,
    Side,
    ThreadMessage,
)
from parindex.apps.assessments.services_rounds import round_ensure_scores


def field_node(province, code):
    return province.criteria_set.nodes.get(code=code, parent=None)


def appraise_data(row, /, **values):
    """The POST data of the appraisal form of ``row`` (prefixed as on the page)."""
    prefix = form_prefix(row.node)
    data = {f"{prefix}-version": values.pop("version", row.version)}
    for name, value in values.items():
        if isinstance(value, list | tuple):
            data[f"{prefix}-{name}"] = list(value)
        else:
            data[f"{prefix}-{name}"] = value
    return data


def return_data(score, text="Bổ sung quyết định ban hành kế hoạch.", days=5, **extra):
    prefix = form_prefix(score.node) + "-tra-lai"
    deadline = timezone.localtime(timezone.now() + timedelta(days=days))
    return {
        f"{prefix}-version": extra.get("version", score.version),
        f"{prefix}-text": text,
        f"{prefix}-deadline": deadline.strftime("%Y-%m-%dT%H:%M"),
    }


def answer_data(score, text="Đơn vị bổ sung quyết định số 15/QĐ-SNV.", proposed="", **extra):
    prefix = form_prefix(score.node) + "-bo-sung"
    data = {
        f"{prefix}-version": extra.get("version", score.version),
        f"{prefix}-text": text,
        f"{prefix}-proposed": proposed,
    }
    if "file" in extra:
        data[f"{prefix}-file"] = extra["file"]
    return data


class _Tables(HTMLParser):
    """Each table of a page as (caption, rows of cell texts)."""

    def __init__(self):
        super().__init__()
        self.tables, self._row, self._text = [], None, None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append(["", []])
        elif tag == "tr":
            self._row = []
        elif tag in ("caption", "td", "th"):
            self._text = []

    def handle_endtag(self, tag):
        if tag == "tr" and self._row is not None:
            self.tables[-1][1].append(self._row)
            self._row = None
        elif tag in ("caption", "td", "th") and self._text is not None:
            text = " ".join("".join(self._text).split())
            self._text = None
            if tag == "caption":
                self.tables[-1][0] = text
            elif self._row is not None:
                self._row.append(text)

    def handle_data(self, data):
        if self._text is not None:
            self._text.append(data)


def table(response, caption):
    """The rows (header first) of the table captioned ``caption`` (by its beginning)."""
    reader = _Tables()
    reader.feed(response.content.decode())
    for found, rows in reader.tables:
        if found.startswith(caption):
            return rows
    raise AssertionError(f"no table {caption!r} in {[c for c, _ in reader.tables]}")


@pytest.fixture
def appraisal(province, personas):
    """The round in appraisal; SNV submitted its self-assessment with a few scores."""
    round_ = province.round
    round_.status = RoundStatus.APPRAISAL
    round_.save()
    round_ensure_scores(round_)
    snv = province.participations["SNV"]
    snv.status = ParticipationStatus.IN_APPRAISAL
    snv.submitted_at = timezone.now()
    snv.submitted_by = personas.leader
    snv.save()
    Score.objects.filter(participation=snv, node__code="1.3.1").update(
        self_score=D("0.5"), explanation="Đã ban hành kế hoạch kiểm tra số 12/KH-SNV."
    )
    Score.objects.filter(participation=snv, node__code="1.6").update(
        self_numerator=D(45), self_denominator=D(50)
    )
    return province


@pytest.fixture
def item(appraisal):
    """``item("1.3.1")`` → the SNV score row of that leaf (``unit=`` for another unit)."""

    def get(code, unit="SNV"):
        return Score.objects.select_related("node", "participation__unit").get(
            participation=appraisal.participations[unit], node__code=code
        )

    return get


@pytest.fixture
def page_url(appraisal):
    """``page_url("1")`` → the appraisal page of SNV's field 1."""

    def url(field="1", unit="SNV"):
        participation = appraisal.participations[unit]
        return reverse(
            "assessments:appraise", args=[participation.uuid, field_node(appraisal, field).uuid]
        )

    return url


@pytest.fixture
def item_url(appraisal):
    """``item_url(score, "appraise_item")`` → the write URL of ``score`` through the page
    of ``field`` (its own field unless another is given, to tamper)."""

    def url(score, name="appraise_item", field=None, unit=None):
        participation = appraisal.participations[unit or score.participation.unit.code]
        top = field_node(appraisal, field or score.node.code.split(".")[0])
        return reverse(f"assessments:{name}", args=[participation.uuid, top.uuid, score.uuid])

    return url


@pytest.fixture
def returned(item, personas):
    """``returned("1.3.1", days=3)`` → the SNV item returned by the appraiser until then
    (written directly, as the return service would, so deadlines may lie in the past)."""

    def make(code="1.3.1", days=3, unit="SNV"):
        score = item(code, unit)
        ThreadMessage.objects.create(
            score=score,
            side=Side.COUNCIL,
            author=personas.appraiser,
            text="Đề nghị bổ sung quyết định ban hành.",
            supplement_deadline=timezone.now() + timedelta(days=days),
        )
        Score.objects.filter(pk=score.pk).update(status=ScoreStatus.RETURNED, version=2)
        score.refresh_from_db()
        return score

    return make


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Evidence files of these tests go to a temporary folder."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "media", "base_url": "/media/"},
        },
    }
