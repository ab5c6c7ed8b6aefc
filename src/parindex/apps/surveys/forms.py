"""Forms of the survey pages: a survey's settings, its layout (three text boxes), the units
it covers, a ballot file to import, and the public ballot."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from parindex.apps.accounts.models import Unit
from parindex.apps.surveys import layout
from parindex.apps.surveys.defaults import Layout
from parindex.apps.surveys.models import (
    BallotSource,
    Factor,
    Option,
    Question,
    RespondentForm,
    SurveyKind,
    SurveyUnit,
)
from parindex.apps.surveys.services import SurveyValues
from parindex.interchange._cells import CODE_PATTERN

BAD_CODE = _("Mã không được chứa khoảng trắng hoặc các ký tự ; , | = :")
ANSWER_REQUIRED = _("Hãy chọn một câu trả lời.")
ID_NUMBER_HELP = _(
    "Không bắt buộc. Chỉ dùng để mỗi người gửi một phiếu cho một đơn vị: hệ thống không lưu "
    "số này, chỉ lưu một mã không thể đọc ngược."
)


class SurveyForm(forms.Form):
    code = forms.CharField(label=_("Mã khảo sát"), max_length=60, help_text=_("Ví dụ SIPAS-2024."))
    name = forms.CharField(label=_("Tên khảo sát"), max_length=300)
    year = forms.IntegerField(label=_("Năm đánh giá"), min_value=1900, max_value=2200)
    kind = forms.ChoiceField(label=_("Loại khảo sát"), choices=SurveyKind.choices)
    intro = forms.CharField(
        label=_("Lời giới thiệu trên phiếu"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    margin = forms.DecimalField(
        label=_("Sai số cho phép (%)"),
        min_value=Decimal("0.1"),
        max_value=Decimal(50),
        decimal_places=2,
        initial=Decimal(5),
        localize=True,
        help_text=_("Cỡ mẫu cần của mỗi đơn vị: n = N / (1 + N·e²); mặc định e = 5 %."),
    )

    def clean_code(self) -> str:
        code: str = self.cleaned_data["code"].strip()
        if not CODE_PATTERN.fullmatch(code):
            raise ValidationError(BAD_CODE)
        return code

    def values(self) -> SurveyValues:
        data = self.cleaned_data
        return SurveyValues(
            code=data["code"],
            name=data["name"].strip(),
            year=data["year"],
            kind=data["kind"],
            intro=data["intro"].strip(),
            margin=data["margin"],
        )


class LayoutForm(forms.Form):
    """Questions, scale and respondent forms, typed one per line (see :mod:`.layout`)."""

    forms_text = forms.CharField(
        label=_("Mẫu phiếu (điều tra xã hội học)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Mỗi dòng «mã | đối tượng trả lời», ví dụ DB | Đại biểu HĐND tỉnh."),
    )
    questions = forms.CharField(
        label=_("Yếu tố và câu hỏi"),
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_(
            "Dòng yếu tố bắt đầu bằng #: «# 1 | Tiếp cận dịch vụ»; mỗi câu hỏi một dòng bên "
            "dưới: «1.1 | Nơi ngồi chờ có đủ chỗ ngồi», thêm «| DB; LD» nếu chỉ một số mẫu "
            "phiếu hỏi câu này."
        ),
    )
    options = forms.CharField(
        label=_("Thang trả lời"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Mỗi dòng «giá trị (1-9) | câu trả lời | trọng số (0-100)», thêm «| *» nếu câu "
            "trả lời được tính là hài lòng: 4 | Hài lòng | 75 | *"
        ),
    )

    @staticmethod
    def initial_of(current: Layout) -> dict[str, str]:
        return {
            "forms_text": layout.forms_text(current.forms),
            "questions": layout.questions_text(current.factors),
            "options": layout.options_text(current.options),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        form_lines: tuple[layout.FormLine, ...] = ()
        for name, parse in (("forms_text", layout.parse_forms), ("options", layout.parse_options)):
            try:
                data[f"{name}_lines"] = parse(data[name])
            except layout.LayoutError as error:
                self.add_error(name, error.messages)
        form_lines = data.get("forms_text_lines", ())
        try:
            codes = tuple(f.code for f in form_lines)
            data["factors"] = layout.parse_questions(data["questions"], codes)
        except layout.LayoutError as error:
            self.add_error("questions", error.messages)
        return data

    def layout(self) -> Layout:
        data = self.cleaned_data
        return Layout(data["factors"], data["options_lines"], data["forms_text_lines"])


class UnitsForm(forms.Form):
    """One checkbox and one population box per unit."""

    def __init__(
        self, *args: Any, units: Sequence[Unit], covered: Sequence[SurveyUnit], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.units = list(units)
        places = {p.unit_id: p for p in covered}
        self.rows: list[tuple[Unit, str, str]] = []
        for unit in self.units:
            place = places.get(unit.pk)
            pick, size = f"u-{unit.uuid.hex}", f"n-{unit.uuid.hex}"
            self.fields[pick] = forms.BooleanField(
                label=unit.name, required=False, initial=place is not None
            )
            self.fields[size] = forms.IntegerField(
                label=_("Quy mô tổng thể (N) của {unit}").format(unit=unit.name),
                required=False,
                min_value=1,
                initial=place.population if place else None,
            )
            self.rows.append((unit, pick, size))

    def bound_rows(self) -> list[tuple[Unit, forms.BoundField, forms.BoundField]]:
        return [(unit, self[pick], self[size]) for unit, pick, size in self.rows]

    def covered(self) -> dict[Unit, int | None]:
        data = self.cleaned_data
        return {unit: data[size] for unit, pick, size in self.rows if data[pick]}


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp phiếu (.csv hoặc .xlsx)"))
    source = forms.ChoiceField(
        label=_("Nguồn phiếu"),
        choices=[
            (BallotSource.PAPER.value, BallotSource.PAPER.label),
            (BallotSource.POST.value, BallotSource.POST.label),
        ],
    )


class BallotForm(forms.Form):
    """The public ballot: one choice per question of the respondent form, the honeypot,
    the signed moment the form was shown and an optional ID number."""

    started = forms.CharField(widget=forms.HiddenInput)
    website = forms.CharField(required=False, label=_("Để trống ô này"))  # the honeypot
    id_number = forms.CharField(
        label=_("Số căn cước công dân"), required=False, max_length=20, help_text=ID_NUMBER_HELP
    )

    def __init__(
        self,
        *args: Any,
        questions: Sequence[Question],
        options: Sequence[Option],
        form: RespondentForm | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        choices = [(str(o.value), o.label) for o in options]
        self.question_fields: list[tuple[Question, str]] = []
        for q in questions:
            if form is not None and q.forms and form.code not in q.forms:
                continue
            name = f"q{q.slot}"
            self.fields[name] = forms.ChoiceField(
                label=f"{q.code}. {q.text}",
                choices=choices,
                widget=forms.RadioSelect,
                error_messages={"required": ANSWER_REQUIRED},
            )
            self.question_fields.append((q, name))

    def sections(self) -> list[tuple[Factor, list[forms.BoundField]]]:
        """The questions' fields under their factors, in order."""
        out: list[tuple[Factor, list[forms.BoundField]]] = []
        for question, name in self.question_fields:
            if not out or out[-1][0].pk != question.factor_id:
                out.append((question.factor, []))
            out[-1][1].append(self[name])
        return out

    def answers(self) -> dict[int, int]:
        return {q.slot: int(self.cleaned_data[name]) for q, name in self.question_fields}
