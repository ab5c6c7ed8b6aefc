"""Forms of the appraisal pages: the appraised entry, a return for supplement, the unit's
answer, and the reason of a reopening. Validation of an entry is the rule's own."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parindex import scoring
from parindex.apps.assessments.models import Score
from parindex.apps.assessments.services_appraisal import (
    NOTHING_ENTERED,
    AppraisalRefused,
    entry_points,
    is_computed,
)
from parindex.apps.frameworks.models import CriteriaNode
from parindex.numbers import format_vn
from parindex.scoring.rules import BandMeasure, ChecklistRule, RuleKind
from parindex.scoring.serialize import rule_from_params

RAW_INPUTS: dict[str, tuple[str, ...]] = {
    RuleKind.JUDGED: (),
    RuleKind.CHECKLIST: ("items",),
    RuleKind.RATIO: ("numerator", "denominator"),
    RuleKind.RELATIVE: ("value",),
    RuleKind.BANDS: ("value",),
    RuleKind.COUNT: ("count",),
    RuleKind.DEDUCTION: ("count",),
    RuleKind.BONUS: ("count",),
    RuleKind.ACCURACY: (),
    RuleKind.SURVEY: (),
}
ENTRY_INPUTS = ("score", "numerator", "denominator", "count", "value", "items", "not_applicable")
DIRECT_SCORE_HELP = _("Để trống để hệ thống tính điểm từ số liệu bên dưới.")
DEFAULT_SUPPLEMENT_DAYS = 7
SUPPLEMENT_HOUR = time(17, 0)


def _decimal(label: Any, digits: int = 18) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, required=False, localize=True, max_digits=digits, decimal_places=4
    )


def form_prefix(node: CriteriaNode) -> str:
    """One prefix per item so that every form on a page has its own field ids."""
    return "m" + node.code.replace(".", "_")


def _inputs(node: CriteriaNode) -> tuple[str, ...]:
    """The entry inputs a node's rule reads (a direct score is always possible)."""
    if node.rule == RuleKind.BANDS:
        measure = node.parameters.get("measure", BandMeasure.VALUE.value)
        raw: tuple[str, ...] = (
            ("numerator", "denominator") if measure == BandMeasure.PERCENT.value else ("value",)
        )
    else:
        raw = RAW_INPUTS.get(node.rule or RuleKind.JUDGED, ())
    return ("score", *raw, "not_applicable")


def _item_choices(node: CriteriaNode) -> list[tuple[str, str]]:
    if node.rule != RuleKind.CHECKLIST:
        return []
    rule = rule_from_params(node.rule, node.parameters)
    assert isinstance(rule, ChecklistRule)
    return [
        (item.code, f"{item.title} ({format_vn(item.points.normalize())})") for item in rule.items
    ]


class AppraiseForm(forms.Form):
    """The appraised entry of one item: a score or the raw inputs of its rule, an opinion."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    score = _decimal(_("Điểm thẩm định"), digits=12)
    numerator = _decimal(_("Tử số"))
    denominator = _decimal(_("Mẫu số"))
    count = _decimal(_("Số lượng"))
    value = _decimal(_("Giá trị"))
    items = forms.MultipleChoiceField(
        label=_("Mục đạt"), required=False, widget=forms.CheckboxSelectMultiple
    )
    not_applicable = forms.BooleanField(label=_("Không áp dụng"), required=False)
    opinion = forms.CharField(
        label=_("Ý kiến thẩm định"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, node: CriteriaNode, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", form_prefix(node))
        super().__init__(*args, **kwargs)
        self.node = node
        kept = () if is_computed(node) else _inputs(node)
        for name in ENTRY_INPUTS:
            if name not in kept:
                del self.fields[name]
        if "items" in self.fields:
            self.fields["items"].choices = _item_choices(node)  # type: ignore[attr-defined]
        if len(kept) > 2:  # raw inputs besides the direct score
            self.fields["score"].help_text = DIRECT_SCORE_HELP

    def entry(self) -> scoring.Entry:
        data: dict[str, Any] = self.cleaned_data
        if data.get("not_applicable"):
            return scoring.NOT_APPLICABLE
        items: list[str] = data.get("items") or []
        return scoring.Entry(
            score=data.get("score"),
            numerator=data.get("numerator"),
            denominator=data.get("denominator"),
            count=data.get("count"),
            value=data.get("value"),
            items=frozenset(items) if "items" in self.fields else None,
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors or is_computed(self.node):
            return data
        entry = self.entry()
        if entry.score is None and not entry.has_raw() and not entry.not_applicable:
            raise forms.ValidationError(NOTHING_ENTERED)
        try:
            entry_points(self.node, entry)
        except AppraisalRefused as exc:
            raise forms.ValidationError(exc.message) from None
        return data


def appraise_initial(score: Score) -> dict[str, Any]:
    """The appraised entry if there is one, else the unit's own entry to confirm or change."""
    side = "appraised" if _has_entry(score, "appraised") else "self"
    items = getattr(score, f"{side}_items")

    def number(name: str) -> Decimal | None:
        return _plain(getattr(score, f"{side}_{name}"))

    return {
        "version": score.version,
        "score": number("score"),
        "numerator": number("numerator"),
        "denominator": number("denominator"),
        "count": number("count"),
        "value": number("value"),
        "items": list(items or []),
        "not_applicable": getattr(score, f"{side}_not_applicable"),
        "opinion": score.opinion,
    }


def _plain(value: Decimal | None) -> Decimal | None:
    """45.0000 → 45 and 0.2500 → 0.25 for the form (never 1E+2)."""
    if value is None:
        return None
    return value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize()


def _has_entry(score: Score, side: str) -> bool:
    names = ("score", "numerator", "denominator", "count", "value", "items")
    values = [getattr(score, f"{side}_{name}") for name in names]
    return getattr(score, f"{side}_not_applicable") or any(v is not None for v in values)


def default_supplement_deadline() -> datetime:
    day = timezone.localdate() + timedelta(days=DEFAULT_SUPPLEMENT_DAYS)
    return timezone.make_aware(datetime.combine(day, SUPPLEMENT_HOUR))


class ReturnForm(forms.Form):
    """Return an item to the unit for supplement, until a deadline."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    text = forms.CharField(
        label=_("Nội dung yêu cầu bổ sung"), widget=forms.Textarea(attrs={"rows": 3})
    )
    deadline = forms.DateTimeField(
        label=_("Hạn bổ sung"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    def __init__(self, *args: Any, node: CriteriaNode, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", form_prefix(node) + "-tra-lai")
        super().__init__(*args, **kwargs)


class AnswerForm(forms.Form):
    """The unit's answer to a returned item: an explanation and a proposed score."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    text = forms.CharField(
        label=_("Giải trình, bổ sung của đơn vị"), widget=forms.Textarea(attrs={"rows": 3})
    )
    proposed = _decimal(_("Điểm đơn vị đề nghị"), digits=12)
    file = forms.FileField(label=_("Tài liệu kiểm chứng bổ sung"), required=False)

    def __init__(self, *args: Any, node: CriteriaNode, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", form_prefix(node) + "-bo-sung")
        super().__init__(*args, **kwargs)

    @property
    def proposed_score(self) -> Decimal | None:
        value: Decimal | None = self.cleaned_data.get("proposed")
        return value


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do mở lại"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
