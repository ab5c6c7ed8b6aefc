from django.contrib.auth import views as auth_views
from django.urls import path

from parindex.apps.core import views

urlpatterns = [
    path("", views.home, name="home"),
    path("ket-qua/", views.results, name="results"),
    path("suc-khoe/", views.health, name="health"),
    path("dang-nhap/", auth_views.LoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
]
