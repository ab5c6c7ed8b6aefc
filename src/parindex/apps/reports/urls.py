from django.urls import path

from parindex.apps.reports import views

app_name = "reports"

UNIT = "<uuid:round_id>/don-vi/<uuid:unit_id>/"

urlpatterns = [
    path("", views.index, name="index"),
    path("<uuid:round_id>/", views.round_page, name="round"),
    path(
        "<uuid:round_id>/bao-cao.docx",
        views.province_file,
        {"fmt": "docx"},
        name="province_docx",
    ),
    path(
        "<uuid:round_id>/bang-so-lieu.xlsx",
        views.province_file,
        {"fmt": "xlsx"},
        name="province_xlsx",
    ),
    path("<uuid:round_id>/bieu-do/<slug:key>.svg", views.province_chart, name="province_chart"),
    path(UNIT, views.unit_page, name="unit"),
    path(f"{UNIT}bao-cao.docx", views.unit_file, {"fmt": "docx"}, name="unit_docx"),
    path(f"{UNIT}bang-so-lieu.xlsx", views.unit_file, {"fmt": "xlsx"}, name="unit_xlsx"),
    path(f"{UNIT}bieu-do/<slug:key>.svg", views.unit_chart, name="unit_chart"),
]
