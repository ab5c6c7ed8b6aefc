"""A seeded synthetic criteria set shaped like a real provincial one.

Seven fields worth 100 points (the 19.5 / 10 / 21 / 10.5 / 15 / 11 / 13 split of a real
district-level set) plus a bonus field; about 120 scored leaves in criteria of one to four
sub-criteria. Leaf maxima are multiples of 0.25. The rule mix is mostly judged (step 0.25)
and ratio, with some checklist, bands and count leaves, one deduction, one bonus, one
relative and one accuracy leaf, and a few leaves that apply to one group only.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import Decimal

from parindex.scoring import (
    AccuracyRule,
    Band,
    BandMeasure,
    BandsRule,
    BonusRule,
    ChecklistItem,
    ChecklistRule,
    ClassBand,
    CountRule,
    CriteriaSet,
    DeductionRule,
    JudgedRule,
    Node,
    RatioRule,
    RelativeRule,
    Rule,
    SurveyRule,
    UnitGroup,
    ZeroDenominator,
)

QUARTER = Decimal("0.25")
DEPARTMENTS = "so"
COMMUNES = "xa"
GROUPS = (
    UnitGroup(DEPARTMENTS, "Sở, ban, ngành"),
    UnitGroup(COMMUNES, "UBND xã, phường, đặc khu"),
)
BANDS = (
    ClassBand(Decimal(95), "Xuất sắc", "A"),
    ClassBand(Decimal(85), "Tốt", "B"),
    ClassBand(Decimal(75), "Khá", "C"),
    ClassBand(Decimal(70), "Trung bình", "D"),
    ClassBand(Decimal(0), "Yếu", "E"),
)
FIELDS: tuple[tuple[str, Decimal], ...] = (
    ("Công tác chỉ đạo, điều hành cải cách hành chính", Decimal("19.5")),
    ("Cải cách thể chế", Decimal(10)),
    ("Cải cách thủ tục hành chính", Decimal(21)),
    ("Cải cách tổ chức bộ máy hành chính", Decimal("10.5")),
    ("Cải cách chế độ công vụ", Decimal(15)),
    ("Cải cách tài chính công", Decimal(11)),
    ("Xây dựng, phát triển chính quyền điện tử, chính quyền số", Decimal(13)),
)
BONUS_FIELD = "Điểm thưởng"
SCORED_LEAVES = 118  # plus one deduction and one bonus leaf
ACCURACY_FIELD = 0  # field positions of the special leaves
DEDUCTION_FIELD = 4
RELATIVE_FIELD = 6
SURVEY_FIELD = 2  # the satisfaction survey's result, in the procedures field
# (kind, weight) of the ordinary leaves
MIX: tuple[tuple[str, int], ...] = (
    ("judged", 52),
    ("ratio", 32),
    ("checklist", 7),
    ("bands", 5),
    ("count", 4),
)
ONE_GROUP_SHARE = 0.06  # leaves that apply to one group only


def quarters(value: Decimal) -> int:
    """How many quarter points ``value`` holds (it must be a multiple of 0.25)."""
    return int(value / QUARTER)


def points(count: int) -> Decimal:
    return count * QUARTER


def _split(total: int, parts: int, rng: random.Random) -> list[int]:
    """``total`` split into ``parts`` positive integers at random."""
    out = [1] * parts
    for _ in range(total - parts):
        out[rng.randrange(parts)] += 1
    return out


def _checklist(q: int, rng: random.Random) -> ChecklistRule:
    sizes = _split(q, min(q, rng.randint(2, 4)), rng)
    items = tuple(
        ChecklistItem(f"m{k + 1}", f"Nội dung {k + 1}", points(size))
        for k, size in enumerate(sizes)
    )
    return ChecklistRule(items=items)


def _bands(q: int, rng: random.Random) -> BandsRule:
    bands = (Band(Decimal(50), points(q // 2)), Band(Decimal(80), points(q)))
    measure = BandMeasure.PERCENT if rng.random() < 0.5 else BandMeasure.VALUE
    return BandsRule(bands=bands, measure_of=measure)


def _ratio(rng: random.Random) -> RatioRule:
    zero = rng.choice(tuple(ZeroDenominator))
    full_at = Decimal("0.9") if rng.random() < 0.2 else Decimal(1)
    return RatioRule(zero_denominator=zero, full_at=full_at)


def _count(q: int) -> CountRule:
    return CountRule(points_each=points(max(1, q // 2)))


def ordinary_rule(kind: str, q: int, rng: random.Random) -> Rule:
    """A rule of ``kind`` for a leaf worth ``q`` quarter points."""
    if kind == "ratio":
        return _ratio(rng)
    if kind == "checklist":
        return _checklist(q, rng)
    if kind == "bands":
        return _bands(q, rng)
    if kind == "count":
        return _count(q)
    return JudgedRule(step=QUARTER)


def survey_rule(q: int) -> SurveyRule:
    """A SIPAS result banded as provinces do: full points from 90 %, half from 80 %."""
    return SurveyRule(bands=(Band(Decimal(80), points(q // 2)), Band(Decimal(90), points(q))))


def accuracy_rule(q: int) -> AccuracyRule:
    return AccuracyRule(bands=(Band(Decimal(80), points(q // 2)), Band(Decimal(90), points(q))))


@dataclass(frozen=True, slots=True)
class _Leaf:
    title: str
    max_points: Decimal
    rule: Rule
    groups: frozenset[str] = frozenset()


def _ordinary_leaf(q: int, rng: random.Random) -> _Leaf:
    kinds, weights = zip(*MIX, strict=True)
    kind = rng.choices(kinds, weights)[0]
    groups: frozenset[str] = frozenset()
    if rng.random() < ONE_GROUP_SHARE:
        groups = frozenset({rng.choice((DEPARTMENTS, COMMUNES))})
    return _Leaf(f"Tiêu chí thành phần ({kind})", points(q), ordinary_rule(kind, q, rng), groups)


def _field_leaves(position: int, max_points: Decimal, rng: random.Random) -> list[_Leaf]:
    count = max(2, round(SCORED_LEAVES * max_points / 100))
    sizes = _split(quarters(max_points), count, rng)
    leaves = [_ordinary_leaf(q, rng) for q in sizes]
    if position == ACCURACY_FIELD:
        q = sizes[-1]
        leaves[-1] = _Leaf("Tính chính xác của việc tự chấm điểm", points(q), accuracy_rule(q))
    if position == SURVEY_FIELD:
        q = sizes[0]
        leaves[0] = _Leaf("Mức độ hài lòng của người dân (SIPAS)", points(q), survey_rule(q))
    if position == RELATIVE_FIELD:
        leaves[0] = _Leaf(
            "Số hồ sơ trực tuyến so với đơn vị cao nhất", leaves[0].max_points, RelativeRule()
        )
    return leaves


def _criteria(code: str, leaves: list[_Leaf], rng: random.Random) -> tuple[Node, ...]:
    out: list[Node] = []
    start = 0
    while start < len(leaves):
        size = rng.randint(1, 4)
        chunk = leaves[start : start + size]
        ccode = f"{code}.{len(out) + 1}"
        children = tuple(
            Node(f"{ccode}.{k + 1}", leaf.title, leaf.max_points, leaf.rule, groups=leaf.groups)
            for k, leaf in enumerate(chunk)
        )
        total = sum((leaf.max_points for leaf in chunk), Decimal(0))
        out.append(Node(ccode, f"Tiêu chí {ccode}", total, children=children))
        start += size
    return tuple(out)


def _deduction(code: str) -> Node:
    leaf = Node(
        f"{code}.1",
        "Số vụ vi phạm kỷ luật",
        Decimal(0),
        DeductionRule(points_each=Decimal(1), cap=Decimal(2)),
    )
    return Node(code, "Điểm trừ", Decimal(0), children=(leaf,))


def _bonus_field(code: str) -> Node:
    leaf = Node(
        f"{code}.1.1",
        "Tin bài tuyên truyền CCHC (trên 10 tin bài)",
        Decimal(1),
        BonusRule(cap=Decimal(1), minimum=Decimal(11)),
    )
    criterion = Node(f"{code}.1", "Tuyên truyền CCHC", Decimal(0), children=(leaf,))
    return Node(code, BONUS_FIELD, Decimal(0), children=(criterion,))


def _field(position: int, rng: random.Random) -> Node:
    title, max_points = FIELDS[position]
    code = str(position + 1)
    criteria = _criteria(code, _field_leaves(position, max_points, rng), rng)
    if position == DEDUCTION_FIELD:
        criteria = (*criteria, _deduction(f"{code}.{len(criteria) + 1}"))
    return Node(code, title, max_points, children=criteria)


def criteria_set(*, code: str, name: str, year: int, rng: random.Random) -> CriteriaSet:
    """A criteria set for both groups, its shape drawn from ``rng``."""
    fields = tuple(_field(position, rng) for position in range(len(FIELDS)))
    fields = (*fields, _bonus_field(str(len(FIELDS) + 1)))
    return CriteriaSet(code=code, name=name, year=year, fields=fields, groups=GROUPS, bands=BANDS)
