"""Fixtures of the plans tests.

``finished`` turns the province's round (tests/conftest.py) into a round the council has
signed off, in which SNV scored full points everywhere except three sub-criteria: 1.3.1
(judged, 0.25 of 0.5, with an opinion), 1.6 (ratio, 1.5 of 2, opinion in the thread) and
4.5 (a deduction of 0.5 points); see plans_support.finish_round. ``plan`` is SNV's plan
generated from it by the leader; ``issued`` the same plan completed and issued.
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from tests.conftest import PASSWORD
from tests.plans.plans_support import finish_round

from parindex.apps.accounts.models import Membership, Role
from parindex.apps.frameworks.models import CriteriaSetStatus
from parindex.apps.frameworks.services.sets import criteria_set_copy
from parindex.apps.plans import services_plans
from parindex.apps.plans.models import Office


@pytest.fixture
def finished(province, personas):
    return finish_round(province, personas.appraiser)


@pytest.fixture
def next_set(province):
    """The 2025 criteria set, copied from 2024 (a code mapping for every node), published."""
    copy = criteria_set_copy(
        actor=None,
        source=province.criteria_set,
        code="CCHC-2025",
        name="Bộ chỉ số CCHC năm 2025",
        year=2025,
    )
    copy.status = CriteriaSetStatus.PUBLISHED
    copy.published_at = timezone.now()
    copy.save()
    return copy


@pytest.fixture
def offices(province):
    snv = province.units["SNV"]
    return {
        "vp": Office.objects.create(unit=snv, name="Văn phòng Sở"),
        "cchc": Office.objects.create(unit=snv, name="Phòng Cải cách hành chính"),
    }


@pytest.fixture
def deadline():
    return timezone.localdate() + timedelta(days=60)


@pytest.fixture
def plan(finished, personas, deadline):
    return services_plans.plan_generate(
        actor=personas.leader, participation=finished.participation, deadline=deadline
    ).plan


@pytest.fixture
def issued(plan, personas, offices):
    """The plan with every task complete (owner, remediation, deadline) and issued."""
    for task in plan.tasks.all():
        task.remediation = f"Khắc phục tiêu chí {task.code}."
        task.office = offices["cchc"]
        task.owner = personas.staff
        task.save()
    return services_plans.plan_issue(actor=personas.leader, plan=plan)


@pytest.fixture
def second_staff(province, django_user_model):
    user = django_user_model.objects.create_user(
        username="canbo2", password=PASSWORD, full_name="Canbo2", email="canbo2@example.vn"
    )
    Membership.objects.create(user=user, role=Role.UNIT_STAFF, unit=province.units["SNV"])
    return user
