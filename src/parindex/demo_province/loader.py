"""Loading the demo province into the database, once: :func:`load_demo_province`."""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TextIO

from django.db import transaction

from parindex.apps.accounts import access_revision
from parindex.apps.accounts.models import Membership, Unit, User
from parindex.apps.assessments.models import Round
from parindex.apps.frameworks.models import CriteriaSet
from parindex.demo import YEARS
from parindex.demo_province import accounts, plans
from parindex.demo_province.evidence import FileStore
from parindex.demo_province.indices import load_indices
from parindex.demo_province.results import load_results
from parindex.demo_province.rounds import AuditBatch, Built, RoundBuilder
from parindex.demo_province.structure import ensure_criteria_sets, ensure_units, unit_names
from parindex.demo_province.surveys import load_demo_surveys
from parindex.demo_province.years import build_2023, build_2024
from parindex.numbers import format_vn

GRANT = "membership.add"
CREATED = (
    "Dữ liệu mẫu: tạo mới {units} đơn vị, {sets} bộ tiêu chí, {rounds} đợt đánh giá, "
    "{scores} điểm, {files} tệp kiểm chứng, {users} tài khoản."
)
NOTHING_NEW = "Dữ liệu mẫu đã có đủ, không tạo thêm."
BUILDERS: dict[int, Callable[[RoundBuilder], Built]] = {2023: build_2023, 2024: build_2024}


@dataclass(frozen=True, slots=True)
class DemoSummary:
    """How many rows of each kind this load created, and the demo accounts."""

    units: int
    criteria_sets: int
    rounds: int
    scores: int
    evidence_files: int
    users: int
    accounts: tuple[accounts.AccountLine, ...]
    results: int = 0  # history rows imported and results published

    @property
    def created_anything(self) -> bool:
        return any(
            (
                self.units,
                self.criteria_sets,
                self.rounds,
                self.scores,
                self.evidence_files,
                self.users,
                self.results,
            )
        )


@transaction.atomic
def load_demo_province(*, out: TextIO, reset_passwords: bool = False) -> DemoSummary:
    """Creates what is missing of the demo province, in one transaction.

    Users, criteria sets, units, memberships, evidence files and each year's round are
    looked up first (by username, code, SHA-256, year and set) and created only when
    absent, so a second load creates nothing. Existing users keep their passwords unless
    ``reset_passwords``; the passwords set now are in the returned accounts.
    """
    people = accounts.ensure_users(reset=reset_passwords)
    users = people.by_name
    admin = users[accounts.ADMIN.username]
    sets, new_sets = ensure_criteria_sets(actor=admin)
    units, new_units = ensure_units()
    audit = AuditBatch()
    _grant_roles(users, units, admin, audit)
    store = FileStore()
    built = []
    for year in YEARS:
        if not _round_exists(year, sets[year]):
            builder = RoundBuilder(
                year=year,
                criteria_set=sets[year],
                units=units,
                users=users,
                store=store,
                audit=audit,
            )
            built.append(BUILDERS[year](builder))
    audit.write()
    load_indices(users=users, units=units)
    surveys_said = io.StringIO()  # said after the summary line, as each loader's own line
    load_demo_surveys(units=units, users=users, out=surveys_said)
    loaded = load_results(users)  # after the surveys: survey leaves take their results
    plans.ensure_plans(users=users, units=units, store=store)
    summary = DemoSummary(
        units=new_units,
        criteria_sets=new_sets,
        rounds=len(built),
        scores=sum(len(b.scores) for b in built),
        evidence_files=store.created,
        users=people.created,
        accounts=accounts.account_lines(people.passwords, unit_names(units)),
        results=loaded.history_rows + loaded.published,
    )
    out.write(_created_line(summary) + "\n")
    out.write(surveys_said.getvalue())
    return summary


def _round_exists(year: int, criteria_set: CriteriaSet) -> bool:
    return Round.objects.filter(year=year, criteria_set=criteria_set).exists()


def _grant_roles(
    users: Mapping[str, User], units: Mapping[str, Unit], admin: User, audit: AuditBatch
) -> None:
    rows = accounts.missing_memberships(users, units)
    Membership.objects.bulk_create(rows)
    access_revision.bump_users(row.user_id for row in rows)  # bulk_create sends no signal
    for row in rows:
        unit = row.unit.code if row.unit else None
        audit.add(
            actor=admin,
            action=GRANT,
            target=row,
            new={"user": row.user.username, "role": row.role, "unit": unit},
            unit=unit or "",
        )


def _created_line(summary: DemoSummary) -> str:
    if not summary.created_anything:
        return NOTHING_NEW
    return CREATED.format(
        units=format_vn(summary.units),
        sets=format_vn(summary.criteria_sets),
        rounds=format_vn(summary.rounds),
        scores=format_vn(summary.scores),
        files=format_vn(summary.evidence_files),
        users=format_vn(summary.users),
    )
