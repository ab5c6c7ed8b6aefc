"""The secretariat's results pages: who may see and do what, and what each step shows."""

import pytest
from django.contrib.messages import get_messages
from results_support import compute, publish, set_status, url

from page_reader import table
from parindex.apps.assessments.models import RoundStatus
from parindex.apps.results import services, views
from parindex.apps.results.guards import ROUND_HAS_PUBLISHED_RESULT
from parindex.apps.results.inputs import sha256
from parindex.apps.results.models import HistoryRow, Result, ResultState

pytestmark = pytest.mark.django_db

UNKNOWN = "6f1c0b0e-0000-4000-8000-000000000001"


def flashed(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def login(client, personas, who):
    client.force_login(getattr(personas, who))


# --- the list and the round's page --------------------------------------------------------


@pytest.mark.parametrize("who", ["secretariat", "admin", "council"])
def test_overseers_see_every_round_with_its_results_state(client, personas, signed_off, who):
    compute(signed_off, personas.secretariat)
    login(client, personas, who)
    rows = table(client.get(url("manage")), "Các đợt đánh giá và kết quả")
    assert rows[1][:4] == [
        signed_off.name,
        "2024",
        "Hội đồng đã thông qua",
        "Đã tính, chờ rà soát",
    ]


@pytest.mark.parametrize("who", ["staff", "leader", "appraiser", "outsider"])
def test_no_one_else_opens_the_results_pages(client, personas, signed_off, who):
    result = compute(signed_off, personas.secretariat)
    login(client, personas, who)
    for path in (
        url("manage"),
        url("round", signed_off.uuid),
        url("verify", result.uuid),
        url("inputs", result.uuid),
        url("results_file", result.uuid),
        url("history"),
    ):
        assert client.get(path).status_code == 403, path


def test_anonymous_visitors_are_sent_to_sign_in(client, signed_off):
    response = client.get(url("manage"))
    assert response.status_code == 302
    assert response.url.startswith("/dang-nhap/")
    assert client.post(url("compute", signed_off.uuid)).status_code == 302
    assert not Result.objects.exists()


def test_the_lists_refuse_a_post(client, personas, signed_off):
    login(client, personas, "secretariat")
    assert client.post(url("manage")).status_code == 405
    assert client.post(url("round", signed_off.uuid)).status_code == 405


def test_an_unknown_round_or_result_is_not_found(client, personas, signed_off):
    login(client, personas, "secretariat")
    assert client.get(url("round", UNKNOWN)).status_code == 404
    assert client.post(url("compute", UNKNOWN)).status_code == 404
    for name in ("review", "publish"):
        assert client.post(url(name, UNKNOWN)).status_code == 404
    for name in ("verify", "inputs", "results_file", "withdraw"):
        assert client.get(url(name, UNKNOWN)).status_code in (403, 404)


def test_a_round_not_yet_locked_says_so_and_offers_no_computation(client, personas, scored):
    login(client, personas, "secretariat")
    page = client.get(url("round", scored.round.uuid)).content.decode()
    assert "Đợt đánh giá chưa khóa" in page
    assert url("compute", scored.round.uuid) not in page


# --- compute, review, publish -------------------------------------------------------------


def test_the_secretariat_computes_and_sees_the_results_before_publication(
    client, personas, signed_off
):
    login(client, personas, "secretariat")
    response = client.post(url("compute", signed_off.uuid))
    assert response.status_code == 302
    assert response.url == url("round", signed_off.uuid)
    assert flashed(response) == [str(views.COMPUTED)]
    page = client.get(url("round", signed_off.uuid))
    text = page.content.decode()
    assert "Kết quả đã tính (chưa công bố)" in text
    rows = table(page, "Xếp hạng Sở, ban, ngành năm 2024")
    assert [r[0] for r in rows[1:]] == ["1", "2"]
    assert {r[1] for r in rows[1:]} == {"Sở Nội vụ", "Sở Tư pháp"}
    assert url("review", Result.objects.get().uuid) in text


def test_computing_again_without_changes_says_nothing_changed(client, personas, signed_off):
    compute(signed_off, personas.secretariat)
    login(client, personas, "secretariat")
    response = client.post(url("compute", signed_off.uuid))
    assert flashed(response) == [str(views.UNCHANGED)]


def test_a_refused_computation_is_explained(client, personas, scored):
    login(client, personas, "secretariat")
    response = client.post(url("compute", scored.round.uuid))
    assert flashed(response) == [str(services.NOT_LOCKED)]
    assert not Result.objects.exists()


def test_the_council_sees_the_computed_results_but_changes_nothing(client, personas, signed_off):
    result = compute(signed_off, personas.secretariat)
    login(client, personas, "council")
    page = client.get(url("round", signed_off.uuid)).content.decode()
    assert "Kết quả đã tính (chưa công bố)" in page
    assert url("review", result.uuid) not in page
    assert url("compute", signed_off.uuid) not in page
    assert client.post(url("compute", signed_off.uuid)).status_code == 403
    assert client.post(url("review", result.uuid), {"note": "Khớp."}).status_code == 403
    assert client.post(url("publish", result.uuid)).status_code == 403


def test_the_steps_refuse_a_get(client, personas, signed_off):
    result = compute(signed_off, personas.secretariat)
    login(client, personas, "secretariat")
    assert client.get(url("compute", signed_off.uuid)).status_code == 405
    assert client.get(url("review", result.uuid)).status_code == 405
    assert client.get(url("publish", result.uuid)).status_code == 405
    assert client.put(url("withdraw", result.uuid)).status_code in (403, 405)


def test_the_secretariat_reviews_with_a_note_then_publishes(client, personas, signed_off):
    result = compute(signed_off, personas.secretariat)
    login(client, personas, "secretariat")
    response = client.post(url("review", result.uuid), {"note": ""})
    assert flashed(response) == [str(services.REVIEW_NEEDS_NOTE)]
    response = client.post(url("review", result.uuid), {"note": "Khớp biên bản ngày 15/01."})
    assert flashed(response)[-1] == str(views.REVIEWED)
    page = client.get(url("round", signed_off.uuid)).content.decode()
    assert "Khớp biên bản ngày 15/01." in page
    response = client.post(url("publish", result.uuid))
    assert flashed(response)[-1] == str(views.PUBLISHED)
    assert Result.objects.get().state == ResultState.PUBLISHED
    page = client.get(url("round", signed_off.uuid)).content.decode()
    assert "Kết quả đã công bố" in page
    assert url("compute", signed_off.uuid) not in page
    assert url("withdraw", result.uuid) not in page  # the secretariat does not withdraw


def test_publishing_before_the_sign_off_is_explained(client, personas, scored):
    set_status(scored.round, RoundStatus.LOCKED)
    result = compute(scored.round, personas.secretariat)
    services.result_review(actor=personas.secretariat, result=result, note="Khớp.")
    login(client, personas, "secretariat")
    response = client.post(url("publish", result.uuid))
    assert flashed(response) == [str(services.PUBLISH_NEEDS_SIGN_OFF)]


def test_the_round_of_a_published_result_is_not_reopened_on_the_progress_page(
    client, personas, signed_off
):
    publish(signed_off, personas.secretariat)
    login(client, personas, "secretariat")
    response = client.post(
        f"/danh-gia/tien-do/{signed_off.uuid}/mo-lai/", {"reason": "Sửa điểm lĩnh vực 3."}
    )
    assert flashed(response) == [str(ROUND_HAS_PUBLISHED_RESULT)]


# --- verify, files, withdraw --------------------------------------------------------------


def test_verification_shows_the_hashes_and_that_recomputation_matches(client, personas, signed_off):
    result = publish(signed_off, personas.secretariat)
    login(client, personas, "council")
    page = client.get(url("verify", result.uuid)).content.decode()
    assert "giống hệt từng byte" in page
    assert result.inputs_sha256 in page
    assert result.results_sha256 in page
    assert "vẫn cho đúng dữ liệu đầu vào này" in page
    assert client.post(url("verify", result.uuid)).status_code == 405


def test_verification_tells_of_altered_results(client, personas, signed_off):
    result = publish(signed_off, personas.secretariat)
    Result.objects.filter(pk=result.pk).update(results=result.results + " ")
    login(client, personas, "secretariat")
    page = client.get(url("verify", result.uuid)).content.decode()
    assert "KHÔNG cho kết quả giống kết quả đã lưu" in page
    round_page = client.get(url("round", signed_off.uuid))
    assert str(views.TAMPERED) in flashed(round_page)


def test_the_frozen_inputs_download_as_stored(client, personas, signed_off):
    result = compute(signed_off, personas.secretariat)
    login(client, personas, "council")
    response = client.get(url("inputs", result.uuid))
    assert response.status_code == 200
    assert sha256(response.content.decode()) == result.inputs_sha256
    assert "du-lieu-dau-vao-2024" in response["Content-Disposition"]
    response = client.get(url("results_file", result.uuid))
    assert response.content.decode() == result.results
    assert client.post(url("inputs", result.uuid)).status_code == 405


@pytest.mark.parametrize("who", ["secretariat", "council"])
def test_only_an_administrator_opens_the_withdrawal(client, personas, signed_off, who):
    result = publish(signed_off, personas.secretariat)
    login(client, personas, who)
    assert client.get(url("withdraw", result.uuid)).status_code == 403
    assert client.post(url("withdraw", result.uuid), {"reason": "x"}).status_code == 403
    assert Result.objects.get().state == ResultState.PUBLISHED


def test_an_administrator_withdraws_with_a_reason(client, personas, signed_off):
    result = publish(signed_off, personas.secretariat)
    login(client, personas, "admin")
    page = client.get(url("round", signed_off.uuid)).content.decode()
    assert url("withdraw", result.uuid) in page
    assert client.get(url("withdraw", result.uuid)).status_code == 200
    response = client.post(url("withdraw", result.uuid), {"reason": ""})
    assert response.status_code == 200
    assert Result.objects.get().state == ResultState.PUBLISHED
    response = client.post(url("withdraw", result.uuid), {"reason": "Quyết định bị thu hồi."})
    assert response.status_code == 302
    assert flashed(response) == [str(views.WITHDRAWN)]
    assert Result.objects.get().state == ResultState.WITHDRAWN
    assert not HistoryRow.objects.exists()
    rows = table(client.get(url("round", signed_off.uuid)), "Các kết quả đã rút lại của đợt")
    assert rows[1][2] == "Quyết định bị thu hồi."


def test_withdrawing_a_result_that_is_not_published_is_explained(client, personas, signed_off):
    result = compute(signed_off, personas.secretariat)
    login(client, personas, "admin")
    response = client.post(url("withdraw", result.uuid), {"reason": "Sai số liệu."})
    assert response.status_code == 200
    assert str(services.WITHDRAW_NEEDS_PUBLISHED) in response.content.decode()
