"""Webhook signatures (CONTRACT.md §8): the header format, and the receiver-side check."""

import hashlib
import hmac

import pytest

from app.webhooks.signing import sign, verify_signature

SECRET = "whsec-0123456789abcdef"
BODY = b'{"data":{"vendor_id":"v1"},"id":"e1","type":"certificate.expiring"}'
T = 1_795_000_000


def test_header_is_the_contract_format_computed_independently() -> None:
    expected = hmac.new(SECRET.encode(), f"{T}.".encode() + BODY, hashlib.sha256).hexdigest()
    assert sign(SECRET, BODY, timestamp=T) == f"t={T},v1={expected}"


def test_a_signed_body_verifies() -> None:
    assert verify_signature(SECRET, sign(SECRET, BODY, timestamp=T), BODY, now=T + 10)


@pytest.mark.parametrize(
    ("header", "body", "secret", "now"),
    [
        (sign(SECRET, BODY, timestamp=T), BODY + b" ", SECRET, T),
        (sign(SECRET, BODY, timestamp=T), BODY, "another-secret-value", T),
        (sign(SECRET, BODY, timestamp=T), BODY, SECRET, T + 301),
        (sign(SECRET, BODY, timestamp=T), BODY, SECRET, T - 301),
        (sign(SECRET, BODY, timestamp=T).replace(f"t={T}", f"t={T + 1}"), BODY, SECRET, T),
        (f"t={T}", BODY, SECRET, T),
        ("v1=" + "0" * 64, BODY, SECRET, T),
        (f"t=abc,v1={'0' * 64}", BODY, SECRET, T),
        (f"t={T},v1=ünïcode", BODY, SECRET, T),
        ("", BODY, SECRET, T),
    ],
    ids=[
        "body_changed",
        "wrong_secret",
        "too_old",
        "too_far_in_future",
        "timestamp_changed",
        "no_signature",
        "no_timestamp",
        "bad_timestamp",
        "non_ascii_signature",
        "empty_header",
    ],
)
def test_tampering_and_replays_are_refused(
    header: str, body: bytes, secret: str, now: float
) -> None:
    assert not verify_signature(secret, header, body, now=now)


def test_any_matching_v1_is_accepted_so_secrets_can_rotate() -> None:
    good = sign(SECRET, BODY, timestamp=T).split(",")[1]
    header = f"t={T},v1={'0' * 64}, {good},v0=ignored"
    assert verify_signature(SECRET, header, BODY, now=T)


def test_tolerance_is_configurable() -> None:
    header = sign(SECRET, BODY, timestamp=T)
    assert verify_signature(SECRET, header, BODY, tolerance=3600, now=T + 3000)
    assert not verify_signature(SECRET, header, BODY, tolerance=60, now=T + 61)
