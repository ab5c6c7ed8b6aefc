"""Forms of the indices pages: a yearly result with its components, a target, a definition,
a component, and a file to import. Numbers take a decimal comma (``87,5``)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from parindex.apps.accounts.models import Unit
from parindex.apps.assessments.forms_self import VnDecimalField, typed
from parindex.apps.indices import services
from parindex.apps.indices.models import (
    FIRST_YEAR,
    LAST_YEAR,
    Goal,
    IndexComponent,
    IndexDefinition,
    IndexValue,
    Scope,
)

PROVINCE_CHOICE = _("(cấp tỉnh)")
IMPORT_SUFFIXES = (".csv", ".xlsx")
MAX_UPLOAD_MB = 5
WRONG_SUFFIX = _("Chỉ nhận tệp {allowed}.")
TOO_LARGE = _("Tệp lớn hơn {size} MB.")
PART_SCORE = _("Điểm: {name}")
PART_RANK = _("Hạng: {name}")


def _number(label: Any, *, required: bool = False) -> VnDecimalField:
    return VnDecimalField(
        label=label,
        required=required,
        max_digits=12,
        decimal_places=4,
        min_value=Decimal(0),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )


def _year() -> forms.IntegerField:
    return forms.IntegerField(label=_("Năm"), min_value=FIRST_YEAR, max_value=LAST_YEAR)


class ValueForm(forms.Form):
    """A result of ``definition`` for one year and one unit (or the province), with one
    score box and one rank box per active component."""

    year = _year()
    unit = forms.ModelChoiceField(
        queryset=Unit.objects.none(), to_field_name="uuid", label=_("Đơn vị"), required=False
    )
    score = _number(_("Điểm"))
    rank = forms.IntegerField(label=_("Xếp hạng"), min_value=1, required=False)
    rank_of = forms.IntegerField(label=_("Trên tổng số"), min_value=1, required=False)
    note = forms.CharField(
        label=_("Nguồn, ghi chú"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Ví dụ: Quyết định công bố số 123/QĐ-UBND ngày 15/3/2025."),
    )

    def __init__(
        self,
        *args: Any,
        definition: IndexDefinition,
        units: QuerySet[Unit],
        components: list[IndexComponent],
        province_allowed: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.definition = definition
        self.components = components
        unit_field = self.fields["unit"]
        assert isinstance(unit_field, forms.ModelChoiceField)
        unit_field.queryset = units
        if definition.scope == Scope.PROVINCE:
            del self.fields["unit"]
        elif definition.scope == Scope.UNIT or not province_allowed:
            unit_field.required = True
        else:
            unit_field.empty_label = str(PROVINCE_CHOICE)
        if definition.score_label:
            self.fields["score"].label = f"{_('Điểm')} ({definition.score_label})"
        for i, component in enumerate(components):
            self.fields[f"part_{i}_score"] = _number(str(PART_SCORE).format(name=component.name))
            self.fields[f"part_{i}_rank"] = forms.IntegerField(
                label=str(PART_RANK).format(name=component.name), min_value=1, required=False
            )

    def part_fields(self) -> list[tuple[IndexComponent, Any, Any]]:
        return [
            (c, self[f"part_{i}_score"], self[f"part_{i}_rank"])
            for i, c in enumerate(self.components)
        ]

    def main_fields(self) -> list[Any]:
        names = ("year", "unit", "score", "rank", "rank_of", "note")
        return [self[name] for name in names if name in self.fields]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self._check(
            "",
            data.get("score"),
            data.get("rank"),
            data.get("rank_of"),
            self.definition.score_max,
        )
        for i, component in enumerate(self.components):
            score, rank = data.get(f"part_{i}_score"), data.get(f"part_{i}_rank")
            if score is not None or rank is not None:
                self._check(f"part_{i}_", score, rank, None, component.score_max)
        return data

    def _check(
        self,
        prefix: str,
        score: Decimal | None,
        rank: int | None,
        rank_of: int | None,
        score_max: Decimal | None,
    ) -> None:
        """The figures' own rules; a box that is wrong already gets no second message."""
        try:
            services.check_figures(score=score, rank=rank, rank_of=rank_of, score_max=score_max)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                if f"{prefix}{name}" not in self.errors:
                    self.add_error(f"{prefix}{name}", messages)

    def parts(self) -> dict[IndexComponent, services.Part]:
        out = {}
        for i, component in enumerate(self.components):
            score = self.cleaned_data.get(f"part_{i}_score")
            rank = self.cleaned_data.get(f"part_{i}_rank")
            if score is not None or rank is not None:
                out[component] = services.Part(score, rank)
        return out


def value_initial(value: IndexValue, components: list[IndexComponent]) -> dict[str, Any]:
    """A stored result as the form shows it (decimal commas)."""
    initial: dict[str, Any] = {
        "year": value.year,
        "unit": value.unit.uuid if value.unit else None,
        "score": typed(value.score),
        "rank": value.rank,
        "rank_of": value.rank_of,
        "note": value.note,
    }
    parts = {p.component_id: p for p in value.parts.all()}
    for i, component in enumerate(components):
        part = parts.get(component.pk)
        if part is not None:
            initial[f"part_{i}_score"] = typed(part.score)
            initial[f"part_{i}_rank"] = part.rank
    return initial


class TargetForm(forms.Form):
    definition = forms.ModelChoiceField(
        queryset=IndexDefinition.objects.none(), to_field_name="uuid", label=_("Chỉ số")
    )
    component = forms.ModelChoiceField(
        queryset=IndexComponent.objects.none(),
        to_field_name="uuid",
        required=False,
        label=_("Thành phần"),
        empty_label=_("(cả chỉ số)"),
    )
    year = _year()
    goal = forms.ChoiceField(label=_("Loại mục tiêu"), choices=Goal.choices)
    amount = _number(_("Mức mục tiêu"), required=True)
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=500)

    def __init__(self, *args: Any, definitions: QuerySet[IndexDefinition], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["definition"].queryset = definitions  # type: ignore[attr-defined]
        components = IndexComponent.objects.filter(definition__in=definitions, is_active=True)
        self.fields["component"].queryset = components.select_related(  # type: ignore[attr-defined]
            "definition"
        )
        self.fields["component"].label_from_instance = (  # type: ignore[attr-defined]
            lambda c: f"{c.definition.code}: {c.name}"
        )
        self.fields["amount"].help_text = _(
            "Số bậc tăng (ví dụ 3), thứ hạng cần đạt (ví dụ 5) hoặc điểm cần đạt (ví dụ 90)."
        )


class DefinitionForm(forms.ModelForm):  # type: ignore[type-arg]
    score_max = _number(_("Điểm tối đa"))

    class Meta:
        model = IndexDefinition
        fields = (
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

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["description"].widget = forms.Textarea(attrs={"rows": 3})
        if self.instance.computed:
            for name in ("code", "scope", "unit_may_record"):
                self.fields[name].disabled = True


class ComponentForm(forms.ModelForm):  # type: ignore[type-arg]
    score_max = _number(_("Điểm tối đa của thành phần"))

    class Meta:
        model = IndexComponent
        fields = ("code", "name", "score_max", "position", "is_active")

    def __init__(self, *args: Any, definition: IndexDefinition, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.definition = definition


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp kết quả (.csv hoặc .xlsx)"))

    def clean_file(self) -> UploadedFile[bytes]:
        upload: UploadedFile[bytes] = self.cleaned_data["file"]
        if Path(upload.name or "").suffix.lower() not in IMPORT_SUFFIXES:
            raise ValidationError(str(WRONG_SUFFIX).format(allowed=", ".join(IMPORT_SUFFIXES)))
        if (upload.size or 0) > MAX_UPLOAD_MB * 1024 * 1024:
            raise ValidationError(str(TOO_LARGE).format(size=MAX_UPLOAD_MB))
        return upload
