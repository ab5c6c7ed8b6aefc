"""Rules as plain JSON-ready data (decimals as strings), and back.

Used where a rule is stored outside files, e.g. in a database column::

    kind, params = rule_to_params(RatioRule(full_at=Decimal("0.9")))
    rule_from_params(kind, params) == RatioRule(full_at=Decimal("0.9"))
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from parindex.scoring.rules import RULE_TYPES, Band, ChecklistItem, Rule, RuleKind

UNKNOWN_RULE = "cách chấm «{kind}» không có; dùng một trong: {allowed}"
UNKNOWN_PARAMETER = "cách chấm «{kind}» không có tham số «{name}»"
BAD_NUMBER = "tham số «{name}»: «{value}» không phải là số"
BAD_CHOICE = "tham số «{name}»: «{value}» không hợp lệ; dùng một trong: {allowed}"
BAD_LIST = "tham số «{name}» phải là một danh sách"

JsonValue = str | list[dict[str, str]] | None
TEXT_PARAMETERS = frozenset({"survey", "factor"})  # kept as text, never read as numbers


class RuleParameterError(ValueError):
    """A stored rule that cannot be rebuilt; the message is shown to people."""


def _plain(value: Decimal) -> str:
    return format(value, "f")


def _dump(value: Any) -> JsonValue:
    if isinstance(value, Decimal):
        return _plain(value)
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, tuple):
        return [
            {k: _plain(v) if isinstance(v, Decimal) else v for k, v in _fields(x)} for x in value
        ]
    return None if value is None else str(value)


def _fields(obj: Any) -> list[tuple[str, Any]]:
    return [(f.name, getattr(obj, f.name)) for f in dataclasses.fields(obj)]


def rule_to_params(rule: Rule) -> tuple[str, dict[str, JsonValue]]:
    """The rule's kind and its parameters (``None`` values left out)."""
    params = {name: _dump(value) for name, value in _fields(rule)}
    return rule.kind.value, {k: v for k, v in params.items() if v is not None}


def _decimal(name: str, value: object) -> Decimal:
    try:
        return Decimal(str(value))
    except InvalidOperation:
        raise RuleParameterError(BAD_NUMBER.format(name=name, value=value)) from None


def _items(name: str, value: object, kind: type) -> tuple[Any, ...]:
    if not isinstance(value, list):
        raise RuleParameterError(BAD_LIST.format(name=name))
    out: list[Band | ChecklistItem] = []
    for item in value:
        if kind is Band:
            out.append(Band(_decimal("min", item["minimum"]), _decimal("points", item["points"])))
        else:
            points = _decimal("points", item["points"])
            out.append(ChecklistItem(str(item["code"]), str(item.get("title", "")), points))
    return tuple(out)


def _load(field: dataclasses.Field[Any], value: object) -> Any:
    name = field.name
    if value is None:
        return None
    if name == "bands":
        return _items(name, value, Band)
    if name == "items":
        return _items(name, value, ChecklistItem)
    if name in TEXT_PARAMETERS:
        return str(value)
    default = field.default
    if isinstance(default, StrEnum):
        choices = type(default)
        try:
            return choices(str(value))
        except ValueError:
            allowed = ", ".join(c.value for c in choices)
            raise RuleParameterError(
                BAD_CHOICE.format(name=name, value=value, allowed=allowed)
            ) from None
    return _decimal(name, value)


def rule_from_params(kind: str, params: Mapping[str, object]) -> Rule:
    """The rule of ``kind`` with ``params`` as :func:`rule_to_params` wrote them."""
    try:
        rule_type = RULE_TYPES[RuleKind(kind)]
    except ValueError:
        allowed = ", ".join(k.value for k in RuleKind)
        raise RuleParameterError(UNKNOWN_RULE.format(kind=kind, allowed=allowed)) from None
    fields = {f.name: f for f in dataclasses.fields(rule_type)}
    values = {}
    for name, value in params.items():
        if name not in fields:
            raise RuleParameterError(UNKNOWN_PARAMETER.format(kind=kind, name=name))
        values[name] = _load(fields[name], value)
    return rule_type(**values)
