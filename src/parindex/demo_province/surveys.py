"""The demo province's 2024 surveys, made once by the secretariat through the services.

- ``SIPAS-2024`` (open, so its public links work): every demo unit, its population N and
  some twenty ballots each, a third sent on the web form and the rest imported (paper
  ballots for departments, post office ballots for communes). Each unit's satisfaction
  is drawn close to the SIPAS percentage of ``scores_2024.csv`` (criterion 3.6), and
  always in the same band, so the points of 3.6 computed from the survey equal those of
  the score file.
- ``XHH-2024`` (closed): a small sociological survey of the eight departments by
  council delegates (DB) and commune leaders (LD).
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import TextIO

from django.utils import timezone

from parindex.apps.accounts.models import Unit, User
from parindex.apps.surveys import public, services
from parindex.apps.surveys.models import (
    Ballot,
    BallotSource,
    ImportJob,
    ImportStatus,
    Question,
    Survey,
    SurveyKind,
)
from parindex.demo_province import accounts
from parindex.demo_province.structure import demo_scores, engine_set
from parindex.numbers import format_vn
from parindex.scoring import BandsRule, SurveyRule

SEED = 2024
CREATED = "Khảo sát mẫu: tạo mới {surveys} cuộc khảo sát, {ballots} phiếu."
SIPAS_CODE, SOCIOLOGICAL_CODE = "SIPAS-2024", "XHH-2024"
SIPAS_NODE = "3.6"
BALLOTS_PER_UNIT = 24
SOCIOLOGICAL_PER_FORM = 3
# Dossiers handled in 2024 (departments) and people served (communes): the survey's N.
POPULATION = {
    "SNV": 30,
    "STP": 24,
    "STC": 40,
    "SXD": 180,
    "SYT": 900,
    "SGDDT": 320,
    "SNNMT": 150,
    "SKHCN": 22,
}
COMMUNE_POPULATION = 2400
INTRO = (
    "Phiếu khảo sát do Sở Nội vụ tổ chức để đánh giá sự phục vụ của cơ quan hành chính. "
    "Phiếu không ghi tên; mỗi câu chọn một mức từ Rất không hài lòng đến Rất hài lòng."
)


@dataclass(frozen=True, slots=True)
class _Place:
    unit: Unit
    target: Decimal  # the satisfaction (%) to come close to


def load_demo_surveys(*, units: Mapping[str, Unit], users: Mapping[str, User], out: TextIO) -> int:
    """Creates the demo surveys that are missing; returns the ballots created."""
    secretariat = users[accounts.SECRETARIAT.username]
    rng = random.Random(SEED)
    made = ballots = 0
    if not Survey.objects.filter(code=SIPAS_CODE).exists():
        ballots += _sipas(secretariat, units, rng)
        made += 1
    if not Survey.objects.filter(code=SOCIOLOGICAL_CODE).exists():
        ballots += _sociological(secretariat, units, rng)
        made += 1
    if made:
        out.write(CREATED.format(surveys=made, ballots=format_vn(ballots)) + "\n")
    return ballots


def _survey(secretariat: User, code: str, name: str, kind: str) -> Survey:
    values = services.SurveyValues(code=code, name=name, year=2024, kind=kind, intro=INTRO)
    return services.survey_create(actor=secretariat, values=values)


def _targets(units: Mapping[str, Unit]) -> list[_Place]:
    """Each unit and the SIPAS percentage its 2024 score file gives criterion 3.6."""
    scores = demo_scores(2024)
    out = []
    for code, unit in units.items():
        entry = scores[code].appraised.get(SIPAS_NODE)
        value = entry.value if entry is not None and entry.value is not None else Decimal(90)
        out.append(_Place(unit, value))
    return out


def _sipas(secretariat: User, units: Mapping[str, Unit], rng: random.Random) -> int:
    survey = _survey(
        secretariat,
        SIPAS_CODE,
        "Khảo sát sự hài lòng của người dân, tổ chức năm 2024 (SIPAS)",
        SurveyKind.SIPAS,
    )
    covered = {u: POPULATION.get(code, COMMUNE_POPULATION) for code, u in units.items()}
    services.survey_units_set(actor=secretariat, survey=survey, covered=covered)
    survey = services.survey_open(actor=secretariat, survey=survey)
    factors = [list(f.questions.order_by("slot")) for f in survey.factors.all()]
    width = survey.questions.count()
    jobs = {
        source: _job(survey, secretariat, source, name)
        for source, name in (
            (BallotSource.PAPER, "phieu-giay-so-nganh-2024.xlsx"),
            (BallotSource.POST, "phieu-buu-dien-xa-phuong-2024.xlsx"),
        )
    }
    rows = []
    for place in _targets(units):
        answers = _answers(place.target, factors, width, rng)
        source = BallotSource.PAPER if place.unit.code in POPULATION else BallotSource.POST
        rows.extend(_rows(survey, place.unit, answers, jobs[source]))
    Ballot.objects.bulk_create(rows)
    for job in jobs.values():
        _finish(job)
    return len(rows)


def _band(rule: BandsRule | SurveyRule, value: Decimal) -> Decimal:
    reached = [b.minimum for b in rule.bands if value >= b.minimum]
    return max(reached, default=Decimal(-1))


def _answers(
    target: Decimal, factors: Sequence[Sequence[Question]], width: int, rng: random.Random
) -> list[str]:
    """``BALLOTS_PER_UNIT`` answer strings whose satisfaction (mean of the factors) is
    as close to ``target`` as the ballots allow, in the same band."""
    counts = [round(target * len(f) * BALLOTS_PER_UNIT / 100) for f in factors]
    sizes = [len(f) * BALLOTS_PER_UNIT for f in factors]
    counts = _same_band(target, counts, sizes)
    grid = [["3"] * width for _ in range(BALLOTS_PER_UNIT)]
    for questions, satisfied in zip(factors, counts, strict=True):
        cells = [(b, q.slot) for b in range(BALLOTS_PER_UNIT) for q in questions]
        rng.shuffle(cells)
        for i, (ballot, slot) in enumerate(cells):
            grid[ballot][slot] = rng.choice("45") if i < satisfied else rng.choice("1233")
    return ["".join(row) for row in grid]


def _same_band(target: Decimal, counts: list[int], sizes: list[int]) -> list[int]:
    rule = engine_set(2024).node_map()[SIPAS_NODE].rule
    assert isinstance(rule, SurveyRule)
    wanted = _band(rule, target)
    for _ in range(50):
        shares = [Decimal(100 * c) / s for c, s in zip(counts, sizes, strict=True)]
        value = sum(shares, Decimal(0)) / len(sizes)
        got = _band(rule, value)
        if got == wanted:
            break
        step = 1 if got < wanted else -1
        biggest = max(range(len(sizes)), key=lambda i: sizes[i])
        counts[biggest] = min(sizes[biggest], max(0, counts[biggest] + step))
    return counts


def _job(survey: Survey, secretariat: User, source: str, name: str) -> ImportJob:
    return ImportJob.objects.create(
        survey=survey, source=source, file_name=name, created_by=secretariat
    )


def _rows(survey: Survey, unit: Unit, answers: list[str], job: ImportJob) -> list[Ballot]:
    web = len(answers) // 3
    day = timezone.make_aware(datetime(2024, 11, 5, 9, 0))
    rows = []
    for i, text in enumerate(answers):
        on_web = i < web
        rows.append(
            Ballot(
                survey=survey,
                unit=unit,
                source=BallotSource.WEB if on_web else job.source,
                ballot_id=f"W-demo-{unit.code}-{i}" if on_web else f"{unit.code}-{i:03d}",
                answers=text,
                device_key=public.key_of("device", f"demo-{unit.code}-{i}") if on_web else "",
                received_at=day,
                job=None if on_web else job,
            )
        )
    return rows


def _finish(job: ImportJob) -> None:
    count = job.ballots.count()
    job.rows = job.checked = job.written = job.created = job.total = count
    job.status, job.finished_at = ImportStatus.DONE, timezone.now()
    job.save()


def _sociological(secretariat: User, units: Mapping[str, Unit], rng: random.Random) -> int:
    survey = _survey(
        secretariat,
        SOCIOLOGICAL_CODE,
        "Điều tra xã hội học về cải cách hành chính năm 2024",
        SurveyKind.SOCIOLOGICAL,
    )
    departments = {u: None for code, u in units.items() if code in POPULATION}
    services.survey_units_set(actor=secretariat, survey=survey, covered=departments)
    survey = services.survey_open(actor=secretariat, survey=survey)
    questions = list(survey.questions.order_by("slot"))
    day = timezone.make_aware(datetime(2024, 11, 20, 9, 0))
    rows = []
    for unit in departments:
        for form in survey.forms.all():
            for i in range(SOCIOLOGICAL_PER_FORM):
                text = "".join(
                    rng.choice("4443332") if not q.forms or form.code in q.forms else "0"
                    for q in questions
                )
                rows.append(
                    Ballot(
                        survey=survey,
                        unit=unit,
                        form=form,
                        source=BallotSource.PAPER,
                        ballot_id=f"XHH-{form.code}-{unit.code}-{i}",
                        answers=text,
                        received_at=day,
                    )
                )
    Ballot.objects.bulk_create(rows)
    services.survey_close(actor=secretariat, survey=survey)
    return len(rows)
