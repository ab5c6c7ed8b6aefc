"""The frozen inputs of a result: everything the engine saw, as canonical JSON.

Plain Python (no Django), so that a published result can be recomputed anywhere from the
stored text alone. The text is canonical — keys sorted, no spaces, UTF-8, every figure a
decimal string with a dot — so its SHA-256 identifies the inputs, and a computation
always runs on what :func:`thaw` reads back from it: recomputing the same text gives
byte-identical results JSON (:func:`results_text`).

Layout (``version`` 1)::

    {"format": "parindex.result-inputs", "version": 1,
     "round": {"uuid", "name", "year"},
     "criteria": {code, name, year, decision_number, decision_date, rounding, tie_policy,
                  index_cap, groups, bands, fields: [node {code, title, max_points, rule,
                  groups, children}]},
     "units": [{"code", "name", "group"}],            # in the order the engine is given
     "scores": {unit: {"appraised": {node: entry}, "self": {node: entry}}},
     "extra": {unit: {node: entry}},                  # e.g. survey points, over both sides
     "previous": {unit: {"index", "rank", "year", "source"}}}

An entry holds only what was recorded: ``score``, ``numerator``, ``denominator``,
``count``, ``value`` (figures), ``items`` (sorted codes), ``not_applicable`` (true).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from parindex import scoring
from parindex.interchange.results import results_to_json
from parindex.scoring.serialize import RuleParameterError, rule_from_params, rule_to_params

FORMAT = "parindex.result-inputs"
VERSION = 1
ENTRY_FIGURES = ("score", "numerator", "denominator", "count", "value")
BROKEN = "dữ liệu đầu vào đã lưu không đọc được ({reason})"

JsonObject = dict[str, Any]
ExtraEntries = Mapping[str, Mapping[str, scoring.Entry]]


class InputsBroken(ValueError):  # noqa: N818 - a refusal shown to people
    """Stored inputs that cannot be read back; the message is shown to people."""


@dataclass(frozen=True, slots=True)
class RoundInfo:
    uuid: str
    name: str
    year: int


@dataclass(frozen=True, slots=True)
class PreviousFigure:
    """A unit's figures of the year before, as used for the comparison."""

    index: Decimal
    rank: int | None
    year: int
    source: str


@dataclass(frozen=True, slots=True)
class Inputs:
    """What a computation needs: the criteria, the units, both sides' entries as stored,
    entries added from elsewhere (survey points) and last year's figures."""

    round: RoundInfo
    criteria: scoring.CriteriaSet
    units: tuple[scoring.Unit, ...]
    scores: Mapping[str, scoring.UnitScores]
    extra: ExtraEntries = field(default_factory=dict)
    previous: Mapping[str, PreviousFigure] = field(default_factory=dict)

    def merged_scores(self) -> dict[str, scoring.UnitScores]:
        """Every unit's entries with the extra entries laid over both sides."""
        out = {}
        for unit in self.units:
            own = self.scores.get(unit.code) or scoring.UnitScores(unit.code)
            extra = self.extra.get(unit.code, {})
            out[unit.code] = scoring.UnitScores(
                unit.code,
                appraised={**own.appraised, **extra},
                self_scored={**own.self_scored, **extra},
            )
        return out

    def compute(self) -> scoring.RoundResult:
        """The engine's results; raises :class:`parindex.scoring.ScoringErrors`."""
        previous = {
            code: scoring.Previous(index=p.index, rank=p.rank) for code, p in self.previous.items()
        }
        return scoring.compute(self.criteria, self.units, self.merged_scores(), previous)


# --- figures ----------------------------------------------------------------------------


def plain(value: Decimal) -> str:
    """A decimal without trailing zeros and never with an exponent: 60.0000 → "60"."""
    whole = value == value.to_integral_value()
    value = value.quantize(Decimal(1)) if whole else value.normalize()
    if value.is_zero():
        value = abs(value)
    return format(value, "f")


def _opt(value: Decimal | None) -> str | None:
    return None if value is None else plain(value)


def _decimal(value: object) -> Decimal:
    if not isinstance(value, str):
        raise InputsBroken(BROKEN.format(reason=f"{value!r} không phải là số dạng chuỗi"))
    try:
        return Decimal(value)
    except InvalidOperation:
        raise InputsBroken(BROKEN.format(reason=f"«{value}» không phải là số")) from None


def _opt_decimal(value: object) -> Decimal | None:
    return None if value is None else _decimal(value)


# --- to data ----------------------------------------------------------------------------


def _node_data(node: scoring.Node) -> JsonObject:
    rule = None
    if node.rule is not None:
        kind, params = rule_to_params(node.rule)
        rule = {"kind": kind, "params": params}
    return {
        "code": node.code,
        "title": node.title,
        "max_points": plain(node.max_points),
        "rule": rule,
        "groups": sorted(node.groups),
        "children": [_node_data(child) for child in node.children],
    }


def criteria_data(criteria: scoring.CriteriaSet) -> JsonObject:
    rounding = criteria.rounding
    return {
        "code": criteria.code,
        "name": criteria.name,
        "year": criteria.year,
        "decision_number": criteria.decision_number,
        "decision_date": criteria.decision_date.isoformat() if criteria.decision_date else None,
        "rounding": {
            "index_decimals": rounding.index_decimals,
            "score_decimals": rounding.score_decimals,
            "mode": rounding.mode.value,
        },
        "tie_policy": criteria.tie_policy.value,
        "index_cap": _opt(criteria.index_cap),
        "groups": [{"code": g.code, "name": g.name} for g in criteria.groups],
        "bands": [
            {"minimum": plain(b.minimum), "label": b.label, "short": b.short}
            for b in criteria.bands
        ],
        "fields": [_node_data(node) for node in criteria.fields],
    }


def entry_data(entry: scoring.Entry) -> JsonObject:
    data: JsonObject = {}
    for name in ENTRY_FIGURES:
        value = getattr(entry, name)
        if value is not None:
            data[name] = format(value, "f")
    if entry.items is not None:
        data["items"] = sorted(entry.items)
    if entry.not_applicable:
        data["not_applicable"] = True
    return data


def _entries_data(entries: Mapping[str, scoring.Entry]) -> JsonObject:
    return {code: entry_data(entry) for code, entry in entries.items()}


def to_data(inputs: Inputs) -> JsonObject:
    return {
        "format": FORMAT,
        "version": VERSION,
        "round": {"uuid": inputs.round.uuid, "name": inputs.round.name, "year": inputs.round.year},
        "criteria": criteria_data(inputs.criteria),
        "units": [{"code": u.code, "name": u.name, "group": u.group} for u in inputs.units],
        "scores": {
            code: {
                "appraised": _entries_data(scores.appraised),
                "self": _entries_data(scores.self_scored),
            }
            for code, scores in inputs.scores.items()
        },
        "extra": {code: _entries_data(entries) for code, entries in inputs.extra.items()},
        "previous": {
            code: {"index": plain(p.index), "rank": p.rank, "year": p.year, "source": p.source}
            for code, p in inputs.previous.items()
        },
    }


def canonical(data: JsonObject) -> str:
    """The canonical text of ``data``: sorted keys, no spaces, Vietnamese kept as is."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def freeze(inputs: Inputs) -> str:
    """The canonical text of ``inputs``."""
    return canonical(to_data(inputs))


# --- from data --------------------------------------------------------------------------


def _node(data: JsonObject) -> scoring.Node:
    rule = data["rule"]
    return scoring.Node(
        code=data["code"],
        title=data["title"],
        max_points=_decimal(data["max_points"]),
        rule=None if rule is None else rule_from_params(rule["kind"], rule["params"]),
        children=tuple(_node(child) for child in data["children"]),
        groups=frozenset(data["groups"]),
    )


def criteria_from_data(data: JsonObject) -> scoring.CriteriaSet:
    rounding = data["rounding"]
    decided = data["decision_date"]
    return scoring.CriteriaSet(
        code=data["code"],
        name=data["name"],
        year=data["year"],
        fields=tuple(_node(node) for node in data["fields"]),
        groups=tuple(scoring.UnitGroup(g["code"], g["name"]) for g in data["groups"]),
        bands=tuple(
            scoring.ClassBand(_decimal(b["minimum"]), b["label"], b["short"]) for b in data["bands"]
        ),
        rounding=scoring.RoundingPolicy(
            index_decimals=rounding["index_decimals"],
            score_decimals=rounding["score_decimals"],
            mode=scoring.Rounding(rounding["mode"]),
        ),
        tie_policy=scoring.TiePolicy(data["tie_policy"]),
        index_cap=_opt_decimal(data["index_cap"]),
        decision_number=data["decision_number"],
        decision_date=date.fromisoformat(decided) if decided else None,
    )


def entry_from_data(data: JsonObject) -> scoring.Entry:
    items = data.get("items")
    return scoring.Entry(
        **{name: _opt_decimal(data.get(name)) for name in ENTRY_FIGURES},
        items=None if items is None else frozenset(items),
        not_applicable=bool(data.get("not_applicable", False)),
    )


def _entries(data: JsonObject) -> dict[str, scoring.Entry]:
    return {code: entry_from_data(entry) for code, entry in data.items()}


def _read(data: JsonObject) -> Inputs:
    if data.get("format") != FORMAT or data.get("version") != VERSION:
        raise InputsBroken(BROKEN.format(reason="không đúng định dạng hoặc phiên bản"))
    info = data["round"]
    return Inputs(
        round=RoundInfo(info["uuid"], info["name"], info["year"]),
        criteria=criteria_from_data(data["criteria"]),
        units=tuple(scoring.Unit(u["code"], u["name"], u["group"]) for u in data["units"]),
        scores={
            code: scoring.UnitScores(
                code, appraised=_entries(sides["appraised"]), self_scored=_entries(sides["self"])
            )
            for code, sides in data["scores"].items()
        },
        extra={code: _entries(entries) for code, entries in data["extra"].items()},
        previous={
            code: PreviousFigure(_decimal(p["index"]), p["rank"], p["year"], p["source"])
            for code, p in data["previous"].items()
        },
    )


def thaw(text: str) -> Inputs:
    """The inputs of a canonical text; raises :class:`InputsBroken` if it cannot be read."""
    try:
        data = json.loads(text)
        return _read(data)
    except InputsBroken:
        raise
    except (ValueError, KeyError, TypeError, AttributeError, RuleParameterError) as exc:
        raise InputsBroken(BROKEN.format(reason=f"{type(exc).__name__}: {exc}")) from None


# --- results ----------------------------------------------------------------------------


def results_text(result: scoring.RoundResult) -> str:
    """The results in the stable layout of ``docs/results.md``, as ``write_json`` writes it."""
    return json.dumps(results_to_json(result), ensure_ascii=False, indent=2) + "\n"


@dataclass(frozen=True, slots=True)
class Computed:
    """A computation from canonical inputs: the text and hash of both sides."""

    inputs: Inputs
    inputs_text: str
    inputs_sha256: str
    result: scoring.RoundResult
    results_text: str
    results_sha256: str


def compute_frozen(inputs_text: str) -> Computed:
    """Reads ``inputs_text`` back and computes from what was read (never from live data)."""
    inputs = thaw(inputs_text)
    result = inputs.compute()
    text = results_text(result)
    return Computed(inputs, inputs_text, sha256(inputs_text), result, text, sha256(text))


def compute_inputs(inputs: Inputs) -> Computed:
    """Freezes ``inputs`` and computes from the frozen text."""
    return compute_frozen(freeze(inputs))
