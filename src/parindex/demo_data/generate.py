"""Writes the demo units and the 2023 and 2024 score tables from a seeded generator.

Run ``python -m parindex.demo_data.generate`` (or this file): the files come out
identical on every run. Each unit has a quality per year; every applicable sub-criterion
gets raw inputs (or a judged score) near that quality, with a few self-scores above the
appraisal, a few deductions, bonuses, and sub-criteria marked not applicable.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from parindex.interchange import dump_scores, dump_units, load_criteria
from parindex.scoring.model import NOT_APPLICABLE, CriteriaSet, Entry, Node, Unit, UnitScores
from parindex.scoring.rules import (
    BandMeasure,
    BandsRule,
    BonusRule,
    ChecklistRule,
    CountRule,
    DeductionRule,
    JudgedRule,
    RatioRule,
    RelativeRule,
    SurveyRule,
)

HERE = Path(__file__).resolve().parent
SEED = 20240115

UNITS = (
    Unit("SNV", "Sở Nội vụ", "so"),
    Unit("STP", "Sở Tư pháp", "so"),
    Unit("STC", "Sở Tài chính", "so"),
    Unit("SXD", "Sở Xây dựng", "so"),
    Unit("SYT", "Sở Y tế", "so"),
    Unit("SGDDT", "Sở Giáo dục và Đào tạo", "so"),
    Unit("SNNMT", "Sở Nông nghiệp và Môi trường", "so"),
    Unit("SKHCN", "Sở Khoa học và Công nghệ", "so"),
    Unit("P-DONGHA", "UBND phường Đông Hà", "xa"),
    Unit("P-NAMDONGHA", "UBND phường Nam Đông Hà", "xa"),
    Unit("P-QUANGTRI", "UBND phường Quảng Trị", "xa"),
    Unit("X-CAMLO", "UBND xã Cam Lộ", "xa"),
    Unit("X-HIEUGIANG", "UBND xã Hiếu Giang", "xa"),
    Unit("X-GIOLINH", "UBND xã Gio Linh", "xa"),
    Unit("X-CUATUNG", "UBND xã Cửa Tùng", "xa"),
    Unit("X-VINHLINH", "UBND xã Vĩnh Linh", "xa"),
    Unit("X-TRIEUPHONG", "UBND xã Triệu Phong", "xa"),
    Unit("X-HAILANG", "UBND xã Hải Lăng", "xa"),
    Unit("X-KHESANH", "UBND xã Khe Sanh", "xa"),
    Unit("X-LAOBAO", "UBND xã Lao Bảo", "xa"),
)

# (unit, sub-criterion) marked "N/A" on both sides: nothing of the kind happened there.
NOT_APPLICABLE_CASES = {
    2023: {("SKHCN", "4.2.2"), ("X-CUATUNG", "2.1.1")},
    2024: {("SKHCN", "4.2.2"), ("SGDDT", "3.3.2"), ("X-LAOBAO", "2.1.1")},
}

# Plausible sizes of the denominators (tasks, procedures, dossiers, documents...); a range
# starting at 0 lets "nothing was due" happen, which the ratio's zero_denominator handles.
DENOMINATORS = {
    "1.1.2": (20, 60),
    "1.3.2": (5, 30),
    "1.3.3": (0, 8),
    "1.6": (10, 60),
    "2.1.1": (0, 12),
    "2.1.2": (10, 80),
    "2.2.2": (0, 15),
    "3.1.1": (50, 400),
    "3.1.2": (50, 400),
    "3.2.1": (500, 25000),
    "3.2.2": (0, 30),
    "3.2.3": (500, 25000),
    "3.2.4": (500, 25000),
    "3.3.1": (500, 25000),
    "3.3.2": (0, 150),
    "3.3.3": (20, 150),
    "3.4": (0, 15),
    "4.2.2": (0, 10),
    "5.1.1": (20, 120),
    "5.3": (20, 150),
    "5.5.2": (20, 120),
    "6.1": (5000, 250000),
    "6.4": (0, 12),
    "6.5": (0, 8),
    "7.2.1": (2000, 22000),
    "7.2.2": (1500, 18000),
    "7.2.3": (500, 10000),
    "7.8": (100, 5000),
    "7.9": (20, 150),
}
CENT = Decimal("0.01")


def _money(value: float) -> Decimal:
    return Decimal(str(value)).quantize(CENT, ROUND_HALF_UP)


def _on_step(value: Decimal, step: Decimal) -> Decimal:
    return ((value / step).to_integral_value(ROUND_HALF_UP) * step).normalize()


@dataclass(slots=True)
class _Year:
    """The generator of one year's scores."""

    criteria: CriteriaSet
    rng: random.Random
    quality: dict[str, float]

    def level(self, unit: Unit) -> float:
        """The unit's quality for one sub-criterion: its year quality plus noise."""
        return min(1.0, max(0.3, self.quality[unit.code] + self.rng.gauss(0, 0.06)))

    def unit_scores(self, unit: Unit, na: set[tuple[str, str]]) -> UnitScores:
        own: dict[str, Entry] = {}
        appraised: dict[str, Entry] = {}
        for node in _applicable_leaves(self.criteria, unit.group):
            if (unit.code, node.code) in na:
                own[node.code] = appraised[node.code] = NOT_APPLICABLE
                continue
            pair = self.entries(unit, node)
            if pair is not None:
                own[node.code], appraised[node.code] = pair
        return UnitScores(unit.code, appraised=appraised, self_scored=own)

    def entries(self, unit: Unit, node: Node) -> tuple[Entry, Entry] | None:
        """(self, appraised) entries of one sub-criterion, or ``None`` for no row
        (accuracy of self-scoring, which the engine computes)."""
        make = MAKERS.get(type(node.rule))
        return make(self, node, self.level(unit)) if make else None

    def relative(self, node: Node, level: float) -> tuple[Entry, Entry]:
        raw = Entry(value=Decimal(int(4000 * level**3 * self.rng.uniform(0.6, 1.4))))
        return raw, raw

    def count(self, node: Node, level: float) -> tuple[Entry, Entry]:
        raw = Entry(count=Decimal(self.rng.choices((0, 1, 2, 3), (1 - level, 2, 2, 1))[0]))
        return raw, raw

    def ratio(self, node: Node, level: float) -> tuple[Entry, Entry]:
        return self.claimed(node, self.fraction(node.code, level))

    def judged(self, node: Node, level: float) -> tuple[Entry, Entry]:
        step = getattr(node.rule, "step", None) or Decimal("0.25")
        appraised = min(node.max_points, _on_step(node.max_points * Decimal(str(level)), step))
        claimed = appraised
        if appraised < node.max_points and self.rng.random() < 0.3:
            claimed = min(node.max_points, appraised + step)
        return Entry(score=claimed), Entry(score=appraised)

    def claimed(self, node: Node, raw: Entry) -> tuple[Entry, Entry]:
        """The raw inputs for both sides; now and then the unit claims full points."""
        if self.rng.random() < 0.08:
            return Entry(score=node.max_points), raw
        return raw, raw

    def checklist(self, node: Node, level: float) -> tuple[Entry, Entry]:
        assert isinstance(node.rule, ChecklistRule)
        items = node.rule.items
        ticked = {item.code for item in items if self.rng.random() < level + 0.08}
        return self.claimed(node, Entry(items=frozenset(ticked)))

    def fraction(self, code: str, level: float) -> Entry:
        low, high = DENOMINATORS.get(code, (10, 200))
        denominator = self.rng.randint(low, high)
        rate = 1 - (1 - level) * self.rng.uniform(0.1, 1.3)
        return Entry(numerator=Decimal(round(denominator * rate)), denominator=Decimal(denominator))

    def measured(self, node: Node, level: float) -> tuple[Entry, Entry]:
        rule = node.rule
        assert isinstance(rule, BandsRule | SurveyRule)  # a survey's result: a value (%)
        if isinstance(rule, BandsRule) and rule.measure_of is BandMeasure.PERCENT:
            return self.claimed(node, self.fraction(node.code, level))
        top = max((band.minimum for band in rule.bands), default=Decimal(100))
        factor = min(1.1, max(0.7, level + self.rng.uniform(-0.05, 0.1)))
        return self.claimed(node, Entry(value=_money(float(top) * factor).quantize(Decimal("0.1"))))

    def deduction(self, node: Node, level: float) -> tuple[Entry, Entry]:
        violations = self.rng.choices((0, 1, 2), (90, 8, 2))[0]
        if violations == 0:
            return Entry(score=Decimal(0)), Entry(score=Decimal(0))
        return Entry(score=Decimal(0)), Entry(count=Decimal(violations))

    def bonus(self, node: Node, level: float) -> tuple[Entry, Entry]:
        if getattr(node.rule, "minimum", None) is not None:
            raw = Entry(count=Decimal(int(self.rng.uniform(4, 26) * level)))
        else:
            raw = Entry(count=Decimal(self.rng.choices((0, 1, 2), (6, 2 * level, level))[0]))
        return raw, raw


MAKERS: Mapping[type, Callable[[_Year, Node, float], tuple[Entry, Entry]]] = {
    JudgedRule: _Year.judged,
    ChecklistRule: _Year.checklist,
    RatioRule: _Year.ratio,
    BandsRule: _Year.measured,
    RelativeRule: _Year.relative,
    CountRule: _Year.count,
    DeductionRule: _Year.deduction,
    BonusRule: _Year.bonus,
    SurveyRule: _Year.measured,
}


def _applicable_leaves(criteria: CriteriaSet, group: str) -> list[Node]:
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
    return out


def generate(folder: Path = HERE) -> None:
    """Writes ``units.csv``, ``scores_2023.csv`` and ``scores_2024.csv`` into ``folder``."""
    criteria = load_criteria(HERE / "criteria_2024.yaml")
    rng = random.Random(SEED)
    quality = {u.code: rng.uniform(0.78, 0.98) for u in UNITS}
    dump_units(UNITS, folder / "units.csv")
    for year in (2023, 2024):
        if year == 2024:
            quality = {code: min(0.99, q + rng.uniform(-0.04, 0.08)) for code, q in quality.items()}
        generator = _Year(criteria, rng, quality)
        na = NOT_APPLICABLE_CASES[year]
        scores = {u.code: generator.unit_scores(u, na) for u in UNITS}
        dump_scores(scores, folder / f"scores_{year}.csv", criteria=criteria)


if __name__ == "__main__":
    generate()
