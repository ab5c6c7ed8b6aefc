"""The audit log reads in Vietnamese: every action and every logged key written anywhere in
the source has a label, and values read as people write them (local dates, statuses and
choices by their labels, Vietnamese numbers, shortened hashes)."""

import pytest
import source_names
from django.utils import timezone

from parindex.apps.accounts.models import Membership, Unit, User
from parindex.apps.assessments.models import Evidence, Participation, Score
from parindex.apps.audit.labels import (
    ACTION_LABELS,
    KEY_LABELS,
    action_label,
    key_label,
    show_value,
    target_model,
)
from parindex.apps.frameworks.models import CriteriaNode, CriteriaSet

SHA = "26a691965fbbaccd98eff782bbf9bfdd6564615531c153222e320a1f1b977a27"

# Keys the collector finds in modules that write audit rows but that are never logged:
NOT_LOGGED = {
    "backend",  # the pending sign-in kept in the session (accounts/signin.py)
    "next",  # idem
    "since",  # idem
    "bands",  # a form error of the bands (frameworks/services/sets.py)
    "so",  # unit-group codes of the demo's supplement texts (demo_province/years.py)
    "xa",  # idem
}


# --- actions ------------------------------------------------------------------------------


def test_every_action_written_in_the_source_has_a_label():
    missing = sorted(source_names.actions() - set(ACTION_LABELS))
    assert missing == []


def test_every_label_names_an_action_the_source_writes():
    assert sorted(set(ACTION_LABELS) - source_names.actions()) == []


def test_the_collector_finds_actions_written_every_way():
    found = source_names.actions()
    assert {
        "self_score.update",  # action="..." in a call
        "score.appraise",  # ACTION_APPRAISE passed by position to _audit()
        "criteria_set_publish",  # a constant of the module
        "user.reactivate",  # "..." if active else "..."
        "user.deactivate",
        "signin.failure",  # f"{prefix}.failure", prefix defaulted or passed
        "totp.lockout",
        "round.start_appraisal",  # a demo constant passed inside a tuple
    } <= found
    assert "store_true" not in found  # argparse's action=


def test_an_action_reads_as_its_label_and_an_unknown_one_as_itself():
    assert str(action_label("signin.success")) == "Đăng nhập"
    assert str(action_label("self_score.update")) == "Tự chấm điểm"
    assert action_label("something.new") == "something.new"


# --- keys ---------------------------------------------------------------------------------


def test_every_key_written_in_the_source_has_a_label():
    keys = source_names.logged_keys()
    unlabelled = {
        key: sorted(where)
        for key, where in keys.items()
        if key not in NOT_LOGGED and str(key_label(key)) == key
    }
    assert unlabelled == {}


def test_the_collector_finds_keys_of_literals_assignments_and_field_constants():
    keys = source_names.logged_keys()
    assert {"two_step", "address", "evidence", "appraised_score", "self_score"} <= set(keys)
    assert set(keys) >= NOT_LOGGED  # each exclusion is still needed


def test_a_field_of_a_score_reads_as_its_label():
    assert str(key_label("opinion")) == "ý kiến thẩm định"


def test_a_key_reads_as_the_field_of_the_changed_row():
    assert str(key_label("name", Unit)) == "tên đơn vị"
    assert str(key_label("name", Evidence)) == "tên tệp"
    assert str(key_label("code", CriteriaSet)) == "mã bộ tiêu chí"
    assert str(key_label("role", Membership)) == "vai trò"


def test_a_key_without_a_field_of_its_own_reads_as_the_logs_word():
    assert str(key_label("two_step", User)) == "xác thực hai bước"
    assert str(key_label("address", User)) == "địa chỉ IP"
    assert str(key_label("staff")) == str(KEY_LABELS["staff"])


def test_a_reverse_relation_key_never_breaks_the_log():
    assert str(key_label("evidence")) == "tài liệu kiểm chứng"
    assert str(key_label("thread", Score)) == "thread"


def test_an_unknown_key_or_a_criterion_code_reads_as_itself():
    assert key_label("something_new") == "something_new"
    assert key_label("1.2.3") == "1.2.3"


def test_an_entrys_target_type_names_its_model():
    assert target_model("assessments.score") is Score
    assert target_model("gone.model") is None
    assert target_model("") is None


# --- values -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("2026-12-02T17:00:00+07:00", "02/12/2026 17:00"),
        ("2026-12-02T10:00:00Z", "02/12/2026 17:00"),  # UTC, as the JSON encoder writes it
        ("2026-11-28T16:46:42.993Z", "28/11/2026 23:46"),
        ("2026-12-02T17:00:00", "02/12/2026 17:00"),  # no offset: local time
        ("2023-12-15", "15/12/2023"),
    ],
)
def test_dates_read_in_local_time_day_first(settings, written, shown):
    settings.TIME_ZONE = "Asia/Ho_Chi_Minh"
    with timezone.override("Asia/Ho_Chi_Minh"):
        assert show_value("supplement_deadline", written).text == shown


def test_text_that_only_looks_like_a_date_stays_as_written():
    assert show_value("explanation", "Báo cáo 2024-12-31 đã gửi").text == (
        "Báo cáo 2024-12-31 đã gửi"
    )
    assert show_value("decision_number", "2026-13-45").text == "2026-13-45"


def test_a_hash_is_shortened_with_the_whole_of_it_kept_as_title():
    shown = show_value("sha256", SHA)
    assert (shown.text, shown.title) == ("26a691965fbb…", SHA)
    assert show_value("name", "bao-cao.pdf").title == ""


def test_a_status_reads_as_the_label_of_the_changed_rows_own_choices():
    assert show_value("status", "draft", CriteriaSet).text == "Dự thảo"
    assert show_value("status", "draft", Participation).text == "Đang tự đánh giá"
    assert show_value("status", "returned", Score).text == "Yêu cầu bổ sung"


def test_choices_and_words_of_the_log_read_as_labels():
    assert show_value("role", "appraiser", Membership).text == (
        "Thành viên Tổ thư ký / Tổ giúp việc"
    )
    assert show_value("rounding", "half_up").text == "Làm tròn lên khi bằng 5"
    assert show_value("step", "code").text == "mã xác thực"
    assert show_value("locked", "address").text == "địa chỉ IP"
    assert show_value("rule", "deduction", CriteriaNode).text == "Điểm trừ"


def test_a_criterions_parameters_read_as_its_rule_in_words():
    record = {"rule": "deduction", "parameters": {"points_each": "0.25", "cap": "0.5"}}
    shown = show_value("parameters", record["parameters"], CriteriaNode, record).text
    assert "0,25" in shown
    assert "0,5" in shown
    assert "{" not in shown


def test_numbers_read_the_vietnamese_way_but_years_stay_whole():
    assert show_value("appraised_score", "0.250").text == "0,25"
    assert show_value("size", 12934).text == "12.934"
    assert show_value("max_points", "12.5").text == "12,5"
    assert show_value("year", 2025).text == "2025"


def test_yes_no_lists_and_nothing():
    assert show_value("two_step", True).text == "có"
    assert show_value("is_active", False).text == "không"
    assert show_value("units", ["SNV", "STP"]).text == "SNV, STP"
    assert show_value("bands", [["90", "Xuất sắc", "XS"], ["80", "Tốt", "T"]]).text == (
        "90, Xuất sắc, XS; 80, Tốt, T"
    )
    assert show_value("opinion", None).text == "—"
    assert show_value("groups", []).text == "—"
