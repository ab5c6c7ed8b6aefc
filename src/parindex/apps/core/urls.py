from django.contrib.auth import views as auth_views
from django.urls import path

from parindex.apps.accounts.views import signin
from parindex.apps.core import views

urlpatterns = [
    path("", views.home, name="home"),
    path("suc-khoe/", views.health, name="health"),
    # Sign-in (rate-limited, audited, two-step when turned on): parindex.apps.accounts.
    path("dang-nhap/", signin.login, name="login"),
    path("dang-nhap/ma-xac-thuc/", signin.login_code, name="login_code"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
]
