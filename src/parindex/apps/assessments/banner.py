"""The deadline banner: on every page a signed-in unit member opens, the dates and days
left of their units' rounds ("Còn 5 ngày đến hạn tự đánh giá 20/11/2024").

Registered in ``TEMPLATES[...]["context_processors"]``; ``base.html`` includes
``assessments/_deadline_banner.html``. The banners are read lazily (only when a page
shows them, only for unit members) and kept in ``CACHES["pages"]`` under the user's
access revision (:mod:`parindex.apps.accounts.access_revision`), which every save or
deletion of a round or participation of the user's units raises (receivers below), the
language, the time zone and the local day; each entry also carries the first moment its
text may change (a deadline passing), after which it is read again. A page served from
the cache reads no row for its banner.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from parindex.apps.accounts import access, access_revision
from parindex.apps.assessments.deadlines import Banner, participation_banner, unit_deadline
from parindex.apps.assessments.models import Participation, Round, RoundStatus

SHOWN = (RoundStatus.PREPARING, RoundStatus.SELF_ASSESSMENT, RoundStatus.APPRAISAL)


STEP = timedelta(microseconds=1)


def _shown(user: Any) -> list[Participation]:
    units = access.units_of(user)
    if not units:
        return []
    found = (
        Participation.objects.filter(unit__in=units, round__status__in=SHOWN)
        .select_related("round", "unit")
        .order_by("round__self_assessment_deadline", "unit__code")
    )
    return list(found)


def unit_banners(user: Any, now: datetime | None = None) -> list[Banner]:
    now = now or timezone.now()
    return [b for p in _shown(user) if (b := participation_banner(p, now)) is not None]


def next_midnight(now: datetime) -> datetime:
    """The first moment of the next local day."""
    tomorrow = timezone.localtime(now).date() + timedelta(days=1)
    return timezone.make_aware(datetime.combine(tomorrow, time.min))


def banners_until(user: Any, now: datetime) -> tuple[list[Banner], datetime]:
    """The user's banners at ``now`` and the first moment they may read otherwise: the
    next local midnight (days left) or the moment just after a deadline they show."""
    shown = _shown(user)
    banners = [b for p in shown if (b := participation_banner(p, now)) is not None]
    moments = [next_midnight(now)]
    for p in shown:
        for deadline in (unit_deadline(p), p.round.appraisal_deadline):
            if deadline + STEP > now:  # "past" from the moment after the deadline on
                moments.append(deadline + STEP)
    return banners, min(moments)


def _cached(user: Any, now: datetime) -> tuple[list[Banner], datetime]:
    day = timezone.localtime(now).date().isoformat()
    return access_revision.cached(
        user,
        "deadline-banner",
        (day,),
        lambda: banners_until(user, now),
        fresh=lambda found: now < found[1],
    )


def cached_banners(user: Any, now: datetime | None = None) -> list[Banner]:
    """The user's banners, from the cache while nothing they show has changed."""
    return _cached(user, now or timezone.now())[0]


def banner_until(user: Any, now: datetime) -> datetime:
    """The first moment after ``now`` when the user's banners may read otherwise (a
    whole page kept with them is good until then: :func:`page_cache.page`)."""
    return _cached(user, now)[1]


def deadline_banner(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"deadline_banners": ()}
    return {"deadline_banners": SimpleLazyObject(lambda: cached_banners(user))}


# --- what raises the access revision of the units' users (connected in AssessmentsConfig)


def round_changed(sender: Any, instance: Round, **kwargs: Any) -> None:
    """A round saved or deleted: the users of its units (their banners)."""
    if instance.pk is not None:
        units = Participation.objects.filter(round_id=instance.pk).values_list("unit_id")
        access_revision.bump_unit_members(*(u for (u,) in units))


def participation_changed(sender: Any, instance: Participation, **kwargs: Any) -> None:
    """A participation saved or deleted (status, extension): the users of its unit."""
    access_revision.bump_unit_members(instance.unit_id)
