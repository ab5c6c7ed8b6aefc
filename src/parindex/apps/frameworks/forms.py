"""Forms of the criteria-set pages. They read what people type; the rules of a valid set
are checked by the services, whose errors are put back next to the fields."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from parindex.apps.accounts.models import UnitGroup
from parindex.apps.frameworks.checks import parameter_texts, plain
from parindex.apps.frameworks.models import (
    CriteriaNode,
    CriteriaSet,
    RoundingMode,
    TiePolicy,
)
from parindex.apps.frameworks.rule_words import (
    KIND_LABELS,
    MEASURE_WORDS,
    PARAMETER_LABELS,
    ZERO_DENOMINATOR_WORDS,
)
from parindex.apps.frameworks.selectors import MappingRow
from parindex.apps.frameworks.services import BandValues, NodeValues, SetValues
from parindex.apps.frameworks.services.sets import set_snapshot
from parindex.interchange import errors as e
from parindex.interchange._cells import parse_decimal
from parindex.interchange._rules import ALL_PARAMETERS, PARAMETERS
from parindex.scoring.rules import RuleKind

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
CRITERIA_SUFFIXES = (".yaml", ".yml", ".xlsx")
UNIT_SUFFIXES = (".csv", ".xlsx")

WRONG_SUFFIX = _("tệp phải có đuôi {allowed}")
TOO_LARGE = _("tệp lớn hơn {size} MB")
BAD_BAND_LINE = _(
    "dòng {line}: «{text}» không đúng dạng «chỉ số từ | xếp loại | ký hiệu» "
    "(ví dụ 95 | Xuất sắc | A)"
)
DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]

PARAMETER_HELP: Mapping[str, Any] = {
    "step": _("Ví dụ 0,25: điểm phải là bội của bước và bước phải chia hết điểm tối đa."),
    "zero_denominator": _("Mặc định: 0 điểm."),
    "full_at": _("Ví dụ 0,9: đạt 90 % được điểm tối đa. Mặc định 1 (100 %)."),
    "measure": _(
        "Theo mức: giá trị hoặc tỷ lệ % (mặc định: giá trị). Kết quả khảo sát: tỷ lệ hài "
        "lòng hoặc điểm theo trọng số (mặc định: tỷ lệ hài lòng)."
    ),
    "bands": _("Mỗi mức «ngưỡng:điểm», cách nhau bởi dấu ; hoặc xuống dòng: 90:1; 75:0.5"),
    "points_each": _("Mặc định 1."),
    "cap": _("Đếm số lượng: mặc định bằng điểm tối đa. Điểm thưởng: mặc định 1."),
    "minimum": _("Điểm thưởng: số lượng phải đạt để được mức tối đa (bỏ trống: tính theo lần)."),
    "items": _("Mỗi mục một dòng «mã=điểm|tên mục», ví dụ: a=0.5|Ban hành kế hoạch"),
    "survey": _(
        "sipas (khảo sát sự hài lòng), sociological (điều tra xã hội học) hoặc mã một cuộc "
        "khảo sát. Không nhập «các mức»: điểm = điểm tối đa × tỷ lệ / 100."
    ),
    "factor": _("Mã yếu tố khảo sát; bỏ trống để tính mọi yếu tố."),
}


class DecimalText(forms.Field):
    """A number typed with a dot or a decimal comma (0.25 or 0,25)."""

    widget = forms.TextInput

    def to_python(self, value: Any) -> Decimal | None:
        text = str(value or "").strip()
        if not text:
            return None
        number = parse_decimal(text)
        if number is None:
            raise ValidationError(e.NOT_A_NUMBER.format(value=text))
        return number


def _upload_check(upload: UploadedFile[bytes], suffixes: Sequence[str]) -> UploadedFile[bytes]:
    if Path(upload.name or "").suffix.lower() not in suffixes:
        raise ValidationError(str(WRONG_SUFFIX).format(allowed=", ".join(suffixes)))
    if (upload.size or 0) > MAX_UPLOAD_BYTES:
        raise ValidationError(str(TOO_LARGE).format(size=MAX_UPLOAD_BYTES // (1024 * 1024)))
    return upload


class CriteriaImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp bộ tiêu chí (.yaml, .yml hoặc .xlsx)"))

    def clean_file(self) -> UploadedFile[bytes]:
        return _upload_check(self.cleaned_data["file"], CRITERIA_SUFFIXES)


class UnitsImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp đơn vị (.csv hoặc .xlsx)"))
    criteria_set = forms.ModelChoiceField(
        queryset=CriteriaSet.objects.order_by("-year", "code"),
        to_field_name="uuid",
        required=False,
        label=_("Chỉ nhận nhóm đơn vị của bộ tiêu chí"),
        empty_label=_("(không kiểm tra)"),
    )

    def clean_file(self) -> UploadedFile[bytes]:
        return _upload_check(self.cleaned_data["file"], UNIT_SUFFIXES)


class SetForm(forms.Form):
    code = forms.CharField(label=_("Mã bộ tiêu chí"), max_length=60)
    name = forms.CharField(label=_("Tên bộ tiêu chí"), max_length=400)
    year = forms.IntegerField(label=_("Năm đánh giá"), min_value=1900, max_value=2200)
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=100, required=False)
    decision_date = forms.DateField(
        label=_("Ngày quyết định"), required=False, input_formats=DATE_FORMATS
    )
    index_decimals = forms.IntegerField(
        label=_("Số chữ số thập phân của chỉ số"), min_value=0, max_value=6
    )
    score_decimals = forms.IntegerField(
        label=_("Số chữ số thập phân của điểm"), min_value=0, max_value=6
    )
    rounding = forms.ChoiceField(label=_("Cách làm tròn"), choices=RoundingMode.choices)
    tie_policy = forms.ChoiceField(label=_("Xếp hạng khi bằng chỉ số"), choices=TiePolicy.choices)
    index_cap = DecimalText(
        label=_("Chỉ số tối đa"), required=False, help_text=_("Bỏ trống nếu không giới hạn.")
    )
    groups = forms.ModelMultipleChoiceField(
        label=_("Nhóm đơn vị áp dụng"),
        queryset=UnitGroup.objects.all(),
        to_field_name="code",
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    @classmethod
    def initial_of(cls, criteria_set: CriteriaSet) -> dict[str, object]:
        """The form filled from the set: what the audit snapshot records, as form values."""
        snapshot = set_snapshot(criteria_set)
        return {
            **snapshot,
            "index_cap": snapshot["index_cap"] or "",
            "groups": list(criteria_set.groups.all()),
        }

    def values(self) -> SetValues:
        data = self.cleaned_data
        return SetValues(
            code=data["code"],
            name=data["name"],
            year=data["year"],
            groups=tuple(data["groups"]),
            decision_number=data["decision_number"],
            decision_date=data["decision_date"],
            index_decimals=data["index_decimals"],
            score_decimals=data["score_decimals"],
            rounding=data["rounding"],
            tie_policy=data["tie_policy"],
            index_cap=data["index_cap"],
        )


class BandsForm(forms.Form):
    bands = forms.CharField(
        label=_("Xếp loại"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 7}),
        help_text=_(
            "Mỗi xếp loại một dòng: chỉ số từ | xếp loại | ký hiệu, ví dụ 95 | Xuất sắc | A"
        ),
    )

    @staticmethod
    def text_of(criteria_set: CriteriaSet) -> str:
        lines = []
        for band in criteria_set.bands.all():
            parts = [plain(band.minimum), band.label, *([band.short] if band.short else [])]
            lines.append(" | ".join(parts))
        return "\n".join(lines)

    def clean_bands(self) -> list[BandValues]:
        out: list[BandValues] = []
        errors: list[str] = []
        for line, text in enumerate(self.cleaned_data["bands"].splitlines(), start=1):
            if not text.strip():
                continue
            parts = [part.strip() for part in text.split("|")]
            minimum = parse_decimal(parts[0])
            if minimum is None or len(parts) > 3 or len(parts) < 2 or not parts[1]:
                errors.append(str(BAD_BAND_LINE).format(line=line, text=text.strip()))
                continue
            out.append(BandValues(minimum, parts[1], parts[2] if len(parts) == 3 else ""))
        if errors:
            raise ValidationError(errors)
        return out


def _kinds_of(name: str) -> list[RuleKind]:
    return [kind for kind, names in PARAMETERS.items() if name in names]


class NodeForm(forms.Form):
    code = forms.CharField(label=_("Mã"), max_length=40)
    title = forms.CharField(label=_("Nội dung"), widget=forms.Textarea(attrs={"rows": 2}))
    max_points = DecimalText(label=_("Điểm tối đa"))
    rule = forms.ChoiceField(
        label=_("Cách chấm"),
        required=False,
        choices=[("", _("— (tiêu chí có tiêu chí con)"))]
        + [(kind.value, label) for kind, label in KIND_LABELS.items()],
    )
    step = forms.CharField(required=False)
    zero_denominator = forms.ChoiceField(
        required=False,
        choices=[("", _("(mặc định)"))] + [(k.value, w) for k, w in ZERO_DENOMINATOR_WORDS.items()],
    )
    full_at = forms.CharField(required=False)
    measure = forms.ChoiceField(
        required=False,
        choices=[("", _("(mặc định)"))] + [(k.value, w) for k, w in MEASURE_WORDS.items()],
    )
    bands = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    points_each = forms.CharField(required=False)
    cap = forms.CharField(required=False)
    minimum = forms.CharField(required=False)
    items = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 4}))
    survey = forms.CharField(required=False)
    factor = forms.CharField(required=False)
    groups = forms.MultipleChoiceField(
        label=_("Nhóm áp dụng"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Không chọn nhóm nào: áp dụng cho mọi nhóm của bộ tiêu chí."),
    )
    method = forms.CharField(
        label=_("Phương pháp chấm điểm"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    evidence_required = forms.CharField(
        label=_("Tài liệu kiểm chứng yêu cầu"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, criteria_set: CriteriaSet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        groups = self.fields["groups"]
        assert isinstance(groups, forms.MultipleChoiceField)
        groups.choices = [(g.code, g.name) for g in criteria_set.groups.all()]
        for name in ALL_PARAMETERS:
            self.fields[name].label = str(PARAMETER_LABELS[name])
            self.fields[name].help_text = PARAMETER_HELP[name]

    @staticmethod
    def initial_of(node: CriteriaNode) -> dict[str, object]:
        return {
            "code": node.code,
            "title": node.title,
            "max_points": plain(node.max_points),
            "rule": node.rule,
            "groups": list(node.groups),
            "method": node.method,
            "evidence_required": node.evidence_required,
            **parameter_texts(node),
        }

    def basic_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("code", "title", "max_points", "rule")]

    def detail_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("groups", "method", "evidence_required")]

    def parameter_fields(self) -> list[tuple[forms.BoundField, str]]:
        """Each parameter's field and the kinds that use it (space separated)."""
        return [
            (self[name], " ".join(kind.value for kind in _kinds_of(name)))
            for name in ALL_PARAMETERS
        ]

    def values(self) -> NodeValues:
        data = self.cleaned_data
        return NodeValues(
            code=data["code"].strip(),
            title=data["title"].strip(),
            max_points=data["max_points"],
            rule=data["rule"],
            parameters={name: data[name] or "" for name in ALL_PARAMETERS},
            groups=tuple(data["groups"]),
            method=data["method"].strip(),
            evidence_required=data["evidence_required"].strip(),
        )


class CopyForm(forms.Form):
    year = forms.IntegerField(label=_("Năm đánh giá"), min_value=1900, max_value=2200)
    code = forms.CharField(label=_("Mã bộ tiêu chí mới"), max_length=60)
    name = forms.CharField(label=_("Tên bộ tiêu chí mới"), max_length=400)

    @staticmethod
    def initial_of(source: CriteriaSet) -> dict[str, object]:
        year = source.year + 1
        old, new = str(source.year), str(year)
        code = source.code.replace(old, new) if old in source.code else f"{source.code}-{new}"
        name = source.name.replace(old, new) if old in source.name else f"{source.name} ({new})"
        return {"year": year, "code": code, "name": name}


class MappingForm(forms.Form):
    """One field per node of the older set: the matching code in the newer set."""

    def __init__(self, *args: Any, rows: Sequence[MappingRow], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.names: dict[str, str] = {}
        for row in rows:
            name = f"to_{row.node.uuid.hex}"
            self.names[row.node.code] = name
            self.fields[name] = forms.CharField(
                label=row.node.code, required=False, max_length=40, initial=row.to_code
            )

    def bound(self, code: str) -> forms.BoundField:
        return self[self.names[code]]

    def pairs(self) -> dict[str, str]:
        """The codes sent (a field left out of the request changes nothing)."""
        return {
            code: self.cleaned_data[name].strip()
            for code, name in self.names.items()
            if name in self.data
        }

    def put_errors(self, errors: Mapping[str, list[str]]) -> None:
        for code, messages in errors.items():
            for message in messages:
                self.add_error(self.names.get(code), message)
