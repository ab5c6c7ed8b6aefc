"""Pages of people and units under /tai-khoan/ (sign-in itself is at /dang-nhap/)."""

from django.urls import URLPattern, URLResolver, path

from parindex.apps.accounts.views import me, units, users

app_name = "accounts"

urlpatterns: list[URLPattern | URLResolver] = [
    path("cua-toi/", me.me, name="me"),
    path("cua-toi/mat-khau/", me.password_change, name="password_change"),
    path("cua-toi/xac-thuc-hai-buoc/", me.totp_enable, name="totp_enable"),
    path("cua-toi/xac-thuc-hai-buoc/tat/", me.totp_disable, name="totp_disable"),
    path("don-vi/", units.units, name="units"),
    path("don-vi/them/", units.unit_create, name="unit_create"),
    path("don-vi/<uuid:uuid>/", units.unit_edit, name="unit_edit"),
    path("nhom-don-vi/them/", units.group_create, name="group_create"),
    path("nhom-don-vi/<uuid:uuid>/", units.group_edit, name="group_edit"),
    path("nguoi-dung/", users.users, name="users"),
    path("nguoi-dung/them/", users.user_create, name="user_create"),
    path("nguoi-dung/<uuid:uuid>/", users.user, name="user"),
    path("nguoi-dung/<uuid:uuid>/sua/", users.user_edit, name="user_edit"),
    path("nguoi-dung/<uuid:uuid>/ngung/", users.user_deactivate, name="user_deactivate"),
    path("nguoi-dung/<uuid:uuid>/kich-hoat/", users.user_reactivate, name="user_reactivate"),
    path("nguoi-dung/<uuid:uuid>/mat-khau/", users.user_password_reset, name="user_password_reset"),
    path("nguoi-dung/<uuid:uuid>/tat-hai-buoc/", users.user_totp_reset, name="user_totp_reset"),
    path("nguoi-dung/<uuid:uuid>/vai-tro/", users.membership_add, name="membership_add"),
    path("vai-tro/<uuid:uuid>/xoa/", users.membership_remove, name="membership_remove"),
]
