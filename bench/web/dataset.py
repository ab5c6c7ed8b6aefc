"""The benchmark's data, written through the application's models and services.

- A criteria set of 120 sub-criteria (leaves), drawn by ``bench.synthetic_criteria`` with
  the scoring API and stored with ``frameworks.conversion.from_engine``; every leaf
  applies to every group, so a unit sees all 120.
- A self-assessment round in which one department (``SBENCH``) has entered all its
  self-scores, written explanations for half of the leaves and attached evidence files to
  a third of them: the self-scoring page its staff member opens.
- An appraisal round of ``units`` units (departments and communes) that have submitted,
  where an appraiser is assigned ``fields`` fields: part of the items appraised, some
  returned for supplement, some supplemented. The appraiser's queue lists every unit x
  assigned field.

Must run with Django set up (``latency.py`` does it).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from bench.synthetic_criteria import criteria_set as synthetic_criteria_set
from bench.synthetic_scores import unit_scores
from parindex import scoring
from parindex.apps.accounts.models import Membership, Role, Unit, UnitGroup, User
from parindex.apps.assessments import services_self
from parindex.apps.assessments.models import (
    FieldAssignment,
    Participation,
    ParticipationStatus,
    Round,
    RoundStatus,
    Score,
    ScoreStatus,
    Side,
    ThreadMessage,
)
from parindex.apps.assessments.services_rounds import round_ensure_scores
from parindex.apps.frameworks.conversion import from_engine
from parindex.apps.frameworks.models import CriteriaSet, CriteriaSetStatus
from parindex.demo_province.rounds import side_values

LEAVES = 120
SELF_YEAR = 2025
APPRAISAL_YEAR = 2024
BENCH_UNIT = "SBENCH"
STAFF = "canbo_dotocdo"
APPRAISER = "thamdinh_dotocdo"
DEPARTMENT_SHARE = 0.2
EXPLAINED_SHARE = 0.5
EVIDENCE_EVERY = 3  # one leaf in three carries an evidence file
# Appraisal progress of the queue's items (the rest is still open).
APPRAISED_SHARE = 0.4
RETURNED_SHARE = 0.03
SUPPLEMENTED_SHARE = 0.03
SIDE_FIELDS = [
    f"{side}_{name}"
    for side in ("self", "appraised")
    for name in ("score", "numerator", "denominator", "count", "value", "items", "not_applicable")
]
PDF = b"%%PDF-1.4\n%% %s\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%%%EOF\n"


@dataclass(frozen=True, slots=True)
class Built:
    """What the pages are measured on."""

    self_participation: Participation
    appraisal_round: Round
    staff: User
    appraiser: User
    leaves: int
    queue_rows: int


def _for_every_group(node: scoring.Node) -> scoring.Node:
    children = tuple(_for_every_group(child) for child in node.children)
    return replace(node, children=children, groups=frozenset())


def engine_set(year: int, seed: int) -> scoring.CriteriaSet:
    """The synthetic 120-leaf set of ``year``, every leaf applying to every group."""
    drawn = synthetic_criteria_set(
        code=f"DO-TOC-DO-{year}",
        name=f"Bộ tiêu chí đo tốc độ năm {year}",
        year=year,
        rng=random.Random(f"{seed}:web:{year}"),
    )
    engine = replace(drawn, fields=tuple(_for_every_group(top) for top in drawn.fields))
    leaves = sum(1 for node in engine.nodes() if node.is_leaf)
    if leaves != LEAVES:
        raise RuntimeError(f"the synthetic set has {leaves} leaves, not {LEAVES}")
    return engine


def published_set(engine: scoring.CriteriaSet) -> CriteriaSet:
    stored = from_engine(engine, actor=None)
    stored.status = CriteriaSetStatus.PUBLISHED
    stored.published_at = timezone.now()
    stored.save(update_fields=["status", "published_at"])
    return stored


def _round(criteria_set: CriteriaSet, status: RoundStatus) -> Round:
    now = timezone.now()
    round_ = Round(
        name=f"Đánh giá Chỉ số CCHC năm {criteria_set.year} (đo tốc độ)",
        year=criteria_set.year,
        criteria_set=criteria_set,
        status=status,
        self_assessment_opens=now - timedelta(days=20),
        self_assessment_deadline=now + timedelta(days=10),
        appraisal_deadline=now + timedelta(days=40),
    )
    round_.full_clean()
    round_.save()
    return round_


def _user(username: str, role: Role, unit: Unit | None = None) -> User:
    user = User.objects.create_user(username=username, full_name=username.title())
    Membership.objects.create(user=user, role=role, unit=unit)
    return user


def _units(count: int) -> list[Unit]:
    so, xa = UnitGroup.objects.get(code="so"), UnitGroup.objects.get(code="xa")
    departments = max(1, round(count * DEPARTMENT_SHARE))
    rows = [Unit(code=f"S{k:03d}", name=f"Sở thứ {k}", group=so) for k in range(1, departments + 1)]
    rows += [
        Unit(code=f"X{k:03d}", name=f"UBND xã {k}", group=xa)
        for k in range(1, count - departments + 1)
    ]
    return Unit.objects.bulk_create(rows)


def _leaf_nodes(engine: scoring.CriteriaSet) -> tuple[scoring.Node, ...]:
    return tuple(node for node in engine.nodes() if node.is_leaf)


def _fill(scores: list[Score], entries: scoring.UnitScores, rng: random.Random) -> None:
    """Both sides' entries from the synthetic unit, explanations for half of the leaves."""
    for score in scores:
        code = score.node.code
        values: dict[str, Any] = side_values(entries.self_scored.get(code), "self")
        values |= side_values(entries.appraised.get(code), "appraised")
        for name, value in values.items():
            setattr(score, name, value)
        if rng.random() < EXPLAINED_SHARE:
            score.explanation = f"Giải trình cách tính điểm tiêu chí {code} theo báo cáo năm."


def _clear_appraisal(score: Score) -> None:
    for name, value in side_values(None, "appraised").items():
        setattr(score, name, value)


def _bench_unit(
    criteria_set: CriteriaSet, engine: scoring.CriteriaSet, rng: random.Random
) -> tuple[Participation, User]:
    unit = Unit.objects.create(
        code=BENCH_UNIT, name="Sở đo tốc độ", group=UnitGroup.objects.get(code="so")
    )
    staff = _user(STAFF, Role.UNIT_STAFF, unit)
    round_ = _round(criteria_set, RoundStatus.SELF_ASSESSMENT)
    participation = Participation.objects.create(round=round_, unit=unit)
    round_ensure_scores(round_)
    scores = list(participation.scores.select_related("node").order_by("node__position"))
    _fill(scores, unit_scores(BENCH_UNIT, _leaf_nodes(engine), rng), rng)
    for score in scores:
        _clear_appraisal(score)  # nothing appraised during self-assessment
    Score.objects.bulk_update(scores, [*SIDE_FIELDS, "explanation"], batch_size=500)
    _attach_evidence(staff, scores[::EVIDENCE_EVERY])
    return participation, staff


def _attach_evidence(staff: User, scores: list[Score]) -> None:
    for number, score in enumerate(scores, start=1):
        upload = SimpleUploadedFile(
            f"tai-lieu-{score.node.code}.pdf",
            PDF % str(number).encode(),
            content_type="application/pdf",
        )
        services_self.self_evidence_attach(actor=staff, score=score, upload=upload)


def _progress(score: Score, appraiser: User, rng: random.Random) -> ThreadMessage | None:
    """Give one queue item its appraisal state; the council's message when returned."""
    draw = rng.random()
    if draw < APPRAISED_SHARE:
        score.status = ScoreStatus.APPRAISED
        score.opinion = "Đúng tài liệu kiểm chứng."
        return None
    _clear_appraisal(score)
    if draw < APPRAISED_SHARE + RETURNED_SHARE + SUPPLEMENTED_SHARE:
        supplemented = draw >= APPRAISED_SHARE + RETURNED_SHARE
        score.status = ScoreStatus.SUPPLEMENTED if supplemented else ScoreStatus.RETURNED
        return ThreadMessage(
            score=score,
            side=Side.COUNCIL,
            author=appraiser,
            text="Đề nghị bổ sung tài liệu kiểm chứng.",
            supplement_deadline=timezone.now() + timedelta(days=5),
        )
    return None


def _appraisal_round(
    criteria_set: CriteriaSet,
    engine: scoring.CriteriaSet,
    *,
    units: int,
    fields: int,
    rng: random.Random,
) -> tuple[Round, User]:
    round_ = _round(criteria_set, RoundStatus.APPRAISAL)
    rows = _units(units)
    Participation.objects.bulk_create(
        Participation(
            round=round_,
            unit=unit,
            status=ParticipationStatus.IN_APPRAISAL,
            submitted_at=timezone.now() - timedelta(days=3),
        )
        for unit in rows
    )
    round_ensure_scores(round_)
    appraiser = _user(APPRAISER, Role.APPRAISER)
    tops = list(criteria_set.nodes.filter(parent=None).order_by("position")[:fields])
    FieldAssignment.objects.bulk_create(
        FieldAssignment(round=round_, appraiser=appraiser, field=top) for top in tops
    )
    leaves = _leaf_nodes(engine)
    messages: list[ThreadMessage] = []
    for participation in round_.participations.select_related("unit"):
        scores = list(participation.scores.select_related("node"))
        _fill(scores, unit_scores(participation.unit.code, leaves, rng), rng)
        messages += [m for s in scores if (m := _progress(s, appraiser, rng)) is not None]
        Score.objects.bulk_update(
            scores, [*SIDE_FIELDS, "explanation", "status", "opinion"], batch_size=500
        )
    ThreadMessage.objects.bulk_create(messages, batch_size=500)
    return round_, appraiser


def build(*, units: int, fields: int, seed: int) -> Built:
    """Writes the whole dataset into the (freshly migrated) database."""
    rng = random.Random(seed)
    self_engine = engine_set(SELF_YEAR, seed)
    participation, staff = _bench_unit(published_set(self_engine), self_engine, rng)
    appraisal_engine = engine_set(APPRAISAL_YEAR, seed)
    round_, appraiser = _appraisal_round(
        published_set(appraisal_engine), appraisal_engine, units=units, fields=fields, rng=rng
    )
    return Built(
        self_participation=participation,
        appraisal_round=round_,
        staff=staff,
        appraiser=appraiser,
        leaves=participation.scores.count(),
        queue_rows=units * fields,
    )
