"""The appraiser's queue: only the fields assigned to them, across every unit of the
rounds in appraisal, with what is left, returned, answered and closed."""

import pytest
from appraisal_support import table
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from parindex.apps.accounts.models import Unit, UnitGroup
from parindex.apps.assessments import page_cache
from parindex.apps.assessments.models import Participation, RoundStatus, Score, ScoreStatus
from parindex.apps.assessments.services_rounds import round_ensure_scores

pytestmark = pytest.mark.django_db

QUEUE = reverse("assessments:queue")
CAPTION = "Việc thẩm định theo đơn vị và lĩnh vực"
HEADER = [
    "Đơn vị",
    "Lĩnh vực",
    "Còn phải thẩm định",
    "Đang chờ bổ sung",
    "Đơn vị đã bổ sung",
    "Đã thẩm định",
    "Đã đóng",
    "Tổng số mục",
]


def queue_rows(client, **params):
    response = client.get(QUEUE, params)
    assert response.status_code == 200
    rows = table(response, CAPTION)
    assert rows[0] == HEADER
    return rows[1:]


def units_and_fields(rows):
    return [(row[0], row[1].split(" ")[0]) for row in rows]


def set_status(appraisal, unit, codes, status):
    Score.objects.filter(participation=appraisal.participations[unit], node__code__in=codes).update(
        status=status
    )


def test_the_appraiser_sees_every_unit_of_their_field_and_nothing_else(client, personas, appraisal):
    client.force_login(personas.appraiser)
    rows = queue_rows(client)
    assert units_and_fields(rows) == [("Sở Nội vụ", "1"), ("Sở Tư pháp", "1"), ("UBND xã A", "1")]


def test_the_appraiser_of_another_field_sees_only_that_field(client, personas, appraisal):
    client.force_login(personas.other_appraiser)
    rows = queue_rows(client)
    assert {field for _, field in units_and_fields(rows)} == {"2"}


def test_each_row_counts_items_by_status_without_the_computed_accuracy_item(
    client, personas, appraisal
):
    set_status(appraisal, "SNV", ["1.1.1", "1.1.2"], ScoreStatus.APPRAISED)
    set_status(appraisal, "SNV", ["1.2"], ScoreStatus.RETURNED)
    set_status(appraisal, "SNV", ["1.3.1", "1.3.2"], ScoreStatus.SUPPLEMENTED)
    set_status(appraisal, "SNV", ["1.5"], ScoreStatus.CLOSED)
    client.force_login(personas.appraiser)
    snv = queue_rows(client)[0]
    # 10 leaves in field 1 besides 1.7 (accuracy): 4 open + 2 answered left, 1 returned,
    # 2 appraised, 1 closed.
    assert snv[2:] == ["6", "1", "2", "2", "1", "10"]


def test_a_leaf_without_a_score_row_still_counts_as_left(client, personas, appraisal):
    Score.objects.filter(participation=appraisal.participations["SNV"], node__code="1.1.1").delete()
    client.force_login(personas.appraiser)
    assert queue_rows(client)[0][2:] == ["10", "0", "0", "0", "0", "10"]


def test_each_row_opens_the_page_of_that_unit_and_field(client, personas, appraisal, page_url):
    client.force_login(personas.appraiser)
    page = client.get(QUEUE).content.decode()
    assert f'href="{page_url("1", "STP")}"' in page


def test_the_queue_filters_by_state_group_and_unit(client, personas, appraisal):
    for code in ("SNV", "STP", "X-A"):
        set_status(appraisal, code, ["1.2"], ScoreStatus.APPRAISED)
    set_status(appraisal, "STP", ["1.3.1"], ScoreStatus.SUPPLEMENTED)
    leaves = Score.objects.filter(participation=appraisal.participations["X-A"])
    leaves.filter(node__code__startswith="1.").update(status=ScoreStatus.APPRAISED)
    client.force_login(personas.appraiser)
    assert units_and_fields(queue_rows(client, trang_thai="xong")) == [("UBND xã A", "1")]
    assert units_and_fields(queue_rows(client, trang_thai="da-bo-sung")) == [("Sở Tư pháp", "1")]
    assert len(queue_rows(client, trang_thai="can-xu-ly")) == 2
    assert units_and_fields(queue_rows(client, nhom="xa")) == [("UBND xã A", "1")]
    assert units_and_fields(queue_rows(client, don_vi="tư pháp")) == [("Sở Tư pháp", "1")]
    page = client.get(QUEUE, {"linh_vuc": "2"}).content.decode()
    assert "Không có đơn vị nào khớp điều kiện lọc." in page


def test_rounds_not_in_appraisal_leave_the_queue_empty(client, personas, appraisal):
    appraisal.round.status = RoundStatus.LOCKED
    appraisal.round.save()
    client.force_login(personas.appraiser)
    page = client.get(QUEUE).content.decode()
    assert "Bạn chưa được giao lĩnh vực nào trong đợt đánh giá đang thẩm định." in page


def test_the_queue_takes_only_get(client, personas, appraisal):
    client.force_login(personas.appraiser)
    assert client.post(QUEUE).status_code == 405


def test_the_queue_sends_anonymous_visitors_to_sign_in(client, appraisal):
    response = client.get(QUEUE)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("who", ["outsider", "staff", "leader", "secretariat", "council"])
def test_the_queue_is_refused_to_anyone_who_is_not_an_appraiser(client, personas, appraisal, who):
    client.force_login(getattr(personas, who))
    assert client.get(QUEUE).status_code == 403


def add_units(appraisal, count):
    group = UnitGroup.objects.get(code="so")
    for n in range(count):
        unit = Unit.objects.create(code=f"S{n:02}", name=f"Sở thử {n}", group=group)
        Participation.objects.create(round=appraisal.round, unit=unit)
    round_ensure_scores(appraisal.round)


def queue_queries(client, *, cached=False):
    """The queries of one request of the queue: rendered (the cache emptied first), or
    served from the cache (a first request fills it)."""
    if cached:
        client.get(QUEUE)
    else:
        page_cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(QUEUE).status_code == 200
    return len(queries)


def test_the_queue_reads_a_fixed_number_of_queries_whatever_the_number_of_units(
    client, personas, appraisal, django_assert_max_num_queries
):
    client.force_login(personas.appraiser)
    with django_assert_max_num_queries(12):
        client.get(QUEUE)
    few = queue_queries(client)
    add_units(appraisal, 8)
    assert queue_queries(client) == few


def test_the_queue_served_from_the_cache_reads_only_the_user_and_the_revisions(
    client, personas, appraisal
):
    client.force_login(personas.appraiser)
    rendered = queue_queries(client)
    cached = queue_queries(client, cached=True)
    # session, user, and one statement: the assignments with their rounds' revisions and
    # the revisions of the rounds' participations (memberships, menu and banner from the
    # cache under the user's access revision, the whole page too)
    assert cached == 3 < rendered
    add_units(appraisal, 8)
    assert queue_queries(client, cached=True) == cached


def test_the_queue_shows_50_rows_a_page_and_how_many_are_left(client, personas, appraisal):
    add_units(appraisal, 60)  # 63 units with field 1
    client.force_login(personas.appraiser)
    first = client.get(QUEUE).content.decode()
    assert len(queue_rows(client)) == 50
    assert "Còn 13 dòng ở các trang sau." in first
    assert "trang=2" in first
    second = queue_rows(client, trang=2)
    assert len(second) == 13
    assert "Còn " not in client.get(QUEUE, {"trang": 2}).content.decode().split("</table>")[1]
    every = {row[0] for row in queue_rows(client)} | {row[0] for row in second}
    assert len(every) == 63


def test_the_pages_keep_the_filters(client, personas, appraisal):
    add_units(appraisal, 60)
    client.force_login(personas.appraiser)
    page = client.get(QUEUE, {"nhom": "so"}).content.decode()
    assert "nhom=so&amp;trang=2" in page
    assert len(queue_rows(client, nhom="so", trang=2)) == 12  # 62 departments
