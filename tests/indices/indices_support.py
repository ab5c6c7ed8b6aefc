"""Helpers of the indices tests (tests/indices is on the import path): results and
targets written directly, and the criteria set of the finished rounds."""

from decimal import Decimal as D

from parindex import scoring
from parindex.apps.indices.models import ComponentValue, IndexTarget, IndexValue
from parindex.apps.results import services

PAR_POSITIONS = {2021: 17, 2022: 4, 2023: 6}  # Sở Nội vụ among 21 departments


def components(definition):
    return {c.code: c for c in definition.components.all()}


def add_value(definition, year, *, unit=None, score=None, rank=None, of=None, parts=None, note=""):
    value = IndexValue.objects.create(
        definition=definition,
        year=year,
        unit=unit,
        score=None if score is None else D(score),
        rank=rank,
        rank_of=of,
        note=note,
    )
    for code, part_score in (parts or {}).items():
        ComponentValue.objects.create(
            value=value, component=components(definition)[code], score=D(part_score)
        )
    return value


def add_target(definition, year, goal, amount, *, unit=None, component=None, note=""):
    return IndexTarget.objects.create(
        definition=definition,
        year=year,
        unit=unit,
        goal=goal,
        amount=D(amount),
        component=component,
        note=note,
    )


def one_leaf_set(year):
    leaf = scoring.Node("1.1", "Tổng hợp", D(100), scoring.JudgedRule())
    return scoring.CriteriaSet(
        code=f"PAR-{year}",
        name=f"Bộ tiêu chí năm {year}",
        year=year,
        fields=(scoring.Node("1", "Lĩnh vực", D(100), children=(leaf,)),),
        groups=(scoring.UnitGroup("so", "Sở, ban, ngành"),),
        bands=(scoring.ClassBand(D(90), "Tốt"), scoring.ClassBand(D(0), "Khá")),
    )


def publish(round_, actor):
    """Computed, reviewed and published through the results services."""
    result, _ = services.result_compute(actor=actor, round_=round_)
    result = services.result_review(actor=actor, result=result, note="Đã đối chiếu.")
    return services.result_publish(actor=actor, result=result)
