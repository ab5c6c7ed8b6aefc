"""Writes of whole sets: metadata, bands, publication, copies, code mappings, deletion."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parindex.apps.accounts.models import UnitGroup, User
from parindex.apps.audit.services import audit_record
from parindex.apps.frameworks.checks import SetProblem, plain, set_problems
from parindex.apps.frameworks.conversion import to_engine
from parindex.apps.frameworks.models import (
    ClassBand,
    CodeMapping,
    CriteriaNode,
    CriteriaSet,
    CriteriaSetStatus,
)
from parindex.apps.frameworks.services._draft import ensure_draft
from parindex.numbers import format_vn

SET_UPDATE = "criteria_set_update"
BANDS_UPDATE = "criteria_set_bands_update"
SET_PUBLISH = "criteria_set_publish"
SET_COPY = "criteria_set_copy"
SET_DELETE = "criteria_set_delete"
MAPPING_UPDATE = "code_mapping_update"

SET_CODE_TAKEN = _("mã bộ tiêu chí «{code}» đã có")
NO_GROUP = _("chọn ít nhất một nhóm đơn vị")
GROUP_IN_USE = _(
    "nhóm «{code}» đang được dùng ở tiêu chí {nodes}; hãy bỏ nhóm này khỏi các tiêu chí đó trước"
)
BAND_REPEATED = _("ngưỡng {minimum} bị lặp")
BAND_LINE = _("dòng {line}: {message}")
SET_IN_USE = _("bộ tiêu chí đã được dùng cho đợt đánh giá nên không xóa được")
SAME_SET = _("hãy chọn hai bộ tiêu chí khác nhau")
NO_SUCH_CODE = _("bộ tiêu chí «{set}» không có tiêu chí mã «{code}»")


@dataclass(frozen=True, slots=True)
class SetValues:
    code: str
    name: str
    year: int
    groups: tuple[UnitGroup, ...]
    decision_number: str = ""
    decision_date: date | None = None
    index_decimals: int = 2
    score_decimals: int = 2
    rounding: str = "half_up"
    tie_policy: str = "shared"
    index_cap: Decimal | None = None


@dataclass(frozen=True, slots=True)
class BandValues:
    minimum: Decimal
    label: str
    short: str = ""


class PublishRefused(ValueError):  # noqa: N818 - what happened: publication was refused
    """The set still has problems; nothing was changed."""

    def __init__(self, problems: Sequence[SetProblem]) -> None:
        super().__init__("\n".join(f"{p.place}, {p.column}: {p.message}" for p in problems))
        self.problems = tuple(problems)


def set_snapshot(criteria_set: CriteriaSet) -> dict[str, object]:
    return {
        "code": criteria_set.code,
        "name": criteria_set.name,
        "year": criteria_set.year,
        "decision_number": criteria_set.decision_number,
        "decision_date": criteria_set.decision_date,
        "index_decimals": criteria_set.index_decimals,
        "score_decimals": criteria_set.score_decimals,
        "rounding": criteria_set.rounding,
        "tie_policy": criteria_set.tie_policy,
        "index_cap": plain(criteria_set.index_cap) if criteria_set.index_cap else None,
        "groups": sorted(criteria_set.groups.values_list("code", flat=True)),
    }


def _changes(old: dict[str, object], new: dict[str, object]) -> tuple[dict[str, object], ...]:
    changed = [key for key in new if new[key] != old.get(key)]
    return {k: old.get(k) for k in changed}, {k: new[k] for k in changed}


def _code_taken(code: str, criteria_set: CriteriaSet | None = None) -> bool:
    others = CriteriaSet.objects.filter(code=code)
    if criteria_set is not None:
        others = others.exclude(pk=criteria_set.pk)
    return others.exists()


def _groups_in_use(criteria_set: CriteriaSet, kept: set[str]) -> list[str]:
    used: dict[str, list[str]] = defaultdict(list)
    for code, groups in criteria_set.nodes.order_by("position").values_list("code", "groups"):
        for group in groups:
            if group not in kept:
                used[group].append(code)
    return [
        str(GROUP_IN_USE).format(code=group, nodes=", ".join(codes))
        for group, codes in sorted(used.items())
    ]


@transaction.atomic
def criteria_set_update(
    *, actor: User | None, criteria_set: CriteriaSet, values: SetValues
) -> CriteriaSet:
    """Changes the metadata and the groups of a draft set."""
    ensure_draft(criteria_set)
    errors: dict[str, list[str]] = defaultdict(list)
    if _code_taken(values.code, criteria_set):
        errors["code"].append(str(SET_CODE_TAKEN).format(code=values.code))
    if not values.groups:
        errors["groups"].append(str(NO_GROUP))
    errors["groups"].extend(_groups_in_use(criteria_set, {g.code for g in values.groups}))
    if any(errors.values()):
        raise ValidationError({k: v for k, v in errors.items() if v})
    old = set_snapshot(criteria_set)
    criteria_set.code, criteria_set.name, criteria_set.year = values.code, values.name, values.year
    criteria_set.decision_number = values.decision_number
    criteria_set.decision_date = values.decision_date
    criteria_set.index_decimals = values.index_decimals
    criteria_set.score_decimals = values.score_decimals
    criteria_set.rounding = values.rounding
    criteria_set.tie_policy = values.tie_policy
    criteria_set.index_cap = values.index_cap
    criteria_set.full_clean()
    criteria_set.save()
    criteria_set.groups.set(values.groups)
    before, after = _changes(old, set_snapshot(criteria_set))
    if after:
        audit_record(actor=actor, action=SET_UPDATE, target=criteria_set, old=before, new=after)
    return criteria_set


def _band_list(bands: Sequence[ClassBand] | Sequence[BandValues]) -> list[list[str]]:
    return [[plain(b.minimum), b.label, b.short] for b in bands]


@transaction.atomic
def criteria_set_bands_update(
    *, actor: User | None, criteria_set: CriteriaSet, bands: Sequence[BandValues]
) -> None:
    """Replaces the classification bands of a draft set."""
    ensure_draft(criteria_set)
    repeated = [m for m, n in Counter(b.minimum for b in bands).items() if n > 1]
    if repeated:
        messages = [str(BAND_REPEATED).format(minimum=format_vn(m)) for m in repeated]
        raise ValidationError({"bands": messages})
    old = _band_list(list(criteria_set.bands.all()))
    rows = [
        ClassBand(criteria_set=criteria_set, minimum=b.minimum, label=b.label, short=b.short)
        for b in bands
    ]
    errors: list[str] = []
    for line, row in enumerate(rows, start=1):
        try:
            row.full_clean(validate_constraints=False)
        except ValidationError as error:
            errors.extend(str(BAND_LINE).format(line=line, message=m) for m in error.messages)
    if errors:
        raise ValidationError({"bands": errors})
    criteria_set.bands.all().delete()
    ClassBand.objects.bulk_create(rows)
    new = _band_list(sorted(bands, key=lambda b: b.minimum, reverse=True))
    if new != old:
        audit_record(actor=actor, action=BANDS_UPDATE, target=criteria_set, old=old, new=new)


@transaction.atomic
def criteria_set_publish(*, actor: User | None, criteria_set: CriteriaSet) -> CriteriaSet:
    """Publishes a draft set after checking all of it; raises :class:`PublishRefused`
    listing every problem (and changes nothing) when it is not a valid set."""
    ensure_draft(criteria_set)
    problems = set_problems(criteria_set)
    if problems:
        raise PublishRefused(problems)
    to_engine(criteria_set)  # what the rounds will compute with must build
    criteria_set.status = CriteriaSetStatus.PUBLISHED
    criteria_set.published_at = timezone.now()
    criteria_set.full_clean()
    criteria_set.save()
    audit_record(
        actor=actor,
        action=SET_PUBLISH,
        target=criteria_set,
        old={"status": CriteriaSetStatus.DRAFT.value},
        new={"status": CriteriaSetStatus.PUBLISHED.value},
    )
    return criteria_set


def _copy_nodes(source: CriteriaSet, copy: CriteriaSet) -> list[CriteriaNode]:
    """Copies the tree level by level (one insert per level), keeping positions."""
    rows = list(source.nodes.order_by("position", "id"))
    made: dict[int, CriteriaNode] = {}
    level = [row for row in rows if row.parent_id is None]
    while level:
        copies = [
            CriteriaNode(
                criteria_set=copy,
                parent=made[row.parent_id] if row.parent_id is not None else None,
                code=row.code,
                position=row.position,
                title=row.title,
                max_points=row.max_points,
                rule=row.rule,
                parameters=dict(row.parameters),
                groups=list(row.groups),
                method=row.method,
                evidence_required=row.evidence_required,
            )
            for row in level
        ]
        CriteriaNode.objects.bulk_create(copies)
        made.update((row.pk, node) for row, node in zip(level, copies, strict=True))
        ids = {row.pk for row in level}
        level = [row for row in rows if row.parent_id in ids]
    return [made[row.pk] for row in rows]


@transaction.atomic
def criteria_set_copy(
    *, actor: User | None, source: CriteriaSet, code: str, name: str, year: int
) -> CriteriaSet:
    """A new draft with everything of ``source``, and a code mapping from ``source`` for
    every node (each code to itself, to be edited when codes are renumbered)."""
    if _code_taken(code):
        raise ValidationError({"code": [str(SET_CODE_TAKEN).format(code=code)]})
    copy = CriteriaSet(
        code=code,
        name=name,
        year=year,
        decision_number="",
        index_decimals=source.index_decimals,
        score_decimals=source.score_decimals,
        rounding=source.rounding,
        tie_policy=source.tie_policy,
        index_cap=source.index_cap,
        copied_from=source,
        created_by=actor,
    )
    copy.full_clean()
    copy.save()
    copy.groups.set(source.groups.all())
    ClassBand.objects.bulk_create(
        ClassBand(criteria_set=copy, minimum=b.minimum, label=b.label, short=b.short)
        for b in source.bands.all()
    )
    nodes = _copy_nodes(source, copy)
    CodeMapping.objects.bulk_create(
        CodeMapping(from_set=source, to_set=copy, from_code=n.code, to_code=n.code) for n in nodes
    )
    audit_record(
        actor=actor,
        action=SET_COPY,
        target=copy,
        old={"copied_from": source.code},
        new={"code": code, "year": year, "nodes": len(nodes)},
    )
    return copy


def _check_mapping(
    from_set: CriteriaSet, to_set: CriteriaSet, pairs: Mapping[str, str]
) -> dict[str, list[str]]:
    from_codes = set(from_set.nodes.values_list("code", flat=True))
    to_codes = set(to_set.nodes.values_list("code", flat=True))
    errors: dict[str, list[str]] = defaultdict(list)
    for source, target in pairs.items():
        if source not in from_codes:
            errors[source].append(str(NO_SUCH_CODE).format(set=from_set.code, code=source))
        if target and target not in to_codes:
            errors[source].append(str(NO_SUCH_CODE).format(set=to_set.code, code=target))
    return dict(errors)


@transaction.atomic
def code_mapping_update(
    *,
    actor: User | None,
    from_set: CriteriaSet,
    to_set: CriteriaSet,
    pairs: Mapping[str, str],
) -> None:
    """Sets, for each code of ``from_set`` in ``pairs``, the matching code of ``to_set``
    (empty: no counterpart). Errors are keyed by the ``from_set`` code."""
    ensure_draft(to_set)
    if from_set.pk == to_set.pk:
        raise ValidationError(str(SAME_SET))
    errors = _check_mapping(from_set, to_set, pairs)
    if errors:
        raise ValidationError(errors)
    rows = CodeMapping.objects.filter(from_set=from_set, to_set=to_set)
    existing = {m.from_code: m for m in rows}
    old: dict[str, str | None] = {}
    new: dict[str, str | None] = {}
    for source, target in pairs.items():
        mapping = existing.get(source)
        before = mapping.to_code if mapping is not None else None
        if before == (target or None):
            continue
        old[source], new[source] = before, target or None
        if mapping is not None and not target:
            mapping.delete()
        elif mapping is not None:
            mapping.to_code = target
            mapping.full_clean()
            mapping.save()
        else:
            mapping = CodeMapping(
                from_set=from_set, to_set=to_set, from_code=source, to_code=target
            )
            mapping.full_clean()
            mapping.save()
    if new:
        reason = f"{from_set.code} → {to_set.code}"
        audit_record(
            actor=actor, action=MAPPING_UPDATE, target=to_set, old=old, new=new, reason=reason
        )


@transaction.atomic
def criteria_set_delete(*, actor: User | None, criteria_set: CriteriaSet) -> None:
    """Deletes a draft set that no round uses."""
    ensure_draft(criteria_set)
    old = set_snapshot(criteria_set)
    try:
        with transaction.atomic():
            criteria_set.delete()
    except (ProtectedError, RestrictedError):
        raise ValidationError(str(SET_IN_USE)) from None
    audit_record(actor=actor, action=SET_DELETE, target=criteria_set, old=old)
