"""The audit action names and logged keys written anywhere in src/, read from the source
itself (its syntax tree), so that a new one without a label makes a test fail.

Actions are found where they are written: the ``action=`` argument of any call, the
argument in the ``action`` position of a function that takes one (``_audit(actor,
ACTION_LOCK, ...)``), constants such as ``ACTION_LOCK`` or ``PUBLISH`` resolved in their
module or the module they are imported from, both sides of ``a if c else b``, and
f-strings such as ``f"{prefix}.failure"`` expanded with every ``prefix`` passed or
defaulted in the source. Module constants that look like dotted action names are taken
too (the demo passes some inside tuples).

Keys are the string keys of dict literals and of ``d["key"] = ...`` in the modules that
write audit rows, and the column names of the services' ``*_FIELDS`` constants.
"""

from __future__ import annotations

import ast
import itertools
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import parindex

SOURCE = Path(parindex.__file__).parent
WRITES_AUDIT = ("audit_record(", "AuditEntry(", ".audit.add(")
DOTTED_ACTION = re.compile(r"^[a-z][a-z_]*\.[a-z][a-z_]*$")
NOT_ACTIONS = {"add_argument"}  # argparse's action="store_true"


@dataclass
class Module:
    name: str
    path: Path
    tree: ast.Module
    constants: dict[str, str] = field(default_factory=dict)
    imported: dict[str, tuple[str, str]] = field(default_factory=dict)  # name → (module, name)

    @property
    def writes_audit(self) -> bool:
        text = self.path.read_text(encoding="utf-8")
        return any(w in text for w in WRITES_AUDIT)


def _module_name(path: Path) -> str:
    parts = path.relative_to(SOURCE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def modules() -> dict[str, Module]:
    found = {}
    for path in sorted(SOURCE.rglob("*.py")):
        module = Module(_module_name(path), path, ast.parse(path.read_text(encoding="utf-8")))
        for node in module.tree.body:
            if isinstance(node, ast.Assign | ast.AnnAssign) and _is_str(node.value):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for target in targets:
                    if isinstance(target, ast.Name):
                        module.constants[target.id] = node.value.value
            if isinstance(node, ast.ImportFrom) and node.module:
                for alias in node.names:
                    module.imported[alias.asname or alias.name] = (node.module, alias.name)
        found[module.name] = module
    return found


def _is_str(node: ast.AST | None) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def _constant(module: Module, name: str) -> str | None:
    if name in module.constants:
        return module.constants[name]
    if name in module.imported:
        source, original = module.imported[name]
        if source in modules():
            return _constant(modules()[source], original)
    return None


@cache
def _passed(module_name: str, keyword: str) -> frozenset[str]:
    """Every string literal given to a parameter ``keyword`` of the functions of one module:
    passed by name in a call anywhere in the source, or as the parameter's default."""
    functions = [
        node
        for node in ast.walk(modules()[module_name].tree)
        if isinstance(node, ast.FunctionDef) and keyword in _parameters(node.args)
    ]
    names = {f.name for f in functions}
    values: set[str] = set()
    for function in functions:
        values |= _defaults(function.args, keyword)
    for module in modules().values():
        for node in ast.walk(module.tree):
            if isinstance(node, ast.Call) and _call_name(node) in names:
                values |= {
                    k.value.value for k in node.keywords if k.arg == keyword and _is_str(k.value)
                }
    return frozenset(values)


def _parameters(args: ast.arguments) -> list[str]:
    return [a.arg for a in (*args.posonlyargs, *args.args, *args.kwonlyargs)]


def _defaults(args: ast.arguments, name: str) -> set[str]:
    positional = [*args.posonlyargs, *args.args]
    pairs = list(
        zip(positional[len(positional) - len(args.defaults) :], args.defaults, strict=True)
    )
    pairs += [(a, d) for a, d in zip(args.kwonlyargs, args.kw_defaults, strict=True) if d]
    return {d.value for a, d in pairs if a.arg == name and _is_str(d)}


def _values(module: Module, node: ast.expr) -> set[str]:
    """The strings an expression written as an action can be."""
    if _is_str(node):
        return {node.value}
    if isinstance(node, ast.Name):
        value = _constant(module, node.id)
        return {value} if value is not None else set()
    if isinstance(node, ast.IfExp):
        return _values(module, node.body) | _values(module, node.orelse)
    if isinstance(node, ast.JoinedStr):
        return _formatted(module, node)
    return set()


def _formatted(module: Module, node: ast.JoinedStr) -> set[str]:
    choices: list[set[str]] = []
    for part in node.values:
        if _is_str(part):
            choices.append({part.value})
        elif isinstance(part, ast.FormattedValue) and isinstance(part.value, ast.Name):
            name = part.value.id
            constant = _constant(module, name)
            choices.append({constant} if constant is not None else set(_passed(module.name, name)))
        else:
            return set()
    return {"".join(parts) for parts in itertools.product(*choices)}


def _action_positions(module: Module) -> dict[str, int]:
    """Functions of the module with an ``action`` parameter, and its position."""
    out = {}
    for node in ast.walk(module.tree):
        if isinstance(node, ast.FunctionDef):
            names = [a.arg for a in (*node.args.posonlyargs, *node.args.args)]
            if "action" in names:
                out[node.name] = names.index("action")
    return out


def _call_name(call: ast.Call) -> str:
    func = call.func
    return func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")


def actions() -> set[str]:
    found: set[str] = set()
    for module in modules().values():
        positions = _action_positions(module)
        for node in ast.walk(module.tree):
            if not isinstance(node, ast.Call) or _call_name(node) in NOT_ACTIONS:
                continue
            for keyword in node.keywords:
                if keyword.arg == "action":
                    found |= _values(module, keyword.value)
            position = positions.get(_call_name(node))
            called = isinstance(node.func, ast.Name) and position is not None
            if called and position < len(node.args):
                found |= _values(module, node.args[position])
        if module.writes_audit:
            found |= {v for v in module.constants.values() if DOTTED_ACTION.match(v)}
    return found


def logged_keys() -> dict[str, set[str]]:
    """Each key → where it is written (``module:line``)."""
    found: dict[str, set[str]] = {}

    def add(key: str, module: Module, node: ast.AST) -> None:
        found.setdefault(key, set()).add(f"{module.name}:{getattr(node, 'lineno', 0)}")

    for module in modules().values():
        if not module.writes_audit or module.name.startswith("parindex.apps.audit"):
            continue
        for node in ast.walk(module.tree):
            if isinstance(node, ast.Dict):
                for key in node.keys:
                    if key is not None and _is_str(key):
                        add(key.value, module, key)
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Subscript) and _is_str(target.slice):
                        add(target.slice.value, module, target)
        if module.name.startswith("parindex.apps."):
            for name, values in _field_constants(module):
                for value in values:
                    add(value, module, name)
    return found


def _field_constants(module: Module) -> list[tuple[ast.AST, list[str]]]:
    """The column names of ``*_FIELDS`` constants (tuples, or a dict's values)."""
    out = []
    for node in module.tree.body:
        if not isinstance(node, ast.Assign) or len(node.targets) != 1:
            continue
        target = node.targets[0]
        if not (isinstance(target, ast.Name) and target.id.endswith("_FIELDS")):
            continue
        value = node.value
        items = value.values if isinstance(value, ast.Dict) else getattr(value, "elts", [])
        out.append((node, [i.value for i in items if _is_str(i)]))
    return out
