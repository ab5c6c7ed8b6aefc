"""Writes on indices: definitions and components, yearly results with their components,
and targets. Each runs in one transaction with its audit row; permissions are checked
here as well as in the views."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from parindex.apps.accounts import access
from parindex.apps.accounts.models import Unit, User
from parindex.apps.audit.services import audit_record
from parindex.apps.indices.models import (
    ComponentValue,
    Goal,
    IndexComponent,
    IndexDefinition,
    IndexTarget,
    IndexValue,
)
from parindex.numbers import format_vn

DEFINITION_CREATE = "index_definition.create"
DEFINITION_UPDATE = "index_definition.update"
COMPONENT_CREATE = "index_component.create"
COMPONENT_UPDATE = "index_component.update"
VALUE_RECORD = "index_value.record"
VALUE_IMPORT = "index_value.import"
VALUE_DELETE = "index_value.delete"
TARGET_CREATE = "index_target.create"
TARGET_DELETE = "index_target.delete"

COMPUTED_NO_VALUES = _(
    "Chỉ số {code} được tính từ các đợt đánh giá; không ghi kết quả cho chỉ số này."
)
UNIT_REQUIRED = _("Chỉ số {code} được đánh giá theo từng đơn vị: hãy chọn đơn vị.")
NO_UNIT_FOR_PROVINCE = _("Chỉ số {code} chỉ đánh giá cấp tỉnh: để trống đơn vị.")
SCORE_OR_RANK = _("Cần nhập điểm hoặc xếp hạng (hoặc cả hai).")
SCORE_ABOVE_MAX = _("Điểm {score} vượt điểm tối đa {max}.")
RANK_ABOVE_TOTAL = _("Xếp hạng {rank} lớn hơn tổng số {total}.")
NOT_ITS_COMPONENT = _("Thành phần «{code}» không thuộc chỉ số {other}.")
SCOPE_LOCKED = _("Chỉ số PAR INDEX luôn đánh giá theo từng đơn vị.")
CODE_IN_USE = _("Thành phần đã có kết quả hoặc mục tiêu nên không đổi mã được.")
TARGET_EXISTS = _("Mục tiêu này đã có cho năm {year}.")
RISE_OR_RANK_WHOLE = _("Số bậc và thứ hạng phải là số nguyên dương.")
SCORE_TARGET_NEGATIVE = _("Mức điểm mục tiêu không được âm.")


@dataclass(frozen=True, slots=True)
class Part:
    """A component's score and/or rank in a result."""

    score: Decimal | None = None
    rank: int | None = None


def _save(instance: Any) -> None:
    instance.full_clean()
    instance.save()


def _text(value: Decimal | None) -> str | None:
    return None if value is None else format(value.normalize(), "f")


def _where(unit: Unit | None) -> str:
    return unit.code if unit is not None else ""


# --- definitions and components ----------------------------------------------------------

DEFINITION_FIELDS = (
    "code",
    "name",
    "scope",
    "description",
    "score_label",
    "score_max",
    "unit_may_record",
    "position",
    "is_active",
)
COMPONENT_FIELDS = ("code", "name", "score_max", "position", "is_active")


def _values(instance: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    out = {}
    for name in fields:
        value = getattr(instance, name)
        out[name] = _text(value) if isinstance(value, Decimal) else value
    return out


def _require_manager(actor: User) -> None:
    if not access.can_manage_indices(actor):
        raise PermissionDenied


@transaction.atomic
def definition_create(*, actor: User, **fields: Any) -> IndexDefinition:
    _require_manager(actor)
    definition = IndexDefinition(**fields)
    _save(definition)
    new = _values(definition, DEFINITION_FIELDS)
    audit_record(actor=actor, action=DEFINITION_CREATE, target=definition, new=new)
    return definition


@transaction.atomic
def definition_update(
    *, actor: User, definition: IndexDefinition, **fields: Any
) -> IndexDefinition:
    _require_manager(actor)
    old = _values(IndexDefinition.objects.get(pk=definition.pk), DEFINITION_FIELDS)
    if definition.computed and fields.get("scope", definition.scope) != definition.scope:
        raise ValidationError({"scope": SCOPE_LOCKED})
    for name, value in fields.items():
        setattr(definition, name, value)
    _save(definition)
    new = _values(definition, DEFINITION_FIELDS)
    if new != old:
        audit_record(actor=actor, action=DEFINITION_UPDATE, target=definition, old=old, new=new)
    return definition


@transaction.atomic
def component_create(*, actor: User, definition: IndexDefinition, **fields: Any) -> IndexComponent:
    _require_manager(actor)
    component = IndexComponent(definition=definition, **fields)
    _save(component)
    new = {"index": definition.code, **_values(component, COMPONENT_FIELDS)}
    audit_record(actor=actor, action=COMPONENT_CREATE, target=component, new=new)
    return component


@transaction.atomic
def component_update(*, actor: User, component: IndexComponent, **fields: Any) -> IndexComponent:
    _require_manager(actor)
    stored = IndexComponent.objects.get(pk=component.pk)
    old = _values(stored, COMPONENT_FIELDS)
    used = stored.values.exists() or stored.targets.exists()
    if used and fields.get("code", stored.code) != stored.code:
        raise ValidationError({"code": CODE_IN_USE})
    for name, value in fields.items():
        setattr(component, name, value)
    _save(component)
    new = _values(component, COMPONENT_FIELDS)
    if new != old:
        audit_record(actor=actor, action=COMPONENT_UPDATE, target=component, old=old, new=new)
    return component


# --- yearly results ----------------------------------------------------------------------


def check_scope(definition: IndexDefinition, unit: Unit | None) -> None:
    code = definition.code
    if definition.computed:
        raise ValidationError(str(COMPUTED_NO_VALUES).format(code=code))
    if unit is None and not definition.for_province:
        raise ValidationError({"unit": str(UNIT_REQUIRED).format(code=code)})
    if unit is not None and not definition.for_units:
        raise ValidationError({"unit": str(NO_UNIT_FOR_PROVINCE).format(code=code)})


def check_figures(
    *,
    score: Decimal | None,
    rank: int | None,
    rank_of: int | None,
    score_max: Decimal | None,
    field_prefix: str = "",
) -> None:
    """A result's (or a component's) figures; errors keyed by the form's field names."""
    errors: dict[str, Any] = {}
    if score is None and rank is None:
        errors[f"{field_prefix}score"] = SCORE_OR_RANK
    if score is not None and score_max is not None and score > score_max:
        message = str(SCORE_ABOVE_MAX).format(score=_show(score), max=_show(score_max))
        errors[f"{field_prefix}score"] = message
    if rank is not None and rank_of is not None and rank > rank_of:
        errors[f"{field_prefix}rank"] = str(RANK_ABOVE_TOTAL).format(rank=rank, total=rank_of)
    if errors:
        raise ValidationError(errors)


def _show(value: Decimal) -> str:
    return format_vn(value.normalize())


def snapshot(value: IndexValue | None) -> dict[str, Any] | None:
    """A result as the audit log keeps it (components by code)."""
    if value is None:
        return None
    parts = {
        part.component.code: {"score": _text(part.score), "rank": part.rank}
        for part in value.parts.select_related("component")
    }
    return {
        "score": _text(value.score),
        "rank": value.rank,
        "rank_of": value.rank_of,
        "note": value.note,
        "parts": parts,
    }


def _check_parts(definition: IndexDefinition, parts: Mapping[IndexComponent, Part]) -> None:
    for component, part in parts.items():
        if component.definition_id != definition.pk:
            message = str(NOT_ITS_COMPONENT).format(code=component.code, other=definition.code)
            raise ValidationError(message)
        check_figures(
            score=part.score,
            rank=part.rank,
            rank_of=None,
            score_max=component.score_max,
            field_prefix=f"{component.code}:",
        )


def _store_parts(
    value: IndexValue, parts: Mapping[IndexComponent, Part], *, replace_parts: bool
) -> None:
    if replace_parts:
        value.parts.exclude(component__in=list(parts)).delete()
    for component, part in parts.items():
        ComponentValue.objects.update_or_create(
            value=value, component=component, defaults={"score": part.score, "rank": part.rank}
        )


@transaction.atomic
def value_record(
    *,
    actor: User,
    definition: IndexDefinition,
    year: int,
    unit: Unit | None,
    score: Decimal | None,
    rank: int | None,
    rank_of: int | None,
    note: str = "",
    parts: Mapping[IndexComponent, Part] | None = None,
    replace_parts: bool = True,
    action: str = VALUE_RECORD,
    reason: str = "",
) -> tuple[IndexValue, bool]:
    """Records (or replaces) the result of ``definition`` for ``year`` and ``unit`` (the
    province when ``None``); with ``replace_parts`` components left out are removed.
    Returns the result and whether it is new."""
    if not access.can_record_index(actor, definition, unit):
        raise PermissionDenied
    check_scope(definition, unit)
    check_figures(score=score, rank=rank, rank_of=rank_of, score_max=definition.score_max)
    parts = parts or {}
    _check_parts(definition, parts)
    value = IndexValue.objects.filter(definition=definition, year=year, unit=unit).first()
    old = snapshot(value)
    created = value is None
    value = value or IndexValue(definition=definition, year=year, unit=unit)
    value.score, value.rank, value.rank_of, value.note = score, rank, rank_of, note
    value.recorded_by = actor
    _save(value)
    _store_parts(value, parts, replace_parts=replace_parts)
    new = snapshot(value)
    if new != old:
        audit_record(
            actor=actor,
            action=action,
            target=value,
            old=old,
            new={"index": definition.code, "year": year, **(new or {})},
            reason=reason,
            unit_code=_where(unit),
        )
    return value, created


@transaction.atomic
def value_delete(*, actor: User, value: IndexValue, reason: str = "") -> None:
    if not access.can_record_index(actor, value.definition, value.unit):
        raise PermissionDenied
    old = {"index": value.definition.code, "year": value.year, **(snapshot(value) or {})}
    audit_record(
        actor=actor,
        action=VALUE_DELETE,
        target=value,
        old=old,
        reason=reason,
        unit_code=_where(value.unit),
    )
    value.delete()


# --- targets -----------------------------------------------------------------------------


def _target_values(target: IndexTarget) -> dict[str, Any]:
    return {
        "index": target.definition.code,
        "year": target.year,
        "component": target.component.code if target.component else None,
        "goal": target.goal,
        "amount": _text(target.amount),
        "note": target.note,
    }


def _check_target(target: IndexTarget) -> None:
    if target.goal in (Goal.RISE, Goal.RANK) and (
        target.amount != target.amount.to_integral_value() or target.amount < 1
    ):
        raise ValidationError({"amount": RISE_OR_RANK_WHOLE})
    if target.goal == Goal.SCORE and target.amount < 0:
        raise ValidationError({"amount": SCORE_TARGET_NEGATIVE})
    if target.component is not None and target.component.definition_id != target.definition_id:
        message = str(NOT_ITS_COMPONENT).format(
            code=target.component.code, other=target.definition.code
        )
        raise ValidationError({"component": message})
    twins = IndexTarget.objects.filter(
        definition=target.definition,
        year=target.year,
        unit=target.unit,
        component=target.component,
        goal=target.goal,
    )
    if twins.exists():
        raise ValidationError({"goal": str(TARGET_EXISTS).format(year=target.year)})


@transaction.atomic
def target_create(
    *,
    actor: User,
    definition: IndexDefinition,
    year: int,
    unit: Unit | None,
    goal: str,
    amount: Decimal,
    component: IndexComponent | None = None,
    note: str = "",
) -> IndexTarget:
    if not access.can_set_index_target(actor, unit):
        raise PermissionDenied
    if unit is None and not definition.for_province:
        raise ValidationError({"unit": str(UNIT_REQUIRED).format(code=definition.code)})
    if unit is not None and not definition.for_units:
        raise ValidationError({"unit": str(NO_UNIT_FOR_PROVINCE).format(code=definition.code)})
    target = IndexTarget(
        definition=definition,
        year=year,
        unit=unit,
        goal=goal,
        amount=amount,
        component=component,
        note=note,
        set_by=actor,
    )
    _check_target(target)
    _save(target)
    audit_record(
        actor=actor,
        action=TARGET_CREATE,
        target=target,
        new=_target_values(target),
        unit_code=_where(unit),
    )
    return target


@transaction.atomic
def target_delete(*, actor: User, target: IndexTarget) -> None:
    if not access.can_set_index_target(actor, target.unit):
        raise PermissionDenied
    audit_record(
        actor=actor,
        action=TARGET_DELETE,
        target=target,
        old=_target_values(target),
        unit_code=_where(target.unit),
    )
    target.delete()
