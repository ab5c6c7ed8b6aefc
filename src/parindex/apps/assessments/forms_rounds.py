"""Forms of the rounds pages: a new round, its dates, a unit's extension."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from parindex.apps.accounts.models import Unit
from parindex.apps.assessments.selectors_rounds import published_sets
from parindex.apps.frameworks.models import CriteriaSet

LOCAL_INPUT = "%Y-%m-%dT%H:%M"
UNITS_HELP = _("Để trống: tất cả đơn vị đang hoạt động thuộc các nhóm của bộ tiêu chí tham gia.")


def moment_field(label: Any, required: bool = True) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=required,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_INPUT),
    )


class UnitChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} — {obj.name} ({obj.group.name})"


class DatesForm(forms.Form):
    self_assessment_opens = moment_field(_("Bắt đầu tự đánh giá"))
    self_assessment_deadline = moment_field(_("Hạn tự đánh giá"))
    appraisal_deadline = moment_field(_("Hạn thẩm định"))


class RoundDatesForm(DatesForm):
    reason = forms.CharField(label=_("Lý do thay đổi"), required=False, max_length=500)


class RoundForm(DatesForm):
    name = forms.CharField(label=_("Tên đợt đánh giá"), max_length=300)
    year = forms.IntegerField(label=_("Năm đánh giá"), min_value=2000, max_value=2100)
    criteria_set = forms.ModelChoiceField(
        label=_("Bộ tiêu chí (đã ban hành)"), queryset=CriteriaSet.objects.none()
    )
    units = UnitChoiceField(
        label=_("Đơn vị tham gia"),
        queryset=Unit.objects.none(),
        required=False,
        help_text=UNITS_HELP,
        widget=forms.CheckboxSelectMultiple,
    )

    field_order = (
        "name",
        "year",
        "criteria_set",
        "self_assessment_opens",
        "self_assessment_deadline",
        "appraisal_deadline",
        "units",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        criteria_field = self.fields["criteria_set"]
        assert isinstance(criteria_field, forms.ModelChoiceField)
        criteria_field.queryset = published_sets()
        units_field = self.fields["units"]
        assert isinstance(units_field, forms.ModelMultipleChoiceField)
        units_field.queryset = Unit.objects.filter(is_active=True).select_related("group")


class ExtensionForm(forms.Form):
    until = moment_field(_("Gia hạn tự đánh giá đến (để trống: bỏ gia hạn)"), required=False)
    reason = forms.CharField(label=_("Lý do"), required=False, max_length=500)
