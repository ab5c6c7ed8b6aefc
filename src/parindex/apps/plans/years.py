"""Criteria sets across years: the set in force for a unit in a year, and a criterion's
code carried from one year's set to another's.

Codes are carried by the code mappings recorded between sets (frameworks'
:class:`~parindex.apps.frameworks.models.CodeMapping`): when two sets have recorded
mappings, they decide (a code without one has no counterpart); between sets without any,
a code carries to the same code when the later set has it. A set copied from a set
copied from another is followed step by step.
"""

from __future__ import annotations

import itertools

from django.db.models import Q

from parindex.apps.accounts.models import Unit
from parindex.apps.assessments.models import Round
from parindex.apps.frameworks.models import CodeMapping, CriteriaSet, CriteriaSetStatus

CHAIN_LIMIT = 50  # no real chain of copies is this long; a loop in bad data stops here


def set_in_force(unit: Unit, year: int) -> CriteriaSet | None:
    """The criteria set ``unit`` is assessed against in ``year``: the set of that year's
    round the unit takes part in; else the published set of that year for its group;
    else the latest earlier published one (next year's set may not be issued yet)."""
    round_ = (
        Round.objects.filter(year=year, participations__unit=unit)
        .select_related("criteria_set")
        .order_by("-created_at")
        .first()
    )
    if round_ is not None:
        return round_.criteria_set
    return (
        CriteriaSet.objects.filter(
            status=CriteriaSetStatus.PUBLISHED, groups=unit.group_id, year__lte=year
        )
        .order_by("-year", "-published_at", "-id")
        .first()
    )


def _codes(criteria_set: CriteriaSet) -> set[str]:
    return set(criteria_set.nodes.values_list("code", flat=True))


def _step(older: CriteriaSet, newer: CriteriaSet) -> dict[str, str]:
    """Codes of ``older`` → codes of ``newer``, between two sets."""
    recorded = dict(
        CodeMapping.objects.filter(from_set=older, to_set=newer).values_list("from_code", "to_code")
    )
    if recorded:
        return recorded
    later = _codes(newer)
    return {code: code for code in _codes(older) if code in later}


def _chain(older: CriteriaSet, newer: CriteriaSet) -> list[CriteriaSet] | None:
    """``older``, the copies in between and ``newer``, if ``newer`` descends from it."""
    path = [newer]
    current = newer
    for _ in range(CHAIN_LIMIT):
        if current.copied_from_id is None:
            return None
        parent = CriteriaSet.objects.get(pk=current.copied_from_id)
        path.append(parent)
        if parent.pk == older.pk:
            return list(reversed(path))
        current = parent
    return None


def code_map(older: CriteriaSet, newer: CriteriaSet) -> dict[str, str]:
    """Each code of ``older`` that has a counterpart in ``newer``, with that code."""
    if older.pk == newer.pk:
        return {code: code for code in _codes(older)}
    has_direct = CodeMapping.objects.filter(from_set=older, to_set=newer).exists()
    chain = None if has_direct else _chain(older, newer)
    if chain is None:
        return _step(older, newer)
    carried = {code: code for code in _codes(older)}
    for before, after in itertools.pairwise(chain):
        step = _step(before, after)
        carried = {code: step[now] for code, now in carried.items() if now in step}
    return carried


def sets_for(unit: Unit) -> list[CriteriaSet]:
    """The published sets for the unit's group and the sets of its rounds, newest first."""
    return list(
        CriteriaSet.objects.filter(
            Q(status=CriteriaSetStatus.PUBLISHED, groups=unit.group_id)
            | Q(rounds__participations__unit=unit)
        )
        .distinct()
        .order_by("-year", "code")
    )
