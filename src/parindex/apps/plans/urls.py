"""Remediation plans, criterion assignment and risk warnings: /ke-hoach/..."""

from django.urls import URLPattern, URLResolver, path

from parindex.apps.plans import views_plans, views_risk, views_tasks, views_units

app_name = "plans"

PLAN = "<uuid:plan_id>/"
UNIT = "don-vi/<uuid:unit_id>/"
RISK = "canh-bao/<uuid:unit_id>/<int:year>/"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views_plans.index, name="index"),
    path("qua-han/", views_plans.overdue, name="overdue"),
    path("dot/<uuid:participation_id>/", views_plans.generate, name="generate"),
    path(PLAN, views_plans.plan, name="plan"),
    path(f"{PLAN}ban-hanh/", views_plans.issue, name="issue"),
    path(f"{PLAN}quy-<int:quarter>/", views_plans.quarter, name="quarter"),
    path(f"{PLAN}quy-<int:quarter>/xlsx/", views_plans.quarter_xlsx, name="quarter_xlsx"),
    path("nhiem-vu/<uuid:task_id>/", views_tasks.task, name="task"),
    path("nhiem-vu/<uuid:task_id>/sua/", views_tasks.task_edit, name="task_edit"),
    path("nhiem-vu/<uuid:task_id>/tien-do/", views_tasks.progress, name="progress"),
    path("minh-chung/<uuid:evidence_id>/", views_tasks.evidence, name="evidence"),
    path(f"{UNIT}phong-ban/", views_units.offices, name="offices"),
    path("phong-ban/<uuid:office_id>/", views_units.office_edit, name="office_edit"),
    path(f"{UNIT}phan-cong/", views_units.assignments, name="assignments"),
    path("canh-bao/", views_risk.warnings, name="warnings"),
    path("canh-bao/<uuid:unit_id>/", views_risk.risk_latest, name="risk_latest"),
    path(RISK, views_risk.risk, name="risk"),
    path(f"{RISK}nhap/", views_risk.figures_upload, name="figures_upload"),
    path(f"{RISK}mau.xlsx", views_risk.figures_blank, name="figures_blank"),
    path(f"{RISK}<str:code>/", views_risk.figures, name="figures"),
    path("so-lieu/<uuid:figure_id>/xoa/", views_risk.figure_delete, name="figure_delete"),
]
