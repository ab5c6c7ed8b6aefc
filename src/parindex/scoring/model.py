"""The criteria set as plain data: a tree of nodes, each with a maximum and a rule.

Everything here is frozen and uses :class:`~decimal.Decimal`; nothing imports Django.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from enum import StrEnum

from parindex.scoring.rules import Rule

ZERO = Decimal(0)
HUNDRED = Decimal(100)


class Rounding(StrEnum):
    """How published figures are rounded."""

    HALF_UP = "half_up"
    HALF_EVEN = "half_even"

    @property
    def decimal_mode(self) -> str:
        return ROUND_HALF_UP if self is Rounding.HALF_UP else ROUND_HALF_EVEN


class TiePolicy(StrEnum):
    """How units with the same published index are ranked.

    ``shared``: equal indices share a rank and the next rank is skipped (1, 1, 3).
    ``dense``: equal indices share a rank and the next rank follows (1, 1, 2).
    ``achieved``: equal indices are separated by achieved points, then share (1, 2, 2, 4).
    """

    SHARED = "shared"
    DENSE = "dense"
    ACHIEVED = "achieved"


@dataclass(frozen=True, slots=True)
class RoundingPolicy:
    """Decimals and mode for published figures, declared by the criteria set."""

    index_decimals: int = 2
    score_decimals: int = 2
    mode: Rounding = Rounding.HALF_UP

    def index(self, value: Decimal) -> Decimal:
        return value.quantize(Decimal(1).scaleb(-self.index_decimals), self.mode.decimal_mode)

    def score(self, value: Decimal) -> Decimal:
        return value.quantize(Decimal(1).scaleb(-self.score_decimals), self.mode.decimal_mode)


@dataclass(frozen=True, slots=True)
class ClassBand:
    """A classification band: every index at or above ``minimum`` (up to the next band)."""

    minimum: Decimal
    label: str
    short: str = ""


@dataclass(frozen=True, slots=True)
class UnitGroup:
    """A group of units ranked separately (departments, communes, districts...)."""

    code: str
    name: str


@dataclass(frozen=True, slots=True)
class Node:
    """One node of the criteria tree.

    A node with children adds up its children; a leaf carries a rule. ``groups`` lists
    the unit groups the node applies to (empty: every group of the set).
    """

    code: str
    title: str
    max_points: Decimal
    rule: Rule | None = None
    children: tuple[Node, ...] = ()
    groups: frozenset[str] = frozenset()

    @property
    def is_leaf(self) -> bool:
        return not self.children

    def applies_to(self, group: str) -> bool:
        return not self.groups or group in self.groups

    def walk(self) -> Iterator[Node]:
        """This node and all below it, depth first, parents before children."""
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True, slots=True)
class CriteriaSet:
    """A criteria set (bộ tiêu chí): the tree of fields and everything needed to publish."""

    code: str
    name: str
    year: int
    fields: tuple[Node, ...]
    groups: tuple[UnitGroup, ...]
    bands: tuple[ClassBand, ...] = ()
    rounding: RoundingPolicy = field(default_factory=RoundingPolicy)
    tie_policy: TiePolicy = TiePolicy.SHARED
    index_cap: Decimal | None = None
    decision_number: str = ""
    decision_date: date | None = None

    def nodes(self) -> Iterator[Node]:
        for top in self.fields:
            yield from top.walk()

    def node_map(self) -> Mapping[str, Node]:
        return {node.code: node for node in self.nodes()}

    def group(self, code: str) -> UnitGroup | None:
        return next((g for g in self.groups if g.code == code), None)

    def classify(self, index: Decimal) -> ClassBand | None:
        """The band whose minimum is the highest one not above ``index``."""
        best: ClassBand | None = None
        for band in self.bands:
            if index >= band.minimum and (best is None or band.minimum > best.minimum):
                best = band
        return best


@dataclass(frozen=True, slots=True)
class Unit:
    """An assessed unit (đơn vị được đánh giá)."""

    code: str
    name: str
    group: str


@dataclass(frozen=True, slots=True)
class Entry:
    """What one side (self-scoring or appraisal) recorded for one node of one unit.

    Either a direct ``score``, or the raw inputs the node's rule turns into a score,
    or ``not_applicable``.
    """

    score: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    count: Decimal | None = None
    value: Decimal | None = None
    items: frozenset[str] | None = None
    not_applicable: bool = False

    def has_raw(self) -> bool:
        return any(
            x is not None
            for x in (self.numerator, self.denominator, self.count, self.value, self.items)
        )


NOT_APPLICABLE = Entry(not_applicable=True)


@dataclass(frozen=True, slots=True)
class UnitScores:
    """Self-scoring and appraisal entries of one unit, keyed by node code."""

    unit: str
    appraised: Mapping[str, Entry] = field(default_factory=dict)
    self_scored: Mapping[str, Entry] = field(default_factory=dict)
