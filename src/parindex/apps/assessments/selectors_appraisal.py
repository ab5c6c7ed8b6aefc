"""Appraisal reads, each scoped to the acting user: the appraiser's queue, one unit's
field to appraise and the unit's returned items (the secretariat's progress is in
:mod:`selectors_progress`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from functools import cache
from uuid import UUID

from django.contrib.auth.models import AnonymousUser
from django.db import connections, router
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from parindex import scoring
from parindex.apps.accounts import access
from parindex.apps.accounts.models import User
from parindex.apps.assessments.entries import round_results, side_entry
from parindex.apps.assessments.models import (
    Evidence,
    FieldAssignment,
    Participation,
    Round,
    RoundStatus,
    Score,
    ScoreStatus,
    Side,
    ThreadMessage,
)
from parindex.apps.assessments.selectors_workload import Cell, CriteriaTree, Workload, count_work
from parindex.apps.assessments.services_appraisal import describe_entry, is_computed
from parindex.apps.frameworks.models import CriteriaNode

AnyUser = User | AnonymousUser
APPRAISAL_STAGES = (RoundStatus.APPRAISAL, RoundStatus.LOCKED, RoundStatus.SIGNED_OFF)


# --- the appraiser's queue ----------------------------------------------------------------

QUEUE_STATES = {
    "can-xu-ly": lambda w: w.left > 0,
    "da-bo-sung": lambda w: w.supplemented > 0,
    "dang-tra-lai": lambda w: w.returned > 0,
    "xong": lambda w: w.left == 0 and w.returned == 0,
}


@dataclass(frozen=True, slots=True)
class QueueFilters:
    round: UUID | None = None
    field: str = ""
    group: str = ""
    state: str = ""
    unit: str = ""


@dataclass(frozen=True, slots=True)
class QueueRow:
    round: Round
    participation: Participation
    field: CriteriaNode
    work: Workload


def appraiser_assignments(user: AnyUser) -> list[FieldAssignment]:
    """The user's fields in the rounds now in appraisal."""
    if not user.is_authenticated or not access.is_appraiser(user):
        return []
    return list(
        FieldAssignment.objects.filter(appraiser=user, round__status=RoundStatus.APPRAISAL)
        .select_related("round", "field")
        .order_by("-round__year", "round__name", "field__position")
    )


def appraisal_queue(
    user: AnyUser, assignments: list[FieldAssignment], filters: QueueFilters
) -> list[QueueRow]:
    """Per unit and assigned field: what is left, returned, answered and closed."""
    chosen = [
        a
        for a in assignments
        if (filters.round is None or a.round.uuid == filters.round)
        and (not filters.field or a.field.code == filters.field)
    ]
    rounds = {a.round_id: a.round for a in chosen}
    trees = {r.criteria_set_id: CriteriaTree.of(r.criteria_set_id) for r in rounds.values()}
    cells: dict[Cell, list[CriteriaNode]] = {}
    listed: list[tuple[Participation, FieldAssignment]] = []
    for p in _queue_participations(rounds, filters):
        for a in (a for a in chosen if a.round_id == p.round_id):
            leaves = trees[a.round.criteria_set_id].work_leaves(a.field_id, p.unit.group.code)
            if leaves:
                cells[(p.pk, a.field_id)] = leaves
                listed.append((p, a))
    counted = count_work(cells)
    rows = [QueueRow(a.round, p, a.field, counted[(p.pk, a.field_id)]) for p, a in listed]
    keep = QUEUE_STATES.get(filters.state)
    return [r for r in rows if keep is None or keep(r.work)]


@cache
def _queue_key_sql(using: str) -> str:
    quote = connections[using].ops.quote_name
    a, r = quote(FieldAssignment._meta.db_table), quote(Round._meta.db_table)
    n, p = quote(CriteriaNode._meta.db_table), quote(Participation._meta.db_table)
    return (
        "SELECT a.id, r.id, r.uuid, r.revision, f.uuid,"
        f" (SELECT COUNT(*) FROM {p} gp WHERE gp.round_id = r.id),"
        f" (SELECT SUM(gp.revision) FROM {p} gp WHERE gp.round_id = r.id)"
        f" FROM {a} a INNER JOIN {r} r ON r.id = a.round_id INNER JOIN {n} f ON f.id = a.field_id"
        " WHERE a.appraiser_id = %s AND r.status = %s ORDER BY a.id"
    )


def queue_revisions(user: AnyUser) -> tuple[object, ...]:
    """What the queue of ``user`` depends on, read before it in one statement (written
    out: it runs on every view of the queue, and composing it with the ORM would cost
    more than running it): each of the user's assignments in a round in appraisal, with
    its round's revision, and per round the number of participations and the sum of
    their revisions (it grows with every change of any unit's items)."""
    using = router.db_for_read(FieldAssignment)
    with connections[using].cursor() as cursor:
        cursor.execute(_queue_key_sql(using), [user.pk, RoundStatus.APPRAISAL.value])
        found = cursor.fetchall()
    shown = tuple(
        (pk, str(round_uuid), revision, str(field))
        for pk, _r, round_uuid, revision, field, _c, _s in found
    )
    rounds = tuple(
        sorted({(round_id, count, total or 0) for _a, round_id, _u, _v, _f, count, total in found})
    )
    return shown, rounds


def _queue_participations(rounds: dict[int, Round], filters: QueueFilters) -> list[Participation]:
    query = Participation.objects.filter(round_id__in=list(rounds)).select_related("unit__group")
    if filters.group:
        query = query.filter(unit__group__code=filters.group)
    if filters.unit:
        query = query.filter(Q(unit__name__icontains=filters.unit) | Q(unit__code=filters.unit))
    return list(query.order_by("round_id", "unit__group__position", "unit__code"))


# --- one unit's field, to appraise --------------------------------------------------------


@dataclass(slots=True)
class Item:
    """One sub-criterion of the page with everything the appraiser reads beside the form."""

    node: CriteriaNode
    parents: list[CriteriaNode]
    score: Score | None
    computed: bool
    self_text: str = ""
    appraised_text: str = ""
    self_points: Decimal | None = None
    appraised_points: Decimal | None = None
    evidence: list[Evidence] = field(default_factory=list)
    thread: list[ThreadMessage] = field(default_factory=list)
    deadline: datetime | None = None

    @property
    def heading(self) -> str:
        return " › ".join(f"{n.code}. {n.title}" for n in self.parents[1:])


@dataclass(slots=True)
class FieldPage:
    participation: Participation
    round: Round
    field: CriteriaNode
    items: list[Item]
    unit_result: scoring.UnitResult | None
    errors: list[str]
    may_appraise: bool

    @property
    def field_results(self) -> tuple[scoring.FieldResult | None, scoring.FieldResult | None]:
        if self.unit_result is None:
            return None, None
        code = self.field.code
        result = self.unit_result
        return _field(result.self_scored, code), _field(result.appraised, code)


def _field(side: scoring.SideResult, code: str) -> scoring.FieldResult | None:
    return next((f for f in side.fields if f.code == code), None)


def access_field(
    user: AnyUser, participation_id: UUID, field_id: UUID
) -> tuple[Participation, CriteriaNode]:
    """The participation and field of an appraisal page, or 404 for anyone who neither
    appraises that field nor oversees the assessment."""
    participation = get_object_or_404(
        Participation.objects.select_related("round__criteria_set", "unit__group"),
        uuid=participation_id,
    )
    round_ = participation.round
    top = get_object_or_404(
        CriteriaNode, uuid=field_id, criteria_set_id=round_.criteria_set_id, parent=None
    )
    if round_.status not in APPRAISAL_STAGES:
        raise Http404
    if not (access.can_appraise(user, round_, top) or access.can_oversee(user)):
        raise Http404
    return participation, top


def access_item(participation: Participation, top: CriteriaNode, score_id: UUID) -> Score:
    """A score of this participation under this field, or 404 (another unit's or another
    field's score sent through this page's address)."""
    score = get_object_or_404(
        Score.objects.select_related("node"), uuid=score_id, participation=participation
    )
    tree = CriteriaTree.of(participation.round.criteria_set_id)
    if tree.field_of.get(score.node_id) != top.pk:
        raise Http404
    return score


def _thread_prefetch() -> Prefetch[str, QuerySet[ThreadMessage], str]:
    return Prefetch("thread", queryset=ThreadMessage.objects.select_related("author"))


def _evidence_prefetch() -> Prefetch[str, QuerySet[Evidence], str]:
    current = Evidence.objects.filter(superseded_at__isnull=True).select_related("file")
    return Prefetch("evidence", queryset=current)


def field_page(user: AnyUser, participation: Participation, top: CriteriaNode) -> FieldPage:
    round_ = participation.round
    tree = CriteriaTree.of(round_.criteria_set_id)
    group = participation.unit.group.code
    leaves = [n for n in tree.leaves[top.pk] if tree.applies(n, group)]
    scores = {
        s.node_id: s
        for s in Score.objects.filter(participation=participation, node__in=leaves)
        .select_related("node", "updated_by")
        .prefetch_related(_evidence_prefetch(), _thread_prefetch())
    }
    unit_result, errors = _unit_result(round_, participation.unit.code)
    items = [_item(tree, leaf, scores.get(leaf.pk), unit_result) for leaf in leaves]
    may = access.can_appraise(user, round_, top)
    return FieldPage(participation, round_, top, items, unit_result, errors, may)


def _item(
    tree: CriteriaTree, leaf: CriteriaNode, score: Score | None, result: scoring.UnitResult | None
) -> Item:
    item = Item(leaf, tree.ancestors(leaf), score, is_computed(leaf))
    if result is not None:
        item.self_points = side_points(result.self_scored, leaf.code)
        item.appraised_points = side_points(result.appraised, leaf.code)
    if score is not None:
        item.self_text = describe_entry(side_entry(score, "self"))
        item.appraised_text = describe_entry(side_entry(score, "appraised"))
        item.evidence = list(score.evidence.all())
        item.thread = list(score.thread.all())
        item.deadline = _latest_deadline(item.thread)
    return item


def side_points(side: scoring.SideResult, code: str) -> Decimal | None:
    node = side.node(code)
    return None if node.not_applicable or node.missing else node.achieved


def _latest_deadline(thread: list[ThreadMessage]) -> datetime | None:
    deadlines = [m for m in thread if m.side == Side.COUNCIL and m.supplement_deadline]
    return deadlines[-1].supplement_deadline if deadlines else None


def _unit_result(round_: Round, unit_code: str) -> tuple[scoring.UnitResult | None, list[str]]:
    """The unit's running result computed by the engine, or the engine's complaints."""
    try:
        result = round_results(round_)
    except scoring.ScoringErrors as exc:
        return None, [str(e) for e in exc.errors if e.unit == unit_code] or [str(exc)]
    for group in result.groups:
        for unit in group.units:
            if unit.unit.code == unit_code:
                return unit, []
    return None, []


# --- the unit's returned items ------------------------------------------------------------


@dataclass(slots=True)
class SupplementItem:
    score: Score
    deadline: datetime | None
    thread: list[ThreadMessage]
    may_answer: bool

    @property
    def overdue(self) -> bool:
        return self.deadline is not None and timezone.now() > self.deadline


def unit_supplements(user: AnyUser) -> list[SupplementItem]:
    """Items of the user's units the council returned, answered or closed after a return."""
    units = access.units_of(user)
    scores = (
        Score.objects.filter(
            participation__unit__in=units,
            participation__round__status__in=APPRAISAL_STAGES,
            status__in=(ScoreStatus.RETURNED, ScoreStatus.SUPPLEMENTED, ScoreStatus.CLOSED),
            thread__supplement_deadline__isnull=False,
        )
        .distinct()
        .select_related("node", "participation__unit", "participation__round")
        .prefetch_related(_thread_prefetch())
        .order_by("participation__round__year", "participation__unit__code", "node__position")
    )
    out = []
    for score in scores:
        thread = list(score.thread.all())
        may = score.status == ScoreStatus.RETURNED and _may_answer(user, score)
        out.append(SupplementItem(score, _latest_deadline(thread), thread, may))
    return out


def _may_answer(user: AnyUser, score: Score) -> bool:
    """Whether the page offers the answer form: the round is open and the user may enter
    this criterion (leaders all; staff all, or only what was delegated to them)."""
    participation = score.participation
    if participation.round.status != RoundStatus.APPRAISAL:
        return False
    return access.can_self_score(user, participation, score.node)


def access_supplement(user: AnyUser, score_id: UUID) -> Score:
    """A score of one of the user's units, or 404."""
    score = get_object_or_404(
        Score.objects.select_related("node", "participation__unit", "participation__round"),
        uuid=score_id,
    )
    if not access.is_unit_member(user, score.participation.unit):
        raise Http404
    return score
