"""Units enter their self-scores on the criteria tree: validated by each leaf's rule,
saved with optimistic locking and audited; only their own people may write, and only
while the round takes self-assessment."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from parindex.apps.assessments.models import ParticipationStatus, RoundStatus, Score
from parindex.apps.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def post_entry(client, urls, leaf, unit="SNV", fetch=False, **fields):
    """Posts the entry form of ``leaf`` (a Score) with ``fields``, from its version."""
    data = {"version": leaf.version, "explanation": "", **fields}
    headers = {"X-Requested-With": "fetch"} if fetch else {}
    return client.post(urls.score(leaf, unit), data, headers=headers)


def fresh(score):
    return Score.objects.get(pk=score.pk)


# --- the list of the user's units -----------------------------------------------------


def test_a_unit_member_sees_the_rounds_of_their_unit(client, personas, province):
    client.force_login(personas.staff)
    response = client.get(reverse("assessments:my_units"))
    assert response.status_code == 200
    page = response.content.decode()
    assert province.round.name in page
    assert reverse("assessments:self_page", args=[province.participations["SNV"].uuid]) in page
    assert str(province.participations["STP"].uuid) not in page


@pytest.mark.parametrize("who", ["outsider", "appraiser", "secretariat"])
def test_people_without_a_unit_have_no_self_assessment_list(client, personas, who):
    client.force_login(getattr(personas, who))
    assert client.get(reverse("assessments:my_units")).status_code == 403


def test_the_unit_list_takes_only_get(client, personas):
    client.force_login(personas.staff)
    assert client.post(reverse("assessments:my_units")).status_code == 405


def test_the_unit_list_sends_anonymous_visitors_to_sign_in(client, province):
    response = client.get(reverse("assessments:my_units"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


# --- the self-scoring page ------------------------------------------------------------


def test_the_page_shows_the_tree_with_maximum_method_and_inputs(client, personas, urls):
    client.force_login(personas.staff)
    response = client.get(urls.page())
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="tc-1.1.2"' in page
    assert "Tỷ lệ: điểm tối đa × tử số / mẫu số" in page
    assert 'name="numerator"' in page
    assert 'name="denominator"' in page
    assert "Ban hành đúng thời hạn quy định" in page  # a checklist item
    assert "theo bước 0,25" in page  # a judged leaf in steps of 0.25
    assert "Không áp dụng" in page
    assert "Giải trình" in page
    assert 'type="file"' in page
    assert "self-assessment.js" in page


def test_the_page_leaves_out_criteria_of_other_groups(client, personas, urls):
    client.force_login(personas.staff)
    page = client.get(urls.page()).content.decode()
    assert 'id="tc-3.1.2"' in page  # departments only
    assert 'id="tc-3.5"' not in page  # communes only


def test_the_accuracy_criterion_has_no_input_it_is_computed_at_appraisal(
    client, personas, urls, scores
):
    client.force_login(personas.staff)
    page = client.get(urls.page()).content.decode()
    accuracy = page[page.index('id="tc-1.7"') :]
    accuracy = accuracy[: accuracy.index("</section>")]
    assert "Tính khi thẩm định" in accuracy
    assert "<form" not in accuracy.split("leaf-evidence")[0]


def test_the_secretariat_and_council_read_the_page_without_forms(client, personas, urls):
    for who in (personas.secretariat, personas.council):
        client.force_login(who)
        response = client.get(urls.page())
        assert response.status_code == 200
        assert 'name="version"' not in response.content.decode()


@pytest.mark.parametrize("who", ["outsider", "appraiser", "other_staff"])
def test_others_cannot_open_a_units_page(client, personas, urls, who):
    client.force_login(getattr(personas, who))
    assert client.get(urls.page()).status_code == 404


def test_the_page_takes_only_get(client, personas, urls):
    client.force_login(personas.staff)
    assert client.post(urls.page()).status_code == 405


def test_the_page_sends_anonymous_visitors_to_sign_in(client, province, urls):
    assert client.get(urls.page()).status_code == 302


def test_opening_the_page_creates_one_score_per_applicable_leaf(client, personas, urls, province):
    client.force_login(personas.staff)
    client.get(urls.page())
    snv = province.participations["SNV"]
    assert snv.scores.count() == 62  # 65 leaves, 3 of them for communes only
    client.get(urls.page())
    assert snv.scores.count() == 62


def test_a_leaf_whose_score_row_went_missing_gets_it_back_on_the_next_visit(
    client, personas, urls, province
):
    client.force_login(personas.staff)
    client.get(urls.page())
    snv = province.participations["SNV"]
    snv.scores.filter(node__code="2.3").delete()
    page = client.get(urls.page()).content.decode()
    assert snv.scores.count() == 62
    leaf = page[page.index('id="tc-2.3"') :]
    assert leaf.startswith('id="tc-2.3" data-leaf>')
    assert 'name="score"' in leaf[: leaf.index("</section>")]


def test_the_words_of_every_leaf_follow_the_language(client, personas, urls):
    client.force_login(personas.staff)
    page = client.get(urls.page(), headers={"accept-language": "en"}).content.decode()
    leaf = page[page.index('id="tc-2.3"') :]
    leaf = leaf[: leaf.index("</section>")]
    for english in ("<dt>Maximum</dt>", "Scoring rule:", "Explanation", ">Save</button>"):
        assert english in leaf
    assert "A number with a decimal comma, for example 0,5" in leaf
    assert "(max. score " in page  # beside the headings


# --- saving entries -------------------------------------------------------------------


def test_a_judged_score_is_saved_versioned_and_audited(client, personas, urls, scores):
    score = scores("SNV")["1.3.1"]
    client.force_login(personas.staff)
    response = post_entry(client, urls, score, score="0.25", explanation="Đã ban hành")
    assert response.status_code == 302
    assert response.url == urls.page() + "#tc-1.3.1"
    saved = fresh(score)
    assert saved.self_score == Decimal("0.25")
    assert saved.explanation == "Đã ban hành"
    assert saved.version == score.version + 1
    assert saved.updated_by == personas.staff
    entry = AuditEntry.objects.get(action="self_score.update")
    assert entry.actor == personas.staff
    assert (entry.unit_code, entry.node_code) == ("SNV", "1.3.1")
    assert entry.old["self_score"] is None
    assert entry.new["self_score"] == "0.25"
    assert entry.round_id == score.participation.round.uuid


def test_the_decimal_comma_is_accepted(client, personas, urls, scores):
    score = scores("SNV")["2.3"]
    client.force_login(personas.staff)
    post_entry(client, urls, score, score="1,75")
    assert fresh(score).self_score == Decimal("1.75")


def test_a_ratio_stores_its_numerator_and_denominator(client, personas, urls, scores):
    score = scores("SNV")["1.1.2"]
    client.force_login(personas.staff)
    post_entry(client, urls, score, numerator="17831", denominator="21825")
    saved = fresh(score)
    assert (saved.self_numerator, saved.self_denominator) == (Decimal(17831), Decimal(21825))
    assert saved.self_score is None
    page = client.get(urls.page()).content.decode()
    leaf = page[page.index('id="tc-1.1.2"') :]
    assert "1,63" in leaf[: leaf.index("</dl>")]  # 2 × 17 831 / 21 825


def test_ticked_checklist_items_are_stored(client, personas, urls, scores):
    score = scores("SNV")["1.1.1"]
    client.force_login(personas.staff)
    post_entry(client, urls, score, items=["dung_han", "day_du"])
    assert sorted(fresh(score).self_items) == ["day_du", "dung_han"]


def test_a_count_and_a_value_are_stored(client, personas, urls, scores):
    snv = scores("SNV")
    client.force_login(personas.staff)
    post_entry(client, urls, snv["1.5"], count="3")
    post_entry(client, urls, snv["3.3.4"], value="92.5")
    post_entry(client, urls, snv["1.3.2"], numerator="9", denominator="10")
    assert fresh(snv["1.5"]).self_count == Decimal(3)
    assert fresh(snv["3.3.4"]).self_value == Decimal("92.5")
    assert fresh(snv["1.3.2"]).self_numerator == Decimal(9)


def test_not_applicable_clears_the_inputs(client, personas, urls, scores):
    score = scores("SNV")["1.1.2"]
    client.force_login(personas.staff)
    post_entry(client, urls, score, numerator="1", denominator="2")
    response = post_entry(
        client, urls, fresh(score), numerator="1", denominator="2", not_applicable="on"
    )
    assert response.status_code == 302
    saved = fresh(score)
    assert saved.self_not_applicable is True
    assert saved.self_numerator is None
    assert saved.self_denominator is None


def test_clearing_every_input_removes_the_entry(client, personas, urls, scores):
    score = scores("SNV")["2.3"]
    client.force_login(personas.staff)
    post_entry(client, urls, score, score="1")
    post_entry(client, urls, fresh(score), score="")
    assert fresh(score).self_score is None


@pytest.mark.parametrize(
    "case",
    [
        ("1.3.1", {"score": "0.75"}, "điểm 0,75 nằm ngoài khoảng 0 đến 0,5"),
        ("1.3.1", {"score": "0.3"}, "điểm 0,3 không theo bước 0,25"),
        ("1.3.1", {"score": "-0.25"}, "nằm ngoài khoảng"),
        ("1.1.2", {"numerator": "30", "denominator": "20"}, "tử số 30 lớn hơn mẫu số 20"),
        ("1.1.2", {"numerator": "3"}, "thiếu mẫu số"),
        ("1.5", {"count": "-1"}, "số lượng không được âm"),
    ],
    ids=["above max", "off step", "negative", "ratio above one", "half a ratio", "negative"],
)
def test_an_entry_the_rule_refuses_changes_nothing(client, personas, urls, scores, case):
    code, fields, message = case
    score = scores("SNV")[code]
    client.force_login(personas.staff)
    response = post_entry(client, urls, score, **fields)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert fresh(score).version == score.version
    assert not AuditEntry.objects.filter(action="self_score.update").exists()


def test_an_unknown_checklist_item_is_refused(client, personas, urls, scores):
    score = scores("SNV")["1.1.1"]
    client.force_login(personas.staff)
    response = post_entry(client, urls, score, items=["khong_co"])
    assert response.status_code == 422
    assert fresh(score).self_items is None


def test_text_in_a_number_box_is_refused(client, personas, urls, scores):
    score = scores("SNV")["2.3"]
    client.force_login(personas.staff)
    response = post_entry(client, urls, score, score="hai")
    assert response.status_code == 422
    assert "Tiêu chí 2.3: hãy sửa các ô được đánh dấu." in response.content.decode()


def test_a_stale_form_is_refused_and_overwrites_nothing(client, personas, urls, scores):
    score = scores("SNV")["2.3"]
    client.force_login(personas.leader)
    post_entry(client, urls, score, score="2", explanation="Lãnh đạo chấm")
    client.force_login(personas.staff)
    response = post_entry(client, urls, score, score="0.5")  # the version read before
    assert response.status_code == 409
    page = response.content.decode()
    assert "vừa được Lanhdao cập nhật sau khi bạn mở trang" in page
    assert "chưa được lưu" in page
    saved = fresh(score)
    assert saved.self_score == Decimal(2)
    assert saved.explanation == "Lãnh đạo chấm"


def test_saving_the_same_values_again_writes_nothing(client, personas, urls, scores):
    score = scores("SNV")["2.3"]
    client.force_login(personas.staff)
    post_entry(client, urls, score, score="1")
    post_entry(client, urls, fresh(score), score="1")
    assert fresh(score).version == score.version + 1
    assert AuditEntry.objects.filter(action="self_score.update").count() == 1


def test_the_script_gets_the_leaf_fragment(client, personas, urls, scores):
    score = scores("SNV")["2.3"]
    client.force_login(personas.staff)
    response = post_entry(client, urls, score, fetch=True, score="1.5")
    assert response.status_code == 200
    assert response["X-ParIndex-Fragment"] == "leaf"
    body = response.content.decode()
    assert body.startswith("<section")
    assert "Đã lưu tiêu chí 2.3." in body
    assert "<html" not in body


def test_the_script_gets_a_refused_entry_as_a_fragment_too(client, personas, urls, scores):
    score = scores("SNV")["2.3"]
    client.force_login(personas.staff)
    response = post_entry(client, urls, score, fetch=True, score="9")
    assert response.status_code == 422
    assert response["X-ParIndex-Fragment"] == "leaf"
    assert "nằm ngoài khoảng" in response.content.decode()


# --- when writes are closed -----------------------------------------------------------


def test_nothing_is_saved_after_the_deadline(client, personas, urls, scores, past_deadline):
    score = scores("SNV")["2.3"]
    past_deadline()
    client.force_login(personas.staff)
    response = post_entry(client, urls, score, score="1")
    assert response.status_code == 409
    assert "Đã hết hạn tự đánh giá" in response.content.decode()
    assert fresh(score).self_score is None


def test_an_extension_lets_one_unit_save_after_the_common_deadline(
    client, personas, urls, scores, past_deadline
):
    score = scores("SNV")["2.3"]
    past_deadline()
    snv = score.participation
    snv.deadline_extension = timezone.now() + timedelta(days=2)
    snv.save()
    client.force_login(personas.staff)
    assert post_entry(client, urls, score, score="1").status_code == 302
    client.force_login(personas.other_staff)
    other = scores("STP")["2.3"]
    assert post_entry(client, urls, other, unit="STP", score="1").status_code == 409


@pytest.mark.parametrize(
    "case",
    [
        (RoundStatus.PREPARING, "chưa mở tự đánh giá"),
        (RoundStatus.APPRAISAL, "đã chuyển sang thẩm định"),
        (RoundStatus.LOCKED, "đã khóa"),
    ],
)
def test_nothing_is_saved_outside_the_self_assessment_status(client, personas, urls, scores, case):
    status, message = case
    score = scores("SNV")["2.3"]
    round_ = score.participation.round
    round_.status = status
    round_.save()
    client.force_login(personas.staff)
    response = post_entry(client, urls, score, score="1")
    assert response.status_code == 409
    assert message in response.content.decode()
    assert fresh(score).self_score is None


def test_nothing_is_saved_before_the_opening_date(client, personas, urls, scores, province):
    score = scores("SNV")["2.3"]
    province.round.self_assessment_opens = timezone.now() + timedelta(days=1)
    province.round.save()
    client.force_login(personas.staff)
    response = post_entry(client, urls, score, score="1")
    assert response.status_code == 409
    assert "Tự đánh giá bắt đầu từ" in response.content.decode()


def test_nothing_is_saved_once_the_unit_has_submitted(client, personas, urls, scores, province):
    score = scores("SNV")["2.3"]
    snv = province.participations["SNV"]
    snv.status = ParticipationStatus.SUBMITTED
    snv.save()
    client.force_login(personas.leader)
    response = post_entry(client, urls, score, score="1")
    assert response.status_code == 409
    assert "rút lại để sửa tiếp" in response.content.decode()
    assert fresh(score).self_score is None


def test_the_page_is_read_only_when_writes_are_closed(client, personas, urls, past_deadline):
    past_deadline()
    client.force_login(personas.staff)
    page = client.get(urls.page()).content.decode()
    assert 'name="version"' not in page
    assert "Đã hết hạn tự đánh giá" in page


# --- who may write --------------------------------------------------------------------


@pytest.mark.parametrize(
    "case", [("secretariat", 403), ("council", 403), ("appraiser", 404), ("outsider", 404)]
)
def test_people_outside_the_unit_cannot_self_score(client, personas, urls, scores, case):
    who, status = case
    score = scores("SNV")["2.3"]
    client.force_login(getattr(personas, who))
    assert post_entry(client, urls, score, score="1").status_code == status
    assert fresh(score).self_score is None


def test_another_units_staff_cannot_self_score(client, personas, urls, scores):
    score = scores("SNV")["2.3"]
    client.force_login(personas.other_staff)
    assert post_entry(client, urls, score, score="1").status_code == 404
    assert fresh(score).self_score is None


def test_a_score_of_another_unit_cannot_be_reached_through_ones_own_page(
    client, personas, urls, scores
):
    other = scores("STP")["2.3"]
    client.force_login(personas.staff)
    response = client.post(
        urls.named("self_score", "SNV", other.uuid), {"version": 1, "score": "2"}
    )
    assert response.status_code == 404
    assert fresh(other).self_score is None


def test_form_fields_naming_another_unit_change_nothing(client, personas, urls, scores, province):
    own, other = scores("SNV")["2.3"], scores("STP")["2.3"]
    client.force_login(personas.staff)
    data = {
        "version": own.version,
        "score": "1",
        "participation": str(province.participations["STP"].uuid),
        "score_id": str(other.uuid),
        "unit": "STP",
        "node": str(other.node.uuid),
    }
    assert client.post(urls.score(own), data).status_code == 302
    assert fresh(own).self_score == Decimal(1)
    assert fresh(other).self_score is None
    assert fresh(other).version == other.version


def test_saving_takes_only_post(client, personas, urls, scores):
    client.force_login(personas.staff)
    assert client.get(urls.score(scores("SNV")["2.3"])).status_code == 405


def test_saving_sends_anonymous_visitors_to_sign_in(client, urls, scores):
    score = scores("SNV")["2.3"]
    assert client.post(urls.score(score), {"version": 1, "score": "1"}).status_code == 302
    assert fresh(score).self_score is None


def test_the_accuracy_criterion_takes_no_entry_not_even_not_applicable(
    client, personas, urls, scores
):
    score = scores("SNV")["1.7"]
    client.force_login(personas.staff)
    response = post_entry(client, urls, score, not_applicable="on", score="1")
    assert response.status_code == 422
    assert "Tiêu chí 1.7 được tính khi thẩm định" in response.content.decode()
    saved = fresh(score)
    assert saved.self_not_applicable is False
    assert saved.version == score.version


@pytest.mark.parametrize(
    "name",
    [
        "self_page",
        "self_totals",
        "self_submit",
        "self_withdraw",
        "self_delegations",
        "self_delegation_revoke",
    ],
)
def test_every_unit_page_sends_anonymous_visitors_to_sign_in(client, urls, name):
    url = urls.named(name)
    for response in (client.get(url), client.post(url)):
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
