"""The audit log: the whole of it for the secretariat, a unit's log for its members, one
criterion's log from the appraisal page; old → new values and reasons; filters; pages."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal as D

import pytest
from appraisal_support import table
from django.urls import reverse
from django.utils import timezone

from parindex import scoring
from parindex.apps.assessments.services_appraisal import (
    Answer,
    round_lock,
    round_reopen,
    score_answer,
    score_appraise,
    score_return,
)
from parindex.apps.audit.models import AuditEntry
from parindex.apps.audit.services import audit_record

pytestmark = pytest.mark.django_db

LOG = reverse("audit:log")
HEADER = ["Thời điểm", "Người thực hiện", "Hành động", "Đơn vị", "Tiêu chí", "Cũ → mới", "Lý do"]


def log_rows(response):
    assert response.status_code == 200
    rows = table(response, "")
    assert rows[0] == HEADER
    return rows[1:]


def unit_url(unit):
    return reverse("audit:unit", args=[unit.uuid])


def criterion_url(unit, node):
    return reverse("audit:criterion", args=[unit.uuid, node.uuid])


@pytest.fixture
def history(appraisal, personas, item):
    """An appraisal of SNV 1.3.1 and 2.3, a return and an answer of STP 1.3.1, a lock and
    a reopen with a reason."""
    snv = item("1.3.1")
    score_appraise(
        actor=personas.appraiser,
        score=snv,
        expected_version=1,
        entry=scoring.Entry(score=D("0.25")),
        opinion="Ban hành chậm.",
    )
    score_appraise(
        actor=personas.other_appraiser,
        score=item("2.3"),
        expected_version=1,
        entry=scoring.Entry(score=D(1)),
        opinion="",
    )
    stp = item("1.3.1", unit="STP")
    score_return(
        actor=personas.appraiser,
        score=stp,
        expected_version=1,
        text="Bổ sung kế hoạch kiểm tra.",
        deadline=timezone.now() + timedelta(days=3),
    )
    score_answer(
        actor=personas.other_staff, score=stp, expected_version=2, answer=Answer("Đã bổ sung.")
    )
    round_lock(actor=personas.secretariat, round_=appraisal.round)
    round_reopen(actor=personas.secretariat, round_=appraisal.round, reason="Khiếu nại của STP.")
    return appraisal


def test_every_appraisal_action_leaves_a_row(history):
    assert list(AuditEntry.objects.order_by("id").values_list("action", flat=True)) == [
        "score.appraise",
        "score.appraise",
        "score.return",
        "score.answer",
        "round.lock",
        "round.reopen",
    ]


def test_the_secretariat_reads_the_whole_log_newest_first_with_old_and_new(
    client, personas, history
):
    client.force_login(personas.secretariat)
    rows = log_rows(client.get(LOG))
    assert [row[2] for row in rows] == [
        "Mở lại đợt đánh giá",
        "Khóa đợt đánh giá",
        "Đơn vị giải trình, bổ sung",
        "Yêu cầu bổ sung",
        "Thẩm định",
        "Thẩm định",
    ]
    reopen, lock, answer, back, _, first = rows
    assert lock[5] == "trạng thái: Thẩm định → Đã khóa"
    assert reopen[1] == "Noivu"
    assert reopen[5] == "trạng thái: Đã khóa → Thẩm định"
    assert reopen[6] == "Khiếu nại của STP."
    assert answer[1] == "Canbo_Stp"
    assert (answer[3], answer[4]) == ("STP", "1.3.1")
    assert "trạng thái: Yêu cầu bổ sung → Đơn vị đã bổ sung" in answer[5]
    assert "Bổ sung kế hoạch kiểm tra." in back[5]
    assert "điểm thẩm định: — → 0,25" in first[5]
    assert "ý kiến thẩm định: — → Ban hành chậm." in first[5]
    assert "trạng thái: Chưa thẩm định → Đã thẩm định" in first[5]


SHA = "26a691965fbbaccd98eff782bbf9bfdd6564615531c153222e320a1f1b977a27"


def test_sign_ins_read_as_words_not_as_the_names_the_code_writes(client, personas, appraisal):
    audit_record(
        actor=personas.staff,
        action="signin.success",
        target=personas.staff,
        new={"address": "10.0.0.9", "two_step": False},
    )
    audit_record(
        actor=None,
        action="signin.lockout",
        target=personas.staff,
        new={"username": "canbo", "address": "10.0.0.9", "step": "password", "locked": "address"},
    )
    client.force_login(personas.secretariat)
    lockout, success = log_rows(client.get(LOG))
    assert success[2] == "Đăng nhập"
    assert success[5] == "địa chỉ IP: — → 10.0.0.9 xác thực hai bước: — → không"
    assert lockout[2] == "Tạm khóa đăng nhập do nhập sai nhiều lần"
    assert "bước đăng nhập: — → mật khẩu" in lockout[5]
    assert "tạm khóa theo: — → địa chỉ IP" in lockout[5]


def test_dates_in_old_and_new_values_read_in_local_time(client, personas, appraisal, item):
    utc = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)
    audit_record(
        actor=personas.appraiser,
        action="score.return",
        target=item("1.2"),
        old={"supplement_deadline": None},
        new={"supplement_deadline": utc},
        unit_code="SNV",
        node_code="1.2",
    )
    client.force_login(personas.secretariat)
    (row,) = log_rows(client.get(LOG))
    assert row[5] == "hạn bổ sung: — → 02/12/2026 17:00"


def test_a_hash_is_shown_short_with_the_whole_of_it_on_hover(client, personas, appraisal, item):
    audit_record(
        actor=personas.staff,
        action="evidence.attach",
        target=item("1.2"),
        new={"name": "ke-hoach.pdf", "sha256": SHA, "size": 12934},
        unit_code="SNV",
        node_code="1.2",
    )
    client.force_login(personas.secretariat)
    response = client.get(LOG)
    (row,) = log_rows(response)
    assert "SHA-256: — → 26a691965fbb…" in row[5]
    assert "kích thước (byte): — → 12.934" in row[5]
    assert SHA not in row[5]
    assert f'<ins title="{SHA}">26a691965fbb…</ins>' in response.content.decode()


@pytest.mark.parametrize(
    ("params", "actions"),
    [
        ({"don_vi": "STP"}, ["score.answer", "score.return"]),
        ({"tieu_chi": "2.3"}, ["score.appraise"]),
        ({"nguoi": "thamdinh_khac"}, ["score.appraise"]),
        ({"hanh_dong": "round.lock"}, ["round.lock"]),
        ({"don_vi": "SNV", "tieu_chi": "1.3.1"}, ["score.appraise"]),
    ],
)
def test_the_log_filters_by_unit_criterion_actor_and_action(
    client, personas, history, params, actions
):
    client.force_login(personas.secretariat)
    response = client.get(LOG, params)
    assert response.status_code == 200
    shown = [e.action for e in response.context["page"].object_list]
    assert shown == actions


def test_the_log_filters_by_round(client, personas, history):
    client.force_login(personas.secretariat)
    audit_record(actor=None, action="round.create", target=personas.secretariat)
    everything = client.get(LOG).context["page"].paginator.count
    this_round = client.get(LOG, {"dot": str(history.round.uuid)}).context["page"].paginator.count
    assert (everything, this_round) == (7, 6)


def test_the_log_is_paginated(client, personas, appraisal):
    for n in range(60):
        audit_record(
            actor=personas.secretariat, action="round.create", target=appraisal.round, new=n
        )
    client.force_login(personas.secretariat)
    first = client.get(LOG, {"hanh_dong": "round.create"})
    assert len(log_rows(first)) == 50
    assert "Trang 1 / 2" in first.content.decode()
    assert 'href="?hanh_dong=round.create&amp;trang=2"' in first.content.decode()
    second = client.get(LOG, {"hanh_dong": "round.create", "trang": 2})
    assert len(log_rows(second)) == 10


def test_the_log_reads_a_fixed_number_of_queries(
    client, personas, history, django_assert_max_num_queries
):
    client.force_login(personas.secretariat)
    with django_assert_max_num_queries(8):
        assert client.get(LOG).status_code == 200


@pytest.mark.parametrize("who", ["council", "appraiser", "staff", "leader", "outsider"])
def test_the_whole_log_is_for_the_secretariat_only(client, personas, appraisal, who):
    client.force_login(getattr(personas, who))
    assert client.get(LOG).status_code == 403


def test_the_log_takes_only_get(client, personas, appraisal):
    client.force_login(personas.secretariat)
    assert client.post(LOG).status_code == 405


def test_the_log_sends_anonymous_visitors_to_sign_in(client, appraisal):
    response = client.get(LOG)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


# --- a unit's log -------------------------------------------------------------------------


def test_unit_members_read_their_units_log(client, personas, history):
    client.force_login(personas.leader)
    response = client.get(unit_url(history.units["SNV"]))
    rows = log_rows(response)
    assert [(row[3], row[4]) for row in rows] == [("SNV", "2.3"), ("SNV", "1.3.1")]
    assert "Nhật ký của đơn vị Sở Nội vụ" in response.content.decode()


def test_an_appraiser_reads_only_their_fields_in_a_units_log(client, personas, history):
    client.force_login(personas.other_appraiser)
    rows = log_rows(client.get(unit_url(history.units["SNV"])))
    assert [row[4] for row in rows] == ["2.3"]


def test_the_council_reads_any_units_log(client, personas, history):
    client.force_login(personas.council)
    rows = log_rows(client.get(unit_url(history.units["STP"])))
    assert len(rows) == 2


@pytest.mark.parametrize("who", ["other_staff", "outsider"])
def test_a_units_log_is_hidden_from_other_units_and_outsiders(client, personas, history, who):
    client.force_login(getattr(personas, who))
    assert client.get(unit_url(history.units["SNV"])).status_code == 404


def test_a_units_log_takes_only_get(client, personas, history):
    client.force_login(personas.staff)
    assert client.post(unit_url(history.units["SNV"])).status_code == 405


def test_a_units_log_sends_anonymous_visitors_to_sign_in(client, history):
    assert client.get(unit_url(history.units["SNV"])).status_code == 302


# --- a criterion's log ---------------------------------------------------------------------


def test_the_appraisal_page_links_each_criterions_log(client, personas, history, item):
    score = item("1.3.1")
    client.force_login(personas.appraiser)
    participation = history.participations["SNV"]
    field = history.criteria_set.nodes.get(code="1", parent=None)
    page = client.get(reverse("assessments:appraise", args=[participation.uuid, field.uuid]))
    url = criterion_url(history.units["SNV"], score.node)
    assert f'href="{url}"' in page.content.decode()
    rows = log_rows(client.get(url))
    assert [(row[2], row[3], row[4]) for row in rows] == [("Thẩm định", "SNV", "1.3.1")]


def test_unit_members_read_a_criterions_log_of_their_unit(client, personas, history, item):
    client.force_login(personas.other_staff)
    rows = log_rows(client.get(criterion_url(history.units["STP"], item("1.3.1").node)))
    assert [row[2] for row in rows] == ["Đơn vị giải trình, bổ sung", "Yêu cầu bổ sung"]


@pytest.mark.parametrize("who", ["other_appraiser", "other_staff", "outsider"])
def test_a_criterions_log_is_hidden_from_everyone_else(client, personas, history, item, who):
    client.force_login(getattr(personas, who))
    url = criterion_url(history.units["SNV"], item("1.3.1").node)
    assert client.get(url).status_code == 404


def test_a_criterions_log_takes_only_get(client, personas, history, item):
    client.force_login(personas.appraiser)
    url = criterion_url(history.units["SNV"], item("1.3.1").node)
    assert client.post(url).status_code == 405


def test_a_criterions_log_sends_anonymous_visitors_to_sign_in(client, history, item):
    url = criterion_url(history.units["SNV"], item("1.3.1").node)
    assert client.get(url).status_code == 302
