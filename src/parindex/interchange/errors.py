"""Import problems with their exact place in the file, and every message users can see.

Messages are module-level constants (``str.format`` templates where they take values) so
that tests and screens can refer to them. Numbers inside messages are shown the
Vietnamese way (``0,5``) through :func:`parindex.numbers.format_vn`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong in an imported file.

    ``row`` is 1-based as the user sees it: in a table the header is row 1; in YAML it is
    the line number. ``column`` is the column header (in YAML: the key; in the key/value
    sheet "Thông tin": the key).
    """

    file: str
    sheet: str | None
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        parts = [self.file]
        if self.sheet:
            parts.append(f"trang {self.sheet}")
        if self.row is not None:
            parts.append(f"dòng {self.row}")
        if self.column:
            parts.append(f"cột {self.column}")
        return f"{', '.join(parts)}: {self.message}"


class ImportFailed(ValueError):  # noqa: N818 - the name the project's API promises
    """A file that could not be imported; nothing of it was imported.

    ``problems`` holds every problem found in the file, in the order of the file.
    """

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


# --- the file itself ------------------------------------------------------------------
FILE_NOT_FOUND = "không tìm thấy tệp"
FILE_UNREADABLE = "không đọc được tệp ({reason})"
NOT_UTF8 = "tệp không phải văn bản UTF-8; hãy lưu lại dưới dạng CSV UTF-8"
UNSUPPORTED_FORMAT = "định dạng «{suffix}» không được hỗ trợ; dùng {allowed}"
YAML_SYNTAX = "lỗi cú pháp YAML: {reason}"
NOT_A_MAPPING = "phải là một bảng «khóa: giá trị»"
NOT_A_LIST = "phải là một danh sách"
NOT_TEXT = "phải là một giá trị đơn (chữ hoặc số), không phải danh sách hay bảng"
MISSING_SHEET = "tệp không có trang này"
NO_ROWS = "không có dòng dữ liệu nào"

# --- columns and keys -----------------------------------------------------------------
MISSING_COLUMN = "thiếu cột bắt buộc"
UNKNOWN_COLUMN = "cột không được hỗ trợ; các cột hợp lệ: {allowed}"
DUPLICATE_COLUMN = "cột bị lặp"
EXTRA_VALUES = "dòng có nhiều giá trị hơn số cột của dòng tiêu đề"
UNKNOWN_KEY = "khóa không được hỗ trợ; các khóa hợp lệ: {allowed}"
DUPLICATE_KEY = "khóa đã có ở dòng {row}"

# --- cells ----------------------------------------------------------------------------
REQUIRED = "chưa nhập giá trị bắt buộc"
NOT_A_NUMBER = "«{value}» không phải là số"
NOT_AN_INTEGER = "«{value}» không phải là số nguyên"
NOT_A_DATE = "«{value}» không phải là ngày (dùng dạng 2024-12-31 hoặc 31/12/2024)"
NOT_A_CHOICE = "«{value}» không hợp lệ; dùng một trong: {choices}"
BAD_CODE = "mã «{value}» không được chứa khoảng trắng hoặc các ký tự ; , | = :"
NEGATIVE = "{value} không được âm"
NOT_POSITIVE = "{value} phải lớn hơn 0"
OUT_OF_RANGE = "{value} phải nằm trong khoảng {low} đến {high}"

# --- criteria set ---------------------------------------------------------------------
NO_GROUPS = "bộ tiêu chí phải có ít nhất một nhóm đơn vị"
NO_FIELDS = "bộ tiêu chí không có tiêu chí nào"
DUPLICATE_GROUP = "mã nhóm «{code}» trùng với dòng {row}"
DUPLICATE_BAND = "ngưỡng xếp loại {minimum} trùng với dòng {row}"
DUPLICATE_CODE = "mã tiêu chí «{code}» trùng với dòng {row}"
UNKNOWN_PARENT = "không có tiêu chí mã «{code}»"
CYCLE = "tiêu chí «{code}» nằm trong một vòng lặp cha - con"
UNKNOWN_RULE = "quy tắc chấm «{value}» không có; dùng một trong: {choices}"
RULE_REQUIRED = "tiêu chí không có tiêu chí con phải có quy tắc chấm"
RULE_ON_PARENT = "tiêu chí có tiêu chí con không có quy tắc chấm hay tham số; bỏ trống ô này"
PARAMETER_NOT_FOR_RULE = "tham số này không dùng cho quy tắc {rule}"
PARAMETER_REQUIRED = "quy tắc {rule} cần tham số này"
SUM_MISMATCH = "điểm tối đa {max} khác tổng điểm tối đa của các tiêu chí con ({total})"
UNKNOWN_GROUP = "nhóm «{code}» không có trong bộ tiêu chí"
STEP_NOT_DIVIDING = "bước {step} không chia hết điểm tối đa {max}"
FULL_AT_RANGE = "{value} phải lớn hơn 0 và không quá 1 (0,9 nghĩa là đạt 90 % thì được tối đa)"
BAD_BAND = "«{value}» không đúng dạng ngưỡng:điểm (ví dụ 90:1; 75:0.5)"
BAND_ABOVE_MAX = "mức {minimum} cho {points} điểm, vượt điểm tối đa {max}"
DUPLICATE_THRESHOLD = "ngưỡng {minimum} bị lặp"
PERCENT_THRESHOLD = "ngưỡng {minimum} phải là tỷ lệ % từ 0 đến 100"
BAD_ITEM = "«{value}» không đúng dạng mã=điểm|tên mục (ví dụ a=0.5|Ban hành kế hoạch)"
DUPLICATE_ITEM = "mục «{code}» bị lặp"
ITEMS_BELOW_MAX = "tổng điểm các mục ({total}) nhỏ hơn điểm tối đa {max}"

# --- units ----------------------------------------------------------------------------
DUPLICATE_UNIT = "mã đơn vị «{code}» trùng với dòng {row}"

# --- scores ---------------------------------------------------------------------------
UNKNOWN_UNIT = "không có đơn vị mã «{code}»"
UNKNOWN_NODE = "không có tiêu chí mã «{code}»"
NOT_A_LEAF = "tiêu chí «{code}» có tiêu chí con; chỉ nhập cho tiêu chí không có tiêu chí con"
NODE_NOT_FOR_GROUP = "tiêu chí «{code}» không áp dụng cho nhóm «{group}» của đơn vị"
DUPLICATE_ROW = "đơn vị «{unit}», tiêu chí «{node}» đã có ở dòng {row}"
INPUT_NOT_USED = "quy tắc {rule} của tiêu chí «{node}» không dùng cột này"
MISSING_INPUT = "quy tắc {rule} cần cả tử số và mẫu số"
SCORE_ABOVE_MAX = "điểm {score} vượt điểm tối đa {max}"
SCORE_NEGATIVE = "điểm {score} không được âm"
DEDUCTION_POSITIVE = "điểm trừ {score} phải nhỏ hơn hoặc bằng 0"
DEDUCTION_BELOW_CAP = "điểm trừ {score} vượt mức trừ tối đa {cap}"
BONUS_ABOVE_CAP = "điểm thưởng {score} vượt mức thưởng tối đa {cap}"
NUMERATOR_ABOVE_DENOMINATOR = "tử số {numerator} lớn hơn mẫu số {denominator}"
UNKNOWN_ITEM = "mục «{code}» không có trong danh sách của tiêu chí «{node}»"
RAW_MISMATCH = (
    "đơn vị «{unit}», tiêu chí «{node}»: số liệu của tự chấm và thẩm định khác nhau, "
    "không ghi được vào một dòng"
)
