"""URL map: the core pages, sign-in, the language switch and the admin."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("parindex.apps.core.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("quan-tri/", admin.site.urls),
]
