"""Self-assessment (tự đánh giá) of the units: /danh-gia/tu-danh-gia/..."""

from django.urls import URLPattern, URLResolver, path

from parindex.apps.assessments import views_self

P = "tu-danh-gia/<uuid:participation_id>/"

urlpatterns: list[URLPattern | URLResolver] = [
    path("tu-danh-gia/", views_self.my_units, name="my_units"),
    path(P, views_self.self_page, name="self_page"),
    path(f"{P}tong-diem/", views_self.self_totals, name="self_totals"),
    path(f"{P}tieu-chi/<uuid:score_id>/", views_self.self_score, name="self_score"),
    path(
        f"{P}tieu-chi/<uuid:score_id>/tai-lieu/",
        views_self.self_evidence_upload,
        name="self_evidence_upload",
    ),
    path(
        f"{P}tai-lieu/<uuid:evidence_id>/go-bo/",
        views_self.self_evidence_remove,
        name="self_evidence_remove",
    ),
    path(f"{P}gui/", views_self.self_submit, name="self_submit"),
    path(f"{P}rut-lai/", views_self.self_withdraw, name="self_withdraw"),
    path(f"{P}phan-cong/", views_self.self_delegations, name="self_delegations"),
    path(
        f"{P}phan-cong/thu-hoi/", views_self.self_delegation_revoke, name="self_delegation_revoke"
    ),
    path("tai-lieu/<uuid:evidence_id>/", views_self.evidence_download, name="evidence_download"),
]
