"""The province's structure: the 2023 and 2024 criteria sets and the assessed units.

Both sets come from ``criteria_2024.yaml``: the 2023 one is the same tree under its own
code, name and decision (as :func:`parindex.demo.demo_results` computes it), and the
2024 one is recorded as copied from it, with a code mapping for every node (the codes
did not change between the two years).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import date, datetime
from functools import lru_cache

from django.utils import timezone

from parindex import scoring
from parindex.apps.accounts.models import Unit, UnitGroup, User
from parindex.apps.audit.services import audit_record
from parindex.apps.frameworks.conversion import from_engine
from parindex.apps.frameworks.models import CodeMapping, CriteriaSet, CriteriaSetStatus
from parindex.demo import YEARS, demo_data_dir
from parindex.interchange import load_criteria, load_scores, load_units

PUBLISH = "criteria_set_publish"  # as frameworks.services.sets.SET_PUBLISH
DECISIONS = {
    2023: ("1987/QĐ-UBND", date(2022, 12, 16)),
    2024: ("2150/QĐ-UBND", date(2023, 12, 15)),
}


@lru_cache(maxsize=1)
def _source() -> scoring.CriteriaSet:
    return load_criteria(demo_data_dir() / "criteria_2024.yaml")


def engine_set(year: int) -> scoring.CriteriaSet:
    """The demo criteria set of ``year`` as the engine sees it."""
    source = _source()
    if year == source.year:
        return source
    number, day = DECISIONS[year]
    return dataclasses.replace(
        source,
        code=source.code.replace(str(source.year), str(year)),
        name=source.name.replace(str(source.year), str(year)),
        year=year,
        decision_number=number,
        decision_date=day,
    )


@lru_cache(maxsize=1)
def demo_units() -> tuple[scoring.Unit, ...]:
    return tuple(load_units(demo_data_dir() / "units.csv", criteria=_source()))


def demo_scores(year: int) -> dict[str, scoring.UnitScores]:
    path = demo_data_dir() / f"scores_{year}.csv"
    return load_scores(path, criteria=engine_set(year), units=list(demo_units()))


def ensure_criteria_sets(*, actor: User) -> tuple[dict[int, CriteriaSet], int]:
    """Every year's set (published), each later one copied from the one before; and how
    many were created now."""
    sets: dict[int, CriteriaSet] = {}
    created = 0
    for year in YEARS:
        engine = engine_set(year)
        found = CriteriaSet.objects.filter(code=engine.code).first()
        if found is None:
            found = _store(engine, actor=actor, previous=sets.get(year - 1))
            created += 1
        sets[year] = found
    return sets, created


def _published_at(year: int) -> datetime:
    _, day = DECISIONS[year]
    return timezone.make_aware(datetime(day.year, day.month, day.day, 9, 0))


def _store(
    engine: scoring.CriteriaSet, *, actor: User, previous: CriteriaSet | None
) -> CriteriaSet:
    stored = from_engine(engine, actor=actor)
    stored.status = CriteriaSetStatus.PUBLISHED
    stored.published_at = _published_at(engine.year)
    stored.copied_from = previous
    stored.full_clean()
    stored.save()
    audit_record(
        actor=actor,
        action=PUBLISH,
        target=stored,
        old={"status": CriteriaSetStatus.DRAFT.value},
        new={"status": stored.status},
    )
    if previous is not None:
        CodeMapping.objects.bulk_create(
            CodeMapping(from_set=previous, to_set=stored, from_code=node.code, to_code=node.code)
            for node in engine.nodes()
        )
    return stored


def ensure_units() -> tuple[dict[str, Unit], int]:
    """The demo units by code (created when missing, in the groups the sets created) and
    how many were created now. No parent links: departments stand alone, and since the
    2025 reform communes sit directly under the province."""
    groups = {g.code: g for g in UnitGroup.objects.all()}
    existing = {u.code: u for u in Unit.objects.filter(code__in=[u.code for u in demo_units()])}
    new = [
        Unit(code=u.code, name=u.name, group=groups[u.group])
        for u in demo_units()
        if u.code not in existing
    ]
    Unit.objects.bulk_create(new)
    existing.update({u.code: u for u in new})
    return existing, len(new)


def unit_names(units: Mapping[str, Unit]) -> dict[str, str]:
    return {code: unit.name for code, unit in units.items()}
