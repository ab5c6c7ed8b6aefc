"""Dashboards: the secretariat's progress per unit and field, late units and returned
items; a unit's index so far, points lost per field, group average and last year."""

from datetime import timedelta
from decimal import Decimal as D

import pytest
from django.utils import timezone
from results_support import publish, url

from page_reader import read, table
from parindex.apps.assessments.models import Score, ScoreStatus, Side, ThreadMessage
from parindex.apps.results.gather import gather_inputs
from parindex.apps.results.models import HistoryRow, HistorySource
from parindex.numbers import format_vn

pytestmark = pytest.mark.django_db


@pytest.fixture
def under_way(scored, personas):
    """SNV's field 1 appraised; one STP item returned with a deadline already passed;
    X-A has not self-scored field 2."""
    snv, stp, xa = (scored.participations[c] for c in ("SNV", "STP", "X-A"))
    Score.objects.filter(participation=snv, node__code__startswith="1.").update(
        status=ScoreStatus.APPRAISED
    )
    returned = Score.objects.get(participation=stp, node__code="1.3.1")
    returned.status = ScoreStatus.RETURNED
    returned.save()
    ThreadMessage.objects.create(
        score=returned,
        side=Side.COUNCIL,
        author=personas.appraiser,
        text="Bổ sung kế hoạch có chữ ký số.",
        supplement_deadline=timezone.now() - timedelta(days=1),
    )
    Score.objects.filter(participation=xa, node__code__startswith="2.").update(
        self_score=None,
        self_numerator=None,
        self_denominator=None,
        self_count=None,
        self_value=None,
        self_items=None,
        self_not_applicable=False,
    )
    return scored


def signed(value):
    return ("+" if value > 0 else "") + format_vn(value, 2)


def dashboard(client, personas, who="secretariat", **params):
    client.force_login(getattr(personas, who))
    return client.get(url("dashboard"), params)


# --- the secretariat ----------------------------------------------------------------------


def test_it_shows_self_scoring_and_appraisal_per_unit(client, personas, under_way):
    rows = table(dashboard(client, personas), "Tự đánh giá và thẩm định theo đơn vị")
    by_unit = {r[0].split(" Sở")[0].split(" UBND")[0]: r for r in rows[1:]}
    snv, stp, xa = (by_unit[name] for name in ("Sở Nội vụ", "Sở Tư pháp", "UBND xã A"))
    total_snv = snv[1].split(" / ")[1]
    assert snv[1] == f"{total_snv} / {total_snv}"  # every leaf self-scored
    xa_entered, xa_total = (int(x) for x in xa[1].split(" / "))
    entered_field_2 = Score.objects.filter(
        participation=under_way.participations["X-A"], node__code__startswith="2."
    ).count()
    assert xa_total - xa_entered == entered_field_2
    appraised_field_1 = Score.objects.filter(
        participation=under_way.participations["SNV"],
        node__code__startswith="1.",
        status=ScoreStatus.APPRAISED,
    ).exclude(node__rule="accuracy")
    assert snv[3] == f"{appraised_field_1.count()} / {total_snv}"
    assert (stp[4], stp[5]) == ("1", "1")  # returned, overdue


def test_it_lists_late_units_and_returned_items(client, personas, under_way):
    response = dashboard(client, personas)
    page = response.content.decode()
    assert "Sở Tư pháp: 1 mục quá hạn bổ sung" in page
    rows = table(response, "Các tiêu chí trả lại cho đơn vị bổ sung")
    assert len(rows) == 2
    assert rows[1][0] == "Sở Tư pháp"
    assert rows[1][1].startswith("1.3.1 ")
    assert rows[1][2].endswith("(quá hạn)")
    summary = dict(read(response).lists[0])
    assert summary["Đơn vị chậm"] == "1"
    assert summary["Đang chờ đơn vị bổ sung"] == "1"
    assert summary["Kết quả"] == "Chưa tính"


def test_it_shows_appraisal_per_field_with_its_appraisers(client, personas, under_way):
    rows = table(dashboard(client, personas), "Thẩm định theo lĩnh vực")
    field_1 = next(r for r in rows[1:] if r[0].startswith("1 "))
    assert field_1[1] == str(personas.appraiser)


def test_the_council_and_administrators_see_it_too(client, personas, under_way):
    assert dashboard(client, personas, "council").status_code == 200
    assert dashboard(client, personas, "admin").status_code == 200


@pytest.mark.parametrize("who", ["staff", "leader", "appraiser", "outsider"])
def test_no_one_else_sees_the_secretariats_dashboard(client, personas, under_way, who):
    assert dashboard(client, personas, who).status_code == 403


def test_the_dashboard_needs_sign_in_and_a_get(client, personas, under_way):
    assert client.get(url("dashboard")).status_code == 302
    client.force_login(personas.secretariat)
    assert client.post(url("dashboard")).status_code == 405


def test_a_round_is_chosen_by_its_uuid(client, personas, under_way):
    response = dashboard(client, personas, dot=str(under_way.round.uuid))
    assert under_way.round.name in response.content.decode()
    assert (
        dashboard(client, personas, dot="6f1c0b0e-0000-4000-8000-000000000001").status_code == 404
    )
    assert dashboard(client, personas, dot="khong-phai").status_code == 404


def test_without_any_round_it_says_so(client, personas, province):
    province.round.delete()
    assert "Chưa có đợt đánh giá nào." in dashboard(client, personas).content.decode()


# --- a unit -------------------------------------------------------------------------------


def unit_page(client, personas, unit, who="staff", **params):
    client.force_login(getattr(personas, who))
    return client.get(url("unit_dashboard", unit.uuid), params)


def test_a_unit_sees_its_index_so_far_and_the_group_average(client, personas, under_way):
    HistoryRow.objects.create(
        year=2023,
        unit_code="SNV",
        unit_name="Sở Nội vụ",
        group_code="so",
        group_name="Sở, ban, ngành",
        index=D("84.66"),
        index_decimals=2,
        rank=2,
        units_in_group=8,
        class_label="Tốt",
        source=HistorySource.IMPORTED,
    )
    response = unit_page(client, personas, under_way.units["SNV"])
    running = gather_inputs(under_way.round).compute()
    snv = running.unit("SNV")
    group = running.groups[0]
    facts = dict(read(response).lists[0])
    assert facts["Chỉ số theo điểm thẩm định"] == format_vn(snv.index, 2)
    assert facts["Chỉ số theo điểm tự chấm"] == format_vn(snv.self_scored.index, 2)
    rows = table(response, "So với trung bình của nhóm và năm trước")
    assert rows[0][3] == "Năm 2023"
    self_average = sum(u.self_scored.index for u in group.units) / len(group.units)
    change = snv.self_scored.index - D("84.66")
    assert rows[1:] == [
        [
            "Theo điểm thẩm định",
            format_vn(snv.index, 2),
            format_vn(group.average, 2),
            "84,66",
            signed(snv.index - D("84.66")),
        ],
        [
            "Theo điểm tự chấm",
            format_vn(snv.self_scored.index, 2),
            format_vn(self_average, 2),
            "84,66",
            signed(change),
        ],
    ]
    assert "Năm 2023 (Nhập từ số liệu đã công bố): hạng 2/8, Tốt." in response.content.decode()
    history = table(response, "Chỉ số CCHC của Sở Nội vụ qua các năm")
    assert history[1][:4] == ["2023", "84,66", "2/8", "Tốt"]


def test_a_unit_sees_the_points_it_lost_per_field(client, personas, under_way):
    response = unit_page(client, personas, under_way.units["SNV"])
    rows = table(response, "Điểm bị trừ theo lĩnh vực")
    assert rows[0] == [
        "Lĩnh vực",
        "Điểm tối đa áp dụng",
        "Tự chấm",
        "Thẩm định",
        "Bị trừ",
        "Mức đạt",
        "Đã thẩm định",
    ]
    snv = gather_inputs(under_way.round).compute().unit("SNV")
    first = snv.appraised.fields[0]  # appraised: its figures show
    assert rows[1][0].startswith(f"{first.code} ")
    assert rows[1][3] == format_vn(first.achieved.normalize())
    assert rows[1][4] == format_vn((first.applicable_max - first.achieved).normalize())
    assert rows[1][6] == f"{len_field_1(under_way)} / {len_field_1(under_way)}"
    assert rows[2][3] == "Chưa thẩm định"  # nothing of field 2 appraised yet


def len_field_1(province):
    return (
        Score.objects.filter(
            participation=province.participations["SNV"], node__code__startswith="1."
        )
        .exclude(node__rule="accuracy")
        .count()
    )


def test_once_published_the_unit_sees_its_rank_and_class(client, personas, signed_off):
    publish(signed_off, personas.secretariat)
    response = unit_page(client, personas, signed_off.participations.get(unit__code="SNV").unit)
    facts = dict(read(response).lists[0])
    assert facts["Thứ hạng"] in ("1 / 2", "2 / 2")
    assert "Xếp loại" in facts
    assert "kết quả đã công bố" in response.content.decode()


def test_a_unit_sees_only_its_own_dashboard(client, personas, under_way):
    assert unit_page(client, personas, under_way.units["SNV"], "leader").status_code == 200
    assert unit_page(client, personas, under_way.units["STP"], "staff").status_code == 403
    assert unit_page(client, personas, under_way.units["SNV"], "other_staff").status_code == 403
    assert unit_page(client, personas, under_way.units["SNV"], "appraiser").status_code == 403
    assert unit_page(client, personas, under_way.units["SNV"], "outsider").status_code == 403
    assert unit_page(client, personas, under_way.units["STP"], "council").status_code == 200


def test_an_unknown_unit_or_round_is_not_found(client, personas, under_way):
    client.force_login(personas.secretariat)
    assert client.get("/tong-quan/don-vi/6f1c0b0e-0000-4000-8000-000000000001/").status_code == 404
    snv = under_way.units["SNV"]
    other = "6f1c0b0e-0000-4000-8000-000000000001"
    assert unit_page(client, personas, snv, "secretariat", dot=other).status_code == 404


def test_the_units_dashboard_needs_sign_in_and_a_get(client, personas, under_way):
    snv = under_way.units["SNV"]
    assert client.get(url("unit_dashboard", snv.uuid)).status_code == 302
    client.force_login(personas.staff)
    assert client.post(url("unit_dashboard", snv.uuid)).status_code == 405


def test_a_member_of_one_unit_goes_straight_to_it(client, personas, under_way):
    client.force_login(personas.staff)
    response = client.get(url("unit_dashboards"))
    assert response.status_code == 302
    assert response.url == url("unit_dashboard", under_way.units["SNV"].uuid)


def test_overseers_choose_among_every_unit(client, personas, under_way):
    client.force_login(personas.council)
    rows = table(client.get(url("unit_dashboards")), "Chọn đơn vị")
    assert {r[0] for r in rows[1:]} == {"Sở Nội vụ", "Sở Tư pháp", "UBND xã A"}


def test_people_of_no_unit_have_no_unit_dashboard(client, personas, under_way):
    client.force_login(personas.outsider)
    assert client.get(url("unit_dashboards")).status_code == 403


def test_a_unit_that_missed_its_self_assessment_deadline_is_late(client, personas, under_way):
    round_ = under_way.round
    round_.self_assessment_deadline = timezone.now() - timedelta(hours=2)
    round_.self_assessment_opens = round_.self_assessment_deadline - timedelta(days=20)
    round_.save()
    page = dashboard(client, personas).content.decode()
    assert "UBND xã A: chưa gửi tự đánh giá, hạn " in page
    summary = dict(read(dashboard(client, personas)).lists[0])
    assert summary["Đơn vị chậm"] == "3"  # nobody submitted; STP also has an overdue item


def test_a_unit_sees_its_own_scoring_problems_but_not_the_others(client, personas, under_way):
    stp = under_way.participations["STP"]
    Score.objects.filter(participation=stp, node__code="1.3.1").update(appraised_score=D("7"))
    page = unit_page(client, personas, under_way.units["SNV"]).content.decode()
    assert "Một số điểm của các đơn vị khác trong nhóm chưa tính được" in page
    assert "STP" not in page
    client.force_login(personas.other_staff)
    page = client.get(url("unit_dashboard", under_way.units["STP"].uuid)).content.decode()
    assert "đơn vị STP, tiêu chí 1.3.1" in page
