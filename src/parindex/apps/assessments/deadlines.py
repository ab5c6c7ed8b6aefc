"""When a unit may still self-score: the round's status, its dates and the unit's extension.

Every write of the self-assessment asks :func:`self_assessment_refusal` first; the
deadline banner and the pages use the same dates, so what people read is what the
server enforces.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parindex.apps.assessments.models import (
    Participation,
    ParticipationStatus,
    Round,
    RoundStatus,
)

NOT_OPEN = _("Đợt đánh giá chưa mở tự đánh giá.")
NOT_YET = _("Tự đánh giá bắt đầu từ {date}.")
PAST_DEADLINE = _("Đã hết hạn tự đánh giá ({date}); không thể thay đổi nữa.")
IN_APPRAISAL = _("Đợt đánh giá đã chuyển sang thẩm định; đơn vị không thể thay đổi nữa.")
CLOSED = _("Đợt đánh giá đã khóa; không thể thay đổi.")
ALREADY_SUBMITTED = _("Đơn vị đã gửi kết quả tự đánh giá; lãnh đạo đơn vị rút lại để sửa tiếp.")

DATE_FORMAT = "%d/%m/%Y"
DATETIME_FORMAT = "%H:%M %d/%m/%Y"


def local(moment: datetime) -> datetime:
    return timezone.localtime(moment)


def show_date(moment: datetime) -> str:
    return local(moment).strftime(DATE_FORMAT)


def show_datetime(moment: datetime) -> str:
    return local(moment).strftime(DATETIME_FORMAT)


def unit_deadline(participation: Participation) -> datetime:
    """The unit's own self-assessment deadline: the round's, or its later extension."""
    deadline = participation.round.self_assessment_deadline
    extension = participation.deadline_extension
    return max(deadline, extension) if extension is not None else deadline


def days_until(moment: datetime, now: datetime | None = None) -> int:
    """Whole calendar days (local time) from today to the day of ``moment``."""
    today: date = local(now or timezone.now()).date()
    return (local(moment).date() - today).days


def round_refusal(round_: Round, now: datetime | None = None) -> str | None:
    """Why the round takes no self-assessment writes now (``None``: it does)."""
    now = now or timezone.now()
    if round_.status == RoundStatus.PREPARING:
        return str(NOT_OPEN)
    if round_.status == RoundStatus.APPRAISAL:
        return str(IN_APPRAISAL)
    if round_.status != RoundStatus.SELF_ASSESSMENT:
        return str(CLOSED)
    if now < round_.self_assessment_opens:
        return str(NOT_YET).format(date=show_datetime(round_.self_assessment_opens))
    return None


def self_assessment_refusal(
    participation: Participation, now: datetime | None = None, *, draft_only: bool = True
) -> str | None:
    """Why the unit may not change its self-assessment now (``None``: it may).

    ``draft_only=False`` leaves out the "already submitted" check (for withdrawing).
    """
    now = now or timezone.now()
    refusal = round_refusal(participation.round, now)
    if refusal is not None:
        return refusal
    deadline = unit_deadline(participation)
    if now > deadline:
        return str(PAST_DEADLINE).format(date=show_datetime(deadline))
    if draft_only and participation.status != ParticipationStatus.DRAFT:
        return str(ALREADY_SUBMITTED)
    return None


@dataclass(frozen=True, slots=True)
class Banner:
    """One line of the deadline banner: what to read, and how urgent it is."""

    text: str
    level: str  # "info", "warning" (3 days or fewer) or "closed"
    round_name: str
    unit_name: str


SELF_DAYS_LEFT = _("Còn {days} ngày đến hạn tự đánh giá {date}")
SELF_TODAY = _("Hôm nay là hạn cuối tự đánh giá {date}")
SELF_PAST = _("Đã hết hạn tự đánh giá {date}")
SELF_EXTENDED = _(" (đã gia hạn)")
SELF_STARTS = _("Tự đánh giá từ {opens} đến {date}")
APPRAISAL_DAYS_LEFT = _("Đang thẩm định; còn {days} ngày đến hạn thẩm định {date}")
APPRAISAL_PAST = _("Đang thẩm định; đã quá hạn thẩm định {date}")
URGENT_DAYS = 3


def _self_line(deadline: datetime, now: datetime) -> tuple[str, str]:
    days = days_until(deadline, now)
    shown = show_date(deadline)
    if now > deadline:
        return str(SELF_PAST).format(date=shown), "closed"
    if days <= 0:
        return str(SELF_TODAY).format(date=shown), "warning"
    level = "warning" if days <= URGENT_DAYS else "info"
    return str(SELF_DAYS_LEFT).format(days=days, date=shown), level


def _appraisal_line(deadline: datetime, now: datetime) -> tuple[str, str]:
    shown = show_date(deadline)
    if now > deadline:
        return str(APPRAISAL_PAST).format(date=shown), "closed"
    days = max(days_until(deadline, now), 0)
    return str(APPRAISAL_DAYS_LEFT).format(days=days, date=shown), "info"


def banner_text(
    round_: Round, deadline: datetime, extended: bool, now: datetime
) -> tuple[str, str] | None:
    """The banner line for ``round_`` with the unit's ``deadline``, or ``None``."""
    if round_.status == RoundStatus.PREPARING:
        opens = show_date(round_.self_assessment_opens)
        return str(SELF_STARTS).format(opens=opens, date=show_date(deadline)), "info"
    if round_.status == RoundStatus.SELF_ASSESSMENT:
        text, level = _self_line(deadline, now)
        return (text + str(SELF_EXTENDED) if extended else text), level
    if round_.status == RoundStatus.APPRAISAL:
        return _appraisal_line(round_.appraisal_deadline, now)
    return None


def participation_banner(
    participation: Participation, now: datetime | None = None
) -> Banner | None:
    now = now or timezone.now()
    deadline = unit_deadline(participation)
    extended = deadline != participation.round.self_assessment_deadline
    found = banner_text(participation.round, deadline, extended, now)
    if found is None:
        return None
    return Banner(found[0], found[1], participation.round.name, participation.unit.name)


def round_banner(round_: Round, now: datetime | None = None) -> Banner | None:
    now = now or timezone.now()
    found = banner_text(round_, round_.self_assessment_deadline, False, now)
    if found is None:
        return None
    return Banner(found[0], found[1], round_.name, "")
