"""A survey's layout as people type it: factors and questions, the answer scale and the
respondent forms, one item per line, and back to text.

Questions (a factor starts with ``#``; a question may name the forms that ask it)::

    # 1 | Tiếp cận dịch vụ
    1.1 | Nơi ngồi chờ có đủ chỗ ngồi
    1.2 | Trang thiết bị phục vụ đầy đủ | DB; LD

Scale (value 1-9 | answer | weight 0-100 | ``*`` when it counts as satisfied)::

    4 | Hài lòng | 75 | *

Respondent forms: ``DB | Đại biểu HĐND tỉnh``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from parindex.apps.surveys.models import MAX_OPTIONS, MAX_QUESTIONS
from parindex.interchange._cells import CODE_PATTERN, parse_decimal

SATISFIED_MARK = "*"
SEPARATOR = " | "

# Messages shown to people ({line}: the line number in the box).
BAD_FACTOR = _("dòng {line}: «{text}» không đúng dạng «# mã | yếu tố»")
BAD_QUESTION = _(
    "dòng {line}: «{text}» không đúng dạng «mã | câu hỏi» hoặc «mã | câu hỏi | mẫu phiếu»"
)
QUESTION_WITHOUT_FACTOR = _("dòng {line}: câu hỏi phải nằm dưới một yếu tố (dòng bắt đầu bằng #)")
FACTOR_WITHOUT_QUESTION = _("yếu tố {code} chưa có câu hỏi nào")
BAD_CODE = _("dòng {line}: mã «{code}» không được chứa khoảng trắng hoặc các ký tự ; , | = :")
REPEATED_CODE = _("dòng {line}: mã «{code}» đã dùng ở dòng {first}")
UNKNOWN_FORM = _("dòng {line}: không có mẫu phiếu mã «{code}»")
NO_QUESTIONS = _("khảo sát phải có ít nhất một câu hỏi")
TOO_MANY_QUESTIONS = _("khảo sát có nhiều nhất {max} câu hỏi")
BAD_OPTION = _(
    "dòng {line}: «{text}» không đúng dạng «giá trị | câu trả lời | trọng số» (thêm «| *» "
    "nếu tính là hài lòng), ví dụ 4 | Hài lòng | 75 | *"
)
BAD_VALUE = _("dòng {line}: giá trị phải là số nguyên từ 1 đến {max}")
BAD_WEIGHT = _("dòng {line}: trọng số phải là số từ 0 đến 100")
REPEATED_VALUE = _("dòng {line}: giá trị {value} đã dùng ở dòng {first}")
TOO_FEW_OPTIONS = _("thang trả lời phải có ít nhất hai câu trả lời")
NO_SATISFIED = _("đánh dấu * ít nhất một câu trả lời được tính là hài lòng")
BAD_FORM = _("dòng {line}: «{text}» không đúng dạng «mã | tên mẫu phiếu»")


@dataclass(frozen=True, slots=True)
class QuestionLine:
    code: str
    text: str
    forms: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class FactorLine:
    code: str
    title: str
    questions: tuple[QuestionLine, ...]


@dataclass(frozen=True, slots=True)
class OptionLine:
    value: int
    label: str
    weight: Decimal
    satisfied: bool


@dataclass(frozen=True, slots=True)
class FormLine:
    code: str
    name: str


class LayoutError(ValueError):
    """The lines that could not be read; ``messages`` are shown beside the box."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("\n".join(messages))
        self.messages = messages


def _lines(text: str) -> list[tuple[int, str]]:
    return [(n, line.strip()) for n, line in enumerate(text.splitlines(), 1) if line.strip()]


def _parts(text: str) -> list[str]:
    return [part.strip() for part in text.split("|")]


def _message(template: Any, **values: Any) -> str:
    return str(template).format(**values)


class _Codes:
    """Codes met so far, to refuse a bad or repeated one with its line."""

    def __init__(self, errors: list[str]) -> None:
        self.first: dict[str, int] = {}
        self.errors = errors

    def check(self, code: str, line: int) -> None:
        if not CODE_PATTERN.fullmatch(code):
            self.errors.append(_message(BAD_CODE, line=line, code=code))
        elif code in self.first:
            first = self.first[code]
            self.errors.append(_message(REPEATED_CODE, line=line, code=code, first=first))
        self.first.setdefault(code, line)


def parse_forms(text: str) -> tuple[FormLine, ...]:
    errors: list[str] = []
    codes = _Codes(errors)
    out = []
    for line, raw in _lines(text):
        parts = _parts(raw)
        if len(parts) != 2 or not all(parts):
            errors.append(_message(BAD_FORM, line=line, text=raw))
            continue
        codes.check(parts[0], line)
        out.append(FormLine(parts[0], parts[1]))
    if errors:
        raise LayoutError(errors)
    return tuple(out)


def parse_questions(text: str, forms: tuple[str, ...]) -> tuple[FactorLine, ...]:
    """The factors and their questions; ``forms``: the respondent form codes there are."""
    errors: list[str] = []
    factor_codes, question_codes = _Codes(errors), _Codes(errors)
    factors: list[tuple[str, str, list[QuestionLine]]] = []
    for line, raw in _lines(text):
        if raw.startswith("#"):
            parts = _parts(raw[1:])
            if len(parts) != 2 or not all(parts):
                errors.append(_message(BAD_FACTOR, line=line, text=raw))
                continue
            factor_codes.check(parts[0], line)
            factors.append((parts[0], parts[1], []))
            continue
        question = _question(line, raw, forms, question_codes, errors)
        if question is None:
            continue
        if not factors:
            errors.append(_message(QUESTION_WITHOUT_FACTOR, line=line))
            continue
        factors[-1][2].append(question)
    return _checked_factors(factors, errors)


def _question(
    line: int, raw: str, forms: tuple[str, ...], codes: _Codes, errors: list[str]
) -> QuestionLine | None:
    parts = _parts(raw)
    if len(parts) not in (2, 3) or not parts[0] or not parts[1]:
        errors.append(_message(BAD_QUESTION, line=line, text=raw))
        return None
    codes.check(parts[0], line)
    asked = (
        tuple(c.strip() for c in parts[2].replace(",", ";").split(";") if c.strip())
        if len(parts) == 3
        else ()
    )
    for code in asked:
        if code not in forms:
            errors.append(_message(UNKNOWN_FORM, line=line, code=code))
    return QuestionLine(parts[0], parts[1], asked)


def _checked_factors(
    factors: list[tuple[str, str, list[QuestionLine]]], errors: list[str]
) -> tuple[FactorLine, ...]:
    for code, _title, questions in factors:
        if not questions:
            errors.append(_message(FACTOR_WITHOUT_QUESTION, code=code))
    count = sum(len(questions) for _, _, questions in factors)
    if count == 0 and not errors:
        errors.append(str(NO_QUESTIONS))
    if count > MAX_QUESTIONS:
        errors.append(_message(TOO_MANY_QUESTIONS, max=MAX_QUESTIONS))
    if errors:
        raise LayoutError(errors)
    return tuple(FactorLine(code, title, tuple(qs)) for code, title, qs in factors)


def parse_options(text: str) -> tuple[OptionLine, ...]:
    errors: list[str] = []
    first: dict[int, int] = {}
    out = []
    for line, raw in _lines(text):
        option = _option(line, raw, errors)
        if option is None:
            continue
        if option.value in first:
            errors.append(
                _message(REPEATED_VALUE, line=line, value=option.value, first=first[option.value])
            )
        first.setdefault(option.value, line)
        out.append(option)
    if not errors and len(out) < 2:
        errors.append(str(TOO_FEW_OPTIONS))
    if not errors and not any(o.satisfied for o in out):
        errors.append(str(NO_SATISFIED))
    if errors:
        raise LayoutError(errors)
    return tuple(sorted(out, key=lambda o: o.value))


def _option(line: int, raw: str, errors: list[str]) -> OptionLine | None:
    parts = _parts(raw)
    marked = len(parts) == 4 and parts[3] == SATISFIED_MARK
    if len(parts) not in (3, 4) or not parts[1] or (len(parts) == 4 and not marked):
        errors.append(_message(BAD_OPTION, line=line, text=raw))
        return None
    value = parse_decimal(parts[0])
    weight = parse_decimal(parts[2])
    if value is None or value != value.to_integral_value() or not 1 <= value <= MAX_OPTIONS:
        errors.append(_message(BAD_VALUE, line=line, max=MAX_OPTIONS))
        return None
    if weight is None or not 0 <= weight <= 100:
        errors.append(_message(BAD_WEIGHT, line=line))
        return None
    return OptionLine(int(value), parts[1], weight, marked)


# --- back to text -----------------------------------------------------------------------


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f") if value != value.to_integral() else str(int(value))


def questions_text(factors: tuple[FactorLine, ...]) -> str:
    lines = []
    for factor in factors:
        lines.append(f"# {factor.code}{SEPARATOR}{factor.title}")
        for q in factor.questions:
            forms = f"{SEPARATOR}{'; '.join(q.forms)}" if q.forms else ""
            lines.append(f"{q.code}{SEPARATOR}{q.text}{forms}")
    return "\n".join(lines)


def options_text(options: tuple[OptionLine, ...]) -> str:
    return "\n".join(
        SEPARATOR.join(
            [str(o.value), o.label, _plain(o.weight), *([SATISFIED_MARK] if o.satisfied else [])]
        )
        for o in options
    )


def forms_text(forms: tuple[FormLine, ...]) -> str:
    return "\n".join(f"{f.code}{SEPARATOR}{f.name}" for f in forms)
