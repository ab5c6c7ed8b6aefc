"""Computed results as the stable JSON layout documented in ``docs/results.md``."""

from __future__ import annotations

import json
import os
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

# openpyxl ships no type hints; ``unused-ignore`` keeps mypy quiet once types-openpyxl is added
from parindex.scoring import (
    FieldResult,
    GroupResult,
    RoundResult,
    UnitResult,
)

JsonObject = dict[str, Any]


def _figure(value: Decimal | None) -> str | None:
    """A Decimal as a plain dot-decimal string (never an exponent, never ``-0``)."""
    if value is None:
        return None
    if value.is_zero():
        value = abs(value)
    return format(value, "f")


def _mover(unit: UnitResult | None) -> JsonObject | None:
    if unit is None:
        return None
    return {
        "code": unit.unit.code,
        "name": unit.unit.name,
        "index_change": _figure(unit.index_change),
    }


def _unit_field(field: FieldResult, self_field: FieldResult) -> JsonObject:
    return {
        "code": field.code,
        "title": field.title,
        "max_points": _figure(field.max_points),
        "achieved": None if field.not_applicable else _figure(field.achieved),
        "applicable_max": _figure(field.applicable_max),
        "index": _figure(field.index),
        "self_achieved": None if self_field.not_applicable else _figure(self_field.achieved),
    }


def _unit_json(unit: UnitResult) -> JsonObject:
    side, own = unit.appraised, unit.self_scored
    return {
        "code": unit.unit.code,
        "name": unit.unit.name,
        "rank": unit.rank,
        "achieved": _figure(side.achieved),
        "applicable_max": _figure(side.applicable_max),
        "index": _figure(side.index),
        "class": unit.band.label if unit.band else None,
        "class_short": (unit.band.short or None) if unit.band else None,
        "index_change": _figure(unit.index_change),
        "rank_change": unit.rank_change,
        "previous_index": _figure(unit.previous_index),
        "previous_rank": unit.previous_rank,
        "self": {
            "achieved": _figure(own.achieved),
            "applicable_max": _figure(own.applicable_max),
            "index": _figure(own.index),
        },
        "fields": [_unit_field(f, s) for f, s in zip(side.fields, own.fields, strict=True)],
    }


def _group_json(group: GroupResult) -> JsonObject:
    return {
        "code": group.group.code,
        "name": group.group.name,
        "average": _figure(group.average),
        "above_average": group.above_average,
        "highest": _figure(group.highest),
        "lowest": _figure(group.lowest),
        "spread": _figure(group.spread),
        "riser": _mover(group.riser),
        "faller": _mover(group.faller),
        "fields": [
            {
                "code": f.code,
                "title": f.title,
                "max_points": _figure(f.max_points),
                "average": _figure(f.average),
                "at_max": f.at_max,
                "units": f.units,
            }
            for f in group.fields
        ],
        "units": [_unit_json(u) for u in group.units],
    }


def results_to_json(result: RoundResult) -> JsonObject:
    """The round's results in the stable layout of ``docs/results.md``."""
    criteria = result.criteria
    return {
        "criteria": {"code": criteria.code, "name": criteria.name, "year": criteria.year},
        "groups": [_group_json(g) for g in result.groups],
    }


def write_json(result: RoundResult, target: str | os.PathLike[str] | IO[str]) -> None:
    """Write :func:`results_to_json` as UTF-8 JSON (indented, Vietnamese kept readable)."""
    text = json.dumps(results_to_json(result), ensure_ascii=False, indent=2) + "\n"
    if isinstance(target, str | os.PathLike):
        Path(target).write_text(text, encoding="utf-8")
    else:
        target.write(text)
