"""Who may open a page: signed-in users, and the secretariat for the management pages."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from parindex.apps.accounts import access
from parindex.apps.accounts.models import User

View = Callable[..., HttpResponse]


def acting_user(request: HttpRequest) -> User:
    """The signed-in user of a view guarded by ``login_required``."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


def secretariat_only(view: View) -> View:
    """Anonymous users go to the sign-in page; others without the right get 403."""

    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not access.can_manage_accounts(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return login_required(guarded)
