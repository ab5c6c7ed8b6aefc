"""Users and their roles, for the secretariat: list, create, edit, deactivate, roles.

Changes to the accounts of administrators and of the secretariat, and grants of those
two roles, are for administrators only (403 for the others).
"""

from __future__ import annotations

from urllib.parse import urlencode
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from parindex.apps.accounts import access, selectors, services
from parindex.apps.accounts.forms import MembershipForm, ReasonForm, UserCreateForm, UserEditForm
from parindex.apps.accounts.models import User
from parindex.apps.accounts.views.guards import acting_user, secretariat_only

USERS_PER_PAGE = 50
USER_CREATED = _("Đã tạo tài khoản %(name)s.")
USER_SAVED = _("Đã lưu thông tin của %(name)s.")
USER_DEACTIVATED = _("Đã ngừng hoạt động tài khoản %(name)s: người này không đăng nhập được nữa.")
USER_REACTIVATED = _("Đã kích hoạt lại tài khoản %(name)s.")
TOTP_RESET = _("Đã tắt xác thực hai bước của %(name)s.")
ROLE_ADDED = _("Đã gán vai trò %(role)s cho %(name)s.")
ROLE_REMOVED = _("Đã bỏ vai trò %(role)s của %(name)s.")


def _data(request: HttpRequest) -> QueryDict | None:
    return request.POST if request.method == "POST" else None


@require_GET
@secretariat_only
def users(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    found = selectors.user_list(actor=request.user, query=query)
    page = Paginator(found, USERS_PER_PAGE).get_page(request.GET.get("trang"))
    pager_query = urlencode({"q": query}) if query else ""
    context = {"page": page, "query": query, "pager_query": pager_query}
    return render(request, "accounts/users.html", context)


def _password_page(
    request: HttpRequest, account: User, password: str, *, created: bool
) -> HttpResponse:
    """Shows a password once; the views using it are ``never_cache`` (no-store)."""
    context = {"account": account, "password": password, "created": created}
    return render(request, "accounts/password_shown.html", context)


@require_http_methods(["GET", "POST"])
@sensitive_post_parameters("password1", "password2")
@never_cache
@secretariat_only
def user_create(request: HttpRequest) -> HttpResponse:
    form = UserCreateForm(_data(request))
    if form.is_valid():
        typed = form.cleaned_data["password1"]
        password = typed or services.new_password()
        fields = {key: form.cleaned_data[key] for key in ("username", "full_name", "email")}
        try:
            account = services.user_create(actor=acting_user(request), password=password, **fields)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if not typed:
                return _password_page(request, account, password, created=True)
            messages.success(request, USER_CREATED % {"name": account})
            return redirect("accounts:user", uuid=account.uuid)
    return render(request, "accounts/user_create.html", {"form": form})


def _user_page(
    request: HttpRequest,
    account: User,
    *,
    edit_form: UserEditForm | None = None,
    membership_form: MembershipForm | None = None,
    status: int = 200,
) -> HttpResponse:
    actor = acting_user(request)
    roles = [(m, access.can_grant_role(actor, m.role)) for m in account.memberships.all()]
    context = {
        "account": account,
        "roles": roles,
        "manageable": access.can_manage_user(actor, account),
        "is_self": actor.pk == account.pk,
        "edit_form": edit_form or UserEditForm(instance=account),
        "membership_form": membership_form or MembershipForm(actor=actor),
        "reason_form": ReasonForm(),
    }
    return render(request, "accounts/user_detail.html", context, status=status)


@require_GET
@secretariat_only
def user(request: HttpRequest, uuid: UUID) -> HttpResponse:
    return _user_page(request, selectors.user(actor=request.user, uuid=uuid))


def _managed(request: HttpRequest, uuid: UUID) -> tuple[User, User]:
    """(actor, account) when the actor may change ``account``; else 403."""
    actor = acting_user(request)
    account = selectors.user(actor=actor, uuid=uuid)
    if not access.can_manage_user(actor, account):
        raise PermissionDenied
    return actor, account


@require_POST
@secretariat_only
def user_edit(request: HttpRequest, uuid: UUID) -> HttpResponse:
    actor, account = _managed(request, uuid)
    form = UserEditForm(request.POST, instance=account)
    if not form.is_valid():
        return _user_page(request, selectors.user(actor=actor, uuid=uuid), edit_form=form)
    services.user_update(actor=actor, user=account, **form.cleaned_data)
    messages.success(request, USER_SAVED % {"name": account})
    return redirect("accounts:user", uuid=uuid)


def _reason(request: HttpRequest) -> str:
    form = ReasonForm(request.POST)
    return str(form.cleaned_data["reason"]) if form.is_valid() else ""


def _set_active(request: HttpRequest, uuid: UUID, *, active: bool) -> HttpResponse:
    actor, account = _managed(request, uuid)
    try:
        services.user_set_active(actor=actor, user=account, active=active, reason=_reason(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        done = USER_REACTIVATED if active else USER_DEACTIVATED
        messages.success(request, done % {"name": account})
    return redirect("accounts:user", uuid=uuid)


@require_POST
@secretariat_only
def user_deactivate(request: HttpRequest, uuid: UUID) -> HttpResponse:
    return _set_active(request, uuid, active=False)


@require_POST
@secretariat_only
def user_reactivate(request: HttpRequest, uuid: UUID) -> HttpResponse:
    return _set_active(request, uuid, active=True)


@require_POST
@never_cache
@secretariat_only
def user_password_reset(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """Sets a new random password and shows it once, to hand to the user."""
    actor, account = _managed(request, uuid)
    password = services.new_password()
    services.user_password_reset(
        actor=actor, user=account, password=password, reason=_reason(request)
    )
    return _password_page(request, account, password, created=False)


@require_POST
@secretariat_only
def user_totp_reset(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """Turns off the two-step sign-in of someone who lost their authenticator."""
    actor, account = _managed(request, uuid)
    services.user_totp_disable(actor=actor, user=account, reason=_reason(request))
    messages.success(request, TOTP_RESET % {"name": account})
    return redirect("accounts:user", uuid=uuid)


@require_POST
@secretariat_only
def membership_add(request: HttpRequest, uuid: UUID) -> HttpResponse:
    actor, account = _managed(request, uuid)
    form = MembershipForm(request.POST, actor=actor)
    if form.is_valid():
        try:
            membership = services.membership_add(actor=actor, user=account, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            name = {"role": membership.get_role_display(), "name": account}
            messages.success(request, ROLE_ADDED % name)
            return redirect("accounts:user", uuid=uuid)
    return _user_page(request, selectors.user(actor=actor, uuid=uuid), membership_form=form)


@require_POST
@secretariat_only
def membership_remove(request: HttpRequest, uuid: UUID) -> HttpResponse:
    actor = acting_user(request)
    membership = selectors.membership(actor=actor, uuid=uuid)
    account = membership.user
    try:
        services.membership_remove(actor=actor, membership=membership, reason=_reason(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        name = {"role": membership.get_role_display(), "name": account}
        messages.success(request, ROLE_REMOVED % name)
    return redirect("accounts:user", uuid=account.uuid)
