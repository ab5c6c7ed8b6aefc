"""A criteria set stored as rows comes back to the engine unchanged."""

from dataclasses import replace

from parindex.apps.frameworks.conversion import from_engine, to_engine
from parindex.apps.frameworks.models import CriteriaNode


def test_the_demo_set_survives_storage_unchanged(province):
    assert to_engine(province.criteria_set) == province.engine


def test_every_node_is_stored_once_in_tree_order(province):
    codes = list(
        CriteriaNode.objects.filter(criteria_set=province.criteria_set)
        .order_by("position")
        .values_list("code", flat=True)
    )
    assert codes == [node.code for node in province.engine.nodes()]


def test_storing_a_set_names_its_groups(db, province):
    copy = from_engine(replace(province.engine, code="CCHC-2025", year=2025), actor=None)
    assert sorted(copy.groups.values_list("code", flat=True)) == ["so", "xa"]


def test_the_personas_hold_their_roles(personas):
    assert personas.staff.memberships.get().unit.code == "SNV"
    assert personas.appraiser.assignments.get().field.code == "1"
    assert not personas.outsider.memberships.exists()
