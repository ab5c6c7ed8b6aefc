"""Helpers of the results tests: a round scored from the demo's 2024 table, moved to any
status; computing, reviewing and publishing it through the services; two small years
(three fields) published one after the other."""

from datetime import timedelta
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from parindex import scoring
from parindex.apps.accounts.models import Unit, UnitGroup
from parindex.apps.assessments.models import Participation, Round, RoundStatus, Score
from parindex.apps.assessments.services_rounds import round_ensure_scores
from parindex.apps.frameworks.conversion import from_engine
from parindex.apps.frameworks.models import CriteriaSetStatus
from parindex.apps.results import services
from parindex.demo_province.rounds import side_values
from parindex.demo_province.structure import demo_scores

# The province's units take the demo scores of these demo units.
SOURCES = {"SNV": "SNV", "STP": "STP", "X-A": "P-DONGHA"}


def fill_scores(province, year=2024):
    """Both sides of every leaf of the three units, from the demo score table."""
    round_ = province.round
    round_ensure_scores(round_)
    table = demo_scores(year)
    for code, source in SOURCES.items():
        entries = table[source]
        rows = Score.objects.filter(participation=province.participations[code])
        for score in rows.select_related("node"):
            values = {
                **side_values(entries.self_scored.get(score.node.code), "self"),
                **side_values(entries.appraised.get(score.node.code), "appraised"),
            }
            for name, value in values.items():
                setattr(score, name, value)
            score.save()


def set_status(round_, status):
    round_.status = status
    round_.save(update_fields=["status"])


def compute(round_, actor):
    result, _ = services.result_compute(actor=actor, round_=round_)
    return result


def publish(round_, actor, note="Đã đối chiếu với biên bản của Hội đồng."):
    """Computed, reviewed and published by ``actor`` (the round must be signed off)."""
    result = compute(round_, actor)
    result = services.result_review(actor=actor, result=result, note=note)
    return services.result_publish(actor=actor, result=result)


def url(name, *args):
    return reverse(f"results:{name}", args=args)


# --- two small published years (3 fields of 40, 20, 40 points) ------------------------------

DEPARTMENTS = ("so", "Sở, ban, ngành")
COMMUNES = ("xa", "UBND xã, phường")
UNITS = {
    "NV": ("Sở Nội vụ", "so"),
    "TP": ("Sở Tư pháp", "so"),
    "TC": ("Sở Tài chính", "so"),
    "HB": ("UBND phường Hòa Bình", "xa"),
}
# Field points (1 of 40, 2 of 20, 3 of 40) per unit and year; None: not applicable.
POINTS = {
    2023: {"NV": (30, 15, 30), "TP": (38, 19, 36), "TC": (38, 17, None), "HB": (30, 10, 20)},
    2024: {"NV": (40, 20, 36), "TP": (35, 15, 30), "TC": ("38.5", "18.25", None)},
    2025: {"NV": (39, 20, 36), "TP": (36, 15, 30)},
}


def small_criteria(year):
    def field(code, title, points):
        leaf = scoring.Node(f"{code}.1", f"{title} (tiêu chí thành phần)", Decimal(points))
        return scoring.Node(code, title, Decimal(points), children=(leaf,))

    bands = ((95, "Xuất sắc"), (85, "Tốt"), (75, "Khá"), (70, "Trung bình"), (0, "Yếu"))
    return scoring.CriteriaSet(
        code=f"BTC-{year}",
        name=f"Bộ tiêu chí thử năm {year}",
        year=year,
        decision_number=f"{year - 1}/QĐ-UBND",
        groups=(scoring.UnitGroup(*DEPARTMENTS), scoring.UnitGroup(*COMMUNES)),
        bands=tuple(scoring.ClassBand(Decimal(m), label) for m, label in bands),
        fields=(
            field("1", "Công tác chỉ đạo, điều hành", 40),
            field("2", "Cải cách thủ tục hành chính", 20),
            field("3", "Chuyển đổi số", 40),
        ),
    )


def small_round(year, units):
    """A signed-off round of ``year`` with both sides of every leaf as in ``POINTS``."""
    stored = from_engine(small_criteria(year), actor=None)
    stored.status = CriteriaSetStatus.PUBLISHED
    stored.save()
    start = timezone.now() - timedelta(days=90)
    round_ = Round.objects.create(
        name=f"Đánh giá Chỉ số CCHC năm {year}",
        year=year,
        criteria_set=stored,
        status=RoundStatus.SIGNED_OFF,
        self_assessment_opens=start,
        self_assessment_deadline=start + timedelta(days=20),
        appraisal_deadline=start + timedelta(days=50),
    )
    for code, points in POINTS[year].items():
        participation = Participation.objects.create(round=round_, unit=units[code])
        round_ensure_scores(round_)
        for number, value in enumerate(points, start=1):
            side = (
                {"appraised_not_applicable": True, "self_not_applicable": True}
                if value is None
                else {"appraised_score": Decimal(value), "self_score": Decimal(value)}
            )
            Score.objects.filter(participation=participation, node__code=f"{number}.1").update(
                **side
            )
    return round_


def small_province():
    """The groups and units of the small years (the groups come with the criteria sets)."""
    groups = {}
    for position, (code, name) in enumerate((DEPARTMENTS, COMMUNES)):
        groups[code], _ = UnitGroup.objects.get_or_create(
            code=code, defaults={"name": name, "position": position}
        )
    return {
        code: Unit.objects.create(code=code, name=name, group=groups[group])
        for code, (name, group) in UNITS.items()
    }
