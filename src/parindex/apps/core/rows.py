"""Model instances from a hand-written statement, for the few reads that run on every
view of a busy page, where composing the query with the ORM costs more than running it.

:func:`select_list` writes the columns of a model under a table alias; :func:`instance`
builds the model from those values with the same conversions the ORM applies to what
the database returns (dates, decimals, uuids on SQLite...), so the object is the one
``Model.objects.get`` would give.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model

Converter = Callable[[Any, Any, Any], Any]


def _fields(model: type[Model]) -> list[Any]:
    return list(model._meta.concrete_fields)


def width(model: type[Model]) -> int:
    """How many columns :func:`select_list` writes for ``model``."""
    return len(_fields(model))


def select_list(model: type[Model], alias: str, using: str = DEFAULT_DB_ALIAS) -> str:
    """``alias.col1, alias.col2, ...``: every concrete column of ``model``, in field order."""
    quote = connections[using].ops.quote_name
    return ", ".join(f"{quote(alias)}.{quote(f.column)}" for f in _fields(model))


@cache
def _converters(
    model: type[Model], using: str
) -> tuple[tuple[str, ...], tuple[tuple[Any, tuple[Converter, ...]], ...]]:
    connection = connections[using]
    fields = _fields(model)
    table = model._meta.db_table
    out = []
    for f in fields:
        column = f.get_col(table)
        found = connection.ops.get_db_converters(column) + f.get_db_converters(connection)
        out.append((column, tuple(found)))
    return tuple(f.attname for f in fields), tuple(out)


def instance[M: Model](model: type[M], values: Sequence[Any], using: str = DEFAULT_DB_ALIAS) -> M:
    """``model`` from the values of its :func:`select_list` columns, converted as the
    ORM converts them."""
    names, converters = _converters(model, using)
    if len(values) != len(names):
        shorter = "shorter" if len(values) < len(names) else "longer"
        raise ValueError(f"{model.__name__}: {len(values)} values, {shorter} than its columns")
    connection = connections[using]
    converted = []
    for read, (column, steps) in zip(values, converters, strict=True):
        value = read
        for step in steps:
            value = step(value, column, connection)
        converted.append(value)
    return model.from_db(using, list(names), converted)
