from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlannerConfig(AppConfig):
    name = "parindex.apps.planner"
    label = "planner"
    verbose_name = _("Mô phỏng điểm và thứ hạng")
