"""Assessment pages: rounds (secretariat), self-assessment (units), appraisal (council).

Each area keeps its own URL module so that they grow independently.
"""

from django.urls import URLPattern, URLResolver

from parindex.apps.assessments import urls_appraisal, urls_rounds, urls_self

app_name = "assessments"

urlpatterns: list[URLPattern | URLResolver] = [
    *urls_rounds.urlpatterns,
    *urls_self.urlpatterns,
    *urls_appraisal.urlpatterns,
]
