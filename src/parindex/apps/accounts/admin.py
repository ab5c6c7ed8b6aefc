from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from parindex.apps.accounts.models import User
from parindex.apps.accounts.views import signin as signin_views


@admin.register(User)
class UserAdmin(BaseUserAdmin):  # type: ignore[type-arg]  # generic only in the stubs
    """The stock user admin, with the full name and the (read-only) UUID."""

    list_display = ("username", "full_name", "email", "is_staff", "is_active")
    search_fields = ("username", "full_name", "email")
    readonly_fields = ("uuid", "last_login", "date_joined")
    fieldsets = (
        (None, {"fields": ("username", "password", "uuid")}),
        (_("Thông tin cá nhân"), {"fields": ("full_name", "first_name", "last_name", "email")}),
        (
            _("Quyền"),
            {
                "fields": (
                    "is_active",
                    "is_staff",
                    "is_superuser",
                    "groups",
                    "user_permissions",
                ),
            },
        ),
        (_("Thời điểm"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "username",
                    "full_name",
                    "email",
                    "usable_password",
                    "password1",
                    "password2",
                ),
            },
        ),
    )


# The admin's own sign-in form would bypass the rate limits, the audit and the two-step
# code: send it to the site's sign-in page instead.
admin.site.login = signin_views.admin_login  # type: ignore[method-assign]
