"""YAML with line numbers and without number guessing.

Mappings load as :class:`LineDict` (the line of the mapping and of each key). Scalars
that YAML would read as numbers or booleans stay the text that was written, so codes
keep their leading zeros (``01``), ``0.1`` becomes ``Decimal("0.1")`` only when a number
is expected, and ``90:1`` is not read as a base-60 integer. Dates stay dates.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from parindex.interchange import errors as e
from parindex.interchange._tables import file_problem
from parindex.interchange.errors import ImportFailed, Problem


class LineDict(dict[str, object]):
    """A YAML mapping with the line of the mapping and of each key (1-based)."""

    line: int
    key_lines: dict[str, int]
    repeated: list[tuple[str, int, int]]  # key, line of the repeat, line of the first


class _Loader(yaml.SafeLoader):
    pass


def _construct_map(loader: _Loader, node: yaml.MappingNode) -> Iterator[LineDict]:
    data = LineDict()
    data.line = node.start_mark.line + 1
    data.key_lines = {}
    data.repeated = []
    yield data
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = str(loader.construct_object(key_node, deep=True))
        line = key_node.start_mark.line + 1
        if key in data.key_lines:
            data.repeated.append((key, line, data.key_lines[key]))
        data.key_lines[key] = line
        data[key] = loader.construct_object(value_node, deep=True)


def _construct_text(loader: _Loader, node: yaml.ScalarNode) -> str:
    return str(node.value)


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_map)
for _tag in ("int", "float", "bool"):
    _Loader.add_constructor(f"tag:yaml.org,2002:{_tag}", _construct_text)


def load_yaml(path: Path) -> object:
    """The document at ``path``; raises :class:`ImportFailed` on unreadable or bad YAML."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise file_problem(path, e.FILE_NOT_FOUND) from None
    except UnicodeDecodeError:
        raise file_problem(path, e.NOT_UTF8) from None
    except OSError as exc:
        raise file_problem(path, e.FILE_UNREADABLE.format(reason=exc.strerror)) from None
    try:
        return yaml.load(text, Loader=_Loader)  # a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        row = mark.line + 1 if mark is not None else None
        reason = exc.problem or str(exc)
        problem = Problem(path.name, None, row, None, e.YAML_SYNTAX.format(reason=reason))
        raise ImportFailed([problem]) from None


class _Dumper(yaml.SafeDumper):
    pass


def _represent_decimal(dumper: _Dumper, value: Decimal) -> Any:
    text = format(value, "f")
    tag = "float" if "." in text else "int"
    return dumper.represent_scalar(f"tag:yaml.org,2002:{tag}", text)


_Dumper.add_representer(Decimal, _represent_decimal)


def dump_yaml(data: object, path: Path) -> None:
    text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100, indent=2)
    path.write_text(text, encoding="utf-8")
