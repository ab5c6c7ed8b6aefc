"""Time-based one-time passwords (RFC 6238 over RFC 4226), with the standard library only.

The app uses what every authenticator app understands: SHA-1, 30-second steps, 6 digits.
Nothing here touches Django; replay protection and rate limiting live in ``signin.py``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
from urllib.parse import quote, urlencode

STEP_SECONDS = 30
DIGITS = 6
WINDOW = 1  # steps accepted either side of the current one (clock drift)
SECRET_BYTES = 20  # 160 bits, the length RFC 4226 recommends for SHA-1


def new_secret() -> str:
    """A fresh random secret, base32 without padding (32 characters)."""
    return base64.b32encode(secrets.token_bytes(SECRET_BYTES)).decode("ascii").rstrip("=")


def decode_secret(secret: str) -> bytes:
    """The key bytes of a base32 secret, forgiving spaces, lower case and missing padding."""
    cleaned = "".join(secret.split()).upper()
    padded = cleaned + "=" * (-len(cleaned) % 8)
    try:
        return base64.b32decode(padded)
    except binascii.Error as error:
        raise ValueError("not a base32 secret") from error


def hotp(key: bytes, counter: int, *, digits: int = DIGITS) -> str:
    """RFC 4226: HMAC-SHA-1 of the 8-byte counter, dynamically truncated to ``digits``."""
    mac = hmac.new(key, counter.to_bytes(8, "big"), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    binary = int.from_bytes(mac[offset : offset + 4], "big") & 0x7FFFFFFF
    return str(binary % 10**digits).zfill(digits)


def time_step(at: float) -> int:
    """The RFC 6238 counter T for a Unix time (T0 = 0)."""
    return int(at // STEP_SECONDS)


def totp(key: bytes, at: float, *, digits: int = DIGITS) -> str:
    return hotp(key, time_step(at), digits=digits)


def matching_step(secret: str, code: str, at: float) -> int | None:
    """The step within ±``WINDOW`` of ``at`` whose code is ``code``, else ``None``.

    Codes are compared in constant time; anything but exactly ``DIGITS`` digits fails.
    """
    code = "".join(code.split())
    if len(code) != DIGITS or not code.isascii() or not code.isdigit():
        return None
    key = decode_secret(secret)
    current = time_step(at)
    found = None
    for step in range(current - WINDOW, current + WINDOW + 1):
        if hmac.compare_digest(hotp(key, step), code):
            found = step
    return found


def provisioning_uri(secret: str, *, account: str, issuer: str) -> str:
    """The ``otpauth://`` URI that authenticator apps read (Key Uri Format)."""
    label = quote(f"{issuer}:{account}", safe="")
    query = urlencode(
        {
            "secret": secret,
            "issuer": issuer,
            "algorithm": "SHA1",
            "digits": DIGITS,
            "period": STEP_SECONDS,
        },
        quote_via=quote,
    )
    return f"otpauth://totp/{label}?{query}"


def grouped(secret: str) -> str:
    """The secret in groups of four characters, easier to type by hand."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
