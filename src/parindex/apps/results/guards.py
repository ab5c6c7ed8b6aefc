"""What the results app asks of other apps: a round with a published result stays closed."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from parindex.apps.assessments.models import Round
from parindex.apps.results.models import Result, ResultState

ROUND_HAS_PUBLISHED_RESULT = _(
    "Đợt đánh giá đã có kết quả công bố nên không mở lại được. Muốn mở lại, quản trị hệ "
    "thống phải rút lại kết quả đã công bố (có lý do)."
)


def published_round_stays_closed(round_: Round) -> str | None:
    """Refuses to reopen a round whose result is published (a reopen guard of
    :mod:`parindex.apps.assessments.services_rounds`)."""
    if Result.objects.filter(round=round_, state=ResultState.PUBLISHED).exists():
        return str(ROUND_HAS_PUBLISHED_RESULT)
    return None
