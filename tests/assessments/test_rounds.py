"""The secretariat creates rounds, sets their dates and per-unit extensions, opens the
self-assessment and starts the appraisal; every change is audited."""

import dataclasses
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from parindex.apps.accounts.models import Unit, UnitGroup
from parindex.apps.assessments.models import (
    Participation,
    ParticipationStatus,
    Round,
    RoundStatus,
    Score,
)
from parindex.apps.assessments.services_rounds import participation_ensure_scores
from parindex.apps.audit.models import AuditEntry
from parindex.apps.frameworks.conversion import from_engine
from parindex.scoring import Plan

pytestmark = pytest.mark.django_db

LOCAL = "%Y-%m-%dT%H:%M"


def local(moment):
    return timezone.localtime(moment).strftime(LOCAL)


def round_data(province, **changes):
    now = timezone.now()
    data = {
        "name": "Đánh giá Chỉ số CCHC năm 2025",
        "year": 2025,
        "criteria_set": province.criteria_set.pk,
        "self_assessment_opens": local(now + timedelta(days=1)),
        "self_assessment_deadline": local(now + timedelta(days=25)),
        "appraisal_deadline": local(now + timedelta(days=60)),
    }
    return {**data, **changes}


def detail_url(round_):
    return reverse("assessments:round_detail", args=[round_.uuid])


# --- the list -----------------------------------------------------------------------------


def test_the_secretariat_sees_every_round_with_its_counts(client, personas, province):
    client.force_login(personas.secretariat)
    response = client.get(reverse("assessments:rounds"))
    assert response.status_code == 200
    page = response.content.decode()
    assert province.round.name in page
    assert detail_url(province.round) in page
    assert '<td class="num">3</td>' in page  # three units take part


def test_administrators_manage_rounds_too(client, personas):
    client.force_login(personas.admin)
    assert client.get(reverse("assessments:rounds")).status_code == 200


@pytest.mark.parametrize("who", ["staff", "leader", "appraiser", "council", "outsider"])
def test_other_roles_cannot_see_the_rounds(client, personas, province, who):
    client.force_login(getattr(personas, who))
    assert client.get(reverse("assessments:rounds")).status_code == 403
    assert client.get(detail_url(province.round)).status_code == 403


def test_the_list_takes_only_get(client, personas):
    client.force_login(personas.secretariat)
    assert client.post(reverse("assessments:rounds")).status_code == 405


def test_the_list_sends_anonymous_visitors_to_sign_in(client, province):
    assert client.get(reverse("assessments:rounds")).status_code == 302


def test_the_menu_offers_rounds_to_the_secretariat_only(client, personas):
    client.force_login(personas.secretariat)
    assert reverse("assessments:rounds") in client.get("/").content.decode()
    client.force_login(personas.staff)
    assert reverse("assessments:rounds") not in client.get("/").content.decode()


# --- creating -----------------------------------------------------------------------------


def test_a_new_round_takes_every_active_unit_of_the_sets_groups(client, personas, province):
    Unit.objects.create(
        code="CU", name="Sở đã giải thể", group=province.units["SNV"].group, is_active=False
    )
    client.force_login(personas.secretariat)
    response = client.post(reverse("assessments:round_create"), round_data(province))
    created = Round.objects.get(year=2025)
    assert response.status_code == 302
    assert response.url == detail_url(created)
    assert created.status == RoundStatus.PREPARING
    codes = sorted(created.participations.values_list("unit__code", flat=True))
    assert codes == ["SNV", "STP", "X-A"]
    entry = AuditEntry.objects.get(action="round.create")
    assert entry.actor == personas.secretariat
    assert entry.new["units"] == ["SNV", "STP", "X-A"]


def test_a_new_round_may_take_chosen_units_only(client, personas, province):
    client.force_login(personas.secretariat)
    data = round_data(province, units=[province.units["STP"].pk])
    client.post(reverse("assessments:round_create"), data)
    created = Round.objects.get(year=2025)
    assert list(created.participations.values_list("unit__code", flat=True)) == ["STP"]


def test_a_unit_outside_the_sets_groups_is_refused(client, personas, province):
    other = UnitGroup.objects.create(code="huyen", name="UBND huyện")
    district = Unit.objects.create(code="H-A", name="UBND huyện A", group=other)
    client.force_login(personas.secretariat)
    response = client.post(
        reverse("assessments:round_create"), round_data(province, units=[district.pk])
    )
    assert response.status_code == 200
    assert "Đơn vị UBND huyện A không thuộc nhóm nào của bộ tiêu chí." in response.content.decode()
    assert not Round.objects.filter(year=2025).exists()


def test_dates_out_of_order_are_refused(client, personas, province):
    now = timezone.now()
    data = round_data(province, self_assessment_deadline=local(now + timedelta(days=90)))
    client.force_login(personas.secretariat)
    response = client.post(reverse("assessments:round_create"), data)
    assert response.status_code == 200
    assert "hạn tự đánh giá phải trước hạn thẩm định" in response.content.decode()
    assert not Round.objects.filter(year=2025).exists()


def test_only_a_published_set_can_be_chosen(client, personas, province):
    draft = from_engine(dataclasses.replace(province.engine, code="NHAP-2025"), actor=None)
    client.force_login(personas.secretariat)
    page = client.get(reverse("assessments:round_create")).content.decode()
    choices = page.split('name="criteria_set"')[1].split("</select>")[0]
    assert f'value="{province.criteria_set.pk}"' in choices
    assert f'value="{draft.pk}"' not in choices
    response = client.post(
        reverse("assessments:round_create"), round_data(province, criteria_set=draft.pk)
    )
    assert response.status_code == 200
    assert not Round.objects.filter(year=2025).exists()


@pytest.mark.parametrize("who", ["staff", "leader", "council", "outsider"])
def test_other_roles_cannot_create_rounds(client, personas, province, who):
    client.force_login(getattr(personas, who))
    url = reverse("assessments:round_create")
    assert client.get(url).status_code == 403
    assert client.post(url, round_data(province)).status_code == 403
    assert not Round.objects.filter(year=2025).exists()


def test_the_create_page_takes_get_and_post_only(client, personas):
    client.force_login(personas.secretariat)
    assert client.put(reverse("assessments:round_create")).status_code == 405


# --- the round's page, dates and transitions ---------------------------------------------


def test_the_round_page_lists_units_dates_and_days_left(client, personas, province):
    client.force_login(personas.secretariat)
    response = client.get(detail_url(province.round))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Sở Tư pháp" in page
    assert "UBND xã A" in page
    deadline = timezone.localtime(province.round.self_assessment_deadline)
    assert f"Còn 14 ngày đến hạn tự đánh giá {deadline:%d/%m/%Y}" in page
    assert "Bắt đầu thẩm định" in page


def test_an_unknown_round_is_not_found(client, personas):
    client.force_login(personas.secretariat)
    url = reverse("assessments:round_detail", args=["00000000-0000-0000-0000-000000000000"])
    assert client.get(url).status_code == 404


def test_the_round_page_takes_only_get(client, personas, province):
    client.force_login(personas.secretariat)
    assert client.post(detail_url(province.round)).status_code == 405


def dates(round_, **changes):
    data = {
        "self_assessment_opens": local(round_.self_assessment_opens),
        "self_assessment_deadline": local(round_.self_assessment_deadline),
        "appraisal_deadline": local(round_.appraisal_deadline),
        "reason": "",
    }
    return {**data, **changes}


def test_the_secretariat_moves_the_deadline_and_it_is_audited(client, personas, province):
    round_ = province.round
    later = timezone.localtime(round_.self_assessment_deadline + timedelta(days=3))
    url = reverse("assessments:round_dates", args=[round_.uuid])
    client.force_login(personas.secretariat)
    response = client.post(
        url, dates(round_, self_assessment_deadline=later.strftime(LOCAL), reason="Công văn 15")
    )
    assert response.status_code == 302
    round_.refresh_from_db()
    assert timezone.localtime(round_.self_assessment_deadline).strftime(LOCAL) == later.strftime(
        LOCAL
    )
    entry = AuditEntry.objects.get(action="round.dates")
    assert entry.reason == "Công văn 15"
    assert entry.old["self_assessment_deadline"] != entry.new["self_assessment_deadline"]


def test_dates_out_of_order_are_refused_on_the_round_page(client, personas, province):
    round_ = province.round
    url = reverse("assessments:round_dates", args=[round_.uuid])
    client.force_login(personas.secretariat)
    too_late = local(round_.appraisal_deadline + timedelta(days=1))
    response = client.post(url, dates(round_, self_assessment_deadline=too_late))
    assert response.status_code == 200
    assert "phải trước hạn thẩm định" in response.content.decode()
    before = round_.self_assessment_deadline
    round_.refresh_from_db()
    assert round_.self_assessment_deadline == before


def test_dates_of_a_locked_round_stay(client, personas, province):
    round_ = province.round
    round_.status = RoundStatus.LOCKED
    round_.save()
    url = reverse("assessments:round_dates", args=[round_.uuid])
    client.force_login(personas.secretariat)
    later = local(round_.self_assessment_deadline + timedelta(days=1))
    response = client.post(url, dates(round_, self_assessment_deadline=later))
    assert "Đợt đánh giá đã khóa" in response.content.decode()
    assert not AuditEntry.objects.filter(action="round.dates").exists()


def test_dates_take_only_post_and_only_from_the_secretariat(client, personas, province):
    url = reverse("assessments:round_dates", args=[province.round.uuid])
    client.force_login(personas.secretariat)
    assert client.get(url).status_code == 405
    client.force_login(personas.leader)
    assert client.post(url, dates(province.round)).status_code == 403


@pytest.fixture
def preparing(province):
    round_ = province.round
    round_.status = RoundStatus.PREPARING
    round_.save()
    return round_


def test_opening_the_self_assessment_creates_each_units_scores(
    client, personas, province, preparing
):
    client.force_login(personas.secretariat)
    url = reverse("assessments:round_open", args=[preparing.uuid])
    assert client.post(url).status_code == 302
    preparing.refresh_from_db()
    assert preparing.status == RoundStatus.SELF_ASSESSMENT
    counts = {
        code: Score.objects.filter(participation=p).count()
        for code, p in province.participations.items()
    }
    assert counts == {"SNV": 62, "STP": 62, "X-A": 63}
    assert AuditEntry.objects.get(action="round.open").new == {"status": "self_assessment"}


def test_the_score_rows_are_the_leaves_the_engine_applies_to_each_group(province):
    plan = Plan(province.engine)
    for code, participation in province.participations.items():
        group = participation.unit.group.code
        excluded = plan.excluded(group)
        expected = {n.code for i, n in enumerate(plan.nodes) if n.is_leaf and i not in excluded}
        participation_ensure_scores(participation)
        stored = set(participation.scores.values_list("node__code", flat=True))
        assert stored == expected, code


def test_ensuring_scores_twice_creates_nothing_more(province):
    snv = province.participations["SNV"]
    assert participation_ensure_scores(snv) == 62
    assert participation_ensure_scores(snv) == 0


def test_a_round_cannot_be_opened_twice(client, personas, province):
    client.force_login(personas.secretariat)
    url = reverse("assessments:round_open", args=[province.round.uuid])
    response = client.post(url, follow=True)
    assert "Chỉ mở tự đánh giá cho đợt đang chuẩn bị." in response.content.decode()
    assert not AuditEntry.objects.filter(action="round.open").exists()


def test_starting_appraisal_moves_submitted_units_into_appraisal(client, personas, province):
    snv = province.participations["SNV"]
    snv.status = ParticipationStatus.SUBMITTED
    snv.save()
    client.force_login(personas.secretariat)
    url = reverse("assessments:round_start_appraisal", args=[province.round.uuid])
    assert client.post(url).status_code == 302
    province.round.refresh_from_db()
    assert province.round.status == RoundStatus.APPRAISAL
    statuses = dict(
        Participation.objects.filter(round=province.round).values_list("unit__code", "status")
    )
    assert statuses == {"SNV": "in_appraisal", "STP": "draft", "X-A": "draft"}
    assert AuditEntry.objects.filter(action="participation.status").count() == 1


def test_appraisal_cannot_start_before_the_self_assessment_opens(client, personas, preparing):
    client.force_login(personas.secretariat)
    url = reverse("assessments:round_start_appraisal", args=[preparing.uuid])
    response = client.post(url, follow=True)
    assert "Chỉ bắt đầu thẩm định khi đợt đang tự đánh giá." in response.content.decode()
    preparing.refresh_from_db()
    assert preparing.status == RoundStatus.PREPARING


@pytest.mark.parametrize("name", ["round_open", "round_start_appraisal"])
def test_transitions_take_only_post_and_only_from_the_secretariat(client, personas, province, name):
    url = reverse(f"assessments:{name}", args=[province.round.uuid])
    client.force_login(personas.secretariat)
    assert client.get(url).status_code == 405
    for who in (personas.leader, personas.council, personas.outsider):
        client.force_login(who)
        assert client.post(url).status_code == 403
    client.logout()
    assert client.post(url).status_code == 302
    province.round.refresh_from_db()
    assert province.round.status == RoundStatus.SELF_ASSESSMENT


# --- extensions ---------------------------------------------------------------------------


def extension_url(province, unit="SNV", round_=None):
    round_ = round_ or province.round
    return reverse(
        "assessments:round_extension",
        args=[round_.uuid, province.participations[unit].uuid],
    )


def test_the_secretariat_extends_one_units_deadline(client, personas, province):
    until = province.round.self_assessment_deadline + timedelta(days=5)
    client.force_login(personas.secretariat)
    assert client.get(extension_url(province)).status_code == 200
    response = client.post(extension_url(province), {"until": local(until), "reason": "Bão lũ"})
    assert response.status_code == 302
    snv = province.participations["SNV"]
    snv.refresh_from_db()
    assert local(snv.deadline_extension) == local(until)
    entry = AuditEntry.objects.get(action="participation.extend")
    assert (entry.unit_code, entry.reason) == ("SNV", "Bão lũ")


def test_an_extension_before_the_common_deadline_is_refused(client, personas, province):
    earlier = province.round.self_assessment_deadline - timedelta(days=1)
    client.force_login(personas.secretariat)
    response = client.post(extension_url(province), {"until": local(earlier)})
    assert response.status_code == 200
    assert "Ngày gia hạn phải sau hạn tự đánh giá chung" in response.content.decode()
    province.participations["SNV"].refresh_from_db()
    assert province.participations["SNV"].deadline_extension is None


def test_an_extension_can_be_removed(client, personas, province):
    snv = province.participations["SNV"]
    snv.deadline_extension = province.round.self_assessment_deadline + timedelta(days=2)
    snv.save()
    client.force_login(personas.secretariat)
    client.post(extension_url(province), {"until": ""})
    snv.refresh_from_db()
    assert snv.deadline_extension is None


def test_no_extension_once_appraisal_has_started(client, personas, province):
    province.round.status = RoundStatus.APPRAISAL
    province.round.save()
    until = province.round.self_assessment_deadline + timedelta(days=5)
    client.force_login(personas.secretariat)
    response = client.post(extension_url(province), {"until": local(until)})
    assert "Chỉ gia hạn khi đợt đánh giá đang chuẩn bị hoặc đang tự đánh giá." in (
        response.content.decode()
    )


def test_a_unit_of_another_round_cannot_be_extended_through_this_one(client, personas, province):
    now = timezone.now()
    other = Round.objects.create(
        name="Đợt khác",
        year=2023,
        criteria_set=province.criteria_set,
        status=RoundStatus.SELF_ASSESSMENT,
        self_assessment_opens=now,
        self_assessment_deadline=now + timedelta(days=1),
        appraisal_deadline=now + timedelta(days=2),
    )
    client.force_login(personas.secretariat)
    until = local(now + timedelta(days=30))
    assert client.post(extension_url(province, round_=other), {"until": until}).status_code == 404
    province.participations["SNV"].refresh_from_db()
    assert province.participations["SNV"].deadline_extension is None


def test_only_the_secretariat_extends(client, personas, province):
    until = local(province.round.self_assessment_deadline + timedelta(days=5))
    for who in (personas.leader, personas.appraiser, personas.outsider):
        client.force_login(who)
        assert client.post(extension_url(province), {"until": until}).status_code == 403
    client.force_login(personas.secretariat)
    assert client.put(extension_url(province)).status_code == 405
    province.participations["SNV"].refresh_from_db()
    assert province.participations["SNV"].deadline_extension is None


@pytest.mark.parametrize(
    "name", ["round_detail", "round_dates", "round_open", "round_start_appraisal", "round_create"]
)
def test_every_round_page_sends_anonymous_visitors_to_sign_in(client, province, name):
    args = [] if name == "round_create" else [province.round.uuid]
    url = reverse(f"assessments:{name}", args=args)
    for response in (client.get(url), client.post(url)):
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
    extension = extension_url(province)
    assert client.post(extension, {"until": ""}).status_code == 302
    province.round.refresh_from_db()
    assert province.round.status == RoundStatus.SELF_ASSESSMENT
