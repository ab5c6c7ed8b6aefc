"""Signing in: the password step, the optional code step, their limits and audit rows.

Every attempt writes one audit row: ``signin.success`` (actor: the user),
``signin.failure`` and ``signin.blocked`` (an attempt while locked; actor ``None``),
and ``signin.lockout`` when failures lock a username, an address or a user's code step.
The target is the account named, when it exists. Two-step codes checked from the
"my account" page write ``totp.*`` rows the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth import login as auth_login
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from parindex.apps.accounts import throttle, totp
from parindex.apps.accounts.models import User
from parindex.apps.accounts.throttle import (
    PREFIX,
    Key,
    Scope,
    forget,
    record_failure,
    seconds_locked,
)
from parindex.apps.audit.services import audit_record

SIGNIN_FAILED = _("Tên đăng nhập hoặc mật khẩu không đúng. Vui lòng thử lại.")
CODE_FAILED = _(
    "Mã xác thực không đúng hoặc đã được dùng. Vui lòng nhập mã mới trên ứng dụng xác thực."
)
LOCKED = _(
    "Bạn đã nhập sai quá nhiều lần nên việc đăng nhập tạm thời bị khóa. "
    "Vui lòng thử lại sau %(minutes)d phút."
)
CODE_LOCKED = _("Bạn đã nhập sai mã xác thực quá nhiều lần. Vui lòng thử lại sau %(minutes)d phút.")
PENDING_EXPIRED = _("Bước đăng nhập đã hết hạn. Vui lòng nhập lại tên đăng nhập và mật khẩu.")

PENDING_SESSION_KEY: Final = "parindex_signin_pending"
PENDING_SECONDS: Final = 5 * 60  # time allowed between the password and the code
REPLAY_SECONDS: Final = (2 * totp.WINDOW + 2) * totp.STEP_SECONDS


def minutes(seconds: int) -> int:
    return max(1, -(-seconds // 60))


def client_address(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or the last address of the configured header."""
    header = settings.SIGNIN_CLIENT_ADDRESS_HEADER
    if header and request.headers.get(header):
        return request.headers[header].split(",")[-1].strip()
    return str(request.META.get("REMOTE_ADDR", ""))


class UnknownAccount:
    """The target of a sign-in row whose username matches no account."""

    _meta = User._meta
    uuid = None
    pk = "unknown"


def _account(username: str) -> User | None:
    return User.objects.filter(username=username).first()


def _audit(
    action: str, *, actor: User | None, account: User | None, details: dict[str, Any]
) -> None:
    audit_record(actor=actor, action=action, target=account or UnknownAccount(), new=details)


@dataclass(frozen=True)
class Outcome:
    """The user when the step succeeded; else how long the attempt is locked (0: not)."""

    user: User | None = None
    locked_seconds: int = 0


def _failed(
    keys: tuple[Key, ...], *, prefix: str, account: User | None, details: dict[str, Any]
) -> Outcome:
    newly_locked = record_failure(*keys)
    with transaction.atomic():
        _audit(f"{prefix}.failure", actor=None, account=account, details=details)
        for key in newly_locked:
            lock = {**details, "locked": key.scope, "seconds": settings.SIGNIN_LOCKOUT}
            _audit(f"{prefix}.lockout", actor=None, account=account, details=lock)
    return Outcome(locked_seconds=seconds_locked(*keys))


def password_step(*, request: HttpRequest, username: str, password: str) -> Outcome:
    """Checks the password unless the username or the address is locked."""
    address = client_address(request)
    keys = (Key(Scope.USERNAME, username.casefold()), Key(Scope.ADDRESS, address))
    details = {"username": username[:150], "address": address, "step": "password"}
    locked = seconds_locked(*keys)
    if locked:
        _audit("signin.blocked", actor=None, account=_account(username), details=details)
        return Outcome(locked_seconds=locked)
    user = authenticate(request, username=username, password=password)
    if not isinstance(user, User):
        return _failed(keys, prefix="signin", account=_account(username), details=details)
    return Outcome(user=user)


def use_code(*, user: User, secret: str, code: str) -> bool:
    """True once per step for a right code of ``secret``; an older or reused step fails."""
    step = totp.matching_step(secret, code, throttle.clock())
    if step is None:
        return False
    last_key = f"{PREFIX}totp-last:{user.uuid}"
    if step <= cache.get(last_key, -1):
        return False
    if not cache.add(f"{PREFIX}totp-used:{user.uuid}:{step}", True, timeout=REPLAY_SECONDS):
        return False
    cache.set(last_key, step, timeout=REPLAY_SECONDS)
    return True


def code_step(
    *, request: HttpRequest, user: User, secret: str, code: str, prefix: str = "signin"
) -> Outcome:
    """Checks a code of ``secret`` for ``user``, limited per user and per address.

    ``prefix`` names the audit actions: ``signin`` at sign-in, ``totp`` on the account page.
    """
    address = client_address(request)
    keys = (Key(Scope.CODE, str(user.uuid)), Key(Scope.ADDRESS, address))
    details = {"username": user.username, "address": address, "step": "code"}
    locked = seconds_locked(*keys)
    if locked:
        _audit(f"{prefix}.blocked", actor=None, account=user, details=details)
        return Outcome(locked_seconds=locked)
    if not use_code(user=user, secret=secret, code=code):
        return _failed(keys, prefix=prefix, account=user, details=details)
    forget(keys[0])
    return Outcome(user=user)


def complete(*, request: HttpRequest, user: User, backend: str | None = None) -> None:
    """Signs ``user`` in, clears their failures and records the success."""
    address = client_address(request)
    with transaction.atomic():
        auth_login(request, user, backend=backend)
        details = {"address": address, "two_step": bool(user.totp_secret)}
        _audit("signin.success", actor=user, account=user, details=details)
    forget(Key(Scope.USERNAME, user.username.casefold()), Key(Scope.CODE, str(user.uuid)))


def remember_pending(*, request: HttpRequest, user: User, next_url: str) -> None:
    """Keeps who passed the password step until they give their code."""
    request.session[PENDING_SESSION_KEY] = {
        "user": str(user.uuid),
        "backend": getattr(user, "backend", None),
        "since": throttle.clock(),
        "next": next_url,
    }


def pending(request: HttpRequest) -> tuple[User, str | None, str] | None:
    """(user, backend, next URL) of a recent password step, else ``None``."""
    data = request.session.get(PENDING_SESSION_KEY)
    if not data or throttle.clock() - float(data["since"]) > PENDING_SECONDS:
        return None
    user = User.objects.filter(uuid=data["user"], is_active=True).first()
    if user is None or not user.totp_secret:
        return None
    return user, data["backend"], str(data["next"])


def forget_pending(request: HttpRequest) -> None:
    request.session.pop(PENDING_SESSION_KEY, None)
