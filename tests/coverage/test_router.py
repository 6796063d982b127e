"""GET /vendors/{id}/coverage (CONTRACT.md §7): the AI-estate coverage matrix of the vendor's
parsed documents, cells citing document ids."""

from collections.abc import Callable

from fastapi.testclient import TestClient

from app.core.facts import Subservice
from app.platform.auth import Role
from tests.appstate import app_state
from tests.builders import make_certificate_facts, make_parsed, make_profile, make_soc2_facts
from tests.seed import seed_vendor

Auth = Callable[..., dict[str, str]]


def test_coverage_matrix_shape(client: TestClient, auth: Auth) -> None:
    cert = make_certificate_facts(
        scope="Hosting of the Northwind Vision inference service, excluding training pipelines."
    )
    soc2 = make_soc2_facts(
        subservice_organizations=[Subservice(name="OpenAI, L.L.C.", method="carve-out")]
    )
    with app_state(client).sessions.begin() as session:
        vendor = seed_vendor(
            session, make_profile(ai_vendor=True), [make_parsed(cert), make_parsed(soc2)]
        )
        vid = str(vendor.id)
    response = client.get(f"/api/v1/vendors/{vid}/coverage", headers=auth(Role.reviewer))
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["vendor_id"] == vid and body["ai_vendor"] is True
    assert [r["part"] for r in body["rows"]] == [
        "production_ai_infrastructure",
        "training_pipelines",
        "model_artifacts",
        "inference_infrastructure",
        "inference_logs",
        "third_party_models",
    ]
    cells = {(r["part"], c["source"]): c for r in body["rows"] for c in r["cells"]}
    inference = cells[("inference_infrastructure", "certificate_scope")]
    assert inference["state"] == "covered" and inference["page"] == 1
    assert inference["quote"] == "Hosting of the Northwind Vision inference service"
    assert len(inference["document"]) == 36  # a document id
    assert cells[("training_pipelines", "certificate_scope")]["state"] == "excluded"
    assert cells[("third_party_models", "soc2_system_description")]["state"] == "excluded"
    assert [p["status"] for p in body["model_providers"]] == ["carved_out"]
    assert "training pipelines and training data" in body["scope_gaps"]["excluded"]


def test_unknown_vendor_is_404(client: TestClient, auth: Auth) -> None:
    response = client.get(
        "/api/v1/vendors/00000000-0000-0000-0000-000000000000/coverage",
        headers=auth(Role.reviewer),
    )
    assert response.status_code == 404
