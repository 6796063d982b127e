"""Webhook signatures (CONTRACT.md §8).

Every delivery carries `Assay-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256>` where the MAC
is computed with the subscription's secret over the bytes `"<t>." + <raw request body>`.
Signing the timestamp with the body lets a receiver refuse replays older than a tolerance.

`verify_signature` uses only the standard library so receivers can copy it as it is.
"""

import hashlib
import hmac
import time

SIGNATURE_HEADER = "Assay-Signature"
SCHEME = "v1"
DEFAULT_TOLERANCE_SECONDS = 300


def compute_mac(secret: str, timestamp: int, body: bytes) -> str:
    """Hex HMAC-SHA256 of `"<timestamp>.<body>"` keyed with `secret`."""
    message = str(timestamp).encode("ascii") + b"." + body
    return hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()


def sign(secret: str, body: bytes, *, timestamp: int) -> str:
    """The `Assay-Signature` header value for `body` sent at `timestamp` (unix seconds)."""
    return f"t={timestamp},{SCHEME}={compute_mac(secret, timestamp, body)}"


def verify_signature(
    secret: str,
    header: str,
    body: bytes,
    tolerance: int = DEFAULT_TOLERANCE_SECONDS,
    now: float | None = None,
) -> bool:
    """True when `header` is a valid Assay signature of the raw `body` under `secret`.

    Receivers: pass the raw request bytes (not re-serialised JSON). The timestamp must be
    within `tolerance` seconds of `now` (default: the current time) in either direction, so a
    captured delivery cannot be replayed later. Several `v1=` entries are accepted (any one
    matching is enough); unknown schemes are ignored. Deduplicate deliveries on the body's `id`.
    """
    timestamp: int | None = None
    candidates: list[str] = []
    for part in header.split(","):
        key, sep, value = part.strip().partition("=")
        if not sep:
            continue
        if key == "t":
            try:
                timestamp = int(value)
            except ValueError:
                return False
        elif key == SCHEME:
            candidates.append(value)
    if timestamp is None or not candidates:
        return False
    current = time.time() if now is None else now
    if abs(current - timestamp) > tolerance:
        return False
    expected = compute_mac(secret, timestamp, body).encode("ascii")
    # Compare bytes: compare_digest refuses non-ASCII str, and a header is attacker input.
    return any(hmac.compare_digest(expected, c.encode("utf-8")) for c in candidates)
