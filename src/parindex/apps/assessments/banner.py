"""The deadline banner: on every page a signed-in unit member opens, the dates and days
left of their units' rounds ("Còn 5 ngày đến hạn tự đánh giá 20/11/2024").

Registered in ``TEMPLATES[...]["context_processors"]``; ``base.html`` includes
``assessments/_deadline_banner.html``. The banners are read lazily (one query, only
when a page shows them, only for unit members).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from parindex.apps.accounts import access
from parindex.apps.assessments.deadlines import Banner, participation_banner
from parindex.apps.assessments.models import Participation, RoundStatus

SHOWN = (RoundStatus.PREPARING, RoundStatus.SELF_ASSESSMENT, RoundStatus.APPRAISAL)


def unit_banners(user: Any) -> list[Banner]:
    units = access.units_of(user)
    if not units:
        return []
    found = (
        Participation.objects.filter(unit__in=units, round__status__in=SHOWN)
        .select_related("round", "unit")
        .order_by("round__self_assessment_deadline", "unit__code")
    )
    return [b for p in found if (b := participation_banner(p)) is not None]


def deadline_banner(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"deadline_banners": ()}
    return {"deadline_banners": SimpleLazyObject(lambda: unit_banners(user))}
