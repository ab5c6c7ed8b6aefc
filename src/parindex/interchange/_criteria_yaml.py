"""Criteria sets in YAML: the set's keys at the top, ``groups``, ``classification`` and the
tree under ``fields`` (each node's ``children``). Rule parameters sit on the node."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from parindex.interchange import errors as e
from parindex.interchange._cells import Collector, Record, as_text
from parindex.interchange._criteria_build import (
    BAND_COLUMNS,
    GROUP_COLUMNS,
    META_KEYS,
    NODE_BASICS,
    CriteriaRecords,
    NodeRecord,
)
from parindex.interchange._rules import ALL_PARAMETERS, yaml_parameters
from parindex.interchange._yaml import LineDict, dump_yaml, load_yaml
from parindex.interchange.errors import ImportFailed, Problem
from parindex.scoring.model import CriteriaSet, Node

TOP_KEYS = (*META_KEYS, "groups", "classification", "fields")
NODE_KEYS = (*NODE_BASICS, *ALL_PARAMETERS, "groups", "children")


class _Reader:
    def __init__(self, path: Path, collector: Collector) -> None:
        self.file = path.name
        self.collector = collector

    def record(self, mapping: LineDict, allowed: Sequence[str]) -> Record:
        record = Record(self.file, None, mapping.line, dict(mapping), mapping.key_lines)
        for key in mapping:
            if key not in allowed:
                message = e.UNKNOWN_KEY.format(allowed=", ".join(allowed))
                self.collector.add(record, key, message)
        for key, line, first in mapping.repeated:
            problem = Problem(self.file, None, line, key, e.DUPLICATE_KEY.format(row=first))
            self.collector.add_problem(problem)
        return record

    def mappings(self, owner: Record, key: str) -> list[LineDict]:
        """The list under ``key`` of ``owner``; reports a non-list and non-mapping items."""
        value = owner.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.collector.add(owner, key, e.NOT_A_LIST)
            return []
        out = []
        for item in value:
            if isinstance(item, LineDict):
                out.append(item)
            else:
                self.collector.add(owner, key, e.NOT_A_MAPPING)
        return out

    def nodes(self, owner: Record, key: str, parent: str | None, out: list[NodeRecord]) -> None:
        for item in self.mappings(owner, key):
            record = self.record(item, NODE_KEYS)
            out.append(NodeRecord(record, parent))
            self.nodes(record, "children", as_text(record.get("code")) or None, out)


def read_yaml_criteria(path: Path) -> tuple[CriteriaRecords, Collector]:
    """The records of the YAML file at ``path`` and the problems of its structure."""
    data = load_yaml(path)
    if not isinstance(data, LineDict):
        raise ImportFailed([Problem(path.name, None, 1, None, e.NOT_A_MAPPING)])
    collector = Collector()
    reader = _Reader(path, collector)
    meta = reader.record(data, TOP_KEYS)
    groups = [reader.record(m, GROUP_COLUMNS) for m in reader.mappings(meta, "groups")]
    bands = [reader.record(m, BAND_COLUMNS) for m in reader.mappings(meta, "classification")]
    nodes: list[NodeRecord] = []
    reader.nodes(meta, "fields", None, nodes)
    records = CriteriaRecords(
        meta=meta,
        groups=groups,
        bands=bands,
        nodes=nodes,
        no_groups=meta.problem("groups", e.NO_GROUPS),
        no_fields=meta.problem("fields", e.NO_FIELDS),
    )
    return records, collector


def criteria_to_yaml(criteria: CriteriaSet) -> dict[str, object]:
    """The criteria set as plain YAML data, keys in the documented order."""
    rounding = criteria.rounding
    data: dict[str, object] = {
        "code": criteria.code,
        "name": criteria.name,
        "year": criteria.year,
        "decision_number": criteria.decision_number or None,
        "decision_date": criteria.decision_date,
        "index_decimals": rounding.index_decimals,
        "score_decimals": rounding.score_decimals,
        "rounding": rounding.mode.value,
        "tie_policy": criteria.tie_policy.value,
        "index_cap": criteria.index_cap,
        "groups": [{"code": g.code, "name": g.name} for g in criteria.groups],
        "classification": [
            {"minimum": b.minimum, "label": b.label, "short": b.short or None}
            for b in criteria.bands
        ],
        "fields": [_node(node) for node in criteria.fields],
    }
    return _without_none(data)


def _node(node: Node) -> dict[str, object]:
    data: dict[str, object] = {
        "code": node.code,
        "title": node.title,
        "max_points": node.max_points,
    }
    if node.rule is not None:
        data["rule"] = node.rule.kind.value
        data.update(yaml_parameters(node.rule))
    if node.groups:
        data["groups"] = sorted(node.groups)
    if node.children:
        data["children"] = [_node(child) for child in node.children]
    return data


def _without_none(data: dict[str, object]) -> dict[str, object]:
    out: dict[str, object] = {}
    for key, value in data.items():
        if isinstance(value, list):
            out[key] = [_without_none(v) if isinstance(v, dict) else v for v in value]
        elif value is not None:
            out[key] = value
    return out


def write_yaml_criteria(criteria: CriteriaSet, path: Path) -> None:
    dump_yaml(criteria_to_yaml(criteria), path)
