"""The parts of every signed-in page kept between requests (memberships, menu, deadline
banner) are never stale and never another user's; served from the cache, the frame of a
page reads the session and the user row only."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from tests.conftest import PASSWORD, rename_unit

from parindex.apps.accounts import access, services
from parindex.apps.accounts.models import Membership, Role, User
from parindex.apps.assessments import banner
from parindex.apps.assessments.deadlines import show_date
from parindex.apps.assessments.models import RoundStatus
from parindex.apps.assessments.services_rounds import (
    participation_extend,
    round_create,
    round_update_dates,
)

HOME = "/"
QUEUE_LABEL = ">Thẩm định</a>"


def page(client, language="vi"):
    client.cookies["django_language"] = language
    response = client.get(HOME)
    assert response.status_code == 200
    return response.content.decode()


def banner_of(html):
    assert 'class="deadline-banners"' in html, "no deadline banner"
    return html.split('class="deadline-banners"')[1].split("</div>")[0]


def menu_of(html):
    return html.split('class="site-nav"')[1].split("<form")[0]


def fresh(user):
    return User.objects.get(pk=user.pk)


def test_served_from_the_cache_the_frame_reads_the_session_and_the_user_only(client, personas):
    client.force_login(personas.staff)
    page(client)  # fills the cache
    with CaptureQueriesContext(connection) as captured:
        html = page(client)
    tables = [q["sql"].split(" FROM ")[1].split()[0] for q in captured]
    assert tables == ['"django_session"', '"accounts_user"'], tables
    assert "Sở Nội vụ" in banner_of(html)
    assert ">Tự đánh giá</a>" in html


def test_the_first_request_after_a_change_reads_again(client, personas, province):
    client.force_login(personas.staff)
    page(client)
    province.units["SNV"].save()  # raises the members' access revision
    with CaptureQueriesContext(connection) as captured:
        page(client)
    assert len(captured) > 2


def test_an_extended_deadline_shows_at_once(client, personas, province):
    client.force_login(personas.staff)
    assert "đã gia hạn" not in banner_of(page(client))
    until = province.round.self_assessment_deadline + timedelta(days=10)
    participation_extend(
        actor=personas.secretariat, participation=province.participations["SNV"], until=until
    )
    shown = banner_of(page(client))
    assert "đã gia hạn" in shown
    assert show_date(until) in shown


def test_new_round_dates_show_at_once(client, personas, province):
    client.force_login(personas.staff)
    page(client)
    round_ = province.round
    deadline = round_.self_assessment_deadline + timedelta(days=3)
    round_update_dates(
        actor=personas.secretariat,
        round_=round_,
        self_assessment_opens=round_.self_assessment_opens,
        self_assessment_deadline=deadline,
        appraisal_deadline=round_.appraisal_deadline,
    )
    assert show_date(deadline) in banner_of(page(client))


def test_a_new_round_shows_at_once(client, personas, province):
    client.force_login(personas.staff)
    assert banner_of(page(client)).count("deadline-banner ") == 1
    now = timezone.now()
    round_create(
        actor=personas.secretariat,
        name="Đợt bổ sung 2025",
        year=2025,
        criteria_set=province.criteria_set,
        self_assessment_opens=now + timedelta(days=1),
        self_assessment_deadline=now + timedelta(days=20),
        appraisal_deadline=now + timedelta(days=30),
        units=[province.units["SNV"]],
    )
    shown = banner_of(page(client))
    assert "Đợt bổ sung 2025" in shown
    assert shown.count("deadline-banner ") == 2


def test_a_closed_round_leaves_the_banner_at_once(client, personas, province):
    client.force_login(personas.staff)
    page(client)
    province.round.status = RoundStatus.LOCKED
    province.round.save(update_fields=["status"])
    assert 'class="deadline-banners"' not in page(client)


def test_a_renamed_unit_shows_at_once(client, personas, province):
    client.force_login(personas.staff)
    page(client)
    unit = province.units["SNV"]
    rename_unit(personas.secretariat, unit, "Sở Nội vụ (mới)")
    assert "Sở Nội vụ (mới)" in banner_of(page(client))


def test_a_role_granted_or_removed_changes_the_menu_at_once(client, personas):
    client.force_login(personas.staff)
    assert QUEUE_LABEL not in page(client)
    membership = services.membership_add(
        actor=personas.secretariat, user=fresh(personas.staff), role=Role.APPRAISER, unit=None
    )
    assert QUEUE_LABEL in page(client)
    services.membership_remove(actor=personas.secretariat, membership=membership)
    assert QUEUE_LABEL not in page(client)


def test_a_unit_role_removed_takes_the_banner_and_the_menu_away(client, personas):
    client.force_login(personas.staff)
    assert ">Tự đánh giá</a>" in page(client)
    Membership.objects.filter(user=personas.staff).delete()  # each row: a signal
    html = page(client)
    assert ">Tự đánh giá</a>" not in html
    assert 'class="deadline-banners"' not in html


def test_a_language_switch_shows_the_menu_and_banner_in_that_language(client, personas):
    client.force_login(personas.staff)
    vietnamese = page(client)
    english = page(client, "en")
    assert ">Tự đánh giá</a>" in vietnamese
    assert ">Tự đánh giá</a>" not in english
    assert "ngày đến hạn" in banner_of(vietnamese)
    assert "days left" in banner_of(english)
    again = page(client)
    assert menu_of(again) == menu_of(vietnamese) != menu_of(english)
    assert banner_of(again) == banner_of(vietnamese)


def test_never_another_users_menu_or_banner(client, personas):
    for user in (personas.staff, personas.other_staff, personas.appraiser, personas.leader):
        client.force_login(user)
        page(client)
    client.force_login(personas.other_staff)
    html = page(client)
    assert "Sở Tư pháp" in banner_of(html)
    assert "Sở Nội vụ" not in banner_of(html)
    assert QUEUE_LABEL not in html
    client.force_login(personas.appraiser)
    html = page(client)
    assert QUEUE_LABEL in html
    assert 'class="deadline-banners"' not in html
    assert ">Tự đánh giá</a>" not in html


def test_the_banner_counts_the_days_again_on_the_next_day(personas, province):
    user = fresh(personas.staff)
    deadline = province.round.self_assessment_deadline
    today = deadline - timedelta(days=5)
    first = banner.cached_banners(user, today)
    assert first == banner.cached_banners(user, today + timedelta(seconds=1))
    days = [b.text for b in banner.cached_banners(user, today + timedelta(days=1))]
    assert days != [b.text for b in first]
    assert days == [b.text for b in banner.unit_banners(user, today + timedelta(days=1))]


def test_the_banner_reads_closed_just_after_the_deadline(personas, province):
    user = fresh(personas.staff)
    deadline = province.round.self_assessment_deadline
    before = banner.cached_banners(user, deadline)
    assert before[0].level != "closed"
    after = banner.cached_banners(user, deadline + timedelta(microseconds=1))
    assert after[0].level == "closed"
    assert after[0].text.startswith("Đã hết hạn")


def test_memberships_come_from_the_cache_under_the_access_revision(
    personas, django_assert_num_queries
):
    access.memberships(fresh(personas.secretariat))
    with django_assert_num_queries(1):  # the user row only
        assert access.is_secretariat(fresh(personas.secretariat))
    Membership.objects.create(user=personas.secretariat, role=Role.COUNCIL)
    assert access.is_council(fresh(personas.secretariat))


def test_saving_a_user_never_writes_an_older_access_revision_back(personas):
    stale = fresh(personas.staff)
    Membership.objects.create(user=personas.staff, role=Role.APPRAISER)
    stale.full_name = "Cán bộ"
    stale.save()
    assert fresh(personas.staff).access_revision > stale.access_revision
    assert access.is_appraiser(fresh(personas.staff))


def test_signing_in_still_works(client, personas):
    assert client.login(username="canbo", password=PASSWORD)
    assert ">Tự đánh giá</a>" in page(client)
    assert reverse("logout") in page(client)


def test_the_process_answers_for_the_shared_cache_with_copies_of_its_own(
    personas, django_assert_num_queries
):
    from parindex.apps.assessments import page_cache  # noqa: PLC0415

    first = access.memberships(fresh(personas.secretariat))
    page_cache.caches["pages"].clear()  # e.g. Redis restarted: this process still knows
    again_user = fresh(personas.secretariat)
    with django_assert_num_queries(0):
        again = access.memberships(again_user)
    assert [m.pk for m in again] == [m.pk for m in first]
    assert again[0] is not first[0]  # never the same objects: nobody shares a change
    page_cache.clear()
    last_user = fresh(personas.secretariat)
    with django_assert_num_queries(1):  # both forgotten: read again
        access.memberships(last_user)
