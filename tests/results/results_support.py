"""Helpers of the results tests: a round scored from the demo's 2024 table, moved to any
status; computing, reviewing and publishing it through the services."""

from django.urls import reverse

from parindex.apps.assessments.models import Score
from parindex.apps.assessments.services_rounds import round_ensure_scores
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


def compute(round_, actor, **extra):
    result, _ = services.result_compute(actor=actor, round_=round_, **extra)
    return result


def publish(round_, actor, note="Đã đối chiếu với biên bản của Hội đồng."):
    """Computed, reviewed and published by ``actor`` (the round must be signed off)."""
    result = compute(round_, actor)
    result = services.result_review(actor=actor, result=result, note=note)
    return services.result_publish(actor=actor, result=result)


def url(name, *args):
    return reverse(f"results:{name}", args=args)
