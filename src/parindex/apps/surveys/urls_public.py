"""The public ballot pages, reached by a unit's short link or QR code: ``/ks/<code>/``."""

from django.urls import path

from parindex.apps.surveys import views_public

app_name = "surveys_public"

urlpatterns = [
    path("<slug:code>/", views_public.ballot, name="ballot"),
    path("<slug:code>/cam-on/", views_public.thanks, name="thanks"),
    path("<slug:code>/qr.svg", views_public.qr, name="qr"),
]
