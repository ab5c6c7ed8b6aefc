"""The planner's target form (a GET form: it reads, it never writes)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from parindex.apps.assessments.forms_self import VnDecimalField
from parindex.planning.whatif import Target, TargetKind

KIND_CHOICES = [
    (TargetKind.RISE.value, _("Tăng ít nhất … bậc")),
    (TargetKind.RANK.value, _("Đạt hạng … trở lên")),
    (TargetKind.INDEX.value, _("Đạt chỉ số từ … trở lên")),
]
WHOLE_NUMBER = _("Số bậc và thứ hạng là số nguyên từ 1 trở lên.")
RANK_ABOVE_SIZE = _("Nhóm có {size} đơn vị: thứ hạng từ 1 đến {size}.")
INDEX_RANGE = _("Chỉ số mục tiêu lớn hơn 0 và không quá 100.")


class TargetForm(forms.Form):
    muc_tieu = forms.ChoiceField(label=_("Mục tiêu"), choices=KIND_CHOICES)
    gia_tri = VnDecimalField(
        label=_("Mức"),
        max_digits=7,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    ca_thuong_tru = forms.BooleanField(
        label=_("Tính cả điểm thưởng và việc tránh điểm trừ"), required=False
    )

    def __init__(self, *args: Any, size: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.size = size

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind, value = data.get("muc_tieu"), data.get("gia_tri")
        if kind is None or value is None:
            return data
        if kind == TargetKind.INDEX:
            if not Decimal(0) < value <= Decimal(100):
                self.add_error("gia_tri", INDEX_RANGE)
        elif value != value.to_integral_value() or value < 1:
            self.add_error("gia_tri", WHOLE_NUMBER)
        elif kind == TargetKind.RANK and value > self.size:
            self.add_error("gia_tri", str(RANK_ABOVE_SIZE).format(size=self.size))
        return data

    def target(self) -> Target:
        data = self.cleaned_data
        return Target(TargetKind(data["muc_tieu"]), data["gia_tri"])

    @property
    def extras(self) -> bool:
        return bool(self.cleaned_data.get("ca_thuong_tru"))
