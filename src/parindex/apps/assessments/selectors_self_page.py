"""The self-scoring page of a unit: the criteria tree with each leaf's method, entry,
evidence and self-scored points, and the running totals, read for the acting user.

The page is read in a fixed number of queries whatever the size of the criteria tree
(the nodes, the unit's scores with their current evidence, the criteria set for the
engine, and the group's measures when the set has relative rules), and it shows a
hundred or more leaves: what a template would recompute for each (numbers written the
Vietnamese way, dates, links, line breaks) is computed here once, so that the template
only writes plain values out.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from typing import TYPE_CHECKING, Any

from django.db import connections, router
from django.http import Http404
from django.template.defaultfilters import filesizeformat, linebreaksbr
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from parindex import scoring
from parindex.apps.accounts import access
from parindex.apps.accounts.models import Unit
from parindex.apps.assessments.deadlines import (
    Banner,
    participation_banner,
    self_assessment_refusal,
    unit_deadline,
)
from parindex.apps.assessments.entries import side_entry
from parindex.apps.assessments.models import Delegation, Evidence, Participation, Round, Score
from parindex.apps.assessments.rule_inputs import entered
from parindex.apps.assessments.selectors_self import (
    AnyUser,
    Totals,
    active_evidence,
    can_open_self_page,
    node_rule,
    self_totals,
    tree,
)
from parindex.apps.assessments.services_rounds import applicable_leaves
from parindex.apps.core import rows as raw_rows
from parindex.apps.frameworks.models import CriteriaNode, CriteriaSet
from parindex.apps.frameworks.rule_words import describe
from parindex.apps.plans.selectors_assign import Assignment, assignments_of_nodes
from parindex.numbers import format_vn
from parindex.scoring import Rule, RuleKind

if TYPE_CHECKING:
    from parindex.apps.assessments.forms_self import LeafEntry

WHEN = "H:i d/m/Y"
# The words every leaf repeats, translated once per page (the template writes them out).
LEAF_WORDS = {
    "max": _("Tối đa"),
    "self_scored": _("Tự chấm"),
    "method": _("Cách chấm"),
    "not_applicable": _("Không áp dụng"),
    "explanation": _("Giải trình"),
    "save": _("Lưu"),
    "evidence": _("Tài liệu kiểm chứng"),
    "remove": _("Gỡ"),
    "no_evidence": _("Chưa có tài liệu."),
    "add_file": _("Thêm tệp (PDF, DOCX, XLSX, PNG, JPEG)"),
    "upload": _("Tải lên"),
    "needs_support": _("Đã chấm điểm: cần tài liệu kiểm chứng hoặc giải trình trước khi gửi."),
    "owner": _("Phụ trách"),
}
MAX_POINTS = _("tối đa %(points)s điểm")
METHOD_NOTE = _("Phương pháp chấm điểm")
EVIDENCE_NOTE = _("Tài liệu kiểm chứng yêu cầu")
UPDATED = _("Cập nhật bởi %(who)s lúc %(when)s")
NOT_APPLICABLE = _("Không áp dụng")
NOT_SCORED = _("Chưa chấm")
NOTHING = "—"


def leaf_words() -> dict[str, SafeString]:
    """:data:`LEAF_WORDS` in the active language, escaped once."""
    return {key: conditional_escape(text) for key, text in LEAF_WORDS.items()}


def _when(moment: datetime) -> str:
    return dateformat.format(timezone.localtime(moment), WHEN)


class _UrlOf:
    """The URL named ``name`` for each uuid put last, reversed only once per page (the
    page has hundreds of links; one ``reverse()`` costs tens of microseconds)."""

    MARKER = uuid.UUID(int=0)

    def __init__(self, name: str, *fixed: uuid.UUID) -> None:
        url = reverse(name, args=[*fixed, self.MARKER])
        self.head, _marker, self.tail = url.rpartition(str(self.MARKER))

    def __call__(self, value: uuid.UUID) -> str:
        return f"{self.head}{value}{self.tail}"


@dataclass(slots=True)
class EvidenceLine:
    """A current evidence file of a leaf, as the page lists it."""

    name: str
    size: str
    uploaded: str
    download_url: str
    remove_url: str


@dataclass(slots=True)
class Row:
    """A node of the tree as the page shows it; leaves carry their score and entry."""

    node: CriteriaNode
    depth: int
    max_text: str = ""
    max_words: str = ""  # "tối đa 2 điểm", beside a heading
    points: scoring.NodeScore | None = None
    score: Score | None = None
    rule: Rule | None = None
    method: str = ""
    self_text: str = ""
    notes: list[tuple[str, SafeString]] = field(default_factory=list)
    evidence: list[EvidenceLine] = field(default_factory=list)
    editable: bool = False
    needs_support: bool = False
    entered: list[tuple[str, str]] = field(default_factory=list)
    updated: str = ""
    score_url: str = ""
    upload_url: str = ""
    entry: LeafEntry | None = None  # the entry form, when the user may write (the view's)
    notice: str = ""
    notice_level: str = ""
    owner: Assignment | None = None  # the office and official who answer for the leaf

    @property
    def is_leaf(self) -> bool:
        return self.score is not None


@dataclass(slots=True)
class SelfPage:
    participation: Participation
    rows: list[Row]
    totals: Totals
    refusal: str | None
    banner: Banner | None
    is_leader: bool
    may_write: bool
    missing: list[Score]
    complete: bool = True  # False: a leaf has no score row yet (the unit's first visit)

    @property
    def deadline(self) -> Any:
        return unit_deadline(self.participation)

    @property
    def leaves(self) -> list[Row]:
        return [r for r in self.rows if r.is_leaf]

    def leaf(self, score: Score) -> Row:
        return next(r for r in self.rows if r.score is not None and r.score.pk == score.pk)


def self_values(score: Score) -> dict[str, Any]:
    return {
        "score": score.self_score,
        "numerator": score.self_numerator,
        "denominator": score.self_denominator,
        "count": score.self_count,
        "value": score.self_value,
        "items": score.self_items,
    }


@dataclass(frozen=True, slots=True)
class Viewer:
    """What about the acting user and the moment changes the page (the key of its
    cached fragment, with the revisions): whether the unit may write now, the user's role
    in the unit and the criteria delegated to them."""

    refusal: str | None
    is_leader: bool
    is_member: bool
    delegated: tuple[str, ...] | None  # sorted; None: nothing delegated (a member writes all)


@dataclass(frozen=True, slots=True)
class Keyed:
    """A participation with what the key of its cached self page needs besides its own
    row: how many units of its group take part in its round and the sum of their
    revisions, and the criteria delegated to the viewer (``None``: nothing delegated)."""

    participation: Participation
    group_units: int
    group_revisions: int
    delegated: frozenset[str] | None


@cache
def _keyed_sql(using: str) -> str:
    """One statement: the participation with its round, set and unit; how many units of
    its group take part in the round and the sum of their revisions; and one row per
    criterion delegated to the viewer (one row with a null code when there is none)."""
    quote = connections[using].ops.quote_name
    p, u = quote(Participation._meta.db_table), quote(Unit._meta.db_table)
    r, s = quote(Round._meta.db_table), quote(CriteriaSet._meta.db_table)
    d, n = quote(Delegation._meta.db_table), quote(CriteriaNode._meta.db_table)
    columns = ", ".join(
        raw_rows.select_list(model, alias, using)
        for model, alias in ((Participation, "p"), (Round, "r"), (CriteriaSet, "s"), (Unit, "u"))
    )
    same_group = (
        f"FROM {p} gp INNER JOIN {u} gu ON gu.id = gp.unit_id"
        " WHERE gp.round_id = p.round_id AND gu.group_id = u.group_id"
    )
    return (
        f"SELECT {columns}, (SELECT COUNT(*) {same_group}), (SELECT SUM(gp.revision) {same_group}),"
        f" n.code FROM {p} p INNER JOIN {r} r ON r.id = p.round_id"
        f" INNER JOIN {s} s ON s.id = r.criteria_set_id INNER JOIN {u} u ON u.id = p.unit_id"
        f" LEFT JOIN {d} d ON d.participation_id = p.id AND d.staff_id = %s"
        f" LEFT JOIN {n} n ON n.id = d.node_id WHERE p.uuid = %s"
    )


def participation_keyed(user: AnyUser, participation_id: uuid.UUID) -> Keyed:
    """The participation, if ``user`` may open its self-assessment page (else 404), with
    its round, set and unit, and what else the key of its cached page needs (see
    :class:`Keyed`), in one statement: it runs on every view of the page, and composing
    it with the ORM would cost more than the database spends on it."""
    using = router.db_for_read(Participation)
    connection = connections[using]
    wanted = Participation._meta.get_field("uuid").get_db_prep_value(participation_id, connection)
    with connection.cursor() as cursor:
        cursor.execute(_keyed_sql(using), [user.pk, wanted])
        found = cursor.fetchall()
    if not found:
        raise Http404
    first, at = found[0], 0
    built: list[Any] = []
    for model in (Participation, Round, CriteriaSet, Unit):
        size = raw_rows.width(model)
        built.append(raw_rows.instance(model, first[at : at + size], using))
        at += size
    participation, round_, criteria_set, unit = built
    round_.criteria_set = criteria_set
    participation.round, participation.unit = round_, unit
    if not can_open_self_page(user, participation):
        raise Http404
    codes = frozenset(row[-1] for row in found if row[-1] is not None)
    return Keyed(participation, first[at] or 0, first[at + 1] or 0, codes or None)


def viewer(user: AnyUser, participation: Participation | Keyed) -> Viewer:
    """The :class:`Viewer` of ``user`` now (for a staff member, the delegations: read
    with a :class:`Keyed` participation, else one query)."""
    keyed: Keyed | None = None
    if isinstance(participation, Keyed):
        keyed, shown = participation, participation.participation
    else:
        shown = participation
    unit = shown.unit
    is_leader = access.is_unit_leader(user, unit)
    is_member = is_leader or access.is_unit_member(user, unit)
    delegated = None
    if is_member and not is_leader:
        codes = keyed.delegated if keyed else access.delegated_codes(user, shown)
        delegated = None if codes is None else tuple(sorted(set(codes)))
    refusal = self_assessment_refusal(shown)
    return Viewer(refusal, is_leader, is_member, delegated)


# Whether a published (so never changing) set scores some leaf relatively to the group,
# by the set's uuid: read once per process.
_RELATIVE_SETS: dict[uuid.UUID, bool] = {}


def has_relative_rules(criteria_set: CriteriaSet) -> bool:
    found = _RELATIVE_SETS.get(criteria_set.uuid)
    if found is None:
        found = criteria_set.nodes.filter(rule=RuleKind.RELATIVE.value).exists()
        if criteria_set.is_published:
            _RELATIVE_SETS[criteria_set.uuid] = found
    return found


def fragment_parts(keyed: Keyed, who: Viewer) -> tuple[object, ...]:
    """What the page's cached fragment depends on besides the language and the code: the
    participation and its round at their revisions (read with the participation, before
    the data), the viewer, and, when the set scores some leaves relatively to the group,
    the revisions of the group's other units in the round."""
    p = keyed.participation
    r = p.round
    group: tuple[int, int] | None = None
    if has_relative_rules(r.criteria_set):
        group = (keyed.group_units, keyed.group_revisions)
    # The participation's and round's own columns the page shows, read in the same row as
    # the revisions: kept in the key as well, so even a change written around the
    # services (an admin's shell, a data fix) shows at once.
    shown = (
        (p.status, p.deadline_extension, p.submitted_at, p.submitted_by_id, p.unit.name),
        (r.status, r.name, r.self_assessment_opens, r.self_assessment_deadline),
    )
    return (p.uuid, p.revision, r.uuid, r.revision, shown, group, who)


def _writable_codes(who: Viewer, parent_of: dict[str, str | None]) -> set[str] | None:
    """Leaf codes the viewer may self-score (``None``: all of them), as
    :func:`access.can_self_score` decides, for the whole tree at once."""
    if who.refusal is not None or not who.is_member:
        return set()
    if who.is_leader or who.delegated is None:
        return None
    delegated = who.delegated
    allowed = set()
    for code in parent_of:
        current: str | None = code
        while current is not None:
            if current in delegated:
                allowed.add(code)
                break
            current = parent_of[current]
    return allowed


def _lacks_support(score: Score) -> bool:
    """:func:`missing_support` for one score read with its current evidence."""
    if score.self_not_applicable or score.explanation or getattr(score, "active_evidence", []):
        return False
    return side_entry(score, "self") is not None


def _self_text(points: scoring.NodeScore | None) -> str:
    """The self-scored points of a leaf: ``1,25``, or why there are none."""
    if points is None:
        return NOTHING
    if points.not_applicable:
        return str(NOT_APPLICABLE)
    if points.missing:
        return str(NOT_SCORED)
    return format_vn(points.achieved, 2)


def _notes(node: CriteriaNode) -> list[tuple[str, SafeString]]:
    """The leaf's scoring method and required evidence as written in the criteria set."""
    notes = [(METHOD_NOTE, node.method), (EVIDENCE_NOTE, node.evidence_required)]
    return [(str(label), linebreaksbr(text, autoescape=True)) for label, text in notes if text]


class _Links:
    """The links of the page's leaves."""

    def __init__(self, participation: Participation) -> None:
        fixed = participation.uuid
        self.score = _UrlOf("assessments:self_score", fixed)
        self.upload = _UrlOf("assessments:self_evidence_upload", fixed)
        self.download = _UrlOf("assessments:evidence_download")
        self.remove = _UrlOf("assessments:self_evidence_remove", fixed)

    def evidence(self, item: Evidence) -> EvidenceLine:
        return EvidenceLine(
            name=item.name,
            size=filesizeformat(item.file.size),
            uploaded=_when(item.uploaded_at),
            download_url=self.download(item.uuid),
            remove_url=self.remove(item.uuid),
        )


def _fill_leaf(row: Row, score: Score, links: _Links) -> None:
    rule = row.rule = node_rule(row.node)
    row.score = score
    row.method = describe(rule)
    row.self_text = _self_text(row.points)
    row.notes = _notes(row.node)
    row.entered = entered(rule, self_values(score), score.self_not_applicable)
    row.evidence = [links.evidence(e) for e in getattr(score, "active_evidence", [])]
    row.needs_support = _lacks_support(score)
    row.score_url = links.score(score.uuid)
    row.upload_url = links.upload(score.uuid)
    if score.updated_by is not None:
        who, when = str(score.updated_by), _when(score.updated_at)
        row.updated = str(UPDATED) % {"who": who, "when": when}


def self_page(user: AnyUser, participation: Participation, who: Viewer | None = None) -> SelfPage:
    """Everything the self-scoring page shows, in a fixed number of queries (``who``:
    the user's :func:`viewer`, when the caller has read it already)."""
    who = who or viewer(user, participation)
    nodes = list(participation.round.criteria_set.nodes.order_by("position", "id"))
    by_id = {n.pk: n for n in nodes}
    parent_of = {n.code: by_id[n.parent_id].code if n.parent_id else None for n in nodes}
    scores = list(
        participation.scores.select_related("updated_by").prefetch_related(active_evidence())
    )
    for score in scores:
        score.participation = participation
        score.node = by_id[score.node_id]
    by_node = {s.node_id: s for s in scores}
    totals = self_totals(participation, scores)
    writable = _writable_codes(who, parent_of)
    links = _Links(participation)
    owners = assignments_of_nodes(participation.unit, participation.round.criteria_set, nodes)
    rows = []
    for node, depth in tree(nodes, participation.unit.group.code):
        points = totals.side.node(node.code) if totals.side is not None else None
        max_text = format_vn(node.max_points.normalize())
        row = Row(node=node, depth=depth, max_text=max_text, points=points)
        if (found := by_node.get(node.pk)) is not None:
            _fill_leaf(row, found, links)
            row.owner = owners.get(node.code)
            row.editable = writable is None or node.code in writable
        else:
            row.max_words = str(MAX_POINTS) % {"points": max_text}
        rows.append(row)
    leaves = applicable_leaves(nodes, participation.unit.group.code)
    missing = sorted((s for s in scores if _lacks_support(s)), key=lambda s: s.node.position)
    return SelfPage(
        participation=participation,
        rows=rows,
        totals=totals,
        refusal=who.refusal,
        banner=participation_banner(participation),
        is_leader=who.is_leader,
        may_write=any(r.editable for r in rows),
        missing=missing,
        complete=all(leaf.pk in by_node for leaf in leaves),
    )
