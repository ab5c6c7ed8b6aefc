"""The secretariat's progress page: per unit and per field, late units, and the running
results of the appraisal computed by the engine."""

from datetime import timedelta
from decimal import Decimal as D

import pytest
from appraisal_support import table
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from parindex.apps.accounts.models import Unit, UnitGroup
from parindex.apps.assessments.models import (
    Participation,
    Round,
    RoundStatus,
    Score,
    ScoreStatus,
)
from parindex.apps.assessments.services_rounds import round_ensure_scores

pytestmark = pytest.mark.django_db

PROGRESS = reverse("assessments:progress")
UNITS = "Tiến độ theo đơn vị"
FIELDS = "Tiến độ theo lĩnh vực"


def results_url(round_):
    return reverse("assessments:appraisal_results", args=[round_.uuid])


def set_status(appraisal, unit, codes, status):
    Score.objects.filter(participation=appraisal.participations[unit], node__code__in=codes).update(
        status=status
    )


@pytest.fixture
def worked(appraisal, returned):
    """SNV: two items appraised, one closed, one returned (overdue), one answered."""
    set_status(appraisal, "SNV", ["1.1.1", "2.3"], ScoreStatus.APPRAISED)
    set_status(appraisal, "SNV", ["1.5"], ScoreStatus.CLOSED)
    set_status(appraisal, "SNV", ["1.2"], ScoreStatus.SUPPLEMENTED)
    returned("1.3.1", days=-1)
    return appraisal


def test_the_secretariat_sees_progress_per_unit(client, personas, worked):
    client.force_login(personas.secretariat)
    response = client.get(PROGRESS)
    assert response.status_code == 200
    rows = table(response, UNITS)
    assert rows[0] == [
        "Đơn vị",
        "Tự đánh giá",
        "Đã thẩm định / tổng",
        "Chờ bổ sung",
        "Đã bổ sung",
        "Quá hạn bổ sung",
        "Nhật ký",
    ]
    snv, stp = rows[1], rows[2]
    assert snv[0].startswith("Sở Nội vụ")
    assert snv[1].startswith("Đã gửi")
    # 62 leaves apply to a department: 1.7 (accuracy) and 3.6 (survey) are computed
    assert snv[2:6] == ["3 / 60", "1", "1", "1"]
    assert stp[1] == "Chưa gửi"
    assert stp[2:6] == ["0 / 60", "0", "0", "0"]


def test_the_secretariat_sees_progress_per_field_with_its_appraisers(client, personas, worked):
    client.force_login(personas.secretariat)
    rows = table(client.get(PROGRESS), FIELDS)
    first, second = rows[1], rows[2]
    assert first[0].startswith("1 Công tác chỉ đạo")
    assert first[1] == "Thamdinh"
    # 10 items of field 1 per unit, three units: 2 done, 1 returned, 1 answered.
    assert first[2:] == ["2 / 30", "26", "1", "1"]
    assert second[1] == "Thamdinh_Khac"
    assert second[2] == "1 / 21"  # 7 items of field 2 per unit
    assert rows[3][1] == "Chưa giao"


def test_units_late_with_self_scoring_or_a_supplement_are_flagged(client, personas, worked):
    round_ = worked.round
    round_.self_assessment_deadline = timezone.now() - timedelta(days=1)
    round_.save()
    stp = worked.participations["STP"]
    stp.deadline_extension = timezone.now() + timedelta(days=2)
    stp.save()
    client.force_login(personas.secretariat)
    response = client.get(PROGRESS)
    snv, stp, xa = table(response, UNITS)[1:]
    page = response.content.decode()
    assert "<dt>Đơn vị chậm</dt><dd>2</dd>" in page  # SNV (overdue supplement), X-A
    assert snv[1].startswith("Đã gửi")
    assert snv[5] == "1"
    assert stp[1] == "Chưa gửi"  # its extension runs two more days
    assert xa[1] == "Chưa gửi, quá hạn"


def test_the_council_sees_progress_but_may_not_lock(client, personas, appraisal):
    client.force_login(personas.council)
    page = client.get(PROGRESS).content.decode()
    assert "Tiến độ theo đơn vị" in page
    assert "Khóa đợt đánh giá" not in page


def test_another_round_is_chosen_by_its_uuid(client, personas, appraisal):
    other = Round.objects.create(
        name="Đánh giá năm 2023",
        year=2023,
        criteria_set=appraisal.criteria_set,
        status=RoundStatus.SIGNED_OFF,
        self_assessment_opens=timezone.now() - timedelta(days=400),
        self_assessment_deadline=timezone.now() - timedelta(days=380),
        appraisal_deadline=timezone.now() - timedelta(days=350),
    )
    client.force_login(personas.secretariat)
    default = client.get(PROGRESS).content.decode()
    assert "<h2>Đánh giá Chỉ số CCHC năm 2024" in default
    chosen = client.get(PROGRESS, {"dot": str(other.uuid)}).content.decode()
    assert "<h2>Đánh giá năm 2023" in chosen


@pytest.mark.parametrize("who", ["appraiser", "staff", "leader", "outsider"])
def test_progress_is_refused_to_everyone_else(client, personas, appraisal, who):
    client.force_login(getattr(personas, who))
    assert client.get(PROGRESS).status_code == 403


def test_progress_takes_only_get(client, personas, appraisal):
    client.force_login(personas.secretariat)
    assert client.post(PROGRESS).status_code == 405


def test_progress_sends_anonymous_visitors_to_sign_in(client, appraisal):
    response = client.get(PROGRESS)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def add_units(appraisal, count):
    group = UnitGroup.objects.get(code="xa")
    for n in range(count):
        unit = Unit.objects.create(code=f"X{n:02}", name=f"UBND xã thử {n}", group=group)
        Participation.objects.create(round=appraisal.round, unit=unit)
    round_ensure_scores(appraisal.round)


def progress_queries(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(PROGRESS).status_code == 200
    return len(queries)


def test_progress_reads_a_fixed_number_of_queries_whatever_the_number_of_units(
    client, personas, worked, django_assert_max_num_queries
):
    client.force_login(personas.secretariat)
    with django_assert_max_num_queries(12):
        client.get(PROGRESS)
    few = progress_queries(client)
    add_units(worked, 8)
    assert progress_queries(client) == few


# --- the running results ------------------------------------------------------------------


def appraised(item, code, self_score, appraised_score):
    Score.objects.filter(pk=item(code).pk).update(
        self_score=self_score, appraised_score=appraised_score, status="appraised"
    )


def test_the_running_results_show_self_and_appraised_points_and_the_computed_accuracy(
    client, personas, appraisal, item
):
    appraised(item, "1.3.1", D("0.5"), D("0.25"))
    appraised(item, "1.4.1", D("0.5"), D(0))
    appraised(item, "2.2.1", D("0.5"), D(0))
    appraised(item, "2.3", D(2), D(1))
    Score.objects.filter(pk=item("1.6").pk).update(
        appraised_numerator=45, appraised_denominator=50, status="appraised"
    )
    client.force_login(personas.secretariat)
    response = client.get(results_url(appraisal.round))
    assert response.status_code == 200
    rows = table(response, "Sở, ban, ngành")
    assert rows[0][-1] == "Tính chính xác (1.7)"
    first = rows[1]
    assert first[0] == "Sở Nội vụ"
    # Self: 0,5 + 0,5 + 0,5 + 2 + 1,8 and the accuracy item claims its full 1 point.
    assert first[1] == "6,30"
    # Appraised: 0,25 + 1 + 1,8, and accuracy is computed: 57 of the 61 compared items
    # agree (93 %), which reaches the 90 % band: 0,5 point.
    assert first[7] == "0,50"
    assert first[3] == "3,55"
    assert first[6] == "-2,75"


def test_the_running_results_report_entries_the_engine_cannot_score(
    client, personas, appraisal, item
):
    Score.objects.filter(pk=item("1.6").pk).update(appraised_numerator=60, appraised_denominator=50)
    client.force_login(personas.secretariat)
    page = client.get(results_url(appraisal.round)).content.decode()
    assert "Chưa tính được kết quả" in page
    assert "đơn vị SNV, tiêu chí 1.6 (thẩm định): tử số 60" in page


@pytest.mark.parametrize("who", ["appraiser", "staff", "outsider"])
def test_the_running_results_are_refused_to_everyone_else(client, personas, appraisal, who):
    client.force_login(getattr(personas, who))
    assert client.get(results_url(appraisal.round)).status_code == 403


def test_the_running_results_take_only_get(client, personas, appraisal):
    client.force_login(personas.council)
    assert client.post(results_url(appraisal.round)).status_code == 405


def test_the_running_results_send_anonymous_visitors_to_sign_in(client, appraisal):
    assert client.get(results_url(appraisal.round)).status_code == 302
