"""Rules in Vietnamese words: the name of each kind, of each parameter, and a sentence
describing a rule with its parameters ("Tỷ lệ: điểm tối đa × tử số / mẫu số; ...")."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from parindex.numbers import format_vn
from parindex.scoring.rules import (
    AccuracyRule,
    Band,
    BandMeasure,
    BandsRule,
    BonusRule,
    ChecklistRule,
    CountRule,
    DeductionRule,
    JudgedRule,
    RatioRule,
    RelativeRule,
    Rule,
    RuleKind,
    SurveyMeasure,
    SurveyRule,
    ZeroDenominator,
)

KIND_LABELS: Mapping[RuleKind, Promise] = {
    RuleKind.JUDGED: _("Chấm theo đánh giá"),
    RuleKind.CHECKLIST: _("Danh mục"),
    RuleKind.RATIO: _("Tỷ lệ"),
    RuleKind.RELATIVE: _("So sánh trong nhóm"),
    RuleKind.BANDS: _("Theo mức"),
    RuleKind.COUNT: _("Đếm số lượng"),
    RuleKind.DEDUCTION: _("Điểm trừ"),
    RuleKind.BONUS: _("Điểm thưởng"),
    RuleKind.ACCURACY: _("Tính chính xác của tự chấm"),
    RuleKind.SURVEY: _("Kết quả khảo sát"),
}

PARAMETER_LABELS: Mapping[str, Promise] = {
    "step": _("Bước chấm"),
    "zero_denominator": _("Khi mẫu số bằng 0"),
    "full_at": _("Tỷ lệ đạt điểm tối đa"),
    "measure": _("Đo theo"),
    "bands": _("Các mức (ngưỡng:điểm)"),
    "points_each": _("Điểm mỗi lần"),
    "cap": _("Mức tối đa"),
    "minimum": _("Số lượng tối thiểu"),
    "items": _("Các mục (mã=điểm|tên mục, mỗi mục một dòng)"),
    "survey": _("Khảo sát"),
    "factor": _("Yếu tố khảo sát"),
}

ZERO_DENOMINATOR_WORDS: Mapping[ZeroDenominator, Promise] = {
    ZeroDenominator.FULL: _("đủ điểm"),
    ZeroDenominator.ZERO: _("0 điểm"),
    ZeroDenominator.NOT_APPLICABLE: _("không áp dụng"),
}
MEASURE_WORDS: Mapping[BandMeasure | SurveyMeasure, Promise] = {
    BandMeasure.VALUE: _("giá trị"),
    BandMeasure.PERCENT: _("tỷ lệ % (tử số / mẫu số × 100)"),
    SurveyMeasure.SATISFIED: _("tỷ lệ % câu trả lời hài lòng (khảo sát)"),
    SurveyMeasure.WEIGHTED: _("điểm bình quân theo trọng số % (khảo sát)"),
}
SURVEY_WORDS: Mapping[str, Promise] = {
    "sipas": _("khảo sát sự hài lòng (SIPAS)"),
    "sociological": _("điều tra xã hội học"),
}

JUDGED_TEXT = _("Chấm theo đánh giá: từ 0 đến điểm tối đa")
JUDGED_STEP = _("theo bước {step}")
CHECKLIST_TEXT = _("Danh mục: cộng điểm các mục đạt, không quá điểm tối đa")
RATIO_TEXT = _("Tỷ lệ: điểm tối đa × tử số / mẫu số")
RATIO_FULL_AT = _("đạt từ {percent} % được điểm tối đa")
ZERO_DENOMINATOR_TEXT = _("mẫu số bằng 0 → {outcome}")
RELATIVE_TEXT = _("So sánh trong nhóm: điểm tối đa × giá trị / giá trị cao nhất của nhóm")
BANDS_TEXT = _("Theo mức của {measure}")
BAND_TEXT = _("từ {minimum} → {points} điểm")
BELOW_BANDS = _("thấp hơn → 0 điểm")
COUNT_TEXT = _("Đếm số lượng: mỗi lần {each} điểm, tối đa {cap} điểm")
COUNT_UP_TO_MAX = _("Đếm số lượng: mỗi lần {each} điểm, tối đa bằng điểm tối đa")
DEDUCTION_TEXT = _("Điểm trừ vào tổng điểm: mỗi trường hợp trừ {each} điểm")
DEDUCTION_CAP = _("trừ tối đa {cap} điểm")
DEDUCTION_NO_CAP = _("không giới hạn mức trừ")
BONUS_TEXT = _("Điểm thưởng ngoài điểm tối đa: mỗi lần {each} điểm, tối đa {cap} điểm")
BONUS_MINIMUM = _("Điểm thưởng ngoài điểm tối đa: đạt từ {minimum} trở lên → {cap} điểm")
ACCURACY_TEXT = _(
    "Tính khi thẩm định: tỷ lệ % tiêu chí có điểm tự chấm bằng điểm thẩm định (tính chính xác "
    "của tự chấm)"
)
SURVEY_TEXT = _("Tính từ kết quả {survey}: {measure}")
SURVEY_CODE = _("cuộc khảo sát mã {code}")
SURVEY_FACTOR = _("chỉ tính yếu tố {factor}")
SURVEY_PROPORTIONAL = _("điểm = điểm tối đa × tỷ lệ / 100")
NO_RULE = _("Chưa có cách chấm")


def number(value: Decimal) -> str:
    """``Decimal("2.5000")`` → ``2,5``; ``Decimal("100")`` → ``100``."""
    if value == value.to_integral_value():
        return format_vn(value.quantize(Decimal(1)))
    return format_vn(value.normalize())


def kind_label(kind: str) -> str:
    try:
        return str(KIND_LABELS[RuleKind(kind)])
    except ValueError:
        return kind


def _bands(bands: tuple[Band, ...]) -> list[str]:
    ordered = sorted(bands, key=lambda b: b.minimum, reverse=True)
    parts = [
        str(BAND_TEXT).format(minimum=number(b.minimum), points=number(b.points)) for b in ordered
    ]
    if not ordered or ordered[-1].minimum > 0:
        parts.append(str(BELOW_BANDS))
    return parts


def _ratio(rule: RatioRule) -> list[str]:
    parts = [str(RATIO_TEXT)]
    if rule.full_at != 1:
        parts.append(str(RATIO_FULL_AT).format(percent=number(rule.full_at * 100)))
    outcome = ZERO_DENOMINATOR_WORDS[rule.zero_denominator]
    parts.append(str(ZERO_DENOMINATOR_TEXT).format(outcome=outcome))
    return parts


def _bands_rule(rule: BandsRule) -> list[str]:
    parts = [str(BANDS_TEXT).format(measure=MEASURE_WORDS[rule.measure_of]), *_bands(rule.bands)]
    if rule.measure_of is BandMeasure.PERCENT:
        outcome = ZERO_DENOMINATOR_WORDS[ZeroDenominator.NOT_APPLICABLE]
        parts.append(str(ZERO_DENOMINATOR_TEXT).format(outcome=outcome))
    return parts


def _survey(rule: SurveyRule) -> list[str]:
    source = SURVEY_WORDS.get(rule.survey) or str(SURVEY_CODE).format(code=rule.survey)
    measure = MEASURE_WORDS[rule.measure_of]
    parts = [str(SURVEY_TEXT).format(survey=source, measure=measure)]
    if rule.factor is not None:
        parts.append(str(SURVEY_FACTOR).format(factor=rule.factor))
    return [*parts, *(_bands(rule.bands) if rule.bands else [str(SURVEY_PROPORTIONAL)])]


def _parts(rule: Rule) -> list[str]:  # noqa: PLR0911 - one answer per kind of rule
    match rule:
        case JudgedRule(step=step):
            extra = [str(JUDGED_STEP).format(step=number(step))] if step is not None else []
            return [str(JUDGED_TEXT), *extra]
        case ChecklistRule():
            return [str(CHECKLIST_TEXT)]
        case RatioRule():
            return _ratio(rule)
        case RelativeRule():
            return [str(RELATIVE_TEXT)]
        case BandsRule():
            return _bands_rule(rule)
        case CountRule(points_each=each, cap=cap):
            if cap is None:
                return [str(COUNT_UP_TO_MAX).format(each=number(each))]
            return [str(COUNT_TEXT).format(each=number(each), cap=number(cap))]
        case DeductionRule(points_each=each, cap=cap):
            limit = str(DEDUCTION_CAP).format(cap=number(cap)) if cap else str(DEDUCTION_NO_CAP)
            return [str(DEDUCTION_TEXT).format(each=number(each)), limit]
        case BonusRule(points_each=each, cap=cap, minimum=minimum):
            if minimum is not None:
                return [str(BONUS_MINIMUM).format(minimum=number(minimum), cap=number(cap))]
            return [str(BONUS_TEXT).format(each=number(each), cap=number(cap))]
        case AccuracyRule(bands=bands):
            return [str(ACCURACY_TEXT), *_bands(bands)]
        case SurveyRule():
            return _survey(rule)
    return [kind_label(rule.kind.value)]  # pragma: no cover - every kind is matched above


def describe(rule: Rule | None) -> str:
    """The rule and its parameters in one Vietnamese sentence."""
    if rule is None:
        return str(NO_RULE)
    return "; ".join(_parts(rule))
