"""Forms of the results pages: the review note, the withdrawal reason, the history file."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

HISTORY_HELP = _(
    "Tệp CSV hoặc Excel (cột year, unit, group, index; có thể thêm rank, class, name, "
    "group_name, units, achieved, max) hoặc tệp kết quả JSON của ParIndex."
)


class ReviewForm(forms.Form):
    note = forms.CharField(
        label=_("Nhận xét rà soát"),
        help_text=_("Ví dụ: đã đối chiếu với biên bản họp Hội đồng thẩm định ngày ..."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do rút lại"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )


class HistoryForm(forms.Form):
    file = forms.FileField(label=_("Tệp lịch sử chỉ số"), help_text=HISTORY_HELP)
