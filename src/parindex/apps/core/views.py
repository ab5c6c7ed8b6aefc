"""Thin views: the home page and the health check (the results pages are in
:mod:`parindex.apps.results`)."""

from __future__ import annotations

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

HEALTH_OK = {"status": "ok", "database": "ok"}
HEALTH_DATABASE_DOWN = {"status": "error", "database": "error"}


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html")


@require_GET
def health(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse(HEALTH_DATABASE_DOWN, status=503)
    return JsonResponse(HEALTH_OK)
