"""Rule parameters in files: which belong to which rule, how to read and write them.

Every parameter is a column of the criteria sheet and a key of a YAML node. ``bands`` and
``items`` are lists: in YAML a list of mappings (or the text form), in a sheet the text
form ``90:1; 75:0.5`` and ``a=0.5|Title`` (one item per line, or separated by ``;``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from enum import StrEnum

from parindex.interchange import errors as e
from parindex.interchange._cells import (
    CODE_PATTERN,
    Cells,
    Record,
    as_text,
    is_blank,
    parse_decimal,
    show,
)
from parindex.scoring.rules import (
    AccuracyRule,
    Band,
    BandMeasure,
    BandsRule,
    BonusRule,
    ChecklistItem,
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

PARAMETERS: Mapping[RuleKind, tuple[str, ...]] = {
    RuleKind.JUDGED: ("step",),
    RuleKind.CHECKLIST: ("items",),
    RuleKind.RATIO: ("zero_denominator", "full_at"),
    RuleKind.RELATIVE: (),
    RuleKind.BANDS: ("measure", "bands"),
    RuleKind.COUNT: ("points_each", "cap"),
    RuleKind.DEDUCTION: ("points_each", "cap"),
    RuleKind.BONUS: ("points_each", "cap", "minimum"),
    RuleKind.ACCURACY: ("bands",),
    RuleKind.SURVEY: ("survey", "measure", "factor", "bands"),
}
ALL_PARAMETERS = (
    "step",
    "zero_denominator",
    "full_at",
    "measure",
    "bands",
    "points_each",
    "cap",
    "minimum",
    "items",
    "survey",
    "factor",
)
ONE = Decimal(1)
_NEXT_ITEM = re.compile(r";\s*(?=[^\s;,|=:]+\s*=)")


class RuleReader:
    """Builds the rule of one leaf from its record, reporting every bad parameter."""

    def __init__(self, cells: Cells) -> None:
        self.cells = cells

    def read(self, record: Record, kind: RuleKind, max_points: Decimal | None) -> Rule | None:
        before = len(self.cells.collector.problems)
        rule = _BUILDERS[kind](self, record, max_points)
        return rule if len(self.cells.collector.problems) == before else None

    def fail(self, record: Record, column: str, message: str) -> None:
        self.cells.fail(record, column, message)

    def judged(self, record: Record, max_points: Decimal | None) -> Rule:
        step = self.cells.positive(record, "step")
        if step is not None and max_points is not None and max_points % step != 0:
            message = e.STEP_NOT_DIVIDING.format(step=show(step), max=show(max_points))
            self.fail(record, "step", message)
        return JudgedRule(step=step)

    def checklist(self, record: Record, max_points: Decimal | None) -> Rule:
        before = len(self.cells.collector.problems)
        items = self.items(record)
        complete = len(self.cells.collector.problems) == before
        total = sum((i.points for i in items), Decimal(0))
        if complete and max_points is not None and total < max_points:
            message = e.ITEMS_BELOW_MAX.format(total=show(total), max=show(max_points))
            self.fail(record, "items", message)
        return ChecklistRule(items=items)

    def ratio(self, record: Record, max_points: Decimal | None) -> Rule:
        zero = self.cells.choice(record, "zero_denominator", ZeroDenominator)
        full_at = self.cells.decimal(record, "full_at")
        if full_at is not None and not 0 < full_at <= 1:
            self.fail(record, "full_at", e.FULL_AT_RANGE.format(value=show(full_at)))
        return RatioRule(zero_denominator=zero or ZeroDenominator.ZERO, full_at=full_at or ONE)

    def relative(self, record: Record, max_points: Decimal | None) -> Rule:
        return RelativeRule()

    def bands_rule(self, record: Record, max_points: Decimal | None) -> Rule:
        measure = self.cells.choice(record, "measure", BandMeasure)
        bands = self.bands(record, "bands", RuleKind.BANDS, max_points)
        return BandsRule(bands=bands, measure_of=measure or BandMeasure.VALUE)

    def count(self, record: Record, max_points: Decimal | None) -> Rule:
        each = self.cells.positive(record, "points_each")
        return CountRule(points_each=each or ONE, cap=self.cells.positive(record, "cap"))

    def deduction(self, record: Record, max_points: Decimal | None) -> Rule:
        each = self.cells.positive(record, "points_each")
        return DeductionRule(points_each=each or ONE, cap=self.cells.positive(record, "cap"))

    def bonus(self, record: Record, max_points: Decimal | None) -> Rule:
        each = self.cells.positive(record, "points_each")
        cap = self.cells.positive(record, "cap")
        minimum = self.cells.non_negative(record, "minimum")
        return BonusRule(points_each=each or ONE, cap=cap or ONE, minimum=minimum)

    def accuracy(self, record: Record, max_points: Decimal | None) -> Rule:
        return AccuracyRule(bands=self.bands(record, "bands", RuleKind.ACCURACY, max_points))

    def survey(self, record: Record, max_points: Decimal | None) -> Rule:
        survey = self.cells.code(record, "survey")
        if survey is None and not record.has("survey"):
            self.fail(record, "survey", e.PARAMETER_REQUIRED.format(rule=RuleKind.SURVEY.value))
        measure = self.cells.choice(record, "measure", SurveyMeasure)
        bands: tuple[Band, ...] = ()
        if record.has("bands"):
            bands = self.bands(record, "bands", RuleKind.SURVEY, max_points)
        for band in bands:
            if not 0 <= band.minimum <= 100:
                self.fail(record, "bands", e.PERCENT_THRESHOLD.format(minimum=show(band.minimum)))
        return SurveyRule(
            survey=survey or "",
            measure_of=measure or SurveyMeasure.SATISFIED,
            factor=self.cells.code(record, "factor"),
            bands=bands,
        )

    def bands(
        self, record: Record, column: str, kind: RuleKind, max_points: Decimal | None
    ) -> tuple[Band, ...]:
        value = record.get(column)
        if is_blank(value):
            self.fail(record, column, e.PARAMETER_REQUIRED.format(rule=kind.value))
            return ()
        entries = value if isinstance(value, list) else _split_entries(as_text(value))
        bands = [b for b in (self.band(record, column, entry) for entry in entries) if b]
        seen: set[Decimal] = set()
        for band in bands:
            if band.minimum in seen:
                self.fail(record, column, e.DUPLICATE_THRESHOLD.format(minimum=show(band.minimum)))
            seen.add(band.minimum)
            if max_points is not None and band.points > max_points:
                message = e.BAND_ABOVE_MAX.format(
                    minimum=show(band.minimum), points=show(band.points), max=show(max_points)
                )
                self.fail(record, column, message)
        return tuple(bands)

    def band(self, record: Record, column: str, entry: object) -> Band | None:
        if isinstance(entry, dict):
            low, points = parse_decimal(entry.get("min")), parse_decimal(entry.get("points"))
            shown = ", ".join(f"{k}: {as_text(v)}" for k, v in entry.items())
        else:
            shown = as_text(entry)
            low_text, sep, points_text = shown.partition(":")
            low = parse_decimal(low_text) if sep else None
            points = parse_decimal(points_text) if sep else None
        if low is None or points is None or points < 0:
            self.fail(record, column, e.BAD_BAND.format(value=shown))
            return None
        return Band(minimum=low, points=points)

    def items(self, record: Record) -> tuple[ChecklistItem, ...]:
        value = record.get("items")
        if is_blank(value):
            self.fail(record, "items", e.PARAMETER_REQUIRED.format(rule=RuleKind.CHECKLIST.value))
            return ()
        entries = value if isinstance(value, list) else _split_items(as_text(value))
        items = [i for i in (self.item(record, entry) for entry in entries) if i]
        seen: set[str] = set()
        for item in items:
            if item.code in seen:
                self.fail(record, "items", e.DUPLICATE_ITEM.format(code=item.code))
            seen.add(item.code)
        return tuple(items)

    def item(self, record: Record, entry: object) -> ChecklistItem | None:
        if isinstance(entry, dict):
            code, title = as_text(entry.get("code")), as_text(entry.get("title"))
            points = parse_decimal(entry.get("points"))
            shown = ", ".join(f"{k}: {as_text(v)}" for k, v in entry.items())
        else:
            shown = as_text(entry)
            head, _, title = shown.partition("|")
            code, sep, points_text = head.partition("=")
            code, title = code.strip(), title.strip()
            points = parse_decimal(points_text) if sep else None
        if not CODE_PATTERN.fullmatch(code) or points is None:
            self.fail(record, "items", e.BAD_ITEM.format(value=shown))
            return None
        if points <= 0:
            self.fail(record, "items", e.NOT_POSITIVE.format(value=show(points)))
            return None
        return ChecklistItem(code=code, title=title, points=points)


def _split_entries(text: str) -> list[str]:
    separator = "\n" if "\n" in text else ";"
    return [part.strip() for part in text.split(separator) if part.strip()]


def _split_items(text: str) -> list[str]:
    """Items one per line; on a single line, a ``;`` followed by ``code=`` starts one."""
    parts = text.split("\n") if "\n" in text else _NEXT_ITEM.split(text)
    return [part.strip() for part in parts if part.strip()]


_BUILDERS: Mapping[RuleKind, Callable[[RuleReader, Record, Decimal | None], Rule]] = {
    RuleKind.JUDGED: RuleReader.judged,
    RuleKind.CHECKLIST: RuleReader.checklist,
    RuleKind.RATIO: RuleReader.ratio,
    RuleKind.RELATIVE: RuleReader.relative,
    RuleKind.BANDS: RuleReader.bands_rule,
    RuleKind.COUNT: RuleReader.count,
    RuleKind.DEDUCTION: RuleReader.deduction,
    RuleKind.BONUS: RuleReader.bonus,
    RuleKind.ACCURACY: RuleReader.accuracy,
    RuleKind.SURVEY: RuleReader.survey,
}


# --- writing --------------------------------------------------------------------------


def parameter_values(rule: Rule) -> dict[str, object]:
    """The rule's parameters by column, ``None`` and empty lists left out; bands and items
    as lists."""
    out: dict[str, object] = {}
    for name in PARAMETERS[rule.kind]:
        value = getattr(rule, "measure_of" if name == "measure" else name)
        if value is not None and value != ():
            out[name] = value
    return out


def yaml_parameters(rule: Rule) -> dict[str, object]:
    out = parameter_values(rule)
    for name, value in out.items():
        if name == "bands":
            out[name] = [{"min": b.minimum, "points": b.points} for b in _as_bands(value)]
        elif name == "items":
            out[name] = [
                {"code": i.code, "points": i.points, "title": i.title} for i in _as_items(value)
            ]
        elif isinstance(value, StrEnum):
            out[name] = value.value
    return out


def text_parameters(rule: Rule) -> dict[str, object]:
    out = parameter_values(rule)
    for name, value in out.items():
        if name == "bands":
            out[name] = format_bands(_as_bands(value))
        elif name == "items":
            out[name] = format_items(_as_items(value))
        elif isinstance(value, StrEnum):
            out[name] = value.value
    return out


def format_bands(bands: tuple[Band, ...]) -> str:
    return "; ".join(f"{_plain(b.minimum)}:{_plain(b.points)}" for b in bands)


def format_items(items: tuple[ChecklistItem, ...]) -> str:
    lines = [f"{i.code}={_plain(i.points)}" + (f"|{i.title}" if i.title else "") for i in items]
    return "\n".join(lines)


def _plain(value: Decimal) -> str:
    return format(value, "f")


def _as_bands(value: object) -> tuple[Band, ...]:
    assert isinstance(value, tuple)
    return tuple(b for b in value if isinstance(b, Band))


def _as_items(value: object) -> tuple[ChecklistItem, ...]:
    assert isinstance(value, tuple)
    return tuple(i for i in value if isinstance(i, ChecklistItem))
