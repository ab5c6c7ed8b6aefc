"""Results: the public pages (/ket-qua/...), the secretariat's (/ket-qua/quan-ly/...) and
the dashboards (/tong-quan/...)."""

from django.urls import URLPattern, URLResolver, path

from parindex.apps.results import views, views_dashboards, views_public

app_name = "results"

MANAGE = "ket-qua/quan-ly"
RESULT = f"{MANAGE}/<uuid:result_id>"

urlpatterns: list[URLPattern | URLResolver] = [
    path("ket-qua/", views_public.year_page, name="public"),
    path("ket-qua/<int:year>/", views_public.year_page, name="public_year"),
    path("ket-qua/don-vi/<uuid:unit_id>/", views_public.unit_page, name="public_unit"),
    path("ket-qua/tai-ve/<uuid:result_id>.json", views_public.download_json, name="download_json"),
    path("ket-qua/tai-ve/<uuid:result_id>.xlsx", views_public.download_xlsx, name="download_xlsx"),
    path(f"{MANAGE}/", views.manage, name="manage"),
    path(f"{MANAGE}/lich-su/", views.history, name="history"),
    path(f"{MANAGE}/dot/<uuid:round_id>/", views.round_page, name="round"),
    path(f"{MANAGE}/dot/<uuid:round_id>/tinh/", views.compute, name="compute"),
    path(f"{RESULT}/ra-soat/", views.review, name="review"),
    path(f"{RESULT}/cong-bo/", views.publish, name="publish"),
    path(f"{RESULT}/kiem-tra/", views.verify, name="verify"),
    path(f"{RESULT}/rut-lai/", views.withdraw, name="withdraw"),
    path(f"{RESULT}/du-lieu-dau-vao.json", views.inputs_file, name="inputs"),
    path(f"{RESULT}/ket-qua.json", views.results_file, name="results_file"),
    path("tong-quan/", views_dashboards.secretariat, name="dashboard"),
    path("tong-quan/don-vi/", views_dashboards.my_units, name="unit_dashboards"),
    path("tong-quan/don-vi/<uuid:unit_id>/", views_dashboards.unit, name="unit_dashboard"),
]
