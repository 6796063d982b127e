"""The IAF CertSearch client (app/adapters/certsearch.py) against a loopback server serving
recorded responses in the documented shapes."""

from collections.abc import Iterator

import httpx
import pytest

from app.adapters.certsearch import (
    CertSearchClient,
    CertSearchError,
    OutOfCredit,
    RateLimited,
    check_base_url,
)
from tests.accreditation.certsearch_server import API_KEY, CERTIFICATE, Recorded, certsearch_server


@pytest.fixture
def server() -> Iterator[tuple[str, Recorded]]:
    with certsearch_server() as running:
        yield running


def _client(url: str, http: httpx.Client, key: str = API_KEY) -> CertSearchClient:
    return CertSearchClient(http, base_url=url, api_key=key, min_interval=0)


def test_finds_a_certificate_by_number_and_holder(server: tuple[str, Recorded]) -> None:
    url, recorded = server
    with httpx.Client() as http:
        hit = _client(url, http).find_certificate(
            number="nas 27001-0042", holder="Northwind Analytics Ltd", country="GB"
        )
    assert hit is not None
    assert (hit.cert_id, hit.certification_body, hit.accredited_mla) == (
        CERTIFICATE["cert_id"], "Northgate Assurance Services Ltd", True,
    )  # fmt: skip
    assert hit.standards == ("ISO/IEC 27001:2022",)
    method, path, body = recorded.requests[0]
    assert (method, path.rsplit("/", 1)[-1]) == ("POST", "match-companies")
    assert body == {
        "company_name": "Northwind Analytics Ltd",
        "company_country": "GB",
        "match_result_count": 3,
    }


def test_a_miss_is_none(server: tuple[str, Recorded]) -> None:
    url, _ = server
    with httpx.Client() as http:
        client = _client(url, http)
        assert (
            client.find_certificate(number="NAS-27001-0042", holder="Unknown Co", country="GB")
            is None
        )
        assert (
            client.find_certificate(number="OTHER-1", holder="Northwind Analytics", country="GB")
            is None
        )


def test_certificate_by_id(server: tuple[str, Recorded]) -> None:
    url, _ = server
    with httpx.Client() as http:
        hit = _client(url, http).certificate(CERTIFICATE["cert_id"])
    assert hit is not None
    assert (hit.certification_status, hit.certified_entity) == ("active", "Northwind Analytics Ltd")


@pytest.mark.parametrize(
    ("mode", "error"),
    [("rate_limited", RateLimited), ("no_credit", OutOfCredit)],
    ids=["429", "credit"],
)
def test_limits_stop_the_round(
    server: tuple[str, Recorded], mode: str, error: type[Exception]
) -> None:
    url, recorded = server
    recorded.mode = mode
    with httpx.Client() as http, pytest.raises(error) as raised:
        _client(url, http).find_certificate(number="X", holder="Northwind", country="GB")
    if isinstance(raised.value, RateLimited):
        assert raised.value.retry_after == 120


def test_a_wrong_key_is_an_error(server: tuple[str, Recorded]) -> None:
    url, _ = server
    with httpx.Client() as http, pytest.raises(CertSearchError, match="401"):
        _client(url, http, key="wrong").find_certificate(
            number="X", holder="Northwind", country="GB"
        )


def test_requests_are_paced() -> None:
    calls: list[float] = []
    now = [100.0]

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(now[0])
        return httpx.Response(200, json={"data": []})

    with httpx.Client(transport=httpx.MockTransport(handler)) as http:
        client = CertSearchClient(
            http, base_url="https://api.example/v1", api_key="k", min_interval=2.0,
            clock=lambda: now[0], sleep=lambda s: now.__setitem__(0, now[0] + s),
        )  # fmt: skip
        client.match_companies("A", "GB")
        client.match_companies("B", "GB")
    assert calls == [100.0, 102.0]


@pytest.mark.parametrize(
    ("url", "ok"),
    [("https://api.iafcertsearch.org/api/client/v1", True), ("http://127.0.0.1:8080/v1", True),
     ("http://localhost/v1", True), ("http://api.iafcertsearch.org/v1", False), ("ftp://x", False)],
)  # fmt: skip
def test_only_https_or_loopback(url: str, ok: bool) -> None:
    if ok:
        assert check_base_url(url) == url.rstrip("/")
    else:
        with pytest.raises(ValueError, match="https"):
            check_base_url(url)
