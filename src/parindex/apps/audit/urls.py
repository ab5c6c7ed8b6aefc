"""The audit log (nhật ký thay đổi): whole, per unit and per criterion."""

from django.urls import URLPattern, URLResolver, path

from parindex.apps.audit import views

app_name = "audit"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.log, name="log"),
    path("don-vi/<uuid:unit_id>/", views.unit, name="unit"),
    path("don-vi/<uuid:unit_id>/tieu-chi/<uuid:node_id>/", views.criterion, name="criterion"),
]
