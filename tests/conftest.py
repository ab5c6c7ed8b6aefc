"""Shared test setup for the whole suite.

Tests marked ``postgres`` run only when ``DATABASE_URL`` points at PostgreSQL (CI runs
the suite a second time that way); elsewhere they are reported as skipped.
"""

import dataclasses
import os
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone
from hypothesis import settings as hypothesis_settings

from parindex.apps.accounts.models import Membership, Role, Unit, UnitGroup
from parindex.apps.assessments import page_cache
from parindex.apps.assessments.models import (
    FieldAssignment,
    Participation,
    Round,
    RoundStatus,
)
from parindex.apps.frameworks.conversion import from_engine
from parindex.apps.frameworks.models import CriteriaSetStatus
from parindex.demo import demo_data_dir
from parindex.interchange import load_criteria

# Hypothesis checks properties, not speed: its per-example deadline would make the
# results depend on how busy the machine is (speed is measured by bench/, never by tests).
hypothesis_settings.register_profile("parindex", deadline=None)
hypothesis_settings.load_profile("parindex")

POSTGRES_SCHEMES = ("postgres://", "postgresql://", "pgsql://")
NEEDS_POSTGRES = "cần PostgreSQL: đặt DATABASE_URL=postgres://..."


def uses_postgres() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith(POSTGRES_SCHEMES)


@pytest.fixture(autouse=True)
def _fast_and_clean(settings):
    """Fast password hashing (argon2 is tested on its own in tests/web) and empty caches
    for every test, so sign-in throttling and cached page fragments never leak from one
    test to another."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()
    page_cache.clear()
    yield
    cache.clear()
    page_cache.clear()


def pytest_collection_modifyitems(config, items):
    if uses_postgres():
        return
    skip = pytest.mark.skip(reason=NEEDS_POSTGRES)
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


# --- the demo province and the role personas -------------------------------------------
# Every permission test uses these people: unit staff, unit leader, an appraiser of the
# field under test and one of another field, an outsider, the secretariat, a council
# member and an administrator.

PASSWORD = "Mật-khẩu-thử-2024"


@dataclasses.dataclass
class Province:
    criteria_set: object
    engine: object
    round: object
    units: dict
    participations: dict


@dataclasses.dataclass
class Personas:
    staff: object  # cán bộ đầu mối of SNV
    leader: object  # lãnh đạo of SNV
    other_staff: object  # cán bộ đầu mối of STP (another unit)
    appraiser: object  # assigned field "1"
    other_appraiser: object  # assigned field "2" only
    secretariat: object
    council: object
    admin: object
    outsider: object  # signed in, no role at all


@pytest.fixture
def province(db):
    """The demo criteria set (published), three units, an open self-assessment round."""

    engine = load_criteria(demo_data_dir() / "criteria_2024.yaml")
    criteria_set = from_engine(engine, actor=None)
    criteria_set.status = CriteriaSetStatus.PUBLISHED
    criteria_set.published_at = timezone.now()
    criteria_set.save()
    so, xa = UnitGroup.objects.get(code="so"), UnitGroup.objects.get(code="xa")
    units = {
        "SNV": Unit.objects.create(code="SNV", name="Sở Nội vụ", group=so),
        "STP": Unit.objects.create(code="STP", name="Sở Tư pháp", group=so),
        "X-A": Unit.objects.create(code="X-A", name="UBND xã A", group=xa),
    }
    now = timezone.now()
    round_ = Round.objects.create(
        name="Đánh giá Chỉ số CCHC năm 2024",
        year=2024,
        criteria_set=criteria_set,
        status=RoundStatus.SELF_ASSESSMENT,
        self_assessment_opens=now - timedelta(days=7),
        self_assessment_deadline=now + timedelta(days=14),
        appraisal_deadline=now + timedelta(days=40),
    )
    participations = {
        code: Participation.objects.create(round=round_, unit=unit) for code, unit in units.items()
    }
    return Province(criteria_set, engine, round_, units, participations)


@pytest.fixture
def personas(province, django_user_model):

    def person(username, role=None, unit=None, **extra):
        user = django_user_model.objects.create_user(
            username=username, password=PASSWORD, full_name=username.title(), **extra
        )
        if role is not None:
            Membership.objects.create(user=user, role=role, unit=unit)
        return user

    snv, stp = province.units["SNV"], province.units["STP"]
    people = Personas(
        staff=person("canbo", Role.UNIT_STAFF, snv),
        leader=person("lanhdao", Role.UNIT_LEADER, snv),
        other_staff=person("canbo_stp", Role.UNIT_STAFF, stp),
        appraiser=person("thamdinh", Role.APPRAISER),
        other_appraiser=person("thamdinh_khac", Role.APPRAISER),
        secretariat=person("noivu", Role.SECRETARIAT),
        council=person("hoidong", Role.COUNCIL),
        admin=person("quantri", Role.ADMIN, is_staff=True, is_superuser=True),
        outsider=person("nguoingoai"),
    )
    fields = {n.code: n for n in province.criteria_set.nodes.filter(parent=None)}
    for user, code in ((people.appraiser, "1"), (people.other_appraiser, "2")):
        FieldAssignment.objects.create(round=province.round, appraiser=user, field=fields[code])
    return people


def rename_unit(actor, unit, name):
    """Rename ``unit`` through the service, as the secretariat's form does."""
    from parindex.apps.accounts import services  # noqa: PLC0415

    return services.unit_update(
        actor=actor,
        unit=unit,
        code=unit.code,
        name=name,
        group=unit.group,
        parent=unit.parent,
        is_active=unit.is_active,
    )
