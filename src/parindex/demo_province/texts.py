"""What demo people write: a unit's explanation (giải trình) of each self-score and the
appraisal opinion (ý kiến thẩm định) of each sub-criterion that lost points.

Texts follow the rule of the sub-criterion and its data; where several phrasings fit,
one is picked from the unit and node codes, so every load writes the same words.
"""

from __future__ import annotations

import zlib
from decimal import ROUND_HALF_UP, Decimal

from parindex.numbers import format_vn
from parindex.scoring import (
    AccuracyRule,
    BandsRule,
    ChecklistRule,
    DeductionRule,
    Entry,
    JudgedRule,
    Node,
    RatioRule,
)

HUNDRED = Decimal(100)
CENT = Decimal("0.01")

# --- explanations (giải trình) of the unit ------------------------------------------------
EXPLAIN_NOT_APPLICABLE = "Trong năm không phát sinh nội dung này tại đơn vị, đề nghị không chấm."
EXPLAIN_RATIO = "Đã hoàn thành {numerator}/{denominator} ({percent}%) theo số liệu theo dõi."
EXPLAIN_NOTHING_DUE = "Trong năm không có nhiệm vụ phải thực hiện ở nội dung này."
EXPLAIN_CHECKLIST = "Đơn vị đã thực hiện: {items}."
EXPLAIN_CHECKLIST_NONE = "Đơn vị chưa thực hiện nội dung nào của tiêu chí."
EXPLAIN_JUDGED = "Đơn vị tự chấm {score}/{max} điểm căn cứ kết quả thực hiện trong năm."
EXPLAIN_VALUE = "Kết quả đạt {value} theo báo cáo thống kê của đơn vị."
EXPLAIN_COUNT = "Số lượng trong năm: {count}."
EXPLAIN_NO_VIOLATION = "Trong năm đơn vị không có trường hợp vi phạm phải trừ điểm."
EXPLAIN_CLAIMED = "Đơn vị tự chấm {score} điểm: {details}"

# --- appraisal opinions (ý kiến thẩm định) ------------------------------------------------
DEDUCT = "trừ {points} điểm."
OPINION_CHECKLIST = "Tài liệu kiểm chứng chưa thể hiện nội dung {items}; " + DEDUCT
OPINION_RATIO = (
    "Theo tài liệu kiểm chứng, kết quả đạt {numerator}/{denominator} ({percent}%), "
    "đơn vị tự chấm điểm tối đa là chưa đúng cách tính; " + DEDUCT
)
OPINION_PERCENT_BAND = (
    "Tỷ lệ đạt {numerator}/{denominator} ({percent}%) chưa đạt mức tối đa của tiêu chí; " + DEDUCT
)
OPINION_VALUE_BAND = "Kết quả đạt {value} chưa đạt mức tối đa của tiêu chí; " + DEDUCT
OPINION_DEDUCTION = (
    "Trong năm có {count} trường hợp vi phạm đã được cấp có thẩm quyền kết luận; "
    "trừ {points} điểm vào điểm tổng."
)
OPINION_VIOLATION = (
    "Đơn vị có vi phạm đã được cấp có thẩm quyền kết luận; trừ {points} điểm vào điểm tổng."
)
OPINION_ACCURACY = (
    "Tỷ lệ tiêu chí có điểm tự chấm trùng với điểm thẩm định chưa đạt mức tối đa; " + DEDUCT
)
OPINION_OTHER = "Kết quả thẩm định thấp hơn điểm tự chấm theo tài liệu kiểm chứng; " + DEDUCT
OPINIONS_JUDGED = (
    "Tài liệu kiểm chứng chưa thể hiện đầy đủ kết quả thực hiện nội dung «{title}»; " + DEDUCT,
    "Văn bản kiểm chứng được ban hành chậm so với thời hạn quy định; " + DEDUCT,
    "Tài liệu kiểm chứng là bản chụp, chưa có chữ ký số theo quy định; " + DEDUCT,
    "Báo cáo chưa nêu rõ kết quả cụ thể, thiếu số liệu minh chứng; " + DEDUCT,
)


def points(value: Decimal) -> str:
    """Points the Vietnamese way, without trailing zeros: ``0.50`` → ``0,5``."""
    return format_vn(value.normalize() if value != 0 else Decimal(0))


def _percent(numerator: Decimal, denominator: Decimal) -> str:
    """``37/40`` → ``92,5``: two decimals at most, no trailing zeros."""
    return points((HUNDRED * numerator / denominator).quantize(CENT, ROUND_HALF_UP))


def _pick(options: tuple[str, ...], unit: str, code: str) -> str:
    return options[zlib.crc32(f"{unit}/{code}".encode()) % len(options)]


def _titles(rule: ChecklistRule, codes: frozenset[str], *, ticked: bool) -> list[str]:
    return [f"«{item.title}»" for item in rule.items if (item.code in codes) is ticked]


def _raw_explanation(node: Node, entry: Entry) -> str | None:
    """What the raw inputs say, or ``None`` when the entry holds none the rule uses."""
    rule = node.rule
    num, den = entry.numerator, entry.denominator
    if num is not None and den is not None:
        if den == 0:
            return EXPLAIN_NOTHING_DUE
        return EXPLAIN_RATIO.format(
            numerator=format_vn(num), denominator=format_vn(den), percent=_percent(num, den)
        )
    if isinstance(rule, ChecklistRule) and entry.items is not None:
        done = _titles(rule, entry.items, ticked=True)
        return EXPLAIN_CHECKLIST.format(items=", ".join(done)) if done else EXPLAIN_CHECKLIST_NONE
    if entry.value is not None and not isinstance(rule, JudgedRule):
        return EXPLAIN_VALUE.format(value=format_vn(entry.value))
    if entry.count is not None:
        return EXPLAIN_COUNT.format(count=format_vn(entry.count))
    return None


def explanation(node: Node, entry: Entry) -> str:
    """The unit's explanation of its self-scoring entry for ``node``."""
    if entry.not_applicable:
        return EXPLAIN_NOT_APPLICABLE
    raw = _raw_explanation(node, entry)
    if entry.score is None:
        return raw or ""
    if isinstance(node.rule, DeductionRule) and entry.score == 0:
        return EXPLAIN_NO_VIOLATION
    if raw is not None:
        return EXPLAIN_CLAIMED.format(score=points(entry.score), details=raw)
    return EXPLAIN_JUDGED.format(score=points(entry.score), max=points(node.max_points))


def opinion(*, unit: str, node: Node, entry: Entry | None, lost: Decimal) -> str:
    """The appraisal opinion on a sub-criterion where ``lost`` points were taken off."""
    rule, shown = node.rule, points(lost)
    entry = entry or Entry()
    if isinstance(rule, JudgedRule):
        return _pick(OPINIONS_JUDGED, unit, node.code).format(title=node.title, points=shown)
    if isinstance(rule, AccuracyRule):
        return OPINION_ACCURACY.format(points=shown)
    if isinstance(rule, DeductionRule):
        if entry.count is None:
            return OPINION_VIOLATION.format(points=shown)
        return OPINION_DEDUCTION.format(count=format_vn(entry.count), points=shown)
    return _data_opinion(rule, entry, shown) or OPINION_OTHER.format(points=shown)


def _data_opinion(rule: object, entry: Entry, shown: str) -> str | None:
    """The opinion that quotes the verified data (items, fraction, value), if any."""
    if isinstance(rule, ChecklistRule) and entry.items is not None:
        missing = _titles(rule, entry.items, ticked=False)
        return OPINION_CHECKLIST.format(items=", ".join(missing), points=shown)
    num, den = entry.numerator, entry.denominator
    if num is not None and den:
        fraction = {
            "numerator": format_vn(num),
            "denominator": format_vn(den),
            "percent": _percent(num, den),
            "points": shown,
        }
        if isinstance(rule, RatioRule):
            return OPINION_RATIO.format(**fraction)
        if isinstance(rule, BandsRule):
            return OPINION_PERCENT_BAND.format(**fraction)
    if isinstance(rule, BandsRule) and entry.value is not None:
        return OPINION_VALUE_BAND.format(value=format_vn(entry.value), points=shown)
    return None
