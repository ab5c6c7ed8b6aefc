"""Results of a computation: per node, per field, per unit side, per unit, per group."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal

from parindex.scoring.model import ClassBand, CriteriaSet, Unit, UnitGroup


@dataclass(frozen=True, slots=True)
class NodeScore:
    """Points of one node for one unit on one side.

    ``missing``: the node (or a leaf below it) had no entry and counted as 0 points.
    """

    code: str
    achieved: Decimal
    applicable_max: Decimal
    not_applicable: bool
    missing: bool


@dataclass(frozen=True, slots=True)
class FieldResult:
    """A top-level field (lĩnh vực) of one unit: points and sub-index.

    ``max_points`` is the declared maximum; ``applicable_max`` leaves out what does not
    apply to the unit. ``index`` is ``None`` when the field has no applicable maximum
    (nothing in it applies, or it holds only bonuses and deductions).
    """

    code: str
    title: str
    max_points: Decimal
    achieved: Decimal
    applicable_max: Decimal
    index: Decimal | None
    not_applicable: bool = False


@dataclass(frozen=True, slots=True)
class SideResult:
    """One side (appraised, or self-scored) of a unit's result."""

    achieved: Decimal
    applicable_max: Decimal
    index: Decimal
    fields: tuple[FieldResult, ...]
    codes: tuple[str, ...]
    position: Mapping[str, int]
    node_achieved: tuple[Decimal, ...]
    node_max: tuple[Decimal, ...]
    node_na: tuple[bool, ...]
    node_missing: tuple[bool, ...]

    def node(self, code: str) -> NodeScore:
        i = self.position[code]
        return NodeScore(
            code, self.node_achieved[i], self.node_max[i], self.node_na[i], self.node_missing[i]
        )

    def nodes(self) -> Iterator[NodeScore]:
        return (self.node(code) for code in self.codes)

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(c for c, m in zip(self.codes, self.node_missing, strict=True) if m)


@dataclass(frozen=True, slots=True)
class UnitResult:
    """A unit's published result within its group."""

    unit: Unit
    appraised: SideResult
    self_scored: SideResult
    rank: int
    band: ClassBand | None
    previous_index: Decimal | None = None
    previous_rank: int | None = None

    @property
    def index(self) -> Decimal:
        return self.appraised.index

    @property
    def index_change(self) -> Decimal | None:
        if self.previous_index is None:
            return None
        return self.appraised.index - self.previous_index

    @property
    def rank_change(self) -> int | None:
        """Places gained since last year (positive: rose; negative: fell)."""
        if self.previous_rank is None:
            return None
        return self.previous_rank - self.rank


@dataclass(frozen=True, slots=True)
class FieldStats:
    """Per field, over the units of a group to which the field applies."""

    code: str
    title: str
    max_points: Decimal
    average: Decimal | None
    at_max: int
    units: int


@dataclass(frozen=True, slots=True)
class GroupResult:
    group: UnitGroup
    units: tuple[UnitResult, ...]
    average: Decimal | None
    above_average: int
    highest: Decimal | None
    lowest: Decimal | None
    spread: Decimal | None
    fields: tuple[FieldStats, ...]
    riser: UnitResult | None
    faller: UnitResult | None


@dataclass(frozen=True, slots=True)
class RoundResult:
    criteria: CriteriaSet
    groups: tuple[GroupResult, ...]

    def unit(self, code: str) -> UnitResult:
        for group in self.groups:
            for result in group.units:
                if result.unit.code == code:
                    return result
        raise KeyError(code)


@dataclass(frozen=True, slots=True)
class Previous:
    """A unit's published figures from an earlier year, matched by unit code."""

    index: Decimal
    rank: int | None = None
