"""Thin views: the home page, the demo assessment's results and the health check."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.module_loading import import_string
from django.views.decorators.http import require_GET

from parindex.scoring import RoundResult

RESULTS_SOURCE = "parindex.demo.demo_results"
HEALTH_OK = {"status": "ok", "database": "ok"}
HEALTH_DATABASE_DOWN = {"status": "error", "database": "error"}


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html")


def demo_rounds() -> Sequence[RoundResult]:
    """The demo assessment's results, looked up on every request."""
    provider = import_string(RESULTS_SOURCE)
    rounds: Sequence[RoundResult] = provider()
    return rounds


@require_GET
def results(request: HttpRequest) -> HttpResponse:
    rounds = sorted(demo_rounds(), key=lambda r: r.criteria.year, reverse=True)
    return render(request, "core/results.html", {"rounds": rounds})


@require_GET
def health(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse(HEALTH_DATABASE_DOWN, status=503)
    return JsonResponse(HEALTH_OK)
