"""A banner on every page of a signed-in unit member gives the dates and days left."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from parindex.apps.assessments import deadlines
from parindex.apps.assessments.models import Round, RoundStatus

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2024, 11, 15, 9, 0, tzinfo=HCM)
DEADLINE = datetime(2024, 11, 20, 17, 0, tzinfo=HCM)


def a_round(status=RoundStatus.SELF_ASSESSMENT):
    return Round(
        name="Đợt 2024",
        year=2024,
        status=status,
        self_assessment_opens=datetime(2024, 10, 27, 8, 0, tzinfo=HCM),
        self_assessment_deadline=DEADLINE,
        appraisal_deadline=datetime(2024, 12, 30, 17, 0, tzinfo=HCM),
    )


def line(status=RoundStatus.SELF_ASSESSMENT, deadline=DEADLINE, extended=False, now=NOW):
    return deadlines.banner_text(a_round(status), deadline, extended, now)


def test_the_days_left_to_the_self_assessment_deadline():
    assert line() == ("Còn 5 ngày đến hạn tự đánh giá 20/11/2024", "info")


def test_three_days_or_fewer_is_a_warning():
    assert line(now=datetime(2024, 11, 17, 23, 0, tzinfo=HCM))[1] == "warning"


def test_the_last_day_says_so():
    text, level = line(now=datetime(2024, 11, 20, 8, 0, tzinfo=HCM))
    assert text == "Hôm nay là hạn cuối tự đánh giá 20/11/2024"
    assert level == "warning"


def test_after_the_deadline_it_is_closed():
    assert line(now=datetime(2024, 11, 20, 17, 1, tzinfo=HCM)) == (
        "Đã hết hạn tự đánh giá 20/11/2024",
        "closed",
    )


def test_an_extension_is_named():
    extended = datetime(2024, 11, 25, 17, 0, tzinfo=HCM)
    assert line(deadline=extended, extended=True)[0] == (
        "Còn 10 ngày đến hạn tự đánh giá 25/11/2024 (đã gia hạn)"
    )


def test_days_are_counted_in_local_calendar_days():
    late_evening = datetime(2024, 11, 19, 23, 30, tzinfo=HCM)
    assert deadlines.days_until(DEADLINE, late_evening) == 1


def test_a_preparing_round_gives_its_dates():
    assert line(RoundStatus.PREPARING)[0] == "Tự đánh giá từ 27/10/2024 đến 20/11/2024"


def test_during_appraisal_the_appraisal_deadline_is_shown():
    now = datetime(2024, 12, 1, 9, 0, tzinfo=HCM)
    assert line(RoundStatus.APPRAISAL, now=now)[0] == (
        "Đang thẩm định; còn 29 ngày đến hạn thẩm định 30/12/2024"
    )


def test_a_locked_round_has_no_banner():
    assert line(RoundStatus.LOCKED) is None


# --- on the pages -------------------------------------------------------------------------


def expected_text(province, days=14):
    deadline = timezone.localtime(province.round.self_assessment_deadline)
    return f"Còn {days} ngày đến hạn tự đánh giá {deadline:%d/%m/%Y}"


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["staff", "leader", "other_staff"])
def test_unit_members_see_the_banner_on_every_page(client, personas, province, who):
    client.force_login(getattr(personas, who))
    for path in ("/", "/ket-qua/"):
        page = client.get(path).content.decode()
        assert "deadline-banner" in page
        assert expected_text(province) in page


@pytest.mark.django_db
def test_the_banner_names_the_units_own_extension(client, personas, province):
    snv = province.participations["SNV"]
    snv.deadline_extension = province.round.self_assessment_deadline + timedelta(days=3)
    snv.save()
    client.force_login(personas.staff)
    page = client.get("/").content.decode()
    until = timezone.localtime(snv.deadline_extension)
    assert f"Còn 17 ngày đến hạn tự đánh giá {until:%d/%m/%Y} (đã gia hạn)" in page


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["outsider", "appraiser", "council"])
def test_people_without_a_unit_see_no_banner(client, personas, who):
    client.force_login(getattr(personas, who))
    assert "deadline-banner" not in client.get("/").content.decode()


@pytest.mark.django_db
def test_anonymous_visitors_see_no_banner(client, province):
    assert "deadline-banner" not in client.get("/").content.decode()


@pytest.mark.django_db
def test_a_locked_round_leaves_no_banner(client, personas, province):
    province.round.status = RoundStatus.LOCKED
    province.round.save()
    client.force_login(personas.staff)
    assert "deadline-banner" not in client.get("/").content.decode()


@pytest.mark.django_db
def test_the_banner_costs_a_unit_member_one_query(
    client, personas, province, django_assert_num_queries
):
    client.force_login(personas.staff)
    client.get("/")
    province.round.status = RoundStatus.LOCKED  # same page, nothing to show
    province.round.save()
    with django_assert_num_queries(4):  # session, user, memberships, the banner
        client.get("/")
