"""IAF CertSearch look-ups (app/accreditation/certsearch.py): a hit becomes a verified check, a
miss changes nothing, answers are cached with their date, limits stop the round, and nothing
calls out without a key."""

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr
from sqlalchemy import func, select

from app.accreditation import certsearch
from app.accreditation.schemas import CertSearchRunRead
from app.adapters.certsearch import CertSearchClient
from app.platform.auth import Role
from app.platform.models import AccreditationVerification, CertSearchAnswer
from app.platform.settings import Settings
from tests.accreditation.certsearch_server import API_KEY, Recorded, certsearch_server
from tests.appstate import app_state
from tests.builders import make_certificate_facts, make_parsed, make_profile
from tests.seed import seed_vendor

Auth = Callable[..., dict[str, str]]
NOW = datetime.now(UTC)
CB = "Northgate Assurance Services Ltd"


@pytest.fixture
def server() -> Iterator[tuple[str, Recorded]]:
    with certsearch_server() as running:
        yield running


@pytest.fixture
def keyed(settings: Settings, server: tuple[str, Recorded]) -> Settings:
    return settings.model_copy(
        update={"iaf_certsearch_api_key": SecretStr(API_KEY), "iaf_certsearch_url": server[0]}
    )


@pytest.fixture
def api(keyed: Settings) -> Iterator[TestClient]:
    from app.main import create_app

    with TestClient(create_app(keyed, start_background=False), raise_server_exceptions=False) as c:
        yield c


def _seed(
    client: TestClient, number: str = "NAS-27001-0042", sites: list[str] | None = None
) -> None:
    facts = make_certificate_facts(
        certification_body=CB, accreditation_body="ANAB", accreditation_number=None,
        certificate_number=number, holder="Northwind Analytics Ltd",
        sites=["1 High Street, London EC1A 1AA, United Kingdom"] if sites is None else sites,
        issue_date=NOW.date() - timedelta(days=30), expiry_date=NOW.date() + timedelta(days=700),
    )  # fmt: skip
    with app_state(client).sessions.begin() as session:
        seed_vendor(session, make_profile(), [make_parsed(facts)])


def _round(client: TestClient, now: datetime = NOW) -> CertSearchRunRead:
    state = app_state(client)
    with httpx.Client() as http:
        cs = CertSearchClient(
            http, base_url=state.settings.iaf_certsearch_url, api_key=API_KEY, min_interval=0
        )
        return certsearch.run(
            state.sessions, client=cs, registry=state.registry_store.current(),
            settings=state.settings, now=now,
        )  # fmt: skip


def _count(
    client: TestClient, model: type[AccreditationVerification] | type[CertSearchAnswer]
) -> int:
    with app_state(client).sessions() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_a_hit_is_recorded_as_a_verified_check_and_cached(
    api: TestClient, auth: Auth, server: tuple[str, Recorded]
) -> None:
    _seed(api)
    result = _round(api)
    assert (result.looked_up, result.hits, result.misses, result.stopped) == (1, 1, 0, None)
    with app_state(api).sessions() as session:
        row = session.scalars(select(AccreditationVerification)).one()
    assert (row.certification_body, row.accreditation_body, row.origin, row.checked_by) == (
        CB, "ANAB", "iaf_certsearch", "iaf-certsearch",
    )  # fmt: skip
    app_state(api).registry_store.invalidate()
    found = api.get(
        "/api/v1/accreditation/lookup", params={"name": CB}, headers=auth(Role.reviewer)
    ).json()
    assert (found["verdict"], found["provenance"]) == ("accredited", "verified")

    calls = len(server[1].requests)
    again = _round(api)
    assert (again.looked_up, again.cached) == (0, 0)  # now verified: nothing to look up
    assert len(server[1].requests) == calls


def test_a_miss_changes_nothing_but_is_cached(
    api: TestClient, server: tuple[str, Recorded]
) -> None:
    _seed(api, number="NAS-OTHER-1")
    result = _round(api)
    assert (result.looked_up, result.hits, result.misses) == (1, 0, 1)
    assert _count(api, AccreditationVerification) == 0
    calls = len(server[1].requests)
    assert _round(api).cached == 1
    assert len(server[1].requests) == calls  # answered from the cache
    later = _round(api, NOW + timedelta(days=31))
    assert later.looked_up == 1  # the cached answer is older than the cache period


def test_a_rate_limit_stops_the_round_and_is_respected(
    api: TestClient, server: tuple[str, Recorded]
) -> None:
    _seed(api)
    server[1].mode = "rate_limited"
    first = _round(api)
    assert first.stopped and "retry after 120" in first.stopped
    calls = len(server[1].requests)
    server[1].mode = "ok"
    blocked = _round(api, NOW + timedelta(seconds=60))
    assert blocked.stopped and "rate limited until" in blocked.stopped
    assert len(server[1].requests) == calls
    assert _round(api, NOW + timedelta(seconds=121)).hits == 1


def test_out_of_credit_stops_the_round(api: TestClient, server: tuple[str, Recorded]) -> None:
    _seed(api)
    server[1].mode = "no_credit"
    result = _round(api)
    assert result.stopped == "no IAF CertSearch verification credit left"
    assert _count(api, AccreditationVerification) == 0


def test_without_the_holders_country_nothing_is_asked(
    api: TestClient, server: tuple[str, Recorded]
) -> None:
    _seed(api, sites=[])
    result = _round(api)
    assert result.looked_up == 0 and result.skipped
    assert server[1].requests == []


def test_the_api_starts_a_round_in_the_background(
    api: TestClient, auth: Auth, server: tuple[str, Recorded], monkeypatch: pytest.MonkeyPatch
) -> None:
    rechecks: list[object] = []
    monkeypatch.setattr("app.rechecks.runner.run_after_import", rechecks.append)
    _seed(api)
    r = api.post("/api/v1/accreditation/certsearch", headers=auth(Role.reviewer))
    assert r.status_code == 202, r.text
    assert _count(api, AccreditationVerification) == 1
    assert len(rechecks) == 1


def test_without_a_key_nothing_calls_out(
    client: TestClient, auth: Auth, server: tuple[str, Recorded]
) -> None:
    _seed(client)
    assert (
        client.post("/api/v1/accreditation/certsearch", headers=auth(Role.admin)).status_code == 409
    )
    assert server[1].requests == []
