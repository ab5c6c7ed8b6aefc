from django.urls import path

from parindex.apps.frameworks import views, views_nodes

app_name = "frameworks"

urlpatterns = [
    path("", views.set_list, name="list"),
    path("nhap/", views.set_import, name="import"),
    path("nhap-don-vi/", views.units_import, name="import_units"),
    path("<uuid:set_uuid>/", views.set_detail, name="detail"),
    path("<uuid:set_uuid>/tai-ve.<str:fmt>", views.set_export, name="export"),
    path("<uuid:set_uuid>/sua/", views.set_edit, name="edit"),
    path("<uuid:set_uuid>/xep-loai/", views.set_bands, name="bands"),
    path("<uuid:set_uuid>/ban-hanh/", views.set_publish, name="publish"),
    path("<uuid:set_uuid>/xoa/", views.set_delete, name="delete"),
    path("<uuid:set_uuid>/sao-chep/", views.set_copy, name="copy"),
    path("<uuid:set_uuid>/doi-chieu/<uuid:from_uuid>/", views.mapping_edit, name="mapping"),
    path("<uuid:set_uuid>/them-linh-vuc/", views_nodes.field_add, name="field_add"),
    path("tieu-chi/<uuid:node_uuid>/them/", views_nodes.node_add, name="node_add"),
    path("tieu-chi/<uuid:node_uuid>/sua/", views_nodes.node_edit, name="node_edit"),
    path("tieu-chi/<uuid:node_uuid>/xoa/", views_nodes.node_delete, name="node_delete"),
    path("tieu-chi/<uuid:node_uuid>/len/", views_nodes.node_move, {"up": True}, name="node_up"),
    path(
        "tieu-chi/<uuid:node_uuid>/xuong/", views_nodes.node_move, {"up": False}, name="node_down"
    ),
]
