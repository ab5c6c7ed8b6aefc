"""The application's URL map plus the baselines of the benchmark: a Django view that does
nothing (no database, no template), behind the same middleware as every page; and, for
the analysis, the floor of any signed-in page: the site's frame (menu, deadline banner)
around an empty content, for the signed-in user."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import include, path

TRIVIAL_PATH = "/do-toc-do/rong/"
SIGNED_IN_PATH = "/do-toc-do/khung-trang/"


def trivial(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


@login_required
def signed_in_frame(request: HttpRequest) -> HttpResponse:
    return render(request, "base.html", {})


urlpatterns = [
    path(TRIVIAL_PATH.strip("/") + "/", trivial, name="bench_trivial"),
    path(SIGNED_IN_PATH.strip("/") + "/", signed_in_frame, name="bench_signed_in"),
    path("", include("parindex.config.urls")),
]
