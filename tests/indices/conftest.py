"""Fixtures of the indices tests: the standard definitions, and finished rounds that give
Sở Nội vụ a real PAR INDEX history: 17/21 → 4/21 → 6/21."""

from datetime import timedelta
from decimal import Decimal as D

import pytest
from django.utils import timezone
from indices_support import PAR_POSITIONS, one_leaf_set

from parindex.apps.accounts.models import Unit
from parindex.apps.assessments.models import Participation, Round, RoundStatus, Score
from parindex.apps.frameworks.conversion import from_engine
from parindex.apps.indices.standard import ensure_standard_indices


@pytest.fixture
def standard(db):
    """The standard definitions by code (PAR, SIPAS, PAPI, PCI, DDCI)."""
    return ensure_standard_indices()


@pytest.fixture
def par_rounds(province):
    """Signed-off rounds 2021-2023 of 21 departments in which Sở Nội vụ ranks 17th, 4th
    and 6th: the others score 99, 98, ... 80; it scores between them."""
    group = province.units["SNV"].group
    others = [u for u in province.units.values() if u.group == group and u.code != "SNV"]
    for i in range(21 - 1 - len(others)):
        others.append(Unit.objects.create(code=f"S{i:02d}", name=f"Sở số {i}", group=group))
    now = timezone.now()
    rounds = {}
    for year, rank in PAR_POSITIONS.items():
        criteria_set = from_engine(one_leaf_set(year), actor=None)
        round_ = Round.objects.create(
            name=f"Đánh giá Chỉ số CCHC năm {year}",
            year=year,
            criteria_set=criteria_set,
            status=RoundStatus.SIGNED_OFF,
            self_assessment_opens=now - timedelta(days=400),
            self_assessment_deadline=now - timedelta(days=380),
            appraisal_deadline=now - timedelta(days=360),
            signed_off_at=now - timedelta(days=350),
        )
        leaf = criteria_set.nodes.get(code="1.1")
        scores = {"SNV": D(100 - rank) + D("0.5")}
        scores.update({u.code: D(99 - i) for i, u in enumerate(others)})
        for unit in [province.units["SNV"], *others]:
            participation = Participation.objects.create(round=round_, unit=unit)
            Score.objects.create(
                participation=participation, node=leaf, appraised_score=scores[unit.code]
            )
        rounds[year] = round_
    return rounds
