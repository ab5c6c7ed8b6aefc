"""Writes of the surveys app: a survey's definition, layout, covered units, opening and
closing (each in one transaction with its audit row), and the public web ballot.

Ballot imports are in :mod:`parindex.apps.surveys.importing`.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from parindex.apps.accounts import access
from parindex.apps.accounts.models import Unit, User
from parindex.apps.audit.services import audit_record
from parindex.apps.surveys.defaults import Layout, default_layout
from parindex.apps.surveys.layout import (
    FactorLine,
    FormLine,
    OptionLine,
    QuestionLine,
    forms_text,
    options_text,
    questions_text,
)
from parindex.apps.surveys.models import (
    NO_ANSWER,
    Ballot,
    BallotSource,
    Factor,
    Option,
    Question,
    RespondentForm,
    Survey,
    SurveyStatus,
    SurveyUnit,
)

SURVEY_CREATE = "survey.create"
SURVEY_UPDATE = "survey.update"
SURVEY_LAYOUT = "survey.layout"
SURVEY_UNITS = "survey.units"
SURVEY_OPEN = "survey.open"
SURVEY_CLOSE = "survey.close"

CODE_TAKEN = _("Mã khảo sát «{code}» đã được dùng.")
LAYOUT_FROZEN = _("Khảo sát đã mở nhận phiếu: không sửa được câu hỏi, thang trả lời và mẫu phiếu.")
UNITS_WITH_BALLOTS = _("Không bỏ được đơn vị đã có phiếu khảo sát: {units}.")
NOT_EDITABLE = _("Khảo sát đã kết thúc: không thay đổi được.")
OPEN_NEEDS_UNITS = _("Chọn ít nhất một đơn vị được khảo sát trước khi mở nhận phiếu.")
ALREADY_OPEN = _("Khảo sát đang nhận phiếu.")
CLOSE_NEEDS_OPEN = _("Chỉ kết thúc được khảo sát đang nhận phiếu.")
SURVEY_NOT_OPEN = _("Khảo sát này hiện không nhận phiếu.")
ALREADY_ANSWERED = _(
    "Thiết bị hoặc số giấy tờ này đã gửi phiếu đánh giá đơn vị này. Cảm ơn bạn đã tham gia."
)

SHORT_CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i
SHORT_CODE_LENGTH = 6
WEB_ID_PREFIX = "W-"


class SurveyRefused(Exception):  # noqa: N818 - a refusal shown to people, not a bug
    """A change the survey's state refuses; ``message`` is shown to people."""

    def __init__(self, message: str | Promise) -> None:
        super().__init__(str(message))
        self.message = str(message)


@dataclass(frozen=True, slots=True)
class SurveyValues:
    code: str
    name: str
    year: int
    kind: str
    intro: str = ""
    margin: Decimal = Decimal(5)


def _require_manager(actor: User) -> None:
    if not access.can_manage_surveys(actor):
        raise PermissionDenied


def _locked(survey: Survey) -> Survey:
    return Survey.objects.select_for_update().get(pk=survey.pk)


def survey_snapshot(survey: Survey) -> dict[str, Any]:
    return {
        "code": survey.code,
        "name": survey.name,
        "year": survey.year,
        "kind": survey.kind,
        "status": survey.status,
        "intro": survey.intro,
        "margin": survey.margin,
    }


def stored_layout(survey: Survey) -> Layout:
    """The survey's layout as stored, in the shape the layout boxes read."""
    questions = list(survey.questions.all())
    factors = tuple(
        FactorLine(
            f.code,
            f.title,
            tuple(
                QuestionLine(q.code, q.text, tuple(q.forms))
                for q in questions
                if q.factor_id == f.pk
            ),
        )
        for f in survey.factors.all()
    )
    options = tuple(
        OptionLine(o.value, o.label, o.weight, o.satisfied) for o in survey.options.all()
    )
    return Layout(factors, options, tuple(FormLine(f.code, f.name) for f in survey.forms.all()))


def layout_snapshot(layout: Layout) -> dict[str, str]:
    return {
        "questions": questions_text(layout.factors),
        "options": options_text(layout.options),
        "forms": forms_text(layout.forms),
    }


def _store_layout(survey: Survey, layout: Layout) -> None:
    survey.questions.all().delete()
    survey.factors.all().delete()
    survey.options.all().delete()
    survey.forms.all().delete()
    RespondentForm.objects.bulk_create(
        RespondentForm(survey=survey, code=f.code, name=f.name, position=i)
        for i, f in enumerate(layout.forms)
    )
    Option.objects.bulk_create(
        Option(survey=survey, value=o.value, label=o.label, weight=o.weight, satisfied=o.satisfied)
        for o in layout.options
    )
    slot = 0
    for position, line in enumerate(layout.factors):
        factor = Factor.objects.create(
            survey=survey, code=line.code, title=line.title, position=position
        )
        questions = []
        for q in line.questions:
            questions.append(
                Question(
                    survey=survey,
                    factor=factor,
                    code=q.code,
                    text=q.text,
                    slot=slot,
                    forms=list(q.forms),
                )
            )
            slot += 1
        Question.objects.bulk_create(questions)


def _clean(survey: Survey) -> None:
    try:
        survey.full_clean()
    except ValidationError as exc:
        raise SurveyRefused(" ".join(exc.messages)) from None


@transaction.atomic
def survey_create(*, actor: User, values: SurveyValues) -> Survey:
    """A new survey being prepared, with the default layout of its kind."""
    _require_manager(actor)
    if Survey.objects.filter(code=values.code).exists():
        raise SurveyRefused(str(CODE_TAKEN).format(code=values.code))
    survey = Survey(
        code=values.code,
        name=values.name,
        year=values.year,
        kind=values.kind,
        intro=values.intro,
        margin=values.margin,
        created_by=actor,
    )
    _clean(survey)
    survey.save()
    layout = default_layout(values.kind)
    _store_layout(survey, layout)
    new = {**survey_snapshot(survey), **layout_snapshot(layout)}
    audit_record(actor=actor, action=SURVEY_CREATE, target=survey, new=new)
    return survey


@transaction.atomic
def survey_update(*, actor: User, survey: Survey, values: SurveyValues) -> Survey:
    """Name, year, introduction and margin of error (the code and kind while preparing)."""
    _require_manager(actor)
    current = _locked(survey)
    if current.status == SurveyStatus.CLOSED:
        raise SurveyRefused(NOT_EDITABLE)
    if values.code != current.code and Survey.objects.filter(code=values.code).exists():
        raise SurveyRefused(str(CODE_TAKEN).format(code=values.code))
    old = survey_snapshot(current)
    if current.is_draft:
        current.code, current.kind = values.code, values.kind
    current.name, current.year = values.name, values.year
    current.intro, current.margin = values.intro, values.margin
    _clean(current)
    current.save()
    audit_record(
        actor=actor, action=SURVEY_UPDATE, target=current, old=old, new=survey_snapshot(current)
    )
    return current


@transaction.atomic
def survey_layout_set(*, actor: User, survey: Survey, layout: Layout) -> Survey:
    """Replaces factors, questions, scale and respondent forms while preparing."""
    _require_manager(actor)
    current = _locked(survey)
    if not current.is_draft:
        raise SurveyRefused(LAYOUT_FROZEN)
    old = layout_snapshot(stored_layout(current))
    _store_layout(current, layout)
    audit_record(
        actor=actor, action=SURVEY_LAYOUT, target=current, old=old, new=layout_snapshot(layout)
    )
    return current


def _coverage_snapshot(survey: Survey) -> dict[str, int | None]:
    rows = survey.coverage.select_related("unit").order_by("unit__code")
    return {row.unit.code: row.population for row in rows}


def _short_code(taken: set[str]) -> str:
    while True:
        code = "".join(secrets.choice(SHORT_CODE_ALPHABET) for _ in range(SHORT_CODE_LENGTH))
        if code not in taken and not SurveyUnit.objects.filter(code=code).exists():
            taken.add(code)
            return code


@transaction.atomic
def survey_units_set(*, actor: User, survey: Survey, covered: Mapping[Unit, int | None]) -> Survey:
    """The units the survey covers and their population N; a unit that has ballots
    cannot be left out."""
    _require_manager(actor)
    current = _locked(survey)
    if current.status == SurveyStatus.CLOSED:
        raise SurveyRefused(NOT_EDITABLE)
    old = _coverage_snapshot(current)
    existing = {row.unit_id: row for row in current.coverage.all()}
    wanted = {unit.pk: population for unit, population in covered.items()}
    dropped = [unit_id for unit_id in existing if unit_id not in wanted]
    with_ballots = sorted(
        set(
            Ballot.objects.filter(survey=current, unit_id__in=dropped).values_list(
                "unit__code", flat=True
            )
        )
    )
    if with_ballots:
        raise SurveyRefused(str(UNITS_WITH_BALLOTS).format(units=", ".join(with_ballots)))
    SurveyUnit.objects.filter(survey=current, unit_id__in=dropped).delete()
    taken: set[str] = set()
    for unit_id, population in wanted.items():
        row = existing.get(unit_id)
        if row is None:
            SurveyUnit.objects.create(
                survey=current, unit_id=unit_id, population=population, code=_short_code(taken)
            )
        elif row.population != population:
            row.population = population
            row.save(update_fields=["population"])
    new = _coverage_snapshot(current)
    if new != old:
        audit_record(
            actor=actor, action=SURVEY_UNITS, target=current, old={"units": old}, new={"units": new}
        )
    return current


def _status_audit(actor: User, action: str, survey: Survey, old: str) -> None:
    audit_record(
        actor=actor,
        action=action,
        target=survey,
        old={"status": old},
        new={"status": survey.status},
    )


@transaction.atomic
def survey_open(*, actor: User, survey: Survey) -> Survey:
    """Opens the survey for ballots (first time, or again after it was closed)."""
    _require_manager(actor)
    current = _locked(survey)
    if current.status == SurveyStatus.OPEN:
        raise SurveyRefused(ALREADY_OPEN)
    if not current.coverage.exists():
        raise SurveyRefused(OPEN_NEEDS_UNITS)
    old = current.status
    current.status = SurveyStatus.OPEN
    current.opened_at = current.opened_at or timezone.now()
    current.closed_at = None
    current.save(update_fields=["status", "opened_at", "closed_at"])
    _status_audit(actor, SURVEY_OPEN, current, old)
    return current


@transaction.atomic
def survey_close(*, actor: User, survey: Survey) -> Survey:
    """Ends the survey: no more ballots, its figures are final."""
    _require_manager(actor)
    current = _locked(survey)
    if current.status != SurveyStatus.OPEN:
        raise SurveyRefused(CLOSE_NEEDS_OPEN)
    old = current.status
    current.status, current.closed_at = SurveyStatus.CLOSED, timezone.now()
    current.save(update_fields=["status", "closed_at"])
    _status_audit(actor, SURVEY_CLOSE, current, old)
    return current


# --- the public web ballot ---------------------------------------------------------------


def answers_text(width: int, answers: Mapping[int, int]) -> str:
    """The answers string: at each question slot the chosen value, ``0`` elsewhere."""
    chars = [NO_ANSWER] * width
    for slot, value in answers.items():
        chars[slot] = str(value)
    return "".join(chars)


@dataclass(frozen=True, slots=True)
class WebBallot:
    """A ballot sent from the public form. Keys are HMACs (see ``public.py``)."""

    place: SurveyUnit
    form: RespondentForm | None
    answers: Mapping[int, int]  # question slot → option value
    device_key: str
    respondent_key: str = ""


def ballot_submit(ballot: WebBallot) -> Ballot:
    """Stores a web ballot, once per device and per ID number for the unit."""
    place = ballot.place
    with transaction.atomic():
        survey = Survey.objects.get(pk=place.survey_id)
        if survey.status != SurveyStatus.OPEN:
            raise SurveyRefused(SURVEY_NOT_OPEN)
        keys = Q(device_key=ballot.device_key)
        if ballot.respondent_key:
            keys |= Q(respondent_key=ballot.respondent_key)
        if Ballot.objects.filter(survey=survey, unit_id=place.unit_id).filter(keys).exists():
            raise SurveyRefused(ALREADY_ANSWERED)
        width = max(survey.questions.values_list("slot", flat=True), default=-1) + 1
        row = Ballot(
            survey=survey,
            unit_id=place.unit_id,
            form=ballot.form,
            source=BallotSource.WEB,
            ballot_id=WEB_ID_PREFIX + secrets.token_hex(8),
            answers=answers_text(width, ballot.answers),
            device_key=ballot.device_key,
            respondent_key=ballot.respondent_key,
            received_at=timezone.now(),
        )
        try:
            with transaction.atomic():
                row.save()
        except IntegrityError:
            raise SurveyRefused(ALREADY_ANSWERED) from None
    return row
