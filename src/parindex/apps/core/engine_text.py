"""The scoring engine's refusals in the reader's language.

The engine (:mod:`parindex.scoring`) is plain Python without Django, so its messages are
Vietnamese constants. Each :class:`~parindex.scoring.ScoreInputError` carries its
template and values; this module repeats every template and input word as a literal
marked for translation (so that ``makemessages`` finds them) and formats the translated
template. ``tests/web/test_engine_text.py`` checks that the literals match the engine's
constants, so a new engine message cannot be forgotten here.
"""

from __future__ import annotations

from django.utils.translation import gettext, gettext_noop

from parindex.scoring import ScoreInputError, rules

MESSAGES: dict[str, str] = {
    rules.MISSING: gettext_noop("thiếu {what}"),
    rules.NEGATIVE: gettext_noop("{what} không được âm ({value})"),
    rules.OUT_OF_RANGE: gettext_noop("điểm {score} nằm ngoài khoảng {low} đến {high}"),
    rules.NOT_A_DEDUCTION: gettext_noop("điểm trừ {score} phải nhỏ hơn hoặc bằng 0"),
    rules.OFF_STEP: gettext_noop("điểm {score} không theo bước {step}"),
    rules.UNKNOWN_ITEMS: gettext_noop("mục không có trong danh sách: {items}"),
    rules.NUMERATOR_ABOVE: gettext_noop("tử số {numerator} lớn hơn mẫu số {denominator}"),
    rules.NO_ITEMS: gettext_noop("thiếu danh sách mục đã đạt"),
    rules.PERCENT_ABOVE: gettext_noop("tỷ lệ {value} % vượt quá 100 %"),
}

WORDS: dict[str, str] = {
    rules.SCORE_WORD: gettext_noop("điểm"),
    rules.NUMERATOR_WORD: gettext_noop("tử số"),
    rules.DENOMINATOR_WORD: gettext_noop("mẫu số"),
    rules.VALUE_WORD: gettext_noop("giá trị"),
    rules.COUNT_WORD: gettext_noop("số lượng"),
    rules.SURVEY_PERCENT_WORD: gettext_noop("tỷ lệ khảo sát"),
    rules.PERCENT_WORD: gettext_noop("tỷ lệ"),
}


def engine_message(error: ScoreInputError) -> str:
    """``error.message`` in the active language (unchanged in Vietnamese)."""
    template = MESSAGES.get(error.template)
    if template is None:
        return error.message
    params = {
        name: gettext(WORDS[value]) if name == "what" and value in WORDS else value
        for name, value in error.params.items()
    }
    return gettext(template).format(**params)
