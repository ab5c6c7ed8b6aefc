"""The criteria set in force for a unit in a year, and codes carried between years' sets."""

import pytest
from django.utils import timezone

from parindex.apps.accounts.models import Unit, UnitGroup
from parindex.apps.frameworks.models import CodeMapping, CriteriaSetStatus
from parindex.apps.frameworks.services.sets import criteria_set_copy
from parindex.apps.plans.years import code_map, set_in_force, sets_for

pytestmark = pytest.mark.django_db


def copy(source, year, *, publish=True):
    made = criteria_set_copy(
        actor=None, source=source, code=f"CCHC-{year}", name=f"Bộ {year}", year=year
    )
    if publish:
        made.status = CriteriaSetStatus.PUBLISHED
        made.published_at = timezone.now()
        made.save()
    return made


def test_a_year_with_a_round_uses_the_rounds_set(province):
    assert set_in_force(province.units["SNV"], 2024) == province.criteria_set


def test_a_later_year_without_a_set_uses_the_latest_earlier_published_one(province):
    assert set_in_force(province.units["SNV"], 2026) == province.criteria_set


def test_a_later_year_with_its_own_published_set_uses_it(province, next_set):
    assert set_in_force(province.units["SNV"], 2025) == next_set


def test_a_draft_set_is_not_in_force(province):
    copy(province.criteria_set, 2025, publish=False)
    assert set_in_force(province.units["SNV"], 2025) == province.criteria_set


def test_a_set_of_other_unit_groups_is_not_in_force(province):
    other = UnitGroup.objects.create(code="huyen", name="UBND huyện")
    district = Unit.objects.create(code="H-1", name="Huyện 1", group=other)
    assert set_in_force(district, 2025) is None
    assert set_in_force(province.units["SNV"], 2023) is None  # nothing that early


def test_the_same_set_maps_every_code_to_itself(province):
    mapped = code_map(province.criteria_set, province.criteria_set)
    assert mapped["3.3.2"] == "3.3.2"
    assert len(mapped) == province.criteria_set.nodes.count()


def test_recorded_mappings_decide_renamed_and_dropped_codes(province, next_set):
    CodeMapping.objects.filter(
        from_set=province.criteria_set, to_set=next_set, from_code="1.6"
    ).update(to_code="1.5")
    CodeMapping.objects.filter(
        from_set=province.criteria_set, to_set=next_set, from_code="2.3"
    ).delete()
    mapped = code_map(province.criteria_set, next_set)
    assert mapped["1.6"] == "1.5"
    assert "2.3" not in mapped  # recorded as having no counterpart
    assert mapped["3.3.2"] == "3.3.2"


def test_sets_without_recorded_mappings_carry_equal_codes(province, next_set):
    CodeMapping.objects.all().delete()
    next_set.nodes.filter(code="2.3").update(code="2.9")
    mapped = code_map(province.criteria_set, next_set)
    assert mapped["3.3.2"] == "3.3.2"
    assert "2.3" not in mapped


def test_a_copy_of_a_copy_is_followed_step_by_step(province, next_set):
    later = copy(next_set, 2026)
    CodeMapping.objects.filter(from_set=next_set, to_set=later, from_code="1.6").update(
        to_code="1.6.1"
    )
    mapped = code_map(province.criteria_set, later)
    assert mapped["1.6"] == "1.6.1"
    assert mapped["7.2.1"] == "7.2.1"


def test_the_sets_of_a_unit_are_listed_newest_first(province, next_set):
    assert sets_for(province.units["SNV"]) == [next_set, province.criteria_set]
