"""Appraisal (thẩm định), the unit's supplements (bổ sung) and the round's progress (tiến độ)."""

from django.urls import URLPattern, URLResolver, path

from parindex.apps.assessments import views_appraisal as views

ITEM = "tham-dinh/<uuid:participation_id>/<uuid:field_id>/<uuid:score_id>"
ROUND = "tien-do/<uuid:round_id>"

urlpatterns: list[URLPattern | URLResolver] = [
    path("tham-dinh/", views.queue, name="queue"),
    path("tham-dinh/<uuid:participation_id>/<uuid:field_id>/", views.field, name="appraise"),
    path(f"{ITEM}/cham-diem/", views.appraise_item, name="appraise_item"),
    path(f"{ITEM}/tra-lai/", views.return_item, name="return_item"),
    path("bo-sung/", views.supplements, name="supplements"),
    path("bo-sung/<uuid:score_id>/", views.answer, name="answer"),
    path("tien-do/", views.progress, name="progress"),
    path(f"{ROUND}/ket-qua/", views.results, name="appraisal_results"),
    path(f"{ROUND}/khoa/", views.lock, name="lock"),
    path(f"{ROUND}/thong-qua/", views.sign_off, name="sign_off"),
    path(f"{ROUND}/mo-lai/", views.reopen, name="reopen"),
]
