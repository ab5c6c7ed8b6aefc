"""How the risk pages name the projection's methods and outcomes."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from parindex.planning.projection import Frequency, Method, Outcome

METHODS: dict[Method, Any] = {
    Method.CUMULATIVE_RATIO: _("Tỷ lệ lũy kế"),
    Method.LATEST_VALUE: _("Giá trị kỳ gần nhất"),
    Method.COUNT_SO_FAR: _("Số lượng lũy kế"),
}
EXPLAINED: dict[Method, Any] = {
    Method.CUMULATIVE_RATIO: _(
        "Cộng tử số và mẫu số của các kỳ đã nhập, lấy tổng tử số / tổng mẫu số làm tỷ lệ cả "
        "năm (giả định các kỳ còn lại giữ tỷ lệ này), rồi chấm theo cách chấm của tiêu chí."
    ),
    Method.LATEST_VALUE: _(
        "Lấy giá trị của kỳ gần nhất đã nhập (số liệu lũy kế đến kỳ đó, ví dụ tỷ lệ giải ngân, "
        "kết quả khảo sát), rồi chấm theo các mức của tiêu chí."
    ),
    Method.COUNT_SO_FAR: _(
        "Cộng số lượng của các kỳ đã nhập (chỉ tính những gì đã đạt được), rồi chấm theo cách "
        "chấm của tiêu chí."
    ),
}
OUTCOMES: dict[Outcome, Any] = {
    Outcome.FULL: _("Đạt tối đa"),
    Outcome.AT_RISK: _("Nguy cơ mất điểm"),
    Outcome.NOT_APPLICABLE: _("Không áp dụng"),
    Outcome.NO_FIGURES: _("Chưa có số liệu"),
    Outcome.INVALID: _("Số liệu không hợp lệ"),
}
FREQUENCIES: dict[Frequency, Any] = {Frequency.MONTH: _("tháng"), Frequency.QUARTER: _("quý")}
