"""The demo province: a criteria set, its units and two years of scores shipped with the
package (``parindex/demo_data/``), computed by the engine."""

from __future__ import annotations

import dataclasses
from functools import lru_cache
from importlib import resources
from pathlib import Path

from parindex.interchange import load_criteria, load_scores, load_units
from parindex.scoring import Previous, RoundResult, compute

YEARS = (2023, 2024)


def demo_data_dir() -> Path:
    return Path(str(resources.files("parindex") / "demo_data"))


def _previous(result: RoundResult) -> dict[str, Previous]:
    return {
        u.unit.code: Previous(index=u.index, rank=u.rank) for g in result.groups for u in g.units
    }


@lru_cache(maxsize=1)
def demo_results() -> tuple[RoundResult, ...]:
    """Every demo year's results, newest first; each year compared with the one before."""
    folder = demo_data_dir()
    criteria = load_criteria(folder / "criteria_2024.yaml")
    units = load_units(folder / "units.csv", criteria=criteria)
    results: list[RoundResult] = []
    for year in YEARS:
        name = criteria.name.replace(str(criteria.year), str(year))
        year_criteria = dataclasses.replace(criteria, year=year, name=name)
        scores = load_scores(folder / f"scores_{year}.csv", criteria=year_criteria, units=units)
        previous = _previous(results[-1]) if results else None
        results.append(compute(year_criteria, units, scores, previous))
    return tuple(reversed(results))
