"""The two demo rounds, built from the shipped score tables.

2023 is signed off: every unit self-scored, every sub-criterion appraised, opinions on
what lost points. 2024 is in appraisal: every unit self-scored and submitted, some
fields appraised, two items returned for supplement (one answered by the unit).
Every change a person would have made is written to the audit log as that person.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from parindex import scoring
from parindex.apps.accounts import access_revision
from parindex.apps.accounts.models import Unit, User
from parindex.apps.assessments.models import (
    Evidence,
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
from parindex.apps.audit.models import AuditEntry
from parindex.apps.frameworks.models import CriteriaSet
from parindex.demo_province import accounts, texts
from parindex.demo_province.evidence import ATTACH, ATTACHMENTS, Document, FileStore
from parindex.demo_province.structure import demo_scores, demo_units, engine_set

SELF_ASSESS = "self_score.update"
APPRAISE = "score.appraise"
SUBMIT = "participation.submit"
ASSIGN = "assignment.grant"
LOCK = "round.lock"
SIGN_OFF = "round.sign_off"
ROUND_NAME = "Đánh giá Chỉ số cải cách hành chính năm {year}"
SIDE_FIELDS = ("score", "numerator", "denominator", "count", "value", "items", "not_applicable")


class AuditBatch:
    """Audit rows collected while building, written in one statement at the end."""

    def __init__(self) -> None:
        self.rows: list[AuditEntry] = []

    def add(
        self,
        *,
        actor: User | None,
        action: str,
        target: Any,
        new: Any,
        old: Any = None,
        reason: str = "",
        round_: Round | None = None,
        unit: str = "",
        node: str = "",
    ) -> None:
        self.rows.append(
            AuditEntry(
                actor=actor,
                action=action,
                target_type=target._meta.label_lower,
                target_id=str(getattr(target, "uuid", None) or target.pk),
                round_id=round_.uuid if round_ else None,
                unit_code=unit,
                node_code=node,
                old=old,
                new=new,
                reason=reason,
            )
        )

    def write(self) -> None:
        AuditEntry.objects.bulk_create(self.rows, batch_size=500)
        self.rows = []


@dataclass(frozen=True, slots=True)
class Schedule:
    opens: datetime
    self_deadline: datetime
    appraisal_deadline: datetime


@dataclass(slots=True)
class Built:
    """What building one round created."""

    round: Round
    participations: dict[str, Participation]
    scores: dict[tuple[str, str], Score]


def local(year: int, month: int, day: int, hour: int = 8) -> datetime:
    return timezone.make_aware(datetime(year, month, day, hour, 0))


def days_from_now(days: int, hour: int = 17) -> datetime:
    today = timezone.localdate() + timedelta(days=days)
    return local(today.year, today.month, today.day, hour)


def side_values(entry: scoring.Entry | None, side: str) -> dict[str, Any]:
    """The Score fields of one side holding ``entry`` (all of them, empty when ``None``)."""
    values: dict[str, Any] = {f"{side}_{name}": None for name in SIDE_FIELDS}
    values[f"{side}_not_applicable"] = False
    if entry is not None:
        for name in SIDE_FIELDS:
            values[f"{side}_{name}"] = getattr(entry, name)
        if entry.items is not None:
            values[f"{side}_items"] = sorted(entry.items)
    return values


def recorded(values: Mapping[str, Any]) -> dict[str, Any]:
    """What an audit row shows: the fields that hold something."""
    return {k: v for k, v in values.items() if v not in (None, False, "")}


class RoundBuilder:
    """Creates one round with its participations, assignments, scores and evidence."""

    def __init__(
        self,
        *,
        year: int,
        criteria_set: CriteriaSet,
        units: Mapping[str, Unit],
        users: Mapping[str, User],
        store: FileStore,
        audit: AuditBatch,
    ) -> None:
        self.year = year
        self.criteria_set = criteria_set
        self.units = units
        self.users = users
        self.store = store
        self.audit = audit
        self.engine = engine_set(year)
        self.entries = demo_scores(year)
        self.result = scoring.compute(self.engine, list(demo_units()), self.entries)
        self.rows = {n.code: n for n in criteria_set.nodes.all()}
        self.field_of = {n.code: top.code for top in self.engine.fields for n in top.walk()}
        self.opinions: list[ThreadMessage] = []  # the council's opinions, as in the thread

    def user(self, username: str | None) -> User | None:
        return self.users[username] if username else None

    # --- the round, its participations and assignments -------------------------------

    def create_round(self, schedule: Schedule, status: RoundStatus) -> Round:
        round_ = Round(
            name=ROUND_NAME.format(year=self.year),
            year=self.year,
            criteria_set=self.criteria_set,
            status=status,
            self_assessment_opens=schedule.opens,
            self_assessment_deadline=schedule.self_deadline,
            appraisal_deadline=schedule.appraisal_deadline,
        )
        round_.full_clean()
        round_.save()
        return round_

    def participations(
        self, round_: Round, status: ParticipationStatus, submitted_at: datetime
    ) -> dict[str, Participation]:
        rows = {
            u.code: Participation(
                round=round_,
                unit=self.units[u.code],
                status=status,
                submitted_at=submitted_at,
                submitted_by=self.user(accounts.leader_of(u.code)),
            )
            for u in demo_units()
        }
        Participation.objects.bulk_create(rows.values())
        # bulk_create sends no signal: the deadline banners of the units' people
        access_revision.bump_unit_members(*(row.unit_id for row in rows.values()))
        for code, row in rows.items():
            if row.submitted_by is not None:
                self.audit.add(
                    actor=row.submitted_by,
                    action=SUBMIT,
                    target=row,
                    old={"status": ParticipationStatus.DRAFT.value},
                    new={
                        "status": ParticipationStatus.SUBMITTED.value,
                        "submitted_at": submitted_at,
                    },
                    round_=round_,
                    unit=code,
                )
        return rows

    def assignments(self, round_: Round, *, by: User) -> None:
        rows = [
            FieldAssignment(round=round_, appraiser=self.users[a.username], field=self.rows[code])
            for a in accounts.APPRAISERS
            for code in a.fields
        ]
        FieldAssignment.objects.bulk_create(rows)
        for row in rows:
            self.audit.add(
                actor=by,
                action=ASSIGN,
                target=row,
                new={"appraiser": row.appraiser.username, "field": row.field.code},
                round_=round_,
                node=row.field.code,
            )

    # --- scores ---------------------------------------------------------------------

    def leaves(self, group: str) -> list[scoring.Node]:
        out: list[scoring.Node] = []

        def visit(node: scoring.Node) -> None:
            if node.applies_to(group):
                if node.is_leaf:
                    out.append(node)
                for child in node.children:
                    visit(child)

        for top in self.engine.fields:
            visit(top)
        return out

    def lost(self, unit: str, code: str) -> Decimal:
        result = self.result.unit(unit)
        return result.self_scored.node(code).achieved - result.appraised.node(code).achieved

    def self_side(self, score: Score, unit: str, node: scoring.Node) -> None:
        entry = self.entries[unit].self_scored.get(node.code)
        if entry is None:
            return
        values = side_values(entry, "self")
        values["explanation"] = texts.explanation(node, entry)
        for name, value in values.items():
            setattr(score, name, value)
        score.updated_by = self.user(accounts.staff_of(unit) or accounts.leader_of(unit))
        self.audit.add(
            actor=score.updated_by,
            action=SELF_ASSESS,
            target=score,
            new=recorded(values),
            round_=score.participation.round,
            unit=unit,
            node=node.code,
        )

    def appraised_side(self, score: Score, unit: str, node: scoring.Node, *, final: bool) -> None:
        entry = self.entries[unit].appraised.get(node.code)
        needs_accuracy = node.rule is not None and node.rule.needs_accuracy
        if entry is None and not (final and needs_accuracy):
            return
        values = side_values(entry, "appraised")
        lost = self.lost(unit, node.code)
        if lost > 0:
            values["opinion"] = texts.opinion(unit=unit, node=node, entry=entry, lost=lost)
        for name, value in values.items():
            setattr(score, name, value)
        score.status = ScoreStatus.APPRAISED
        score.version += 1
        score.updated_by = self.users[accounts.appraiser_of(self.field_of[node.code])]
        if lost > 0:
            self.opinions.append(
                ThreadMessage(
                    score=score,
                    side=Side.COUNCIL,
                    author=score.updated_by,
                    text=values["opinion"],
                    score_value=self.result.unit(unit).appraised.node(node.code).achieved,
                )
            )
        self.audit.add(
            actor=score.updated_by,
            action=APPRAISE,
            target=score,
            old={"status": ScoreStatus.OPEN.value},
            new={"status": score.status, **recorded(values)},
            round_=score.participation.round,
            unit=unit,
            node=node.code,
        )

    def scores(
        self,
        participations: Mapping[str, Participation],
        *,
        appraise: Mapping[str, frozenset[str]],
        skip: frozenset[tuple[str, str]] = frozenset(),
        final: bool,
    ) -> dict[tuple[str, str], Score]:
        """A score row for every leaf that applies to each unit; the appraisal side for the
        fields in ``appraise[group]``, except the ``(unit, node)`` pairs in ``skip``."""
        built: dict[tuple[str, str], Score] = {}
        for unit in demo_units():
            fields = appraise.get(unit.group, frozenset())
            for node in self.leaves(unit.group):
                score = Score(participation=participations[unit.code], node=self.rows[node.code])
                self.self_side(score, unit.code, node)
                if self.field_of[node.code] in fields and (unit.code, node.code) not in skip:
                    self.appraised_side(score, unit.code, node, final=final)
                built[unit.code, node.code] = score
        Score.objects.bulk_create(built.values(), batch_size=500)
        ThreadMessage.objects.bulk_create(self.opinions, batch_size=500)
        self.opinions = []
        return built

    # --- evidence -------------------------------------------------------------------

    def attach(self, score: Score, document: Document, unit: str) -> Evidence:
        uploader = self.users[accounts.staff_of(unit) or accounts.leader_of(unit) or "admin"]
        stored = self.store.get(document, uploader=uploader)
        evidence = Evidence(score=score, file=stored, name=document.name, uploaded_by=uploader)
        evidence.full_clean()
        evidence.save()
        self.audit.add(
            actor=uploader,
            action=ATTACH,
            target=evidence,
            new={
                "name": document.name,
                "sha256": stored.sha256,
                "size": stored.size,
                "media_type": stored.media_type,
            },
            round_=score.participation.round,
            unit=unit,
            node=score.node.code,
        )
        return evidence

    def attach_planned(self, scores: Mapping[tuple[str, str], Score]) -> None:
        for (year, unit, code), documents in ATTACHMENTS.items():
            if year == self.year:
                for document in documents:
                    self.attach(scores[unit, code], document, unit)
