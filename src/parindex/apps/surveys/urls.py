from django.urls import path

from parindex.apps.surveys import views, views_import, views_results

app_name = "surveys"

urlpatterns = [
    path("", views.survey_list, name="list"),
    path("tao/", views.survey_create, name="create"),
    path("<uuid:survey_uuid>/", views.survey_detail, name="detail"),
    path("<uuid:survey_uuid>/sua/", views.survey_edit, name="edit"),
    path("<uuid:survey_uuid>/cau-hoi/", views.survey_layout, name="layout"),
    path("<uuid:survey_uuid>/don-vi/", views.survey_units, name="units"),
    path("<uuid:survey_uuid>/mo/", views.survey_open, name="open"),
    path("<uuid:survey_uuid>/ket-thuc/", views.survey_close, name="close"),
    path("<uuid:survey_uuid>/duong-dan/", views.survey_links, name="links"),
    path("<uuid:survey_uuid>/nhap-phieu/", views_import.import_upload, name="import"),
    path("<uuid:survey_uuid>/mau-nhap.csv", views_import.import_template, name="import_template"),
    path("nhap/<uuid:job_uuid>/", views_import.import_progress, name="import_progress"),
    path("<uuid:survey_uuid>/ket-qua/", views_results.results, name="results"),
    path("<uuid:survey_uuid>/ket-qua.xlsx", views_results.results_export, name="export"),
    path(
        "<uuid:survey_uuid>/ket-qua/<uuid:unit_uuid>/",
        views_results.unit_results,
        name="unit_results",
    ),
]
