"""Sign-in in one or two steps (password, then a code when two-step sign-in is on)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from parindex.apps.accounts import signin
from parindex.apps.accounts.forms import CodeForm, SignInForm

TOO_MANY = 429


def safe_next(request: HttpRequest) -> str:
    """The ``next`` address when it points inside this site, else an empty string."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return candidate if allowed else ""


def _destination(next_url: str) -> HttpResponseRedirect:
    return HttpResponseRedirect(next_url or resolve_url(settings.LOGIN_REDIRECT_URL))


@require_http_methods(["GET", "POST"])
@sensitive_post_parameters("password")
@never_cache
def login(request: HttpRequest) -> HttpResponse:
    next_url = safe_next(request)
    form = SignInForm(request.POST if request.method == "POST" else None)
    message, status = None, 200
    if form.is_valid():
        outcome = signin.password_step(
            request=request,
            username=form.cleaned_data["username"],
            password=form.cleaned_data["password"],
        )
        user = outcome.user
        if user is not None and user.totp_secret:
            signin.remember_pending(request=request, user=user, next_url=next_url)
            return redirect("login_code")
        if user is not None:
            signin.complete(request=request, user=user)
            return _destination(next_url)
        if outcome.locked_seconds:
            message = signin.LOCKED % {"minutes": signin.minutes(outcome.locked_seconds)}
            status = TOO_MANY
        else:
            message = str(signin.SIGNIN_FAILED)
    context = {"form": form, "message": message, "next": next_url}
    return render(request, "registration/login.html", context, status=status)


@require_http_methods(["GET", "POST"])
@sensitive_post_parameters("code")
@never_cache
def login_code(request: HttpRequest) -> HttpResponse:
    found = signin.pending(request)
    if found is None:
        signin.forget_pending(request)
        messages.error(request, signin.PENDING_EXPIRED)
        return redirect("login")
    user, backend, next_url = found
    form = CodeForm(request.POST if request.method == "POST" else None)
    message, status = None, 200
    if form.is_valid():
        outcome = signin.code_step(
            request=request, user=user, secret=user.totp_secret, code=form.cleaned_data["code"]
        )
        if outcome.user is not None:
            signin.forget_pending(request)
            signin.complete(request=request, user=user, backend=backend)
            return _destination(next_url)
        if outcome.locked_seconds:
            signin.forget_pending(request)
            message = signin.CODE_LOCKED % {"minutes": signin.minutes(outcome.locked_seconds)}
            status = TOO_MANY
        else:
            message = str(signin.CODE_FAILED)
    context = {"form": None if status == TOO_MANY else form, "message": message}
    return render(request, "registration/login_code.html", context, status=status)


def admin_login(request: HttpRequest, extra_context: object = None) -> HttpResponse:
    """Replaces the admin's own sign-in form, so that every sign-in is rate-limited,
    audited and asks for the two-step code: the admin sends people to ``login``."""
    query = urlencode({"next": request.GET.get("next") or reverse("admin:index")})
    return HttpResponseRedirect(f"{reverse('login')}?{query}")
