"""IAF CertSearch Verification Users API client: find a certificate by its number and holder
(CONTRACT.md §4 accreditation verification; issue 12 "optional registry adapter").

Shapes as documented in the Verification Users API Developer Guide
(support.iafcertsearch.org/verification-users-api-developer-guide): the key goes in the
`x-http-authorization` header; `POST /match-companies` finds up to 10 certified entities by
name and country (no credit is consumed); `GET /company/{ce_id}` returns an entity with its
certificates; `GET /certificate/{cert_id}` one certificate. Errors are JSON problems with a
`code` (`unauthorized`, `forbidden`, `insufficient_credit`, `not_found`); 429 means the
request limit was reached. A miss is `None`: "not found" is not "invalid".
"""

import contextlib
import ipaddress
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlsplit

import httpx

__all__ = [
    "CertSearchClient",
    "CertSearchError",
    "CertificateHit",
    "OutOfCredit",
    "RateLimited",
    "check_base_url",
]

MAX_COMPANY_FETCHES = 2


class CertSearchError(Exception):
    """CertSearch answered with an error that stops this round of look-ups."""


class RateLimited(CertSearchError):
    def __init__(self, retry_after: float) -> None:
        super().__init__(f"request limit reached; retry after {retry_after:g} s")
        self.retry_after = retry_after


class OutOfCredit(CertSearchError):
    """No verification credit left on the account."""


@dataclass(frozen=True)
class CertificateHit:
    """A certificate CertSearch holds, as it describes it."""

    cert_id: str
    certification_number: str
    certification_status: str
    certification_body: str
    accreditation_body: str
    standards: tuple[str, ...]
    accredited_mla: bool
    certified_entity: str
    updated_at: int | None = None


def check_base_url(url: str) -> str:
    """The API address: HTTPS (as the API requires), or plain HTTP on loopback only (tests)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    loopback = host == "localhost"
    with contextlib.suppress(ValueError):
        loopback = loopback or ipaddress.ip_address(host).is_loopback
    if parts.scheme == "https" or (parts.scheme == "http" and loopback):
        return url.rstrip("/")
    raise ValueError(f"IAF CertSearch URL must be https:// (got {url!r})")


def _key(number: str) -> str:
    return re.sub(r"[^0-9A-Z]", "", number.upper())


def _hit(cert: dict[str, Any], entity: str) -> CertificateHit:
    schemes = cert.get("certification_standards_scheme") or []
    return CertificateHit(
        cert_id=str(cert.get("cert_id") or ""),
        certification_number=str(cert.get("certification_number") or ""),
        certification_status=str(cert.get("certification_status") or "").lower(),
        certification_body=str(cert.get("certification_bodies_name") or ""),
        accreditation_body=str(cert.get("accreditation_bodies_name") or ""),
        standards=tuple(str(s.get("standard_name") or "") for s in schemes),
        accredited_mla=any(bool(s.get("is_accredited_mla")) for s in schemes),
        certified_entity=entity,
        updated_at=cert.get("updated_at") if isinstance(cert.get("updated_at"), int) else None,
    )


class CertSearchClient:
    """Calls the API at most once per `min_interval` seconds; raises RateLimited on 429 and
    OutOfCredit when the account has no credit, so the caller stops and waits."""

    def __init__(
        self,
        http: httpx.Client,
        *,
        base_url: str,
        api_key: str,
        min_interval: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._http, self._base, self._key = http, check_base_url(base_url), api_key
        self._interval, self._clock, self._sleep = min_interval, clock, sleep
        self._last = float("-inf")
        self.calls = 0

    def _request(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        wait = self._last + self._interval - self._clock()
        if wait > 0:
            self._sleep(wait)
        self._last = self._clock()
        self.calls += 1
        headers = {"x-http-authorization": self._key, "Content-Type": "application/json",
                   "Accept": "application/json"}  # fmt: skip
        try:
            response = self._http.request(method, f"{self._base}{path}", json=body, headers=headers)
        except httpx.HTTPError as exc:
            raise CertSearchError(f"IAF CertSearch unreachable ({type(exc).__name__})") from exc
        return self._answer(response)

    def _answer(self, response: httpx.Response) -> Any:
        if response.status_code == 404:
            return None
        try:
            payload = response.json()
        except ValueError:
            payload = {}
        if response.status_code == 429:
            retry = response.headers.get("Retry-After", "60")
            raise RateLimited(float(retry) if retry.replace(".", "", 1).isdigit() else 60.0)
        code = payload.get("code") if isinstance(payload, dict) else None
        if response.status_code == 403 and code == "insufficient_credit":
            raise OutOfCredit("no IAF CertSearch verification credit left")
        if response.status_code >= 400:
            raise CertSearchError(
                f"IAF CertSearch answered {response.status_code} ({code or 'error'})"
            )
        return payload.get("data") if isinstance(payload, dict) else None

    def match_companies(self, name: str, country: str, *, count: int = 3) -> list[dict[str, Any]]:
        """Up to `count` certified entities named like `name` in `country` (no credit used)."""
        body = {"company_name": name, "company_country": country, "match_result_count": count}
        data = self._request("POST", "/match-companies", body)
        return [d for d in (data or []) if isinstance(d, dict) and d.get("ce_id")]

    def company(self, ce_id: str) -> dict[str, Any] | None:
        data = self._request("GET", f"/company/{quote(ce_id, safe='')}")
        if isinstance(data, list):
            data = data[0] if data else None
        return data if isinstance(data, dict) else None

    def certificate(self, cert_id: str) -> CertificateHit | None:
        """One certificate by its IAF id (to refresh a cached hit's status)."""
        data = self._request("GET", f"/certificate/{quote(cert_id, safe='')}")
        if not isinstance(data, dict):
            return None
        entities = data.get("certified_entities") or [{}]
        return _hit(data, str(entities[0].get("certified_entity_name") or ""))

    def find_certificate(self, *, number: str, holder: str, country: str) -> CertificateHit | None:
        """The certificate with `number` held by `holder`, or None (a miss). Exact company
        matches are fetched first, and at most MAX_COMPANY_FETCHES companies per look-up."""
        matches = self.match_companies(holder, country)
        matches.sort(key=lambda m: m.get("match_type") != "exactly_matched")
        wanted = _key(number)
        for match in matches[:MAX_COMPANY_FETCHES]:
            company = self.company(str(match["ce_id"]))
            if company is None:
                continue
            entity = str(
                company.get("matched_certified_entity_name")
                or match.get("matched_certified_entity_name")
                or ""
            )
            for cert in company.get("certificates") or []:
                if (
                    isinstance(cert, dict)
                    and _key(str(cert.get("certification_number") or "")) == wanted
                ):
                    return _hit(cert, entity)
        return None
