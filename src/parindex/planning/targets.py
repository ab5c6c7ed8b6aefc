"""Whether a yearly target on an index was met: "rise at least 3 places", "reach rank 5 or
better", "score at least 90". Plain Python: the indices app and its pages call it with
the positions they read.

A position is a score and/or a rank "of N" (a published result may give only one of
them, e.g. "DDCI: 16th of 23"). Rising compares ranks with the year before, whatever
the number of units ranked each year (17/21 → 4/21 is a rise of 13 places).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


class Goal(StrEnum):
    RISE = "rise"  # rise at least N places against the year before
    RANK = "rank"  # reach rank N or better
    SCORE = "score"  # reach a score of at least X


class Status(StrEnum):
    MET = "met"
    MISSED = "missed"
    PENDING = "pending"  # no result for the year yet
    UNKNOWN = "unknown"  # the result lacks what the target compares (a rank, a score, last year)


@dataclass(frozen=True, slots=True)
class Position:
    """A published result: the score and the rank among ``of`` (each may be missing)."""

    score: Decimal | None = None
    rank: int | None = None
    of: int | None = None


def places_risen(current: Position | None, previous: Position | None) -> int | None:
    """Places gained against the year before (negative: fell); ``None`` without both ranks."""
    if current is None or previous is None or current.rank is None or previous.rank is None:
        return None
    return previous.rank - current.rank


def evaluate(
    goal: Goal, amount: Decimal, current: Position | None, previous: Position | None = None
) -> Status:
    """Whether ``current`` (the target's year) meets the target; ``previous`` is the year
    before, needed by rise targets."""
    if current is None:
        return Status.PENDING
    if goal is Goal.SCORE:
        return _compare(current.score, lambda score: score >= amount)
    if goal is Goal.RANK:
        return _compare(current.rank, lambda rank: rank <= amount)
    return _compare(places_risen(current, previous), lambda risen: risen >= amount)


def _compare[T](value: T | None, test: Callable[[T], bool]) -> Status:
    if value is None:
        return Status.UNKNOWN
    return Status.MET if test(value) else Status.MISSED
