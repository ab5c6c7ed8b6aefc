"""Who may do what: every permission check of the web layer goes through here.

Views never decide permissions themselves; they call these functions (or the
``access_*`` selectors of each app, built on them) and answer 403/404 when refused.
A user's memberships are read once per request and kept on the user object; between
requests they are kept in ``CACHES["pages"]`` under the user's access revision (read with
the user row; :mod:`parindex.apps.accounts.access_revision`), so a signed-in request
reads no membership row while the user's roles and units stay the same.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from parindex.apps.accounts import access_revision
from parindex.apps.accounts.models import Membership, Role, Unit, User

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from parindex.apps.assessments.models import Participation, Round, Score
    from parindex.apps.frameworks.models import CriteriaNode
    from parindex.apps.indices.models import IndexDefinition
    from parindex.apps.plans.models import Task


def memberships(user: User | AnonymousUser) -> list[Membership]:
    if not user.is_authenticated:
        return []
    cached: list[Membership] | None = getattr(user, "_parindex_memberships", None)
    if cached is None:
        cached = access_revision.cached(user, "memberships", (), lambda: _read(user))
        setattr(user, "_parindex_memberships", cached)  # noqa: B010 - a per-request cache
    return cached


def _read(user: User) -> list[Membership]:
    return list(Membership.objects.filter(user=user).select_related("unit"))


def forget_memberships(user: User) -> None:
    """Call after changing a user's memberships within the same request."""
    access_revision.refresh(user)


def has_role(user: User | AnonymousUser, *roles: Role) -> bool:
    return any(m.role in roles for m in memberships(user))


def is_admin(user: User | AnonymousUser) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or has_role(user, Role.ADMIN)))


def is_secretariat(user: User | AnonymousUser) -> bool:
    """The Home Affairs secretariat (quản trị CCHC) or a system administrator."""
    return is_admin(user) or has_role(user, Role.SECRETARIAT)


def is_council(user: User | AnonymousUser) -> bool:
    return has_role(user, Role.COUNCIL)


def is_appraiser(user: User | AnonymousUser) -> bool:
    return has_role(user, Role.APPRAISER)


def unit_roles(user: User | AnonymousUser, unit: Unit) -> set[str]:
    return {m.role for m in memberships(user) if m.unit_id == unit.pk}


def units_of(user: User | AnonymousUser) -> list[Unit]:
    """The units in which the user is staff or leader."""
    seen: dict[int, Unit] = {}
    for m in memberships(user):
        if m.unit is not None:
            seen.setdefault(m.unit.pk, m.unit)
    return list(seen.values())


def is_unit_member(user: User | AnonymousUser, unit: Unit) -> bool:
    return bool(unit_roles(user, unit) & {Role.UNIT_STAFF, Role.UNIT_LEADER})


def is_unit_leader(user: User | AnonymousUser, unit: Unit) -> bool:
    return Role.UNIT_LEADER in unit_roles(user, unit)


def can_oversee(user: User | AnonymousUser) -> bool:
    """Sees every unit's assessment: secretariat, administrators, council members."""
    return is_secretariat(user) or is_council(user)


def assigned_fields(user: User | AnonymousUser, round_: Round) -> set[str]:
    """Codes of the fields (top-level nodes) the user appraises in ``round_``."""
    if not user.is_authenticated or not is_appraiser(user):
        return set()
    return set(round_.assignments.filter(appraiser=user).values_list("field__code", flat=True))


def field_code(node: CriteriaNode) -> str:
    """The code of the field (top-level node) that ``node`` belongs to."""
    while node.parent is not None:
        node = node.parent
    return node.code


def can_view_participation(user: User | AnonymousUser, participation: Participation) -> bool:
    return (
        can_oversee(user)
        or is_unit_member(user, participation.unit)
        or bool(assigned_fields(user, participation.round))
    )


def can_view_score(user: User | AnonymousUser, score: Score) -> bool:
    """A score and its evidence: the unit, the overseers, and the appraisers of its field
    (an appraiser of another field sees nothing of it)."""
    participation = score.participation
    if can_oversee(user) or is_unit_member(user, participation.unit):
        return True
    return can_appraise(user, participation.round, score.node)


def delegated_codes(user: User | AnonymousUser, participation: Participation) -> set[str] | None:
    """Node codes delegated to a staff member, or ``None`` when nothing is delegated to
    them (then they may enter every criterion of their unit)."""
    if not user.is_authenticated:
        return None
    delegations = participation.delegations.filter(staff=user)
    codes = set(delegations.values_list("node__code", flat=True))
    return codes or None


def can_self_score(
    user: User | AnonymousUser, participation: Participation, node: CriteriaNode
) -> bool:
    """Leaders enter every criterion; staff every one, or only what was delegated to them."""
    unit = participation.unit
    if is_unit_leader(user, unit):
        return True
    if not is_unit_member(user, unit):
        return False
    delegated = delegated_codes(user, participation)
    if delegated is None:
        return True
    current: CriteriaNode | None = node
    while current is not None:
        if current.code in delegated:
            return True
        current = current.parent
    return False


def can_appraise(user: User | AnonymousUser, round_: Round, node: CriteriaNode) -> bool:
    return field_code(node) in assigned_fields(user, round_)


# --- managing people, units and roles --------------------------------------------------

ELEVATED_ROLES = frozenset({Role.ADMIN, Role.SECRETARIAT})


def can_manage_accounts(user: User | AnonymousUser) -> bool:
    """Opens the pages of units, unit groups and users: the secretariat and administrators."""
    return is_secretariat(user)


def can_grant_role(user: User | AnonymousUser, role: str) -> bool:
    """Only administrators grant or remove the administrator and secretariat roles."""
    if role in ELEVATED_ROLES:
        return is_admin(user)
    return is_secretariat(user)


def can_manage_user(user: User | AnonymousUser, other: User) -> bool:
    """Changes ``other``'s account and roles: the secretariat may, except for accounts of
    the secretariat or administrators, which only administrators may change."""
    if not is_secretariat(user):
        return False
    return is_admin(user) or not is_secretariat(other)


# --- reports ----------------------------------------------------------------------------


def can_read_province_reports(user: User | AnonymousUser) -> bool:
    """The province's results report, its tables and charts: the secretariat,
    administrators and council members."""
    return can_oversee(user)


def can_read_unit_report(user: User | AnonymousUser, unit: Unit) -> bool:
    """A unit's analysis report: the secretariat and administrators, and the unit's own
    staff and leaders."""
    return is_secretariat(user) or is_unit_member(user, unit)


def can_read_reports(user: User | AnonymousUser) -> bool:
    """Opens the reports pages: whoever may read the province's or a unit's reports."""
    return can_read_province_reports(user) or bool(units_of(user))


# --- other indices (SIPAS, PAPI, PCI, DDCI) and the what-if planner ----------------------


def can_view_unit_indices(user: User | AnonymousUser, unit: Unit) -> bool:
    """A unit's indices and targets: the unit's people and the overseers."""
    return can_oversee(user) or is_unit_member(user, unit)


def can_manage_indices(user: User | AnonymousUser) -> bool:
    """Defines indices and components, records any result, imports files."""
    return is_secretariat(user)


def can_record_index(
    user: User | AnonymousUser, definition: IndexDefinition, unit: Unit | None
) -> bool:
    """Results of a recorded index (never the computed PAR INDEX): the secretariat for the
    province and any unit; a unit's leader for the unit when the index allows it."""
    if definition.computed:
        return False
    if is_secretariat(user):
        return True
    return unit is not None and definition.unit_may_record and is_unit_leader(user, unit)


def can_set_index_target(user: User | AnonymousUser, unit: Unit | None) -> bool:
    """Targets: the secretariat for the province and any unit; a leader for the unit."""
    return is_secretariat(user) or (unit is not None and is_unit_leader(user, unit))


def can_plan_for(user: User | AnonymousUser, unit: Unit) -> bool:
    """A unit's what-if planner: its people and the overseers (appraisers see only their
    own fields, never the whole of a unit)."""
    return can_oversee(user) or is_unit_member(user, unit)


# --- surveys ---------------------------------------------------------------------------


def can_manage_surveys(user: User | AnonymousUser) -> bool:
    """Defines surveys, opens and closes them, imports ballots: the secretariat."""
    return is_secretariat(user)


def can_view_survey_results(user: User | AnonymousUser, unit: Unit | None = None) -> bool:
    """Every unit's survey figures: the overseers; one unit's: also its own people."""
    return can_oversee(user) or (unit is not None and is_unit_member(user, unit))


# --- results and dashboards -------------------------------------------------------------


def can_view_results(user: User | AnonymousUser) -> bool:
    """Sees computed results before publication: the secretariat, administrators, the
    council."""
    return can_oversee(user)


def can_manage_results(user: User | AnonymousUser) -> bool:
    """Computes, reviews and publishes results and imports history: the secretariat and
    administrators."""
    return is_secretariat(user)


def can_withdraw_results(user: User | AnonymousUser) -> bool:
    """Withdraws a published result (with a reason): administrators only."""
    return is_admin(user)


def can_view_unit_dashboard(user: User | AnonymousUser, unit: Unit) -> bool:
    """A unit's dashboard: its own staff and leaders, and the overseers."""
    return can_oversee(user) or is_unit_member(user, unit)


# --- remediation plans, criterion assignment and risk warnings (plans app) --------------


def can_view_unit_plans(user: User | AnonymousUser, unit: Unit) -> bool:
    """A unit's offices, assignments, plans, reports and warnings: its own people, and the
    secretariat and council, who follow every unit (read only)."""
    return is_unit_member(user, unit) or can_oversee(user)


def can_manage_unit_plans(user: User | AnonymousUser, unit: Unit) -> bool:
    """Offices, criterion assignment, generating and issuing plans, editing any task:
    the unit's leader."""
    return is_unit_leader(user, unit)


def can_report_task(user: User | AnonymousUser, task: Task) -> bool:
    """Records a task's progress and edits its remediation and target: the unit's leader,
    and the official who owns the task."""
    unit = task.plan.unit
    if is_unit_leader(user, unit):
        return True
    return is_unit_member(user, unit) and task.owner_id is not None and task.owner_id == user.pk


def can_write_unit_reports(user: User | AnonymousUser, unit: Unit) -> bool:
    """Quarterly reports of a plan and the operational figures behind risk warnings: the
    unit's staff and leader."""
    return is_unit_member(user, unit)
