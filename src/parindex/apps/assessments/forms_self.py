"""Forms of the self-assessment: one leaf's entry, an evidence upload, a delegation.

The forms only read the input (numbers, ticked items); whether the entry is valid for
the leaf's rule is decided by the service, which asks the scoring engine.

Numbers are typed in text boxes (``inputmode="decimal"``), not ``type=number``: a
browser's number box reads the decimal comma of Vietnamese by its own locale, and
Chromium turns "0,5" into "05". The boxes show stored values with a decimal comma and
no digit groups ("17831", "0,5"), which reads back unchanged.

The page shows a hundred or more leaves: :func:`stored_entry` describes a leaf's form
from the stored score as plain data without building a Django form; the form itself is
built for a POST only (and its :meth:`SelfScoreForm.entry` shows what was typed back with
the errors).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from parindex.apps.accounts.models import User
from parindex.apps.assessments import rule_inputs
from parindex.apps.assessments.models import Score
from parindex.apps.frameworks.models import CriteriaNode
from parindex.numbers import format_vn
from parindex.scoring import ChecklistRule, Rule

LABELS = rule_inputs.LABELS

# What a number box takes: digits with one decimal comma or dot, spaces between digit
# groups, a sign for values. The browser checks it (HTML ``pattern``) and so does the
# server; "1.234,5" (a dot between thousands) is refused, not read as 1.2345 or 1234.5.
NUMBER_PATTERN = r"\s*-?(\d[\d ]*([.,]\d*)?|[.,]\d+)\s*"
NUMBER = re.compile(NUMBER_PATTERN, re.ASCII)
NOT_A_NUMBER = _("«%(value)s» không phải là số; hãy nhập ví dụ 0,5 hoặc 94,6.")
GROUPED_NUMBER = _(
    "«%(value)s»: không dùng dấu chấm hay dấu phẩy để phân cách hàng nghìn; chỉ dùng một "
    "dấu phẩy thập phân, ví dụ 1234,5."
)
AMBIGUOUS_DOT = _(
    "«%(value)s» có thể là %(thousands)s (dấu chấm ngăn hàng nghìn) hoặc %(decimal)s (dấu "
    "chấm thập phân): hãy nhập %(plain)s hoặc %(decimal)s."
)
NUMBER_HINT = _("Một số, dấu phẩy thập phân, ví dụ 0,5")
# "1.234" or "-12.500": one dot followed by exactly three digits after a whole part that
# does not start with 0. Vietnamese writing reads it as 1234, a decimal point as 1.234;
# which one was meant cannot be told, so it is refused with both readings shown.
AMBIGUOUS = re.compile(r"-?[1-9]\d{0,2}\.\d{3}", re.ASCII)


class VnDecimalField(forms.DecimalField):
    """A decimal typed the Vietnamese way (``0,5``) or with a dot (``0.5``); a number
    with digit groups marked by dots or commas (``1.234,5``), or a dot that may mark
    thousands as well as decimals (``1.234``), is refused, never guessed."""

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if isinstance(value, str) and value.strip():
            text = value.strip()
            if not NUMBER.fullmatch(text):
                grouped = sum(text.count(mark) for mark in ",.") > 1
                message = GROUPED_NUMBER if grouped else NOT_A_NUMBER
                raise ValidationError(message, code="invalid", params={"value": text})
            if AMBIGUOUS.fullmatch(text):
                whole, fraction = text.split(".")
                raise ValidationError(
                    AMBIGUOUS_DOT,
                    code="invalid",
                    params={
                        "value": text,
                        "thousands": format_vn(Decimal(whole + fraction)),
                        "plain": whole + fraction,
                        "decimal": f"{whole},{fraction}",
                    },
                )
            value = text.replace(" ", "").replace(",", ".")
        result: Decimal | None = super().to_python(value)
        return result


def plain(value: Decimal | None) -> str | None:
    """``Decimal("0.5000")`` → ``"0.5"``: the stored number without trailing zeros."""
    if value is None:
        return None
    return format(value.normalize(), "f")


def typed(value: Decimal | None) -> str:
    """A stored number as a number box shows it: ``"0,5"``, ``"17831"`` (a decimal comma
    as on the rest of the page, but no dots between thousands: they would read back as a
    decimal point)."""
    text = plain(value)
    return "" if text is None else text.replace(".", ",")


def number_attrs() -> SafeString:
    """The attributes of every number box, in the active language (written once)."""
    return _number_attrs(get_language())


@functools.cache
def _number_attrs(language: str | None) -> SafeString:
    attrs = {
        "inputmode": "decimal",
        "pattern": NUMBER_PATTERN,
        "title": str(NUMBER_HINT),
        "autocomplete": "off",
    }
    return format_html_join(" ", '{}="{}"', attrs.items())


def _number(name: str) -> VnDecimalField:
    return VnDecimalField(
        label=LABELS[name],
        required=False,
        max_digits=18,
        decimal_places=4,
        widget=forms.TextInput,
    )


def item_choices(rule: Rule) -> list[tuple[str, str]]:
    """The items of a checklist rule to tick: (code, "title (points)")."""
    items = rule.items if isinstance(rule, ChecklistRule) else ()
    return [(i.code, f"{i.title} ({format_vn(i.points.normalize())} điểm)") for i in items]


def _auto_id(score: Score) -> str:
    return f"id_{score.uuid.hex[:12]}_%s"


@dataclass(slots=True)
class Control:
    """One input of a leaf's entry form: a number box, or a list of items to tick."""

    name: str
    id: str
    label: str
    errors: list[str]
    value: str = ""
    attrs: SafeString = field(default_factory=SafeString)
    choices: list[tuple[str, str, bool]] = field(default_factory=list)


@dataclass(slots=True)
class LeafEntry:
    """A leaf's entry form as the page writes it: the rule's inputs, "not applicable",
    the explanation, the version it was read at, and the form's own errors."""

    controls: list[Control]
    not_applicable: bool
    explanation: str
    version: str
    errors: list[str] = field(default_factory=list)


def stored_entry(score: Score, rule: Rule) -> LeafEntry:
    """The entry form of ``score`` filled with what is stored, as plain data."""
    auto_id = _auto_id(score)
    attrs = number_attrs()
    values = {
        rule_inputs.SCORE: score.self_score,
        rule_inputs.NUMERATOR: score.self_numerator,
        rule_inputs.DENOMINATOR: score.self_denominator,
        rule_inputs.COUNT: score.self_count,
        rule_inputs.VALUE: score.self_value,
    }
    controls = []
    for name in rule_inputs.inputs(rule):
        control = Control(name=name, id=auto_id % name, label=str(LABELS[name]), errors=[])
        if name == rule_inputs.ITEMS:
            ticked = set(score.self_items or ())
            control.choices = [(c, label, c in ticked) for c, label in item_choices(rule)]
        else:
            control.value, control.attrs = typed(values[name]), attrs
        controls.append(control)
    return LeafEntry(controls, score.self_not_applicable, score.explanation, str(score.version))


class SelfScoreForm(forms.Form):
    """A unit's entry for one leaf: the inputs its rule needs, "not applicable", the
    explanation (giải trình) and the version the person started from."""

    not_applicable = forms.BooleanField(label=_("Không áp dụng"), required=False)
    explanation = forms.CharField(
        label=_("Giải trình"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, score: Score, rule: Rule, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", _auto_id(score))
        super().__init__(*args, **kwargs)
        self.score = score
        self.rule = rule
        self.item_choices = item_choices(rule)
        self.inputs = rule_inputs.inputs(rule)
        for name in self.inputs:
            self.fields[name] = self._field(name)
        order = [*self.inputs, "not_applicable", "explanation", "version"]
        self.order_fields(order)

    def _field(self, name: str) -> forms.Field:
        if name == rule_inputs.ITEMS:
            return forms.MultipleChoiceField(
                label=LABELS[name],
                required=False,
                choices=self.item_choices,
                widget=forms.CheckboxSelectMultiple,
            )
        return _number(name)

    def entry(self) -> LeafEntry:
        """The form as the page writes it: what was typed, with the errors."""
        explanation = self["explanation"].value()
        version = self["version"].value()
        return LeafEntry(
            controls=[self._control(self[name]) for name in self.inputs],
            not_applicable=bool(self["not_applicable"].value()),
            explanation="" if explanation is None else str(explanation),
            version="" if version is None else str(version),
            errors=[str(e) for e in self.non_field_errors()],
        )

    def _control(self, bound: forms.BoundField) -> Control:
        value = bound.value()
        control = Control(
            name=bound.html_name,
            id=bound.auto_id,
            label=str(bound.label),
            errors=[str(e) for e in bound.errors],
        )
        if isinstance(bound.field, forms.MultipleChoiceField):
            ticked = {str(v) for v in value or ()}
            control.choices = [(code, label, code in ticked) for code, label in self.item_choices]
        else:
            control.value = "" if value is None else str(value)
            control.attrs = number_attrs()
        return control


class EvidenceForm(forms.Form):
    file = forms.FileField(
        label=_("Tài liệu kiểm chứng"),
        allow_empty_file=True,  # an empty file gets the service's clear message
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.xlsx,.png,.jpg,.jpeg"}),
    )


class DelegationForm(forms.Form):
    """The leader gives one criterion (and what is below it) to one staff member."""

    staff = forms.ChoiceField(label=_("Cán bộ"))
    node = forms.ChoiceField(label=_("Tiêu chí"))

    def __init__(
        self, *args: Any, staff: list[User], nodes: list[CriteriaNode], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.staff_by_uuid = {str(u.uuid): u for u in staff}
        self.nodes_by_uuid = {str(n.uuid): n for n in nodes}
        staff_field, node_field = self.fields["staff"], self.fields["node"]
        assert isinstance(staff_field, forms.ChoiceField)
        assert isinstance(node_field, forms.ChoiceField)
        staff_field.choices = [(str(u.uuid), str(u)) for u in staff]
        node_field.choices = [(str(n.uuid), f"{n.code}. {n.title[:90]}") for n in nodes]

    def chosen(self) -> tuple[User, CriteriaNode]:
        data = self.cleaned_data
        return self.staff_by_uuid[data["staff"]], self.nodes_by_uuid[data["node"]]
