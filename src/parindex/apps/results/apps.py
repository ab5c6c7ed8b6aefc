from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResultsConfig(AppConfig):
    name = "parindex.apps.results"
    label = "results"
    verbose_name = _("Kết quả")

    def ready(self) -> None:
        from parindex.apps.assessments.services_rounds import REOPEN_GUARDS  # noqa: PLC0415
        from parindex.apps.results.guards import published_round_stays_closed  # noqa: PLC0415

        if published_round_stays_closed not in REOPEN_GUARDS:
            REOPEN_GUARDS.append(published_round_stays_closed)
