"""Dashboards: the secretariat's (progress, late units, returned items) and each unit's
(index so far, points lost per field, group average, last year, history)."""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from parindex.apps.accounts import access
from parindex.apps.accounts.models import Unit, User
from parindex.apps.assessments.selectors_progress import pick_round, progress_rounds
from parindex.apps.results.dashboards import secretariat_board, unit_board


def _wanted(request: HttpRequest) -> uuid.UUID | None:
    """The round asked for with ``?dot=``; 404 for a value that is no UUID."""
    value = request.GET.get("dot")
    if not value:
        return None
    try:
        return uuid.UUID(value)
    except ValueError:
        raise Http404 from None


@login_required
@require_GET
def secretariat(request: HttpRequest) -> HttpResponse:
    if not access.can_oversee(request.user):
        raise PermissionDenied
    rounds = progress_rounds()
    wanted = _wanted(request)
    round_ = pick_round(rounds, wanted)
    if wanted is not None and round_ is None:
        raise Http404
    board = secretariat_board(round_) if round_ is not None else None
    return render(
        request, "results/dashboards/secretariat.html", {"rounds": rounds, "board": board}
    )


@login_required
@require_GET
def my_units(request: HttpRequest) -> HttpResponse:
    user = request.user
    own = access.units_of(user)
    if access.can_oversee(user):
        units = list(Unit.objects.filter(is_active=True).select_related("group"))
    elif len(own) == 1:
        return redirect("results:unit_dashboard", unit_id=own[0].uuid)
    elif own:
        units = sorted(own, key=lambda u: u.code)
    else:
        raise PermissionDenied
    return render(request, "results/dashboards/my_units.html", {"units": units})


@login_required
@require_GET
def unit(request: HttpRequest, unit_id: uuid.UUID) -> HttpResponse:
    found = get_object_or_404(Unit.objects.select_related("group"), uuid=unit_id)
    if not isinstance(request.user, User) or not access.can_view_unit_dashboard(
        request.user, found
    ):
        raise PermissionDenied
    wanted = _wanted(request)
    board = unit_board(found, wanted)
    if wanted is not None and board.round is None:
        raise Http404
    return render(request, "results/dashboards/unit.html", {"board": board})
