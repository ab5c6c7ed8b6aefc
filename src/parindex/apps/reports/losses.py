"""Where a unit lost points: every leaf appraised below its applicable maximum."""

from __future__ import annotations

from collections.abc import Collection, Mapping

from parindex import scoring
from parindex.apps.reports.data import LostPoint
from parindex.apps.reports.wording import leaves_by_field, plain


def find_losses(
    result: scoring.RoundResult,
    units: Collection[str],
    opinions: Mapping[tuple[str, str], str],
) -> dict[str, tuple[LostPoint, ...]]:
    """Per unit code, its lost points in criteria order; ``opinions`` by (unit, leaf code).

    A deduction that was applied counts as lost points; a bonus not earned does not (its
    maximum is 0). The self score is the points the unit's own entry gives.
    """
    leaves = list(leaves_by_field(result.criteria))
    found: dict[str, tuple[LostPoint, ...]] = {}
    for code in units:
        unit = result.unit(code)
        lost: list[LostPoint] = []
        for field, leaf in leaves:
            appraised = unit.appraised.node(leaf.code)
            if appraised.not_applicable or appraised.achieved >= appraised.applicable_max:
                continue
            own = unit.self_scored.node(leaf.code)
            lost.append(
                LostPoint(
                    field_code=field.code,
                    code=leaf.code,
                    title=leaf.title,
                    max_points=plain(appraised.applicable_max),
                    self_score=None if own.not_applicable else own.achieved,
                    appraised=appraised.achieved,
                    opinion=opinions.get((code, leaf.code), "").strip(),
                )
            )
        found[code] = tuple(lost)
    return found
