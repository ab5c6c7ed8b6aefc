"""The layout a new survey starts from, per kind: SIPAS's five factors and 21 questions
on a five-level scale, or a short sociological survey with weighted answers
(100/60/20/0) and two respondent forms. The secretariat edits them before opening."""

from __future__ import annotations

from dataclasses import dataclass

from parindex.apps.surveys.layout import (
    FactorLine,
    FormLine,
    OptionLine,
    parse_forms,
    parse_options,
    parse_questions,
)
from parindex.apps.surveys.models import SurveyKind

SIPAS_QUESTIONS = """\
# 1 | Tiếp cận dịch vụ
1.1 | Nơi ngồi chờ có đủ chỗ ngồi
1.2 | Trang thiết bị phục vụ người dân, tổ chức đầy đủ
1.3 | Trang thiết bị phục vụ người dân, tổ chức hiện đại, dễ sử dụng
# 2 | Thủ tục hành chính
2.1 | Thủ tục hành chính được niêm yết công khai đầy đủ
2.2 | Thủ tục hành chính được niêm yết công khai chính xác
2.3 | Thành phần hồ sơ mà người dân, tổ chức phải nộp là đúng quy định
2.4 | Phí, lệ phí mà người dân, tổ chức phải nộp là đúng quy định
2.5 | Thời hạn giải quyết ghi trên giấy hẹn là đúng quy định
# 3 | Công chức trực tiếp giải quyết công việc
3.1 | Công chức có thái độ giao tiếp lịch sự
3.2 | Công chức chú ý lắng nghe ý kiến của người dân, tổ chức
3.3 | Công chức trả lời, giải thích đầy đủ các ý kiến của người dân, tổ chức
3.4 | Công chức hướng dẫn kê khai hồ sơ tận tình, chu đáo
3.5 | Công chức hướng dẫn kê khai hồ sơ dễ hiểu
3.6 | Công chức tuân thủ đúng quy định trong giải quyết công việc
# 4 | Kết quả cung ứng dịch vụ hành chính công
4.1 | Kết quả giải quyết công việc đúng quy định
4.2 | Kết quả giải quyết công việc có thông tin đầy đủ
4.3 | Kết quả giải quyết công việc có thông tin chính xác
# 5 | Tiếp nhận, giải quyết góp ý, phản ánh, kiến nghị
5.1 | Cơ quan có bố trí hình thức tiếp nhận góp ý, phản ánh, kiến nghị
5.2 | Người dân, tổ chức dễ dàng thực hiện góp ý, phản ánh, kiến nghị
5.3 | Cơ quan tiếp nhận, xử lý tích cực và thông báo kịp thời kết quả xử lý
"""

SIPAS_OPTIONS = """\
1 | Rất không hài lòng | 0
2 | Không hài lòng | 25
3 | Bình thường | 50
4 | Hài lòng | 75 | *
5 | Rất hài lòng | 100 | *
"""

SOCIOLOGICAL_FORMS = """\
DB | Đại biểu HĐND tỉnh đánh giá các sở, ban, ngành
LD | Lãnh đạo UBND cấp xã đánh giá các sở, ban, ngành
"""

SOCIOLOGICAL_QUESTIONS = """\
# 1 | Chỉ đạo, điều hành cải cách hành chính
1.1 | Mức độ quan tâm, chỉ đạo cải cách hành chính của lãnh đạo đơn vị
# 2 | Cải cách thủ tục hành chính
2.1 | Việc công khai, minh bạch thủ tục hành chính
2.2 | Thời gian giải quyết thủ tục hành chính so với quy định
# 3 | Đội ngũ cán bộ, công chức
3.1 | Năng lực, trách nhiệm của cán bộ, công chức khi giải quyết công việc
3.2 | Tình trạng gây phiền hà, nhũng nhiễu | LD
# 4 | Chính quyền số
4.1 | Hiệu quả cung cấp dịch vụ công trực tuyến
"""

SOCIOLOGICAL_OPTIONS = """\
1 | Kém | 0
2 | Trung bình | 20
3 | Khá | 60 | *
4 | Tốt | 100 | *
"""


@dataclass(frozen=True, slots=True)
class Layout:
    factors: tuple[FactorLine, ...]
    options: tuple[OptionLine, ...]
    forms: tuple[FormLine, ...] = ()


def default_layout(kind: str) -> Layout:
    if kind == SurveyKind.SOCIOLOGICAL:
        forms = parse_forms(SOCIOLOGICAL_FORMS)
        codes = tuple(f.code for f in forms)
        return Layout(
            parse_questions(SOCIOLOGICAL_QUESTIONS, codes),
            parse_options(SOCIOLOGICAL_OPTIONS),
            forms,
        )
    return Layout(parse_questions(SIPAS_QUESTIONS, ()), parse_options(SIPAS_OPTIONS))
