"""A deterministic synthetic national dataset for the scoring benchmark.

34 provinces by default, each with its own criteria set (about 120 scored leaves under
7 fields plus a bonus field) and about 20 departments ("so") and 100 communes ("xa") with
appraised and self-scored entries. The same seed always gives the same dataset.

``python -m bench.generate --out bench/out`` writes the raw inputs as the ``leaves`` and
``entries`` tables of ``raw.sqlite`` and ``raw.duckdb`` (:mod:`bench.raw`), and the leaf
points the engine computes from them into ``leaf_points.sqlite`` and ``leaf_points.duckdb``
(:mod:`bench.flat`).
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from bench.flat import leaf_rows, write_duckdb, write_sqlite
from bench.raw import raw_tables, write_raw_duckdb, write_raw_sqlite
from bench.synthetic_criteria import COMMUNES, DEPARTMENTS, criteria_set
from bench.synthetic_scores import unit_scores
from parindex.scoring import CriteriaSet, Node, Unit, UnitScores, compute

PROVINCES = 34
UNITS_PER_PROVINCE = 118  # 20 departments and 98 communes: 4,012 units nationally
DEPARTMENT_SHARE = 1 / 6
SEED = 2025
YEAR = 2025


@dataclass(frozen=True, slots=True)
class Province:
    """One province: its criteria set, its units and their entries."""

    code: str
    name: str
    criteria: CriteriaSet
    units: tuple[Unit, ...]
    scores: Mapping[str, UnitScores]
    field_of: Mapping[str, str]  # leaf code -> field code
    applying: Mapping[str, tuple[Node, ...]]  # group code -> the leaves that apply to it


@dataclass(frozen=True, slots=True)
class Dataset:
    seed: int
    provinces: tuple[Province, ...]

    @property
    def units(self) -> int:
        return sum(len(p.units) for p in self.provinces)

    @property
    def entries(self) -> int:
        """Entries on both sides (appraised and self-scored) of every unit."""
        return sum(
            len(s.appraised) + len(s.self_scored) for p in self.provinces for s in p.scores.values()
        )


def leaves_by_field(criteria: CriteriaSet) -> Iterator[tuple[str, Node]]:
    """Every leaf of ``criteria`` with the code of the field it sits in."""
    for top in criteria.fields:
        for node in top.walk():
            if node.is_leaf:
                yield top.code, node


def _applying(criteria: CriteriaSet, group: str) -> tuple[Node, ...]:
    """The leaves that apply to ``group`` (the leaf and all its ancestors apply)."""
    out: list[Node] = []

    def visit(node: Node) -> None:
        if not node.applies_to(group):
            return
        if node.is_leaf:
            out.append(node)
        for child in node.children:
            visit(child)

    for top in criteria.fields:
        visit(top)
    return tuple(out)


def _units(province: str, count: int) -> tuple[Unit, ...]:
    departments = max(1, round(count * DEPARTMENT_SHARE))
    return tuple(
        Unit(f"{province}-{group}{k + 1:03d}", f"{label} {k + 1}", group)
        for group, label, n in (
            (DEPARTMENTS, "Sở", departments),
            (COMMUNES, "Xã", count - departments),
        )
        for k in range(n)
    )


def assemble(
    *,
    code: str,
    name: str,
    criteria: CriteriaSet,
    units: tuple[Unit, ...],
    scores: Mapping[str, UnitScores],
) -> Province:
    """A province of the dataset from its criteria set, units and entries."""
    applying = {g.code: _applying(criteria, g.code) for g in criteria.groups}
    field_of = {leaf.code: field for field, leaf in leaves_by_field(criteria)}
    return Province(code, name, criteria, units, scores, field_of, applying)


def province(*, seed: int, number: int, units_per_province: int) -> Province:
    """Province ``number`` (1-based) of the dataset drawn from ``seed``."""
    rng = random.Random(f"{seed}:{number}")
    code = f"T{number:02d}"
    criteria = criteria_set(
        code=f"BTC-{code}-{YEAR}", name=f"Bộ tiêu chí {code}", year=YEAR, rng=rng
    )
    units = _units(code, units_per_province)
    applying = {g.code: _applying(criteria, g.code) for g in criteria.groups}
    scores = {u.code: unit_scores(u.code, applying[u.group], rng) for u in units}
    return assemble(code=code, name=f"Tỉnh {number}", criteria=criteria, units=units, scores=scores)


def generate(
    *, seed: int = SEED, provinces: int = PROVINCES, units_per_province: int = UNITS_PER_PROVINCE
) -> Dataset:
    """The national dataset: the same arguments always give the same data."""
    return Dataset(
        seed,
        tuple(
            province(seed=seed, number=n, units_per_province=units_per_province)
            for n in range(1, provinces + 1)
        ),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--provinces", type=int, default=PROVINCES)
    parser.add_argument("--units-per-province", type=int, default=UNITS_PER_PROVINCE)
    parser.add_argument("--out", type=Path, default=Path("bench/out"))
    args = parser.parse_args(argv)
    data = generate(
        seed=args.seed, provinces=args.provinces, units_per_province=args.units_per_province
    )
    rows = [
        row for p in data.provinces for row in leaf_rows(p, compute(p.criteria, p.units, p.scores))
    ]
    leaves, entries = raw_tables(data.provinces)
    args.out.mkdir(parents=True, exist_ok=True)
    write_raw_sqlite(args.out / "raw.sqlite", leaves, entries)
    write_raw_duckdb(args.out / "raw.duckdb", leaves, entries)
    write_sqlite(args.out / "leaf_points.sqlite", rows)
    write_duckdb(args.out / "leaf_points.duckdb", rows)
    print(
        f"{data.units} units, {data.entries} entries: {len(entries)} raw rows, "
        f"{len(leaves)} leaf rules, {len(rows)} leaf points rows -> {args.out}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
