"""The indices every province tracks, with their components as published:

* PAR INDEX: computed from the assessment rounds (only its targets are kept here);
* SIPAS: satisfaction with public services, 5 factors (national and provincial surveys);
* PAPI: provincial governance and public administration, 8 dimensions;
* PCI: provincial competitiveness, 10 sub-indices;
* DDCI: competitiveness of departments and districts, surveyed from businesses. Its
  components are the province's choice; these 8 are the ones Thừa Thiên Huế used, to be
  edited on the definitions page.

A data migration stores them; :func:`ensure_standard_indices` puts back any that is
missing (the demo calls it, and tests whose database was emptied).
"""

from __future__ import annotations

from typing import Any

from django.apps import apps as installed
from django.apps.registry import Apps

STANDARD: list[dict[str, Any]] = [
    {
        "code": "PAR",
        "name": "Chỉ số cải cách hành chính (PAR INDEX)",
        "scope": "unit",
        "score_label": "",
        "score_max": "100",
        "computed": True,
        "description": "Tính từ kết quả các đợt đánh giá đã khóa; ở đây chỉ đặt mục tiêu.",
        "components": [],
    },
    {
        "code": "SIPAS",
        "name": "Chỉ số hài lòng về sự phục vụ hành chính (SIPAS)",
        "scope": "both",
        "score_label": "%",
        "score_max": "100",
        "description": (
            "Mức độ hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành "
            "chính nhà nước: cấp tỉnh (Bộ Nội vụ công bố) và từng cơ quan, địa phương "
            "(tỉnh khảo sát)."
        ),
        "components": [
            ("tiep-can", "Tiếp cận dịch vụ", "100"),
            ("thu-tuc", "Thủ tục hành chính", "100"),
            ("cong-chuc", "Công chức giải quyết công việc", "100"),
            ("ket-qua", "Kết quả dịch vụ", "100"),
            ("gop-y", "Tiếp nhận, giải quyết góp ý, phản ánh, kiến nghị", "100"),
        ],
    },
    {
        "code": "PAPI",
        "name": "Chỉ số hiệu quả quản trị và hành chính công cấp tỉnh (PAPI)",
        "scope": "province",
        "score_label": "",
        "score_max": "80",
        "description": (
            "Khảo sát trải nghiệm của người dân; 8 chỉ số nội dung, mỗi chỉ số 1-10 điểm."
        ),
        "components": [
            ("tham-gia", "Tham gia của người dân ở cấp cơ sở", "10"),
            ("cong-khai", "Công khai, minh bạch trong việc ra quyết định", "10"),
            ("giai-trinh", "Trách nhiệm giải trình với người dân", "10"),
            ("tham-nhung", "Kiểm soát tham nhũng trong khu vực công", "10"),
            ("thu-tuc", "Thủ tục hành chính công", "10"),
            ("dich-vu", "Cung ứng dịch vụ công", "10"),
            ("moi-truong", "Quản trị môi trường", "10"),
            ("dien-tu", "Quản trị điện tử", "10"),
        ],
    },
    {
        "code": "PCI",
        "name": "Chỉ số năng lực cạnh tranh cấp tỉnh (PCI)",
        "scope": "province",
        "score_label": "",
        "score_max": "100",
        "description": "Khảo sát doanh nghiệp; 10 chỉ số thành phần, mỗi chỉ số 0-10 điểm.",
        "components": [
            ("gia-nhap", "Chi phí gia nhập thị trường", "10"),
            ("dat-dai", "Tiếp cận đất đai và sự ổn định trong sử dụng đất", "10"),
            ("minh-bach", "Tính minh bạch và tiếp cận thông tin", "10"),
            ("thoi-gian", "Chi phí thời gian", "10"),
            ("khong-chinh-thuc", "Chi phí không chính thức", "10"),
            ("binh-dang", "Cạnh tranh bình đẳng", "10"),
            ("nang-dong", "Tính năng động và tiên phong của chính quyền tỉnh", "10"),
            ("ho-tro", "Dịch vụ hỗ trợ doanh nghiệp", "10"),
            ("lao-dong", "Đào tạo lao động", "10"),
            ("phap-ly", "Thiết chế pháp lý và an ninh trật tự", "10"),
        ],
    },
    {
        "code": "DDCI",
        "name": "Chỉ số năng lực cạnh tranh cấp sở, ngành và địa phương (DDCI)",
        "scope": "unit",
        "score_label": "",
        "score_max": "100",
        "description": (
            "Khảo sát doanh nghiệp đã làm việc với các sở, ngành, địa phương. Các chỉ số "
            "thành phần do tỉnh quy định; sửa danh sách dưới đây cho đúng với tỉnh."
        ),
        "components": [
            ("minh-bach", "Tính minh bạch và tiếp cận thông tin", "10"),
            ("nang-dong", "Tính năng động", "10"),
            ("thoi-gian", "Chi phí thời gian", "10"),
            ("khong-chinh-thuc", "Chi phí không chính thức", "10"),
            ("binh-dang", "Cạnh tranh bình đẳng", "10"),
            ("ho-tro", "Hỗ trợ doanh nghiệp", "10"),
            ("phap-ly", "Thiết chế pháp lý", "10"),
            ("nguoi-dung-dau", "Vai trò người đứng đầu", "10"),
        ],
    },
]


def add_standard(registry: Apps | None = None) -> None:
    """Creates every standard index that is missing, with its components (``registry``:
    a migration's historical apps; the installed ones by default)."""
    source = registry or installed
    definitions = source.get_model("indices", "IndexDefinition")
    components = source.get_model("indices", "IndexComponent")
    for position, data in enumerate(STANDARD, start=1):
        fields = {k: v for k, v in data.items() if k not in ("code", "components")}
        definition, created = definitions.objects.get_or_create(
            code=data["code"], defaults={**fields, "position": position}
        )
        if not created:
            continue
        for order, (code, name, score_max) in enumerate(data["components"], start=1):
            components.objects.create(
                definition=definition, code=code, name=name, score_max=score_max, position=order
            )


def remove_standard(registry: Apps) -> None:
    definitions = registry.get_model("indices", "IndexDefinition")
    definitions.objects.filter(code__in=[d["code"] for d in STANDARD]).delete()


def ensure_standard_indices() -> dict[str, Any]:
    """Every index definition by code, the standard ones created first if missing."""
    add_standard()
    definitions = installed.get_model("indices", "IndexDefinition")
    return {d.code: d for d in definitions.objects.prefetch_related("components")}
