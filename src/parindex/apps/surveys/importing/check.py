"""What a ballot file may hold for one survey, and each row read against it.

Columns: ``ballot`` (the ballot's ID, required), ``unit`` (the evaluated unit's code,
required), ``form`` (the respondent form's code: required when the survey has forms),
``date`` (optional day the ballot was collected) and one column per question, headed by
the question's code, holding the chosen answer's value (``1``-``5``) or nothing.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from operator import itemgetter
from typing import NamedTuple, cast

from parindex.apps.surveys.models import NO_ANSWER
from parindex.interchange import errors as e
from parindex.interchange._cells import as_text, parse_date
from parindex.interchange.errors import Problem

BALLOT, UNIT, FORM, DATE = "ballot", "unit", "form", "date"
FIXED_COLUMNS = (BALLOT, UNIT, FORM, DATE)
MAX_BALLOT_ID = 64
MAX_PROBLEMS = 200  # kept and shown; the others are counted
MAX_DAYS = 4096  # collection days remembered once parsed

# Messages (Vietnamese, with the file, sheet, row and column of the problem).
UNIT_NOT_COVERED = "đơn vị «{code}» không thuộc phạm vi của khảo sát này"
UNKNOWN_FORM = "không có mẫu phiếu mã «{code}»; dùng một trong: {choices}"
FORM_NOT_USED = "khảo sát này không có mẫu phiếu; để trống cột này"
BAD_ANSWER = "«{value}» không phải là câu trả lời; dùng một trong: {choices} hoặc để trống"
NOT_ON_FORM = "mẫu phiếu «{form}» không hỏi câu này; để trống ô này"
NO_ANSWERS = "phiếu không trả lời câu hỏi nào"
BALLOT_ID_TOO_LONG = "mã phiếu dài quá {max} ký tự"
BALLOT_ID_CONTROL = "mã phiếu có ký tự điều khiển (không in được); chỉ dùng chữ, số và dấu"
NO_QUESTION_COLUMN = "tệp không có cột nào là mã câu hỏi của khảo sát ({codes})"
MORE_PROBLEMS = "… và {count} lỗi khác"


@dataclass(frozen=True, slots=True)
class QuestionColumn:
    slot: int
    forms: frozenset[str]  # empty: every form asks it


@dataclass(frozen=True, slots=True)
class Plan:
    """The survey's side of the check: units, forms, questions and answers it knows."""

    covered: Mapping[str, int]  # unit code → unit id, for the units the survey covers
    known: frozenset[str]  # every unit code there is
    forms: Mapping[str, int]  # respondent form code → id
    questions: Mapping[str, QuestionColumn]  # question code (lower case) → column
    values: frozenset[str]  # the answers' digits
    width: int  # length of the answers string


class Parsed(NamedTuple):
    """A good row, ready to be written."""

    ballot_id: str
    unit_id: int
    form_id: int | None
    answers: str
    collected: date | None


@dataclass(slots=True)
class Problems:
    """The first :data:`MAX_PROBLEMS` problems and how many there are in all."""

    kept: list[Problem] = field(default_factory=list)
    count: int = 0

    def add(self, problem: Problem) -> None:
        self.count += 1
        if len(self.kept) < MAX_PROBLEMS:
            self.kept.append(problem)

    def messages(self) -> list[str]:
        out = [str(p) for p in self.kept]
        if self.count > len(self.kept):
            out.append(MORE_PROBLEMS.format(count=self.count - len(self.kept)))
        return out


class Columns:
    """Where each column of the file's header is, checked against the plan."""

    def __init__(self, header: Sequence[str], plan: Plan, file: str, sheet: str | None) -> None:
        self.plan, self.file, self.sheet = plan, file, sheet
        self.index: dict[str, int] = {}
        self.questions: list[tuple[int, str, QuestionColumn]] = []
        self.problems: list[Problem] = []
        for i, name in enumerate(header):
            self._column(i, name)
        for name in (BALLOT, UNIT) + ((FORM,) if plan.forms else ()):
            if name not in self.index:
                self._fail(name, e.MISSING_COLUMN)
        if not self.questions and not self.problems:
            codes = ", ".join(sorted(plan.questions))
            self._fail(None, NO_QUESTION_COLUMN.format(codes=codes))

    def _fail(self, column: str | None, message: str) -> None:
        self.problems.append(Problem(self.file, self.sheet, 1, column, message))

    def _column(self, i: int, name: str) -> None:
        if not name:
            return
        if name in self.index:
            self._fail(name, e.DUPLICATE_COLUMN)
        elif name in FIXED_COLUMNS:
            self.index[name] = i
        elif name in self.plan.questions:
            self.index[name] = i
            self.questions.append((i, name, self.plan.questions[name]))
        else:
            allowed = ", ".join([*FIXED_COLUMNS, *sorted(self.plan.questions)])
            self._fail(name, e.UNKNOWN_COLUMN.format(allowed=allowed))


def _cell(line: Sequence[object], i: int | None) -> object:
    return line[i] if i is not None and i < len(line) else None


def _ascii(value: object) -> str | None:
    """A text cell without its spaces, when it is plain ASCII (then it needs no NFC)."""
    return value.strip() if type(value) is str and value.isascii() else None


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        text = value.strip()
        return unicodedata.normalize("NFC", text) if not text.isascii() else text
    return as_text(value)


def _getter(indexes: Sequence[int]) -> Callable[[Sequence[object]], tuple[object, ...]]:
    """The cells at ``indexes`` of a row, as a tuple (one index included)."""
    if len(indexes) == 1:
        only = indexes[0]
        return lambda line: (line[only],)
    return itemgetter(*indexes)


class RowReader:
    """Reads rows against the columns; every problem goes to ``problems``.

    :meth:`read` first tries :meth:`_usual`, a quick reading of the usual row (plain
    ASCII text in the fixed columns, a known unit and form, every question cell a value
    of the scale, a collection day as text); any other row, good or bad, is read cell by
    cell by the full checks, which alone report problems. Both give the same ``Parsed``
    for a row the quick reading accepts.
    """

    def __init__(self, columns: Columns, problems: Problems) -> None:
        self.columns, self.plan, self.problems = columns, columns.plan, problems
        self.choices = ", ".join(sorted(self.plan.values))
        self.form_choices = ", ".join(self.plan.forms)
        self.days: dict[str, date | None] = {}
        index = columns.index
        self.ballot_i, self.unit_i = index.get(BALLOT), index.get(UNIT)
        self.form_i, self.date_i = index.get(FORM), index.get(DATE)
        by_slot = sorted(columns.questions, key=lambda q: q[2].slot)
        self.slots = tuple(q.slot for _, _, q in by_slot)
        self.cells = _getter([i for i, _, _ in by_slot]) if by_slot else None
        self.whole = self.slots == tuple(range(self.plan.width))  # one cell per slot
        self.blank = [NO_ANSWER] * self.plan.width
        self.numbers: dict[object, str] = {  # a workbook's 4 or 4.0 is the answer "4"
            int(v): v for v in self.plan.values if v.isdecimal() and str(int(v)) == v
        }
        asked = [q.forms for _, _, q in by_slot if q.forms]
        # the forms whose ballots may answer every question column of the file
        self.asks_all = frozenset(f for f in self.plan.forms if all(f in a for a in asked))
        used = [i for i in (self.ballot_i, self.unit_i, self.form_i, self.date_i) if i is not None]
        self.width = max([*used, *(i for i, _, _ in columns.questions)], default=-1) + 1

    def fail(self, row: int, column: str | None, message: str) -> None:
        columns = self.columns
        self.problems.add(Problem(columns.file, columns.sheet, row, column, message))

    def day(self, text: str) -> date | None:
        """The day written ``text`` (``None``: not a date), parsed once per text."""
        days = self.days
        if text in days:
            return days[text]
        found = parse_date(text)
        if len(days) < MAX_DAYS:
            days[text] = found
        return found

    def _usual(self, line: Sequence[object]) -> Parsed | None:
        """The ballot of a usual good row; ``None``: read it cell by cell."""
        if len(line) < self.width or self.cells is None:
            return None
        head = self._usual_head(line)
        if head is None:
            return None
        answers = self._usual_answers(self.cells(line))
        if answers is None:
            return None
        collected = None
        if self.date_i is not None and (when := line[self.date_i]) is not None and when != "":
            if type(when) is datetime:  # a workbook's date cell
                collected = when.date()
            else:
                text = _ascii(when)
                collected = self.day(text) if text else None
                if collected is None:
                    return None
        return Parsed(*head, answers, collected)

    def _usual_head(self, line: Sequence[object]) -> tuple[str, int, int | None] | None:
        """The ballot ID, unit and form of a usual row (``None``: not one)."""
        ballot = _ascii(line[self.ballot_i]) if self.ballot_i is not None else None
        if not ballot or len(ballot) > MAX_BALLOT_ID or not ballot.isprintable():
            return None
        unit = _ascii(line[self.unit_i]) if self.unit_i is not None else None
        unit_id = self.plan.covered.get(unit) if unit else None
        if unit_id is None:
            return None
        form = line[self.form_i] if self.form_i is not None else None
        if not self.plan.forms:
            return (ballot, unit_id, None) if form is None or form == "" else None
        code = _ascii(form)
        if code not in self.asks_all:  # also when the form is not a known code
            return None
        return ballot, unit_id, self.plan.forms[code]

    def _usual_answers(self, cells: tuple[object, ...]) -> str | None:
        """The answers string when every question cell holds a value of the scale (as
        text, or as a workbook's number: ``4`` or ``4.0``)."""
        if not self.plan.values.issuperset(cells):
            numbers = self.numbers
            cells = tuple(
                numbers.get(c) if type(c) is int or type(c) is float else c for c in cells
            )
            if not self.plan.values.issuperset(cells):
                return None
        values = cast("tuple[str, ...]", cells)
        if self.whole:
            return "".join(values)
        chars = self.blank.copy()
        for slot, value in zip(self.slots, values, strict=True):
            chars[slot] = value
        return "".join(chars)

    def read(self, row: int, line: Sequence[object]) -> Parsed | None:
        """The row's ballot; ``None`` for a blank row or a row with problems."""
        usual = self._usual(line)
        if usual is not None:
            return usual
        if all(v is None or v == "" for v in line):
            return None
        before = self.problems.count
        ballot_id = self.ballot_id(row, line)
        unit_id = self.unit(row, line)
        form_code, form_id = self.form(row, line)
        answers = self.answers(row, line, form_code)
        collected = self.collected(row, line)
        if self.problems.count != before or unit_id is None:
            return None
        return Parsed(ballot_id, unit_id, form_id, answers, collected)

    def ballot_id(self, row: int, line: Sequence[object]) -> str:
        text = _text(_cell(line, self.columns.index.get(BALLOT)))
        if not text:
            self.fail(row, BALLOT, e.REQUIRED)
        elif len(text) > MAX_BALLOT_ID:
            self.fail(row, BALLOT, BALLOT_ID_TOO_LONG.format(max=MAX_BALLOT_ID))
        elif not text.isprintable():
            self.fail(row, BALLOT, BALLOT_ID_CONTROL)
        return text

    def unit(self, row: int, line: Sequence[object]) -> int | None:
        code = _text(_cell(line, self.columns.index.get(UNIT)))
        if not code:
            self.fail(row, UNIT, e.REQUIRED)
            return None
        found = self.plan.covered.get(code)
        if found is None:
            message = UNIT_NOT_COVERED if code in self.plan.known else e.UNKNOWN_UNIT
            self.fail(row, UNIT, message.format(code=code))
        return found

    def form(self, row: int, line: Sequence[object]) -> tuple[str, int | None]:
        code = _text(_cell(line, self.columns.index.get(FORM)))
        if not self.plan.forms:
            if code:
                self.fail(row, FORM, FORM_NOT_USED)
            return "", None
        if not code:
            self.fail(row, FORM, e.REQUIRED)
            return "", None
        found = self.plan.forms.get(code)
        if found is None:
            self.fail(row, FORM, UNKNOWN_FORM.format(code=code, choices=self.form_choices))
        return code, found

    def answers(self, row: int, line: Sequence[object], form: str) -> str:
        chars = [NO_ANSWER] * self.plan.width
        values, size = self.plan.values, len(line)
        filled = False
        for i, name, question in self.columns.questions:
            cell = line[i] if i < size else None
            if cell is None or cell == "":
                continue
            text = cell if cell in values else _text(cell)  # the usual cell: "4"
            if not text:
                continue
            filled = True
            if text not in values:
                self.fail(row, name, BAD_ANSWER.format(value=text, choices=self.choices))
            elif form and question.forms and form not in question.forms:
                self.fail(row, name, NOT_ON_FORM.format(form=form))
            else:
                chars[question.slot] = text
        if not filled:
            self.fail(row, None, NO_ANSWERS)
        return "".join(chars)

    def collected(self, row: int, line: Sequence[object]) -> date | None:
        value = _cell(line, self.columns.index.get(DATE))
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        text = _text(value)
        if not text:
            return None
        found = self.day(text)
        if found is None:
            self.fail(row, DATE, e.NOT_A_DATE.format(value=text))
        return found


def read_rows(
    rows: Iterable[tuple[int, Sequence[object]]], reader: RowReader
) -> Iterator[tuple[int, Parsed]]:
    """The good rows of ``rows`` with their numbers (problems go to the reader)."""
    for number, line in rows:
        parsed = reader.read(number, line)
        if parsed is not None:
            yield number, parsed
