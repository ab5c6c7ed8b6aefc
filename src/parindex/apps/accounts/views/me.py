""" "My account", for everyone signed in: password and two-step sign-in (TOTP)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from parindex.apps.accounts import access, services, signin, totp
from parindex.apps.accounts.forms import CodeForm
from parindex.apps.accounts.models import User
from parindex.apps.accounts.views.guards import acting_user

PASSWORD_CHANGED = _("Đã đổi mật khẩu.")
TOTP_ENABLED = _("Đã bật xác thực hai bước. Từ lần đăng nhập sau, hệ thống sẽ hỏi mã xác thực.")
TOTP_DISABLED = _("Đã tắt xác thực hai bước.")
TOTP_ALREADY_ON = _("Xác thực hai bước đang bật.")
CANDIDATE_SESSION_KEY = "parindex_totp_candidate"
TOO_MANY = 429


def totp_recommended(user: User) -> bool:
    """Administrators, the secretariat and appraisers are asked to turn two-step sign-in on."""
    return not user.totp_secret and (access.is_secretariat(user) or access.is_appraiser(user))


def _code_refused(outcome: signin.Outcome) -> tuple[str, int]:
    if outcome.locked_seconds:
        return str(signin.CODE_LOCKED % {"minutes": signin.minutes(outcome.locked_seconds)}), (
            TOO_MANY
        )
    return str(signin.CODE_FAILED), 200


def _me_page(
    request: HttpRequest, *, code_form: CodeForm | None = None, status: int = 200
) -> HttpResponse:
    user = acting_user(request)
    context = {
        "account": user,
        "roles": access.memberships(user),
        "recommended": totp_recommended(user),
        "code_form": code_form or CodeForm(),
    }
    return render(request, "accounts/me.html", context, status=status)


@require_GET
@login_required
def me(request: HttpRequest) -> HttpResponse:
    return _me_page(request)


@require_http_methods(["GET", "POST"])
@sensitive_post_parameters("old_password", "new_password1", "new_password2")
@login_required
def password_change(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    form = PasswordChangeForm(user, request.POST if request.method == "POST" else None)
    if form.is_valid():
        services.user_password_change(user=user, password=form.cleaned_data["new_password1"])
        update_session_auth_hash(request, user)
        messages.success(request, PASSWORD_CHANGED)
        return redirect("accounts:me")
    return render(request, "accounts/password_change.html", {"form": form})


@require_http_methods(["GET", "POST"])
@sensitive_post_parameters("code")
@never_cache
@login_required
def totp_enable(request: HttpRequest) -> HttpResponse:
    """Shows a new secret and turns two-step sign-in on once a code of it is confirmed."""
    user = acting_user(request)
    if user.totp_secret:
        messages.info(request, TOTP_ALREADY_ON)
        return redirect("accounts:me")
    secret = request.session.get(CANDIDATE_SESSION_KEY) or totp.new_secret()
    request.session[CANDIDATE_SESSION_KEY] = secret
    form = CodeForm(request.POST if request.method == "POST" else None)
    message, status = None, 200
    if form.is_valid():
        code = form.cleaned_data["code"]
        outcome = signin.code_step(
            request=request, user=user, secret=secret, code=code, prefix="totp"
        )
        if outcome.user is not None:
            services.user_totp_enable(user=user, secret=secret)
            del request.session[CANDIDATE_SESSION_KEY]
            messages.success(request, TOTP_ENABLED)
            return redirect("accounts:me")
        message, status = _code_refused(outcome)
    context = {
        "form": form,
        "message": message,
        "secret": totp.grouped(secret),
        "uri": totp.provisioning_uri(secret, account=user.username, issuer=settings.TOTP_ISSUER),
    }
    return render(request, "accounts/totp_enable.html", context, status=status)


@require_POST
@sensitive_post_parameters("code")
@login_required
def totp_disable(request: HttpRequest) -> HttpResponse:
    """Turns two-step sign-in off after a code from the user's authenticator."""
    user = acting_user(request)
    if not user.totp_secret:
        return redirect("accounts:me")
    form = CodeForm(request.POST)
    if not form.is_valid():
        return _me_page(request, code_form=form)
    outcome = signin.code_step(
        request=request,
        user=user,
        secret=user.totp_secret,
        code=form.cleaned_data["code"],
        prefix="totp",
    )
    if outcome.user is None:
        message, status = _code_refused(outcome)
        form.add_error("code", message)
        return _me_page(request, code_form=form, status=status)
    services.user_totp_disable(actor=user, user=user)
    messages.success(request, TOTP_DISABLED)
    return redirect("accounts:me")
