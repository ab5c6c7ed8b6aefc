"""Last year's JSON (written by :func:`write_json`) read back for comparisons."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

# openpyxl ships no type hints; ``unused-ignore`` keeps mypy quiet once types-openpyxl is added
from parindex.interchange.errors import (
    FILE_NOT_FOUND,
    FILE_UNREADABLE,
    NOT_A_LIST,
    ImportFailed,
    Problem,
)
from parindex.scoring import (
    Previous,
)

JsonObject = dict[str, Any]

PREVIOUS_NOT_JSON = "tệp không phải JSON hợp lệ (dòng {line}, cột {column}): {error}"
PREVIOUS_NOT_OBJECT = "phải là một đối tượng JSON"
PREVIOUS_NOT_LIST = NOT_A_LIST
PREVIOUS_MISSING = "thiếu trường bắt buộc"
PREVIOUS_BAD_CODE = "mã đơn vị phải là một chuỗi không rỗng"
PREVIOUS_BAD_INDEX = "«{value}» không phải là chỉ số; cần một số thập phân không âm, ví dụ «93.36»"
PREVIOUS_BAD_RANK = "«{value}» không phải là hạng; cần một số nguyên dương hoặc null"
PREVIOUS_DUPLICATE = "mã đơn vị «{code}» đã có ở {first}"


class _Reader:
    """Walks the JSON tree, collecting a :class:`Problem` per bad value."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []

    def problem(self, where: str | None, message: str) -> None:
        problem = Problem(file=self.path, sheet=None, row=None, column=where, message=message)
        self.problems.append(problem)

    def typed(self, value: object, kind: type, where: str, message: str) -> Any:
        if isinstance(value, kind):
            return value
        self.problem(where, message)
        return None


def _shown(value: object) -> str:
    """A JSON value as the user wrote it, for a message."""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)


def _parse_index(value: object) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, str | int | Decimal):
        return None
    try:
        number = Decimal(value.strip()) if isinstance(value, str) else Decimal(value)
    except InvalidOperation:
        return None
    return number if number.is_finite() and number >= 0 else None


def _parse_rank(value: object) -> tuple[bool, int | None]:
    if value is None:
        return True, None
    if isinstance(value, int) and not isinstance(value, bool) and value >= 1:
        return True, value
    return False, None


def _read_unit(reader: _Reader, unit: object, where: str) -> tuple[str, Previous] | None:
    entry = reader.typed(unit, dict, where, PREVIOUS_NOT_OBJECT)
    if entry is None:
        return None
    required = [key for key in ("code", "index") if key not in entry]
    for key in required:
        reader.problem(f"{where}.{key}", PREVIOUS_MISSING)
    code, index = entry.get("code"), _parse_index(entry.get("index"))
    ok_rank, rank = _parse_rank(entry.get("rank"))
    if "code" in entry and not (isinstance(code, str) and code.strip()):
        reader.problem(f"{where}.code", PREVIOUS_BAD_CODE)
    if "index" in entry and index is None:
        reader.problem(f"{where}.index", PREVIOUS_BAD_INDEX.format(value=_shown(entry["index"])))
    if not ok_rank:
        reader.problem(f"{where}.rank", PREVIOUS_BAD_RANK.format(value=_shown(entry.get("rank"))))
    if required or index is None or not ok_rank or not isinstance(code, str) or not code.strip():
        return None
    return code.strip(), Previous(index=index, rank=rank)


def _units_of(reader: _Reader, data: object) -> Iterator[tuple[str, object]]:
    """(JSON path, unit object) of every unit in the file."""
    top = reader.typed(data, dict, "$", PREVIOUS_NOT_OBJECT)
    if top is None:
        return
    if "groups" not in top:
        reader.problem("groups", PREVIOUS_MISSING)
        return
    groups = reader.typed(top["groups"], list, "groups", PREVIOUS_NOT_LIST)
    for g, group in enumerate(groups or []):
        where = f"groups[{g}]"
        entry = reader.typed(group, dict, where, PREVIOUS_NOT_OBJECT)
        if entry is None:
            continue
        if "units" not in entry:
            reader.problem(f"{where}.units", PREVIOUS_MISSING)
            continue
        units = reader.typed(entry["units"], list, f"{where}.units", PREVIOUS_NOT_LIST)
        for u, unit in enumerate(units or []):
            yield f"{where}.units[{u}]", unit


def _read_json(reader: _Reader, path: Path) -> object:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        reader.problem(None, FILE_NOT_FOUND)
        return None
    except (OSError, UnicodeDecodeError) as exc:
        reader.problem(None, FILE_UNREADABLE.format(reason=exc))
        return None
    try:
        return json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        message = PREVIOUS_NOT_JSON.format(line=exc.lineno, column=exc.colno, error=exc.msg)
        reader.problem(None, message)
        return None


def _collect(reader: _Reader, data: object) -> dict[str, Previous]:
    found: dict[str, Previous] = {}
    first_seen: dict[str, str] = {}
    for where, unit in _units_of(reader, data):
        read = _read_unit(reader, unit, where)
        if read is None:
            continue
        code, previous = read
        if code in found:
            reader.problem(
                f"{where}.code", PREVIOUS_DUPLICATE.format(code=code, first=first_seen[code])
            )
            continue
        found[code], first_seen[code] = previous, where
    return found


def load_previous(path: str | os.PathLike[str]) -> dict[str, Previous]:
    """Index and rank per unit code from a results JSON of an earlier year.

    Raises :class:`ImportFailed` listing every bad value with its JSON path as column
    (``groups[0].units[3].index``); like the other importers, problems name the file
    without its folder.
    """
    reader = _Reader(Path(path).name)
    data = _read_json(reader, Path(path))
    found = _collect(reader, data) if not reader.problems else {}
    if reader.problems:
        raise ImportFailed(reader.problems)
    return found
