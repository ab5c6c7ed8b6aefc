"""The planner's pages: a unit's gains with the index and rank each brings, a target turned
into the smallest set of gains, and who may open a unit's planner."""

import pytest
from django.urls import reverse
from django.utils.timezone import localdate
from planner_support import make_round, publish

from page_reader import read
from parindex.apps.accounts.models import Unit
from parindex.apps.assessments.models import RoundStatus
from parindex.apps.planner import forms, outcome
from parindex.apps.results.models import Result

pytestmark = pytest.mark.django_db

GAINS = "Mỗi dòng: nếu chỉ đạt tối đa tiêu chí này, các đơn vị khác giữ nguyên"
CHOSEN = "Phương án: các tiêu chí thành phần cần đạt tối đa"


def url(unit, **target):
    return reverse("planner:unit", args=[unit.uuid]), target


def get(client, unit, **target):
    path, params = url(unit, **target)
    return client.get(path, params)


def table(response, caption):
    return next(rows for title, rows in read(response).tables if title == caption)


def facts(response):
    return dict(read(response).lists[0])


def test_the_unit_sees_where_its_figures_come_from(client, personas, province, planning_round):
    client.force_login(personas.staff)
    response = get(client, province.units["SNV"])
    assert response.status_code == 200
    shown = facts(response)
    assert shown["Nguồn số liệu"] == f"{planning_round.name} — Thẩm định"
    assert shown["Tính đến"].startswith("kết quả tạm tính lúc ")
    assert "điểm cập nhật lần cuối lúc" in shown["Tính đến"]
    assert shown["Nhóm"] == "Sở, ban, ngành (3 đơn vị)"
    assert shown["Điểm đạt / tối đa áp dụng"] == "3,00 / 8,00"
    assert (shown["Chỉ số"], shown["Xếp hạng"], shown["Xếp loại"]) == ("37,50", "3/3", "Khá")


def test_a_finished_round_says_whether_its_figures_are_published(client, personas, province):
    province.round.year = 2023
    province.round.save()
    finished = make_round(province, year=2025, status=RoundStatus.SIGNED_OFF)
    client.force_login(personas.staff)
    shown = facts(get(client, province.units["SNV"]))["Tính đến"]
    assert shown.startswith("kết quả thẩm định, đợt kết thúc ngày ")
    assert "(chưa công bố)" in shown
    result = publish(finished, personas.secretariat)
    shown = facts(get(client, province.units["SNV"]))["Tính đến"]
    assert shown == f"kết quả đã công bố ngày {localdate(result.published_at):%d/%m/%Y}"


def test_each_gain_shows_its_points_and_the_index_and_rank_it_brings(
    client, personas, province, planning_round
):
    client.force_login(personas.leader)
    rows = table(get(client, province.units["SNV"]), GAINS)
    assert rows[1] == [
        "1.1",
        "Ban hành kế hoạch CCHC",
        "Chỉ đạo, điều hành",
        "Chấm theo đánh giá",
        "4,00",
        "2,00",
        "4,00",
        "2,00",
        "62,50",
        "2/3",
    ]
    assert rows[2][:2] == ["1.2", "Kiểm tra công tác CCHC theo điểm tự chấm"]
    assert rows[2][5:] == ["1,00", "1,00", "2,00", "62,50", "2/3"]
    assert rows[3][:2] == ["8.1", "Sáng kiến CCHC điểm thưởng chưa chấm"]
    assert rows[3][7:] == ["1,00", "50,00", "3/3"]
    assert "9.1" not in [row[0] for row in rows]  # accuracy follows from the rest


def test_reaching_an_index_of_50_takes_the_bonus_alone(client, personas, province, planning_round):
    client.force_login(personas.staff)
    response = get(
        client, province.units["SNV"], muc_tieu="index", gia_tri="50", ca_thuong_tru="on"
    )
    assert response.status_code == 200
    rows = table(response, CHOSEN)
    assert [row[0] for row in rows[1:-1]] == ["8.1"]
    assert rows[-1] == ["Cộng: chỉ số 50,00, hạng 3/3", "1,00"]
    expected = str(outcome.REACHED_ONE).format(
        points="1,00", needed="1,00", index="50,00", rank=3, size=3
    )
    assert expected in response.content.decode()


def test_without_bonuses_a_sub_criterion_is_taken_instead(
    client, personas, province, planning_round
):
    client.force_login(personas.staff)
    response = get(client, province.units["SNV"], muc_tieu="index", gia_tri="50")
    rows = table(response, CHOSEN)
    assert [row[0] for row in rows[1:-1]] == ["1.1"]


def test_rising_one_place_ties_the_unit_above(client, personas, province, planning_round):
    client.force_login(personas.staff)
    response = get(client, province.units["SNV"], muc_tieu="rise", gia_tri="1")
    rows = table(response, CHOSEN)
    assert [row[0] for row in rows[1:-1]] == ["1.1"]
    assert rows[-1] == ["Cộng: chỉ số 62,50, hạng 2/3", "2,00"]


def test_reaching_the_first_place_takes_the_fewest_sub_criteria(
    client, personas, province, planning_round
):
    client.force_login(personas.staff)
    response = get(client, province.units["SNV"], muc_tieu="rank", gia_tri="1", ca_thuong_tru="on")
    rows = table(response, CHOSEN)
    assert [row[0] for row in rows[1:-1]] == ["1.1", "1.2"]  # 1.1 and the bonus fall short
    assert rows[-1] == ["Cộng: chỉ số 87,50, hạng 1/3", "4,00"]
    expected = str(outcome.REACHED).format(
        count=2, points="4,00", needed="4,00", index="87,50", rank=1, size=3
    )
    assert expected in response.content.decode()


def test_a_target_out_of_reach_says_how_far_the_unit_can_go(
    client, personas, province, planning_round
):
    client.force_login(personas.staff)
    response = get(client, province.units["SNV"], muc_tieu="index", gia_tri="99")
    expected = str(outcome.UNREACHABLE).format(points="4,00", index="87,50", rank=1, size=3)
    assert expected in response.content.decode()  # the accuracy point stays lost
    response = get(
        client, province.units["SNV"], muc_tieu="index", gia_tri="99", ca_thuong_tru="on"
    )
    assert "Không đạt được mục tiêu" not in response.content.decode()  # 8 / 8 with the bonus


def test_rising_past_the_first_place_is_explained(client, personas, province, planning_round):
    client.force_login(personas.secretariat)
    response = get(client, province.units["STP"], muc_tieu="rise", gia_tri="1")
    assert str(outcome.FIRST_ALREADY).format(rank=1, size=3) in response.content.decode()
    response = get(client, province.units["SNV"], muc_tieu="rise", gia_tri="3")
    most = str(outcome.IMPOSSIBLE).format(rank=3, size=3, most="2 bậc")
    assert most in response.content.decode()


def test_a_target_already_met_is_said_so(client, personas, province, planning_round):
    client.force_login(personas.staff)
    response = get(client, province.units["SNV"], muc_tieu="index", gia_tri="35")
    expected = str(outcome.ALREADY).format(index="37,50", rank=3, size=3)
    assert expected in response.content.decode()


@pytest.mark.parametrize(
    "case",
    [
        ("rise", "1,5", forms.WHOLE_NUMBER),
        ("rank", "0", forms.WHOLE_NUMBER),
        ("rank", "4", "Nhóm có 3 đơn vị: thứ hạng từ 1 đến 3."),
        ("index", "120", forms.INDEX_RANGE),
        ("index", "abc", "«abc» không phải là số"),
    ],
)
def test_a_wrong_target_is_explained(client, personas, province, planning_round, case):
    kind, value, message = case
    client.force_login(personas.staff)
    response = get(client, province.units["SNV"], muc_tieu=kind, gia_tri=value)
    assert response.status_code == 400
    assert str(message) in response.content.decode()
    assert CHOSEN not in response.content.decode()


def test_a_unit_without_an_opened_round_is_told_so(client, personas, province):
    lone = Unit.objects.create(code="SYT", name="Sở Y tế", group=province.units["SNV"].group)
    client.force_login(personas.secretariat)
    response = get(client, lone)
    assert response.status_code == 200
    assert "Đơn vị chưa tham gia đợt đánh giá nào đã mở" in response.content.decode()


# --- who may open it --------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["staff", "leader", "secretariat", "admin", "council"])
def test_the_unit_and_the_overseers_open_the_planner(
    client, personas, province, planning_round, who
):
    client.force_login(getattr(personas, who))
    assert get(client, province.units["SNV"]).status_code == 200


@pytest.mark.parametrize("who", ["other_staff", "appraiser", "other_appraiser", "outsider"])
def test_other_units_and_appraisers_get_403(client, personas, province, planning_round, who):
    client.force_login(getattr(personas, who))
    assert get(client, province.units["SNV"]).status_code == 403


def test_the_planner_takes_only_get_and_sends_anonymous_visitors_to_sign_in(
    client, personas, province, planning_round
):
    path, _ = url(province.units["SNV"])
    assert client.get(path).status_code == 302
    client.force_login(personas.staff)
    assert client.post(path).status_code == 405
    assert client.post(reverse("planner:home")).status_code == 405


def test_an_unknown_unit_is_not_found(client, personas):
    client.force_login(personas.secretariat)
    missing = reverse("planner:unit", args=["00000000-0000-0000-0000-000000000000"])
    assert client.get(missing).status_code == 404


def test_the_planner_list_sends_anonymous_visitors_to_sign_in(client):
    assert client.get(reverse("planner:home")).status_code == 302


def test_a_unit_member_goes_straight_to_the_units_planner(client, personas, province):
    client.force_login(personas.staff)
    response = client.get(reverse("planner:home"))
    assert response.url == reverse("planner:unit", args=[province.units["SNV"].uuid])


def test_the_overseers_choose_among_every_unit(client, personas, province):
    client.force_login(personas.council)
    page = client.get(reverse("planner:home")).content.decode()
    for unit in province.units.values():
        assert reverse("planner:unit", args=[unit.uuid]) in page


def test_the_menu_offers_the_planner_to_units_and_overseers_only(client, personas):
    for who in ("staff", "secretariat", "council"):
        client.force_login(getattr(personas, who))
        assert reverse("planner:home") in client.get("/").content.decode(), who
    for who in ("appraiser", "outsider"):
        client.force_login(getattr(personas, who))
        assert reverse("planner:home") not in client.get("/").content.decode(), who
        assert client.get(reverse("planner:home")).status_code == 200


def test_a_published_result_altered_since_is_shown_as_an_error(client, personas, province):
    province.round.year = 2023
    province.round.save()
    finished = make_round(province, year=2025, status=RoundStatus.SIGNED_OFF)
    result = publish(finished, personas.secretariat)
    Result.objects.filter(pk=result.pk).update(results=result.results.replace("25.00", "99.00"))
    client.force_login(personas.staff)
    response = get(client, province.units["SNV"])
    assert response.status_code == 200
    assert "không khớp mã băm" in response.content.decode()
