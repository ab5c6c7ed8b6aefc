from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "parindex.apps.assessments"
    label = "assessments"
    verbose_name = _("Đánh giá")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save  # noqa: PLC0415

        from parindex.apps.assessments import banner  # noqa: PLC0415
        from parindex.apps.assessments.models import Participation, Round  # noqa: PLC0415

        uid = "parindex.assessments.banner"
        post_save.connect(banner.round_changed, Round, dispatch_uid=uid)
        post_delete.connect(banner.round_changed, Round, dispatch_uid=uid)
        post_save.connect(banner.participation_changed, Participation, dispatch_uid=uid)
        post_delete.connect(banner.participation_changed, Participation, dispatch_uid=uid)
