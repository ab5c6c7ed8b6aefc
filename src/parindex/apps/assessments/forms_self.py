"""Forms of the self-assessment: one leaf's entry, an evidence upload, a delegation.

The forms only read the input (numbers, ticked items); whether the entry is valid for
the leaf's rule is decided by the service, which asks the scoring engine.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from parindex.apps.accounts.models import User
from parindex.apps.assessments import rule_inputs
from parindex.apps.assessments.models import Score
from parindex.apps.frameworks.models import CriteriaNode
from parindex.numbers import format_vn
from parindex.scoring import ChecklistRule, JudgedRule, Rule

LABELS = rule_inputs.LABELS


class VnDecimalField(forms.DecimalField):
    """A decimal that also accepts the Vietnamese decimal comma (``0,5``)."""

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if isinstance(value, str):
            value = value.strip().replace(" ", "")
            if "," in value and "." not in value:
                value = value.replace(",", ".")
        result: Decimal | None = super().to_python(value)
        return result


def plain(value: Decimal | None) -> str | None:
    """``Decimal("0.5000")`` → ``"0.5"`` (what a number input shows)."""
    if value is None:
        return None
    text = format(value.normalize(), "f")
    return text


def _number(name: str, rule: Rule, node: CriteriaNode) -> VnDecimalField:
    attrs: dict[str, str] = {"step": "any", "inputmode": "decimal"}
    if name == rule_inputs.SCORE:
        attrs.update(min="0", max=plain(node.max_points) or "0")
        if isinstance(rule, JudgedRule) and rule.step is not None:
            attrs["step"] = plain(rule.step) or "any"
    elif name != rule_inputs.VALUE:
        attrs["min"] = "0"
    return VnDecimalField(
        label=LABELS[name],
        required=False,
        max_digits=18,
        decimal_places=4,
        widget=forms.NumberInput(attrs=attrs),
    )


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
        kwargs.setdefault("auto_id", f"id_{score.uuid.hex[:12]}_%s")
        kwargs.setdefault("initial", initial_for(score))
        super().__init__(*args, **kwargs)
        self.score = score
        self.rule = rule
        items = rule.items if isinstance(rule, ChecklistRule) else ()
        self.item_choices = [
            (i.code, f"{i.title} ({format_vn(i.points.normalize())} điểm)") for i in items
        ]
        self.inputs = rule_inputs.inputs(rule)
        for name in self.inputs:
            self.fields[name] = self._field(name, rule, score.node)
        order = [*self.inputs, "not_applicable", "explanation", "version"]
        self.order_fields(order)

    def _field(self, name: str, rule: Rule, node: CriteriaNode) -> forms.Field:
        if name == rule_inputs.ITEMS:
            return forms.MultipleChoiceField(
                label=LABELS[name],
                required=False,
                choices=self.item_choices,
                widget=forms.CheckboxSelectMultiple,
            )
        return _number(name, rule, node)

    def controls(self) -> list[Control]:
        """The rule's inputs, ready to write as plain HTML (a page shows a hundred of
        these forms; Django's widget templates would dominate its rendering time)."""
        return [self._control(self[name]) for name in self.inputs]

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
            attrs = bound.field.widget.attrs.items()
            control.attrs = format_html_join(" ", '{}="{}"', attrs)
        return control

    @property
    def checked(self) -> bool:
        return bool(self["not_applicable"].value())

    @property
    def explanation_text(self) -> str:
        value = self["explanation"].value()
        return "" if value is None else str(value)


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


def initial_for(score: Score) -> dict[str, Any]:
    return {
        rule_inputs.SCORE: plain(score.self_score),
        rule_inputs.NUMERATOR: plain(score.self_numerator),
        rule_inputs.DENOMINATOR: plain(score.self_denominator),
        rule_inputs.COUNT: plain(score.self_count),
        rule_inputs.VALUE: plain(score.self_value),
        rule_inputs.ITEMS: list(score.self_items or []),
        "not_applicable": score.self_not_applicable,
        "explanation": score.explanation,
        "version": score.version,
    }


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
