"""Writes ``history_2014_2022.csv``: an INVENTED history of the demo units' indices.

The figures are demo data made up by a seeded generator — not any province's published
results — so that the history tables and the comparison with last year have something to
show. Run ``python -m parindex.demo_data.generate_history``: the file comes out identical
on every run. Ranks are within each group and year; classes follow the bands of the demo
criteria set.
"""

from __future__ import annotations

import random
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from parindex.demo import demo_results
from parindex.demo_data.generate import UNITS

HERE = Path(__file__).resolve().parent
TARGET = HERE / "history_2014_2022.csv"
SEED = 20140101
YEARS = range(2014, 2023)
NOTE = "# DỮ LIỆU MẪU TỰ TẠO, không phải số liệu đã công bố (generate_history.py)"
HEADER = "year,unit,group,index,rank,class,units"
CENT = Decimal("0.01")


def indices() -> dict[int, dict[str, Decimal]]:
    """Each year's index of every demo unit: a walk back from its computed 2023 index,
    rising about a point a year with noise."""
    rng = random.Random(SEED)
    computed = next(r for r in demo_results() if r.criteria.year == YEARS.stop)
    level = {u.unit.code: float(u.index) for g in computed.groups for u in g.units}
    out: dict[int, dict[str, Decimal]] = {}
    for year in reversed(YEARS):
        for code in sorted(level):
            level[code] = max(55.0, min(97.0, level[code] - rng.uniform(-1.5, 3.2)))
        out[year] = {c: Decimal(str(v)).quantize(CENT, ROUND_HALF_UP) for c, v in level.items()}
    return dict(sorted(out.items()))


def rows() -> list[str]:
    criteria = demo_results()[0].criteria
    groups: dict[str, list[str]] = defaultdict(list)
    for unit in UNITS:
        groups[unit.group].append(unit.code)
    lines = []
    for year, figures in indices().items():
        for group, codes in groups.items():
            ordered = sorted(codes, key=lambda c: (-figures[c], c))
            for rank, code in enumerate(ordered, start=1):
                index = figures[code]
                band = criteria.classify(index)
                label = band.label if band else ""
                lines.append(f"{year},{code},{group},{index},{rank},{label},{len(codes)}")
    return lines


def write(target: Path = TARGET) -> None:
    text = "\n".join([HEADER, NOTE, *rows()]) + "\n"
    target.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    write()
