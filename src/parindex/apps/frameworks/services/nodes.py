"""Editing the tree of a draft set: add, change, delete and reorder nodes.

Every save is checked with the rules of criteria files (:mod:`parindex.apps.frameworks.
checks`). A parent's maximum is the sum of its children's (bonuses and deductions add
nothing): it is refused when typed otherwise, and kept up to date on the way up when a
child is added, changed or deleted. Positions always follow the tree's order.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError, Q, RestrictedError
from django.utils.translation import gettext_lazy as _

from parindex.apps.accounts.models import User
from parindex.apps.audit.services import audit_record
from parindex.apps.frameworks.checks import children_total, plain, read_rule
from parindex.apps.frameworks.models import CodeMapping, CriteriaNode, CriteriaSet
from parindex.apps.frameworks.services._draft import ensure_draft
from parindex.interchange import errors as e
from parindex.numbers import format_vn
from parindex.scoring.rules import RuleKind
from parindex.scoring.serialize import rule_from_params, rule_to_params

NODE_CREATE = "criteria_node_create"
NODE_UPDATE = "criteria_node_update"
NODE_DELETE = "criteria_node_delete"
NODE_MOVE = "criteria_node_move"

CODE_TAKEN = _("mã «{code}» đã có trong bộ tiêu chí")
RULE_ON_PARENT = _("tiêu chí có tiêu chí con thì không có cách chấm; hãy để trống ô này")
CHILD_UNDER_RULE = _(
    "tiêu chí «{code}» đang có cách chấm; hãy bỏ cách chấm của nó trước khi thêm tiêu chí con"
)
NODE_IN_USE = _(
    "tiêu chí «{code}» hoặc tiêu chí con của nó đã được dùng trong đợt đánh giá nên không xóa được"
)
SUM_REASON = _("tổng điểm tối đa của các tiêu chí con thay đổi")


@dataclass(frozen=True, slots=True)
class NodeValues:
    """What a person enters for one node. ``rule`` is a :class:`RuleKind` value or empty;
    ``parameters`` are typed as in a criteria sheet (``bands``: ``90:1; 75:0.5``)."""

    code: str
    title: str
    max_points: Decimal
    rule: str = ""
    parameters: Mapping[str, str] = field(default_factory=dict)
    groups: tuple[str, ...] = ()
    method: str = ""
    evidence_required: str = ""


def snapshot(node: CriteriaNode) -> dict[str, object]:
    """The node as the audit log keeps it."""
    return {
        "code": node.code,
        "title": node.title,
        "max_points": plain(node.max_points),
        "rule": node.rule,
        "parameters": node.parameters,
        "groups": list(node.groups),
        "method": node.method,
        "evidence_required": node.evidence_required,
    }


def _show(value: Decimal) -> str:
    return format_vn(Decimal(plain(value)))


class _Check:
    """The checks of one save; problems collected per form field."""

    def __init__(self, criteria_set: CriteriaSet, node: CriteriaNode | None) -> None:
        self.criteria_set = criteria_set
        self.node = node
        self.errors: dict[str, list[str]] = defaultdict(list)

    def run(self, values: NodeValues, parent: CriteriaNode | None) -> tuple[str, dict[str, object]]:
        """The rule kind and stored parameters; raises ``ValidationError`` by field."""
        self.code(values.code)
        self.groups(values.groups)
        if values.max_points < 0:
            self.errors["max_points"].append(e.NEGATIVE.format(value=_show(values.max_points)))
        if self.node is None and parent is not None and parent.rule:
            self.errors["__all__"].append(str(CHILD_UNDER_RULE).format(code=parent.code))
        children = list(self.node.children.all()) if self.node is not None else []
        stored: tuple[str, dict[str, object]] = ("", {})
        if children:
            self.parent_node(values, children)
        elif values.rule:
            stored = self.rule(values)
        if self.errors:
            raise ValidationError(dict(self.errors))
        return stored

    def code(self, code: str) -> None:
        others = self.criteria_set.nodes.filter(code=code)
        if self.node is not None:
            others = others.exclude(pk=self.node.pk)
        if others.exists():
            self.errors["code"].append(str(CODE_TAKEN).format(code=code))

    def groups(self, groups: tuple[str, ...]) -> None:
        known = set(self.criteria_set.groups.values_list("code", flat=True))
        for code in sorted(set(groups) - known):
            self.errors["groups"].append(e.UNKNOWN_GROUP.format(code=code))

    def parent_node(self, values: NodeValues, children: list[CriteriaNode]) -> None:
        if values.rule:
            self.errors["rule"].append(str(RULE_ON_PARENT))
        total = children_total(children)
        if values.max_points != total:
            message = e.SUM_MISMATCH.format(max=_show(values.max_points), total=_show(total))
            self.errors["max_points"].append(message)

    def rule(self, values: NodeValues) -> tuple[str, dict[str, object]]:
        kind = RuleKind(values.rule)
        rule, problems = read_rule(kind, values.max_points, values.parameters)
        for name, messages in problems.items():
            self.errors[name].extend(messages)
        if rule is None:
            return "", {}
        kind_value, params = rule_to_params(rule)
        assert rule_from_params(kind_value, params) == rule
        return kind_value, dict(params)


def _assign(node: CriteriaNode, values: NodeValues, stored: tuple[str, dict[str, object]]) -> None:
    node.code = values.code
    node.title = values.title
    node.max_points = values.max_points
    node.rule, node.parameters = stored
    node.groups = sorted(values.groups)
    node.method = values.method
    node.evidence_required = values.evidence_required


def _renumber(criteria_set: CriteriaSet) -> None:
    """Positions 1, 2, ... in the tree's order (parents before children)."""
    rows = list(criteria_set.nodes.order_by("position", "id").only("id", "parent_id", "position"))
    children: dict[int | None, list[CriteriaNode]] = defaultdict(list)
    for row in rows:
        children[row.parent_id].append(row)
    changed: list[CriteriaNode] = []
    stack = list(reversed(children[None]))
    position = 0
    while stack:
        row = stack.pop()
        position += 1
        if row.position != position:
            row.position = position
            changed.append(row)
        stack.extend(reversed(children[row.pk]))
    CriteriaNode.objects.bulk_update(changed, ["position"])


def _settle(criteria_set: CriteriaSet, start: CriteriaNode | None, actor: User | None) -> None:
    """Brings the maxima of ``start`` and its ancestors to their children's sums, then
    renumbers the tree."""
    current = CriteriaNode.objects.filter(pk=start.pk).first() if start is not None else None
    while current is not None:
        total = children_total(list(current.children.all()))
        if current.max_points != total:
            old = plain(current.max_points)
            current.max_points = total
            current.save(update_fields=["max_points"])
            audit_record(
                actor=actor,
                action=NODE_UPDATE,
                target=current,
                old={"max_points": old},
                new={"max_points": plain(total)},
                reason=str(SUM_REASON),
                node_code=current.code,
            )
        current = current.parent
    _renumber(criteria_set)


@transaction.atomic
def criteria_node_create(
    *,
    actor: User | None,
    criteria_set: CriteriaSet,
    parent: CriteriaNode | None,
    values: NodeValues,
) -> CriteriaNode:
    """Adds a node at the end of ``parent``'s children (``None``: a new field)."""
    ensure_draft(criteria_set)
    if parent is not None and parent.criteria_set_id != criteria_set.pk:
        raise ValueError("the parent belongs to another criteria set")
    stored = _Check(criteria_set, None).run(values, parent)
    last = criteria_set.nodes.order_by("-position").values_list("position", flat=True).first()
    node = CriteriaNode(criteria_set=criteria_set, parent=parent, position=(last or 0) + 1)
    _assign(node, values, stored)
    node.full_clean()
    node.save()
    audit_record(
        actor=actor, action=NODE_CREATE, target=node, new=snapshot(node), node_code=node.code
    )
    _settle(criteria_set, parent, actor)
    return node


def _follow_code(criteria_set: CriteriaSet, old: str, new: str) -> None:
    """Mappings to and from this set follow a node's new code."""
    if old != new:
        CodeMapping.objects.filter(to_set=criteria_set, to_code=old).update(to_code=new)
        CodeMapping.objects.filter(from_set=criteria_set, from_code=old).update(from_code=new)


@transaction.atomic
def criteria_node_update(
    *, actor: User | None, node: CriteriaNode, values: NodeValues
) -> CriteriaNode:
    criteria_set = node.criteria_set
    ensure_draft(criteria_set)
    old = snapshot(node)
    stored = _Check(criteria_set, node).run(values, node.parent)
    _assign(node, values, stored)
    node.full_clean()
    node.save()
    new = snapshot(node)
    changed = [key for key in new if new[key] != old[key]]
    if changed:
        audit_record(
            actor=actor,
            action=NODE_UPDATE,
            target=node,
            old={key: old[key] for key in changed},
            new={key: new[key] for key in changed},
            node_code=node.code,
        )
    _follow_code(criteria_set, str(old["code"]), node.code)
    _settle(criteria_set, node.parent, actor)
    return node


def _subtree_codes(node: CriteriaNode) -> list[str]:
    rows = list(node.criteria_set.nodes.order_by("position").values_list("pk", "parent_id", "code"))
    inside = {node.pk}
    codes = []
    for pk, parent_id, code in rows:  # parents come before their children
        if pk in inside or parent_id in inside:
            inside.add(pk)
            codes.append(code)
    return codes


@transaction.atomic
def criteria_node_delete(*, actor: User | None, node: CriteriaNode) -> None:
    """Deletes the node and everything below it."""
    criteria_set = node.criteria_set
    ensure_draft(criteria_set)
    codes = _subtree_codes(node)
    old = {**snapshot(node), "subtree": codes}
    parent = node.parent
    try:
        with transaction.atomic():
            node.delete()
    except (ProtectedError, RestrictedError):
        raise ValidationError(str(NODE_IN_USE).format(code=node.code)) from None
    CodeMapping.objects.filter(
        Q(to_set=criteria_set, to_code__in=codes) | Q(from_set=criteria_set, from_code__in=codes)
    ).delete()
    audit_record(actor=actor, action=NODE_DELETE, target=node, old=old, node_code=node.code)
    _settle(criteria_set, parent, actor)


@transaction.atomic
def criteria_node_move(*, actor: User | None, node: CriteriaNode, up: bool) -> bool:
    """Swaps the node with the sibling before (``up``) or after it; ``False`` when there
    is none."""
    criteria_set = node.criteria_set
    ensure_draft(criteria_set)
    siblings = list(criteria_set.nodes.filter(parent_id=node.parent_id).order_by("position", "id"))
    index = next(i for i, sibling in enumerate(siblings) if sibling.pk == node.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(siblings):
        return False
    mine, theirs = siblings[index], siblings[other]
    mine.position, theirs.position = theirs.position, mine.position
    CriteriaNode.objects.bulk_update([mine, theirs], ["position"])
    audit_record(
        actor=actor,
        action=NODE_MOVE,
        target=node,
        old={"order": index + 1},
        new={"order": other + 1},
        node_code=node.code,
    )
    _settle(criteria_set, None, actor)
    return True
