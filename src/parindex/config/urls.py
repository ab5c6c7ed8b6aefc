"""URL map: the core pages, sign-in, the language switch and the admin."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("parindex.apps.core.urls")),
    path("tai-khoan/", include("parindex.apps.accounts.urls")),
    path("bo-tieu-chi/", include("parindex.apps.frameworks.urls")),
    path("danh-gia/", include("parindex.apps.assessments.urls")),
    path("chi-so/", include("parindex.apps.indices.urls")),
    path("mo-phong/", include("parindex.apps.planner.urls")),
    path("ke-hoach/", include("parindex.apps.plans.urls")),
    path("nhat-ky/", include("parindex.apps.audit.urls")),
    path("bao-cao/", include("parindex.apps.reports.urls")),
    path("khao-sat/", include("parindex.apps.surveys.urls")),
    path("ks/", include("parindex.apps.surveys.urls_public")),
    path("", include("parindex.apps.results.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("quan-tri/", admin.site.urls),
]
