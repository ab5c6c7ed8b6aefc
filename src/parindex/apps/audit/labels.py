"""How the audit log reads: a Vietnamese label for every action the application writes and
for every key of the values it logs, and each value as people read it (statuses and
choices by their labels, Vietnamese numbers, local dates, shortened hashes).

A new action written anywhere needs its label here (``tests/audit/test_labels.py``
collects the actions from the source and fails on one without a label).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import dateformat, timezone
from django.utils.translation import gettext_lazy as _

from parindex.apps.accounts.models import Membership, Unit, UnitGroup, User
from parindex.apps.assessments.models import (
    Evidence,
    EvidenceFile,
    Participation,
    Round,
    Score,
    ThreadMessage,
)
from parindex.apps.frameworks.models import CriteriaNode, CriteriaSet
from parindex.apps.frameworks.rule_words import KIND_LABELS, PARAMETER_LABELS, describe
from parindex.apps.indices.models import IndexComponent, IndexDefinition, IndexTarget, IndexValue
from parindex.apps.plans.models import (
    CriterionAssignment,
    Office,
    OperationalFigure,
    Plan,
    ProgressUpdate,
    QuarterReport,
    Task,
)
from parindex.apps.results.models import HistoryImport, HistoryRow, Result
from parindex.apps.surveys.models import ImportJob, Survey, SurveyUnit
from parindex.numbers import format_vn
from parindex.scoring.serialize import rule_from_params

NOTHING = "—"
HASH_SHOWN = 12  # hex digits of a SHA-256 shown; the whole value is in the title
DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = "d/m/Y H:i"

ACTION_LABELS: dict[str, Any] = {
    # scores, evidence and the unit's self-assessment
    "self_score.update": _("Tự chấm điểm"),
    "score.appraise": _("Thẩm định"),
    "score.return": _("Yêu cầu bổ sung"),
    "score.answer": _("Đơn vị giải trình, bổ sung"),
    "evidence.attach": _("Đính kèm tài liệu"),
    "evidence.supersede": _("Gỡ tài liệu"),
    "participation.submit": _("Gửi kết quả tự đánh giá"),
    "participation.withdraw": _("Rút lại kết quả tự đánh giá"),
    "participation.extend": _("Gia hạn tự đánh giá"),
    "participation.status": _("Trạng thái đơn vị"),
    "delegation.grant": _("Giao tiêu chí cho cán bộ"),
    "delegation.revoke": _("Thu hồi tiêu chí đã giao"),
    "assignment.grant": _("Giao lĩnh vực thẩm định"),
    # rounds
    "round.create": _("Tạo đợt đánh giá"),
    "round.dates": _("Sửa thời hạn đợt đánh giá"),
    "round.open": _("Mở tự đánh giá"),
    "round.start_appraisal": _("Bắt đầu thẩm định"),
    "round.lock": _("Khóa đợt đánh giá"),
    "round.sign_off": _("Hội đồng thông qua"),
    "round.reopen": _("Mở lại đợt đánh giá"),
    # results and the history of earlier years
    "result.compute": _("Tính kết quả"),
    "result.recompute": _("Tính lại kết quả"),
    "result.review": _("Rà soát kết quả"),
    "result.publish": _("Công bố kết quả"),
    "result.withdraw": _("Rút lại kết quả đã công bố"),
    "history.import": _("Nhập lịch sử chỉ số"),
    "history.update": _("Sửa lịch sử chỉ số khi nhập lại"),
    # criteria sets
    "criteria_set_import": _("Nhập bộ tiêu chí từ tệp"),
    "criteria_set_update": _("Sửa thông tin bộ tiêu chí"),
    "criteria_set_bands_update": _("Sửa các mức xếp loại"),
    "criteria_set_publish": _("Ban hành bộ tiêu chí"),
    "criteria_set_copy": _("Sao chép bộ tiêu chí"),
    "criteria_set_delete": _("Xóa bộ tiêu chí"),
    "criteria_node_create": _("Thêm tiêu chí"),
    "criteria_node_update": _("Sửa tiêu chí"),
    "criteria_node_delete": _("Xóa tiêu chí"),
    "criteria_node_move": _("Đổi thứ tự tiêu chí"),
    "code_mapping_update": _("Sửa đối chiếu mã tiêu chí"),
    # surveys
    "survey.create": _("Tạo khảo sát"),
    "survey.update": _("Sửa thông tin khảo sát"),
    "survey.layout": _("Sửa câu hỏi, thang trả lời của khảo sát"),
    "survey.units": _("Chọn đơn vị được khảo sát"),
    "survey.open": _("Mở nhận phiếu khảo sát"),
    "survey.close": _("Kết thúc khảo sát"),
    "survey.import": _("Nhập phiếu khảo sát từ tệp"),
    # units, users and roles
    "unitgroup.create": _("Thêm nhóm đơn vị"),
    "unitgroup.update": _("Sửa nhóm đơn vị"),
    "unit.create": _("Thêm đơn vị"),
    "unit.update": _("Sửa đơn vị"),
    "unit_group_create": _("Thêm nhóm đơn vị từ tệp"),
    "unit_create": _("Thêm đơn vị từ tệp"),
    "unit_update": _("Sửa đơn vị từ tệp"),
    "user.create": _("Tạo tài khoản"),
    "user.update": _("Sửa tài khoản"),
    "user.deactivate": _("Khóa tài khoản"),
    "user.reactivate": _("Mở lại tài khoản"),
    "user.password_reset": _("Đặt lại mật khẩu"),
    "user.password_change": _("Đổi mật khẩu"),
    "user.totp_enable": _("Bật xác thực hai bước"),
    "user.totp_disable": _("Tắt xác thực hai bước"),
    "membership.add": _("Cấp vai trò"),
    "membership.remove": _("Thu hồi vai trò"),
    # other indices (SIPAS, PAPI, PCI, DDCI...): definitions, yearly results, targets
    "index_definition.create": _("Thêm chỉ số"),
    "index_definition.update": _("Sửa chỉ số"),
    "index_component.create": _("Thêm thành phần của chỉ số"),
    "index_component.update": _("Sửa thành phần của chỉ số"),
    "index_value.record": _("Ghi kết quả chỉ số"),
    "index_value.import": _("Nhập kết quả chỉ số từ tệp"),
    "index_value.delete": _("Xóa kết quả chỉ số"),
    "index_target.create": _("Đặt mục tiêu chỉ số"),
    "index_target.delete": _("Xóa mục tiêu chỉ số"),
    # remediation plans, criterion assignment and risk warnings (plans)
    "office.create": _("Thêm phòng, ban"),
    "office.update": _("Sửa phòng, ban"),
    "criterion.assign": _("Phân công tiêu chí trong đơn vị"),
    "criterion.unassign": _("Bỏ phân công tiêu chí trong đơn vị"),
    "plan.create": _("Lập kế hoạch khắc phục"),
    "plan.issue": _("Ban hành kế hoạch khắc phục"),
    "task.create": _("Thêm nhiệm vụ khắc phục"),
    "task.update": _("Sửa nhiệm vụ khắc phục"),
    "task.progress": _("Cập nhật tiến độ nhiệm vụ khắc phục"),
    "quarter_report.save": _("Lưu báo cáo tiến độ quý"),
    "figure.save": _("Nhập số liệu theo dõi"),
    "figure.delete": _("Xóa số liệu theo dõi"),
    # signing in, and the code of the second step on the account page
    "signin.success": _("Đăng nhập"),
    "signin.failure": _("Đăng nhập không thành công"),
    "signin.lockout": _("Tạm khóa đăng nhập do nhập sai nhiều lần"),
    "signin.blocked": _("Đăng nhập khi đang bị tạm khóa"),
    "totp.failure": _("Nhập sai mã xác thực"),
    "totp.lockout": _("Tạm khóa nhập mã xác thực do sai nhiều lần"),
    "totp.blocked": _("Nhập mã xác thực khi đang bị tạm khóa"),
}

# Keys that are no field of the changed row (or whose field has no label of its own).
KEY_LABELS: dict[str, Any] = {
    "status": _("trạng thái"),
    "supplement_deadline": _("hạn bổ sung"),
    "request": _("yêu cầu bổ sung"),
    "proposed_score": _("điểm đề nghị"),
    "evidence": _("tài liệu kiểm chứng"),
    "name": _("tên"),
    "file": _("tệp"),
    "nodes": _("số tiêu chí"),
    "subtree": _("tiêu chí bị xóa"),
    "order": _("thứ tự tiêu chí"),
    "units": _("đơn vị tham gia"),
    "node": _("tiêu chí"),
    "staff": _("cán bộ được giao"),
    "staff_name": _("họ tên cán bộ"),
    "appraiser": _("người thẩm định"),
    "field": _("lĩnh vực"),
    "totp": _("xác thực hai bước"),
    "two_step": _("xác thực hai bước"),
    "address": _("địa chỉ IP"),
    "step": _("bước đăng nhập"),
    "locked": _("tạm khóa theo"),
    "seconds": _("thời gian tạm khóa (giây)"),
    "index": _("chỉ số"),
    "parts": _("các thành phần"),
    "questions": _("yếu tố và câu hỏi"),
    "options": _("thang trả lời"),
    "forms": _("mẫu phiếu"),
    "years": _("các năm"),
}

# Words of logged values that are no model choice.
VALUE_LABELS: dict[str, dict[str, Any]] = {
    "step": {"password": _("mật khẩu"), "code": _("mã xác thực")},
    "locked": {
        "username": _("tên đăng nhập"),
        "address": _("địa chỉ IP"),
        "code": _("mã xác thực"),
    },
    "rule": {str(kind): label for kind, label in KIND_LABELS.items()},
}

# The rows the log records, in the order their field labels are looked up after the
# changed row's own.
LOGGED_MODELS: tuple[type[models.Model], ...] = (
    Score,
    Round,
    Participation,
    ThreadMessage,
    Evidence,
    EvidenceFile,
    CriteriaSet,
    CriteriaNode,
    Unit,
    UnitGroup,
    Membership,
    User,
    IndexValue,
    IndexTarget,
    IndexDefinition,
    IndexComponent,
    Survey,
    SurveyUnit,
    ImportJob,
    Result,
    HistoryRow,
    HistoryImport,
    Plan,
    Task,
    ProgressUpdate,
    QuarterReport,
    CriterionAssignment,
    Office,
    OperationalFigure,
)

HASH = re.compile(r"^[0-9a-f]{64}$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$")
NUMERIC_ENDINGS = (
    "score",
    "numerator",
    "denominator",
    "count",
    "value",
    "max_points",
    "score_max",
    "amount",
)
PLAIN_NUMBERS = ("year",)  # 2024, never "2.024"


def action_label(action: str) -> Any:
    return ACTION_LABELS.get(action, action)


def target_model(target_type: str) -> type[models.Model] | None:
    """The model of an entry's ``target_type`` (``assessments.score``), if it still exists."""
    try:
        return apps.get_model(target_type)
    except (LookupError, ValueError):
        return None


def _field(model: type[models.Model] | None, key: str) -> models.Field[Any, Any] | None:
    """A field of ``model`` named ``key`` with a label of its own (not a relation's
    reverse side, not a name Django made from the attribute)."""
    if model is None:
        return None
    try:
        found = model._meta.get_field(key)
    except FieldDoesNotExist:
        return None
    if not isinstance(found, models.Field):
        return None
    if str(found.verbose_name) == key.replace("_", " "):
        return None
    return found


def _fields(key: str, model: type[models.Model] | None) -> list[models.Field[Any, Any]]:
    found = [_field(m, key) for m in (model, *LOGGED_MODELS)]
    return [f for f in found if f is not None]


def key_label(key: str, model: type[models.Model] | None = None) -> Any:
    """The label of a logged key: the changed row's field, else the log's own word, else
    the field of another logged row; a criterion code (a mapping's key) stays as it is."""
    own = _field(model, key)
    if own is not None:
        return own.verbose_name
    if key in KEY_LABELS:
        return KEY_LABELS[key]
    fields = _fields(key, None)
    if fields:
        return fields[0].verbose_name
    return key


@dataclass(frozen=True, slots=True)
class Shown:
    """A value as the page shows it; ``title`` holds the whole of a shortened one."""

    text: str
    title: str = ""

    def __str__(self) -> str:
        return self.text


def show_value(
    key: str,
    value: Any,
    model: type[models.Model] | None = None,
    record: dict[str, Any] | None = None,
) -> Shown:
    """A logged value as people read it; ``record`` holds the value's siblings (the rule
    kind of a criterion's parameters)."""
    if isinstance(value, str) and HASH.match(value):
        return Shown(f"{value[:HASH_SHOWN]}…", value)
    if key == "parameters" and isinstance(value, dict) and record and record.get("rule"):
        return Shown(_rule(str(record["rule"]), value) or _text(key, value, model))
    return Shown(_text(key, value, model))


def _rule(kind: str, parameters: dict[str, Any]) -> str:
    """The rule in words, as the criteria pages describe it ("" if it cannot be read)."""
    try:
        return describe(rule_from_params(kind, parameters))
    except (ValueError, TypeError, KeyError, ArithmeticError):
        return ""


def _text(key: str, value: Any, model: type[models.Model] | None) -> str:
    if value is None or value in ("", [], {}):
        return NOTHING
    if isinstance(value, bool):
        return str(_("có") if value else _("không"))
    if isinstance(value, dict):
        return "; ".join(f"{_parameter(k)}: {_text(k, v, None)}" for k, v in value.items())
    if isinstance(value, list):
        return _joined(key, value, model)
    if isinstance(value, str):
        return _word(key, value, model)
    return _scalar(key, value)


def _scalar(key: str, value: Any) -> str:
    if isinstance(value, int) and key in PLAIN_NUMBERS:
        return str(value)
    if isinstance(value, int | float | Decimal):
        return _number(value)
    return str(value)


def _joined(key: str, values: list[Any], model: type[models.Model] | None) -> str:
    separator = "; " if any(isinstance(v, list | dict) for v in values) else ", "
    return separator.join(_text(key, v, model) for v in values)


def _parameter(key: str) -> str:
    return str(PARAMETER_LABELS.get(key) or key_label(key))


def _word(key: str, value: str, model: type[models.Model] | None) -> str:
    """A string: a choice's label, a local date, a Vietnamese number, or itself."""
    for found in _fields(key, model):
        if found.choices:
            labels = {str(k): v for k, v in found.flatchoices}
            if value in labels:
                return str(labels[value])
    if value in VALUE_LABELS.get(key, {}):
        return str(VALUE_LABELS[key][value])
    when = _when(value)
    if when is not None:
        return when
    if key.endswith(NUMERIC_ENDINGS):
        return _number(value)
    return value


def _when(value: str) -> str | None:
    """A date or a moment written by the JSON encoder, in Vietnamese order and local time."""
    try:
        if DATE.match(value):
            return dateformat.format(date.fromisoformat(value), DATE_FORMAT)
        if DATETIME.match(value):
            moment = datetime.fromisoformat(value)
            if timezone.is_naive(moment):
                moment = timezone.make_aware(moment)
            return dateformat.format(timezone.localtime(moment), DATETIME_FORMAT)
    except ValueError:
        return None
    return None


def _number(value: Any) -> str:
    try:
        return format_vn(Decimal(str(value)).normalize())
    except InvalidOperation:
        return str(value)
