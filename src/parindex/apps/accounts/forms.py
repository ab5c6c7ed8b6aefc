"""Forms of sign-in, "my account" and the management of units, users and roles.

Units and groups are chosen by UUID, never by integer id. The forms only validate
input; the writes (and the permission rules that protect accounts) are in services.py.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from parindex.apps.accounts import access
from parindex.apps.accounts.models import UNIT_ROLES, Role, Unit, UnitGroup, User
from parindex.apps.accounts.services import UNIT_NOT_ALLOWED, UNIT_REQUIRED

if TYPE_CHECKING:  # ModelForm is generic only in the stubs
    UnitGroupModelForm = forms.ModelForm[UnitGroup]
    UnitModelForm = forms.ModelForm[Unit]
    UserModelForm = forms.ModelForm[User]
else:
    UnitGroupModelForm = UnitModelForm = UserModelForm = forms.ModelForm

PASSWORDS_DIFFER = _("Hai mật khẩu không khớp nhau.")
CODE_FORMAT = _("Mã xác thực gồm 6 chữ số.")


class SignInForm(forms.Form):
    username = forms.CharField(
        label=_("Tên đăng nhập"),
        max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        label=_("Mật khẩu"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class CodeForm(forms.Form):
    code = forms.RegexField(
        label=_("Mã xác thực (6 chữ số)"),
        regex=r"^\s*\d{3}\s?\d{3}\s*$",
        error_messages={"invalid": CODE_FORMAT},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autofocus": True,
                "size": 8,
            }
        ),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do"), required=False, max_length=500, widget=forms.TextInput()
    )


class UnitGroupForm(UnitGroupModelForm):
    class Meta:
        model = UnitGroup
        fields = ("code", "name", "position")


class UnitForm(UnitModelForm):
    group = forms.ModelChoiceField(
        label=_("Nhóm"),
        queryset=UnitGroup.objects.all(),
        to_field_name="uuid",
        empty_label=_("— Chọn nhóm —"),
    )
    parent = forms.ModelChoiceField(
        label=_("Đơn vị cấp trên"),
        queryset=Unit.objects.all(),
        to_field_name="uuid",
        required=False,
        empty_label=_("— Không có —"),
    )

    class Meta:
        model = Unit
        fields = ("code", "name", "group", "parent", "is_active")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        parents = Unit.objects.select_related("group").order_by("group__position", "code")
        if self.instance.pk is not None:
            parents = parents.exclude(pk=self.instance.pk)
        parent_field = self.fields["parent"]
        assert isinstance(parent_field, forms.ModelChoiceField)
        parent_field.queryset = parents


class UserCreateForm(UserModelForm):
    password1 = forms.CharField(
        label=_("Mật khẩu ban đầu"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Để trống để hệ thống tạo một mật khẩu ngẫu nhiên, hiển thị một lần."),
    )
    password2 = forms.CharField(
        label=_("Nhập lại mật khẩu"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    class Meta:
        model = User
        fields = ("username", "full_name", "email")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        first, second = cleaned.get("password1", ""), cleaned.get("password2", "")
        if first != second:
            self.add_error("password2", PASSWORDS_DIFFER)
        elif first:
            candidate = User(
                username=cleaned.get("username", ""),
                full_name=cleaned.get("full_name", ""),
                email=cleaned.get("email", ""),
            )
            try:
                validate_password(first, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class UserEditForm(UserModelForm):
    class Meta:
        model = User
        fields = ("full_name", "email")


class MembershipForm(forms.Form):
    """A role to give; only the roles the acting user may grant are offered."""

    role = forms.ChoiceField(label=_("Vai trò"))
    unit = forms.ModelChoiceField(
        label=_("Đơn vị (với cán bộ đầu mối, lãnh đạo đơn vị)"),
        queryset=Unit.objects.filter(is_active=True).order_by("group__position", "code"),
        to_field_name="uuid",
        required=False,
        empty_label=_("— Không chọn —"),
    )
    reason = forms.CharField(label=_("Lý do"), required=False, max_length=500)

    def __init__(self, *args: Any, actor: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        role_field = self.fields["role"]
        assert isinstance(role_field, forms.ChoiceField)
        role_field.choices = [
            ("", _("— Chọn vai trò —")),
            *(
                (value, label)
                for value, label in Role.choices
                if access.can_grant_role(actor, value)
            ),
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        role, unit = cleaned.get("role"), cleaned.get("unit")
        if role in UNIT_ROLES and unit is None:
            self.add_error("unit", UNIT_REQUIRED)
        if role and role not in UNIT_ROLES and unit is not None:
            self.add_error("unit", UNIT_NOT_ALLOWED)
        return cleaned
