"""The one-time codes match RFC 4226 and RFC 6238 and accept one step of clock drift."""

import base64
from urllib.parse import parse_qs, urlsplit

import pytest

from parindex.apps.accounts import totp

RFC_KEY = b"12345678901234567890"
RFC_SECRET = base64.b32encode(RFC_KEY).decode()

# RFC 6238, appendix B, SHA-1 column (8 digits).
RFC_6238_SHA1 = [
    (59, "94287082"),
    (1111111109, "07081804"),
    (1111111111, "14050471"),
    (1234567890, "89005924"),
    (2000000000, "69279037"),
    (20000000000, "65353130"),
]
# RFC 4226, appendix D (6 digits), counters 0 to 9.
RFC_4226 = [
    "755224",
    "287082",
    "359152",
    "969429",
    "338314",
    "254676",
    "287922",
    "162583",
    "399871",
    "520489",
]


@pytest.mark.parametrize(("at", "expected"), RFC_6238_SHA1)
def test_the_generator_gives_the_rfc_6238_sha1_codes(at, expected):
    assert totp.totp(RFC_KEY, at, digits=8) == expected


@pytest.mark.parametrize(("counter", "expected"), list(enumerate(RFC_4226)))
def test_the_counter_codes_are_those_of_rfc_4226(counter, expected):
    assert totp.hotp(RFC_KEY, counter) == expected


def test_the_app_uses_the_last_six_digits_of_the_same_codes():
    assert totp.totp(RFC_KEY, 59) == "287082"
    assert totp.totp(RFC_KEY, 1111111109) == "081804"


def test_the_rfc_secret_is_read_back_from_base32_in_any_case_and_spacing():
    assert RFC_SECRET == "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
    assert totp.decode_secret("gezd gnbv gy3t qojq gezd gnbv gy3t qojq") == RFC_KEY


def test_a_secret_that_is_not_base32_is_refused():
    with pytest.raises(ValueError, match="base32"):
        totp.decode_secret("not base32 at all!")


def test_the_code_of_this_step_matches_its_step():
    assert totp.matching_step(RFC_SECRET, "287082", 59) == 1


@pytest.mark.parametrize("drift", [-30, 30])
def test_a_code_one_step_early_or_late_is_accepted(drift):
    code = totp.totp(RFC_KEY, 1111111109 + drift)
    assert totp.matching_step(RFC_SECRET, code, 1111111109) == totp.time_step(1111111109 + drift)


@pytest.mark.parametrize("drift", [-60, 60])
def test_a_code_two_steps_away_is_refused(drift):
    code = totp.totp(RFC_KEY, 1111111109 + drift)
    assert totp.matching_step(RFC_SECRET, code, 1111111109) is None


@pytest.mark.parametrize("code", ["", "28708", "2870822", "28708a", "２８７０８２", "94287082"])
def test_codes_of_the_wrong_shape_are_refused(code):
    assert totp.matching_step(RFC_SECRET, code, 59) is None


def test_spaces_inside_a_code_are_ignored():
    assert totp.matching_step(RFC_SECRET, "287 082", 59) == 1


def test_new_secrets_are_random_160_bit_base32():
    first, second = totp.new_secret(), totp.new_secret()
    assert first != second
    assert len(totp.decode_secret(first)) == 20
    assert len(first) == 32


def test_the_provisioning_uri_names_the_account_and_the_parameters():
    uri = totp.provisioning_uri(RFC_SECRET, account="thẩm định@x", issuer="ParIndex")
    parts = urlsplit(uri)
    assert parts.scheme == "otpauth"
    assert parts.netloc == "totp"
    assert parts.path == "/ParIndex%3Ath%E1%BA%A9m%20%C4%91%E1%BB%8Bnh%40x"
    assert parse_qs(parts.query) == {
        "secret": [RFC_SECRET],
        "issuer": ["ParIndex"],
        "algorithm": ["SHA1"],
        "digits": ["6"],
        "period": ["30"],
    }


def test_a_secret_is_shown_in_groups_of_four():
    assert totp.grouped("ABCDEFGHIJ") == "ABCD EFGH IJ"
