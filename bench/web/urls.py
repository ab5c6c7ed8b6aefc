"""The application's URL map plus the baseline of the benchmark: a Django view that does
nothing (no database, no template), behind the same middleware as every page."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path

TRIVIAL_PATH = "/do-toc-do/rong/"


def trivial(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


urlpatterns = [
    path(TRIVIAL_PATH.strip("/") + "/", trivial, name="bench_trivial"),
    path("", include("parindex.config.urls")),
]
