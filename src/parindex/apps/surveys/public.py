"""What keeps the public ballot form honest without any outside service.

- **Honeypot**: a field people never see (hidden by CSS, out of the tab order); a robot
  that fills it is refused.
- **Minimum fill time**: the form carries the moment it was shown, signed; a ballot
  sent sooner than ``SURVEY_MIN_FILL_SECONDS`` later (or with a tampered or expired
  moment) is refused.
- **Rate limit**: at most ``SURVEY_BALLOTS_PER_ADDRESS`` ballots per client address per
  ``SURVEY_BALLOT_WINDOW`` seconds, counted in Django's cache.
- **One ballot per device and per ID number**: a signed, random device cookie and the
  optional ID number become HMAC keys (the number itself is never stored); the database
  holds one ballot per unit and key.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

from parindex.apps.accounts.signin import client_address

DEVICE_COOKIE = "parindex_ks"
DEVICE_SALT = "parindex.surveys.device"
STARTED_SALT = "parindex.surveys.started"
STARTED_MAX_AGE = 12 * 60 * 60  # a form older than this must be reloaded
DEVICE_MAX_AGE = 2 * 365 * 24 * 60 * 60
RATE_PREFIX = "parindex:surveys:address:"
KEY_LENGTH = 32


def started_token() -> str:
    """The signed moment the form is shown (a hidden field of the form)."""
    return signing.TimestampSigner(salt=STARTED_SALT).sign(secrets.token_hex(4))


def seconds_since(token: str) -> float | None:
    """Seconds since ``token`` was made; ``None`` when tampered with or too old."""
    signer = signing.TimestampSigner(salt=STARTED_SALT)
    try:
        signer.unsign(token, max_age=STARTED_MAX_AGE)
        made = signing.b62_decode(token.rsplit(signer.sep, 2)[1])
    except (signing.BadSignature, ValueError):
        return None
    return max(0.0, time.time() - made)


def too_fast(token: str) -> bool | None:
    """Whether the form came back too fast; ``None`` for a bad token."""
    elapsed = seconds_since(token)
    if elapsed is None:
        return None
    return elapsed < settings.SURVEY_MIN_FILL_SECONDS


def device_token(request: HttpRequest) -> str | None:
    """The device's token from its signed cookie (``None`` for a new device)."""
    found = request.get_signed_cookie(DEVICE_COOKIE, default=None, salt=DEVICE_SALT)
    return str(found) if found else None


def remember_device(response: HttpResponse, token: str) -> None:
    response.set_signed_cookie(
        DEVICE_COOKIE,
        token,
        salt=DEVICE_SALT,
        max_age=DEVICE_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )


def new_device_token() -> str:
    return secrets.token_urlsafe(24)


def key_of(purpose: str, value: str) -> str:
    """An HMAC of ``value`` (a device token, an ID number): what the ballot stores."""
    secret = f"parindex.surveys.{purpose}:{settings.SECRET_KEY}".encode()
    digest = hmac.new(secret, value.encode("utf-8"), hashlib.sha256).hexdigest()
    return digest[:KEY_LENGTH]


def id_number_key(id_number: str) -> str:
    digits = "".join(ch for ch in id_number if ch.isalnum()).upper()
    return key_of("id", digits) if digits else ""


def _rate_key(request: HttpRequest) -> str:
    address = client_address(request)
    return RATE_PREFIX + hashlib.sha256(address.encode("utf-8")).hexdigest()


def rate_limited(request: HttpRequest) -> bool:
    """Whether the client's address already sent its share of ballots."""
    sent = cache.get(_rate_key(request)) or 0
    return int(sent) >= settings.SURVEY_BALLOTS_PER_ADDRESS


def count_ballot(request: HttpRequest) -> None:
    """Counts one ballot against the client's address for the window."""
    key = _rate_key(request)
    if cache.add(key, 1, timeout=settings.SURVEY_BALLOT_WINDOW):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=settings.SURVEY_BALLOT_WINDOW)
