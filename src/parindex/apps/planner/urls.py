"""The what-if planner (under /mo-phong/)."""

from django.urls import URLPattern, URLResolver, path

from parindex.apps.planner import views

app_name = "planner"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.home, name="home"),
    path("<uuid:unit_uuid>/", views.unit, name="unit"),
]
