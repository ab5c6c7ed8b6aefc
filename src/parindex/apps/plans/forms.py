"""Forms of the plans pages. They read and check the input; the services decide.

People and offices are chosen by their UUIDs among those of the unit; numbers are typed
the Vietnamese way (``0,5``) as on the self-scoring page; dates with the browser's date
picker.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from parindex.apps.accounts.models import User
from parindex.apps.assessments.forms_self import NUMBER_HINT, NUMBER_PATTERN, VnDecimalField
from parindex.apps.frameworks.models import CriteriaNode
from parindex.apps.plans.models import Office, Task
from parindex.apps.plans.services_plans import TaskChanges
from parindex.planning.projection import Frequency, Method

NOBODY = _("— chưa giao —")
FILE_TYPES = ".pdf,.docx,.xlsx,.png,.jpg,.jpeg"
TOO_MANY_FILES = _("Chọn nhiều nhất %(limit)s tệp mỗi lần.")
MAX_FILES = 10


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


def _date(label: Any, *, required: bool = False, help_text: Any = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=DateInput(),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        help_text=help_text,
    )


def _choices(items: Sequence[Office | User]) -> list[tuple[str, str]]:
    return [("", str(NOBODY)), *((str(i.uuid), str(i)) for i in items)]


class OfficeForm(forms.Form):
    name = forms.CharField(label=_("Tên phòng, ban"), max_length=200)


class OfficeEditForm(forms.Form):
    name = forms.CharField(label=_("Tên phòng, ban"), max_length=200)
    is_active = forms.BooleanField(label=_("Đang hoạt động"), required=False)


class AssignmentsForm(forms.Form):
    """One office and one official per node (``office-<uuid>``, ``official-<uuid>``)."""

    def __init__(
        self,
        *args: Any,
        nodes: Sequence[CriteriaNode],
        offices: Sequence[Office],
        officials: Sequence[User],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.nodes = list(nodes)
        self.offices = {str(o.uuid): o for o in offices}
        self.officials = {str(u.uuid): u for u in officials}
        for node in self.nodes:
            self.fields[f"office-{node.uuid}"] = forms.ChoiceField(
                label=_("Phòng, ban"), required=False, choices=_choices(offices)
            )
            self.fields[f"official-{node.uuid}"] = forms.ChoiceField(
                label=_("Công chức"), required=False, choices=_choices(officials)
            )

    def chosen(self) -> dict[CriteriaNode, tuple[Office | None, User | None]]:
        data = self.cleaned_data
        return {
            node: (
                self.offices.get(data.get(f"office-{node.uuid}") or ""),
                self.officials.get(data.get(f"official-{node.uuid}") or ""),
            )
            for node in self.nodes
        }


class GenerateForm(forms.Form):
    deadline = _date(
        _("Thời hạn chung của các nhiệm vụ"),
        required=True,
        help_text=_("Áp dụng cho các nhiệm vụ mới; sửa được từng nhiệm vụ sau."),
    )


class TaskForm(forms.Form):
    """A task's remediation, target, owner and deadline. For the task's owner (not the
    leader) the office, owner and deadline are shown but not taken."""

    remediation = forms.CharField(
        label=_("Giải pháp khắc phục"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    target = forms.CharField(
        label=_("Mục tiêu"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    office = forms.ChoiceField(label=_("Phòng, ban chủ trì"), required=False)
    owner = forms.ChoiceField(label=_("Công chức phụ trách"), required=False)
    deadline = _date(_("Thời hạn"))

    def __init__(
        self,
        *args: Any,
        task: Task,
        offices: Sequence[Office],
        officials: Sequence[User],
        leader: bool,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("initial", self._initial(task))
        super().__init__(*args, **kwargs)
        self.task = task
        offered_offices = [*offices]
        if task.office is not None and task.office not in offered_offices:
            offered_offices.append(task.office)  # a retired office stays readable
        self.offices = {str(o.uuid): o for o in offered_offices}
        self.officials = {str(u.uuid): u for u in officials}
        if task.owner is not None:
            self.officials.setdefault(str(task.owner.uuid), task.owner)
        self._set_choices("office", _choices(offered_offices))
        self._set_choices("owner", _choices(list(self.officials.values())))
        if not leader:
            for name in ("office", "owner", "deadline"):
                self.fields[name].disabled = True

    def _set_choices(self, name: str, choices: list[tuple[str, str]]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices

    @staticmethod
    def _initial(task: Task) -> dict[str, Any]:
        return {
            "remediation": task.remediation,
            "target": task.target,
            "office": str(task.office.uuid) if task.office else "",
            "owner": str(task.owner.uuid) if task.owner else "",
            "deadline": task.deadline,
        }

    def changes(self) -> TaskChanges:
        data = self.cleaned_data
        return TaskChanges(
            remediation=data["remediation"],
            target=data["target"],
            office=self.offices.get(data.get("office") or ""),
            owner=self.officials.get(data.get("owner") or ""),
            deadline=data.get("deadline"),
        )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input (Django's documented pattern)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": FILE_TYPES}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            if len(data) > MAX_FILES:
                raise forms.ValidationError(TOO_MANY_FILES, params={"limit": MAX_FILES})
            return [single(d, initial) for d in data]
        return [] if data in (None, "") else [single(data, initial)]


class ProgressForm(forms.Form):
    percent = forms.IntegerField(
        label=_("Tiến độ (%)"),
        min_value=0,
        max_value=100,
        widget=forms.NumberInput(attrs={"step": 5}),
    )
    note = forms.CharField(
        label=_("Kết quả thực hiện"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    evidence = MultipleFileField(
        label=_("Tài liệu kiểm chứng"),
        required=False,
        allow_empty_file=True,  # an empty file gets the evidence check's clear message
    )


class QuarterForm(forms.Form):
    """The overall summary and one summary per task (``line-<uuid>``)."""

    summary = forms.CharField(
        label=_("Đánh giá chung"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, tasks: Sequence[Task], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.tasks = list(tasks)
        for task in self.tasks:
            self.fields[f"line-{task.uuid}"] = forms.CharField(
                label=_("Kết quả trong quý"),
                required=False,
                max_length=10000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def lines(self) -> dict[Task, str]:
        return {t: self.cleaned_data.get(f"line-{t.uuid}") or "" for t in self.tasks}


def _number(label: Any) -> VnDecimalField:
    return VnDecimalField(
        label=label,
        required=False,
        max_digits=18,
        decimal_places=4,
        widget=forms.TextInput(
            attrs={
                "inputmode": "decimal",
                "autocomplete": "off",
                "pattern": NUMBER_PATTERN,
                "title": NUMBER_HINT,
            }
        ),
    )


FIGURE_INPUTS = {
    Method.CUMULATIVE_RATIO: ("numerator", "denominator"),
    Method.LATEST_VALUE: ("value",),
    Method.COUNT_SO_FAR: ("count",),
}


class FigureForm(forms.Form):
    """One period's figures of one sub-criterion: only the inputs its method takes."""

    frequency = forms.ChoiceField(
        label=_("Kỳ báo cáo"),
        choices=[(Frequency.MONTH.value, _("Tháng")), (Frequency.QUARTER.value, _("Quý"))],
    )
    period = forms.IntegerField(label=_("Kỳ (tháng 1-12 hoặc quý 1-4)"), min_value=1, max_value=12)
    numerator = _number(_("Tử số"))
    denominator = _number(_("Mẫu số"))
    value = _number(_("Giá trị"))
    count = _number(_("Số lượng"))
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=2000)

    def __init__(self, *args: Any, method: Method, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("numerator", "denominator", "value", "count"):
            if name not in FIGURE_INPUTS[method]:
                del self.fields[name]


class FiguresUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp số liệu (CSV hoặc XLSX)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
