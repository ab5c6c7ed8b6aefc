"""The demo province's other indices: PAPI, PCI and SIPAS of the province, DDCI and SIPAS
of a few units, and targets on them and on the PAR INDEX.

Sở Nội vụ carries one real department's positions (DDCI 16/23 → 22/25 → 21/23,
satisfaction 9/16 → 1/17 → 13/17, 2021-2023); the scores beside them are made up. Every
result and target is written through the indices services (so audited) by the
secretariat, and only when missing: a second load creates nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from parindex.apps.accounts.models import Unit, User
from parindex.apps.indices import services
from parindex.apps.indices.models import Goal, IndexDefinition, IndexTarget, IndexValue
from parindex.apps.indices.standard import ensure_standard_indices
from parindex.demo_province import accounts

D = Decimal


@dataclass(frozen=True, slots=True)
class Result:
    index: str
    year: int
    unit: str  # "" for the province
    score: str | None
    rank: int | None = None
    of: int | None = None
    note: str = ""
    parts: tuple[str, ...] = ()  # component scores, in the components' order


@dataclass(frozen=True, slots=True)
class Aim:
    index: str
    year: int
    unit: str
    goal: Goal
    amount: str
    note: str = ""


PAPI_2022 = ("5.02", "5.31", "4.21", "6.65", "7.31", "7.42", "3.45", "2.78")
PAPI_2023 = ("5.10", "5.42", "4.35", "6.71", "7.38", "7.55", "3.52", "2.99")
PCI_2022 = ("6.95", "6.30", "5.88", "6.70", "6.85", "5.92", "6.21", "5.87", "5.80", "6.62")
PCI_2023 = ("7.12", "6.45", "6.02", "6.88", "6.91", "6.10", "6.55", "6.01", "5.95", "6.80")
SIPAS_SNV_2023 = ("90.4", "87.2", "89.5", "88.0", "85.4")
DDCI_SNV_2023 = ("7.05", "6.12", "7.40", "7.85", "6.90", "6.75", "7.10", "6.95")
PUBLISHED = "Kết quả công bố năm {year}"

RESULTS: tuple[Result, ...] = (
    Result("PAPI", 2022, "", "42.15", note=PUBLISHED.format(year=2022), parts=PAPI_2022),
    Result("PAPI", 2023, "", "43.02", note=PUBLISHED.format(year=2023), parts=PAPI_2023),
    Result("PCI", 2022, "", "64.82", 30, 63, PUBLISHED.format(year=2022), PCI_2022),
    Result("PCI", 2023, "", "66.17", 25, 63, PUBLISHED.format(year=2023), PCI_2023),
    Result("SIPAS", 2023, "", "81.9", 21, 63, "Bộ Nội vụ công bố SIPAS 2023"),
    Result("DDCI", 2021, "SNV", "68.5", 16, 23),
    Result("DDCI", 2022, "SNV", "66.1", 22, 25),
    Result("DDCI", 2023, "SNV", "70.2", 21, 23, parts=DDCI_SNV_2023),
    Result("SIPAS", 2021, "SNV", "87.2", 9, 16),
    Result("SIPAS", 2022, "SNV", "95.6", 1, 17),
    Result("SIPAS", 2023, "SNV", "88.1", 13, 17, parts=SIPAS_SNV_2023),
    Result("DDCI", 2023, "STP", "74.3", 12, 23),
    Result("DDCI", 2023, "P-DONGHA", "78.6", 5, 23),
    Result("SIPAS", 2023, "P-DONGHA", "92.4", 3, 12),
    Result("SIPAS", 2023, "X-CAMLO", "85.7", 8, 12),
)

AIMS: tuple[Aim, ...] = (
    Aim("PCI", 2023, "", Goal.RISE, "3", "Kế hoạch cải thiện PCI năm 2023"),
    Aim("PCI", 2024, "", Goal.RANK, "20"),
    Aim("PAPI", 2023, "", Goal.SCORE, "45"),
    Aim("DDCI", 2023, "SNV", Goal.RISE, "3", "Ra khỏi nhóm 5 sở đánh giá thấp nhất"),
    Aim("SIPAS", 2022, "SNV", Goal.RANK, "5"),
    Aim("SIPAS", 2023, "SNV", Goal.SCORE, "90"),
    Aim("PAR", 2023, "SNV", Goal.RANK, "3"),
    Aim("PAR", 2024, "SNV", Goal.RISE, "1", "Kế hoạch nâng cao Chỉ số CCHC năm 2024"),
    Aim("SIPAS", 2024, "P-DONGHA", Goal.SCORE, "93"),
)


def _decimal(text: str | None) -> Decimal | None:
    return None if text is None else D(text)


def load_indices(*, users: Mapping[str, User], units: Mapping[str, Unit]) -> int:
    """Records what is missing of the demo's results and targets; how many rows were new."""
    actor = users[accounts.SECRETARIAT.username]
    definitions = ensure_standard_indices()
    _let_units_record(users[accounts.ADMIN.username], definitions["DDCI"])
    created = sum(_result(actor, definitions, units, r) for r in RESULTS)
    return created + sum(_aim(actor, definitions, units, a) for a in AIMS)


def _let_units_record(admin: User, ddci: IndexDefinition) -> None:
    if not ddci.unit_may_record:
        services.definition_update(actor=admin, definition=ddci, unit_may_record=True)


def _result(
    actor: User, definitions: Mapping[str, IndexDefinition], units: Mapping[str, Unit], r: Result
) -> int:
    definition, unit = definitions[r.index], units.get(r.unit)
    if IndexValue.objects.filter(definition=definition, year=r.year, unit=unit).exists():
        return 0
    components = [c for c in definition.components.all() if c.is_active]
    parts = {
        component: services.Part(D(score))
        for component, score in zip(components, r.parts, strict=False)
    }
    services.value_record(
        actor=actor,
        definition=definition,
        year=r.year,
        unit=unit,
        score=_decimal(r.score),
        rank=r.rank,
        rank_of=r.of,
        note=r.note,
        parts=parts,
    )
    return 1


def _aim(
    actor: User, definitions: Mapping[str, IndexDefinition], units: Mapping[str, Unit], a: Aim
) -> int:
    definition, unit = definitions[a.index], units.get(a.unit)
    found = IndexTarget.objects.filter(definition=definition, year=a.year, unit=unit, goal=a.goal)
    if found.exists():
        return 0
    services.target_create(
        actor=actor,
        definition=definition,
        year=a.year,
        unit=unit,
        goal=a.goal,
        amount=D(a.amount),
        note=a.note,
    )
    return 1
