"""The indices pages (under /chi-so/): overview, unit and province pages, results,
targets, definitions and the import of results."""

from django.urls import URLPattern, URLResolver, path

from parindex.apps.indices import views, views_manage, views_record

app_name = "indices"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.home, name="home"),
    path("tinh/", views.province, name="province"),
    path("don-vi/<uuid:unit_uuid>/", views.unit, name="unit"),
    path("tai-ve.<str:fmt>", views.export, name="export"),
    path("<uuid:definition_uuid>/ghi/", views_record.record, name="record"),
    path("ket-qua/<uuid:value_uuid>/xoa/", views_record.value_delete, name="value_delete"),
    path("tinh/muc-tieu/", views_record.target_create, name="province_target"),
    path("don-vi/<uuid:unit_uuid>/muc-tieu/", views_record.target_create, name="unit_target"),
    path("muc-tieu/<uuid:target_uuid>/xoa/", views_record.target_delete, name="target_delete"),
    path("dinh-nghia/", views_manage.definitions, name="definitions"),
    path("dinh-nghia/them/", views_manage.definition_create, name="definition_create"),
    path("dinh-nghia/<uuid:definition_uuid>/", views_manage.definition, name="definition"),
    path(
        "dinh-nghia/<uuid:definition_uuid>/thanh-phan/",
        views_manage.component_create,
        name="component_create",
    ),
    path("thanh-phan/<uuid:component_uuid>/", views_manage.component, name="component"),
    path("nhap-tep/", views_manage.import_values, name="import"),
]
