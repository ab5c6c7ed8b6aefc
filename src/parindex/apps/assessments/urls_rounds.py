"""Rounds (đợt đánh giá), for the secretariat: /danh-gia/dot/..."""

from django.urls import URLPattern, URLResolver, path

from parindex.apps.assessments import views_rounds

urlpatterns: list[URLPattern | URLResolver] = [
    path("dot/", views_rounds.rounds, name="rounds"),
    path("dot/tao-moi/", views_rounds.round_create, name="round_create"),
    path("dot/<uuid:round_id>/", views_rounds.round_detail, name="round_detail"),
    path("dot/<uuid:round_id>/thoi-han/", views_rounds.round_dates, name="round_dates"),
    path("dot/<uuid:round_id>/mo-tu-danh-gia/", views_rounds.round_open, name="round_open"),
    path(
        "dot/<uuid:round_id>/bat-dau-tham-dinh/",
        views_rounds.round_start_appraisal,
        name="round_start_appraisal",
    ),
    path(
        "dot/<uuid:round_id>/gia-han/<uuid:participation_id>/",
        views_rounds.round_extension,
        name="round_extension",
    ),
]
