"""The pages: vendor list (search, filters, sort, create), the vendor page (findings as the
API reports them, evidence images, documents, history, questions, preview), uploads,
profile edits and errors shown as pages."""

import re
from collections.abc import Callable
from html import unescape
from pathlib import Path

from fastapi.testclient import TestClient

from app.platform.auth import Role
from tests.appstate import app_state, app_workers
from tests.pdfs import make_pdf
from tests.web.conftest import SignIn, drain

Auth = Callable[..., dict[str, str]]
CODES = re.compile(r'data-finding-code="([A-Z0-9_]+)"')
IMAGES = re.compile(r'<img data-evidence-page="(\d+)" src="([^"]+)"')


def _create(client: TestClient, csrf: str, name: str, **fields: object) -> str:
    response = client.post(
        "/vendors", data={"csrf_token": csrf, "name": name, **fields}, follow_redirects=False
    )
    assert response.status_code == 303, response.text
    return str(response.headers["location"]).rsplit("/", 1)[-1]


def test_vendor_page_shows_the_apis_findings_with_evidence_images(
    client: TestClient, auth: Auth, parsed_vendor: str
) -> None:
    api = client.get(
        f"/api/v1/vendors/{parsed_vendor}/assessment", headers=auth(Role.reviewer)
    ).json()
    page = client.get(f"/vendors/{parsed_vendor}")
    assert page.status_code == 200
    expected = sorted(f["code"] for f in api["findings"])
    assert expected and sorted(CODES.findall(page.text)) == expected
    assert {"SCOPE_CORPORATE_IT_ONLY", "SCOPE_AI_GAP"} <= set(expected)
    assert (
        f"tier-{api['tier']}" in page.text and f"<strong>{api['score']}</strong>/100" in page.text
    )
    for finding in api["findings"]:
        assert unescape(finding["ask_vendor"]) in unescape(page.text)
    images = IMAGES.findall(page.text)
    evidence = [e for f in api["findings"] for e in f["evidence"] if e.get("page")]
    assert len(images) >= len(evidence) > 0
    page_number, src = images[0]
    image = client.get(unescape(src))
    assert image.status_code == 200 and image.headers["content-type"] == "image/png"
    assert image.content.startswith(b"\x89PNG") and image.headers["x-assay-highlight"] == "found"
    assert f"/pages/{page_number}/image" in src


def test_vendor_page_lists_documents_with_facts_confidence_and_history(
    client: TestClient, parsed_vendor: str
) -> None:
    page = client.get(f"/vendors/{parsed_vendor}").text
    assert page.count('data-status="parsed"') == 2
    assert "iso27001 certificate" in page and "scope statement" in page
    assert ">certificate number<" in page and 'class="conf conf-high"' in page
    # One snapshot per parsed document: the history shows what each opened.
    assert page.count('class="opened"') >= 1 and "Opened" in page


def test_questions_download_as_csv_and_markdown(
    client: TestClient, auth: Auth, parsed_vendor: str
) -> None:
    api = client.get(
        f"/api/v1/vendors/{parsed_vendor}/questions?format=csv", headers=auth(Role.reviewer)
    )
    csv = client.get(f"/vendors/{parsed_vendor}/questions.csv")
    assert csv.status_code == 200 and csv.text == api.text
    assert csv.headers["content-type"].startswith("text/csv")
    assert "attachment" in csv.headers["content-disposition"]
    md = client.get(f"/vendors/{parsed_vendor}/questions.md")
    api_md = client.get(
        f"/api/v1/vendors/{parsed_vendor}/questions?format=markdown", headers=auth(Role.reviewer)
    )
    assert md.headers["content-type"].startswith("text/markdown") and md.text == api_md.text
    assert md.text.startswith("# Questions for Pellucid Voice")


def test_preview_as_of_another_date_is_not_stored(
    client: TestClient, auth: Auth, parsed_vendor: str
) -> None:
    history = client.get(f"/api/v1/vendors/{parsed_vendor}/assessments", headers=auth(Role.admin))
    later = client.get(f"/vendors/{parsed_vendor}?as_of=2029-06-01")
    assert later.status_code == 200 and "Preview as of <strong>2029-06-01</strong>" in later.text
    api = client.get(
        f"/api/v1/vendors/{parsed_vendor}/assessment?as_of=2029-06-01", headers=auth(Role.admin)
    ).json()
    assert sorted(CODES.findall(later.text)) == sorted(f["code"] for f in api["findings"])
    assert "CERT_EXPIRED" in CODES.findall(later.text)
    again = client.get(f"/api/v1/vendors/{parsed_vendor}/assessments", headers=auth(Role.admin))
    assert again.json()["total"] == history.json()["total"]


def test_status_reports_each_documents_parse_state(client: TestClient, sign_in: SignIn) -> None:
    csrf = sign_in(Role.procurement)
    vendor_id = _create(client, csrf, "Status Co")
    files = [
        ("file", ("a.pdf", make_pdf("ISO/IEC 27001 certificate A"), "application/pdf")),
        ("file", ("b.pdf", make_pdf("Statement of Applicability B"), "application/pdf")),
    ]
    upload = client.post(
        f"/vendors/{vendor_id}/documents",
        files=files,
        headers={"X-CSRF-Token": csrf, "Accept": "application/json"},
    )
    assert upload.status_code == 201
    assert [d["status"] for d in upload.json()["documents"]] == ["received", "received"]
    waiting = client.get(f"/vendors/{vendor_id}/status").json()
    assert [d["status"] for d in waiting["documents"]] == ["received", "received"]
    assert waiting["assessment_id"] is None
    assert drain(client) == 2
    done = client.get(f"/vendors/{vendor_id}/status").json()
    assert {d["status"] for d in done["documents"]} <= {"parsed", "failed"}
    assert done["assessment_id"] is not None


def test_upload_without_javascript_reports_each_file(client: TestClient, sign_in: SignIn) -> None:
    csrf = sign_in(Role.procurement)
    vendor_id = _create(client, csrf, "NoJS Co")
    response = client.post(
        f"/vendors/{vendor_id}/documents",
        data={"csrf_token": csrf},
        files=[
            ("file", ("good.pdf", make_pdf("hello"), "application/pdf")),
            ("file", ("notes.txt", b"plain text, not a PDF", "text/plain")),
        ],
    )
    assert response.status_code == 200  # redirected back to the vendor page
    assert "1 file(s) received" in response.text
    assert "notes.txt: The file does not start with the PDF signature" in response.text
    assert response.text.count("data-document-id=") == 1


def test_upload_is_refused_without_csrf(client: TestClient, sign_in: SignIn) -> None:
    csrf = sign_in(Role.procurement)
    vendor_id = _create(client, csrf, "Guarded Co")
    response = client.post(
        f"/vendors/{vendor_id}/documents",
        files=[("file", ("a.pdf", make_pdf("x"), "application/pdf"))],
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 403
    assert response.json()["type"].endswith("/csrf-refused")
    assert client.get(f"/vendors/{vendor_id}/status").json()["documents"] == []


def test_vendor_list_search_filters_and_sort(client: TestClient, sign_in: SignIn) -> None:
    csrf = sign_in(Role.procurement)
    alpha = _create(client, csrf, "Alpha Analytics", criticality="critical")
    _create(client, csrf, "Beta Bakery", criticality="low")
    listing = client.get("/").text
    assert "Alpha Analytics" in listing and "Beta Bakery" in listing
    found = client.get("/", params={"q": "alpha"}).text
    assert "Alpha Analytics" in found and "Beta Bakery" not in found
    low = client.get("/", params={"criticality": "low"}).text
    assert "Beta Bakery" in low and "Alpha Analytics" not in low
    by_crit = client.get("/", params={"sort": "criticality"}).text
    assert by_crit.index("Alpha Analytics") < by_crit.index("Beta Bakery")
    by_name = client.get("/", params={"sort": "name"}).text
    assert by_name.index("Alpha Analytics") < by_name.index("Beta Bakery")
    client.post(f"/vendors/{alpha}/archive", data={"csrf_token": csrf})
    assert "Alpha Analytics" not in client.get("/").text
    assert "Alpha Analytics" in client.get("/", params={"archived": "true"}).text


def test_create_vendor_validates_like_the_api(client: TestClient, sign_in: SignIn) -> None:
    csrf = sign_in(Role.procurement)
    response = client.post(
        "/vendors",
        data={"csrf_token": csrf, "name": "Odd", "required_frameworks": ["SOC 7"]},
    )
    assert response.status_code == 200  # back on the list with the reason
    assert "The vendor was not created." in response.text and "required frameworks" in response.text
    assert "data-vendor-id=" not in response.text


def test_profile_edit_goes_through_the_api_schema(
    client: TestClient, auth: Auth, sign_in: SignIn
) -> None:
    csrf = sign_in(Role.procurement)
    vendor_id = _create(client, csrf, "Gamma")
    client.post(
        f"/vendors/{vendor_id}/profile",
        data={
            "csrf_token": csrf, "name": "Gamma Grid", "legal_names": "Gamma Grid Ltd\nGG Inc",
            "products": "GridOne, GridTwo", "ai_vendor": "true", "criticality": "high",
            "data_categories": ["personal", "health"], "other_data_categories": "telemetry",
            "required_frameworks": ["SOC 2", "ISO 27001"],
        },
    )  # fmt: skip
    vendor = client.get(f"/api/v1/vendors/{vendor_id}", headers=auth(Role.reviewer)).json()
    assert vendor["name"] == "Gamma Grid"
    assert vendor["legal_names"] == ["Gamma Grid Ltd", "GG Inc"]
    assert vendor["products"] == ["GridOne", "GridTwo"]
    assert vendor["ai_vendor"] is True and vendor["criticality"] == "high"
    assert vendor["data_categories"] == ["personal", "health", "telemetry"]
    assert vendor["required_frameworks"] == ["SOC 2", "ISO 27001"]


def test_errors_are_pages_in_plain_words(client: TestClient, sign_in: SignIn) -> None:
    sign_in(Role.reviewer)
    missing = client.get("/vendors/00000000-0000-0000-0000-000000000000")
    assert missing.status_code == 404 and missing.headers["content-type"].startswith("text/html")
    assert "Vendor not found" in missing.text and "vendor-not-found" in missing.text
    bad = client.get("/vendors/not-a-uuid")
    assert bad.status_code == 422 and "Some values were not accepted" in bad.text
    as_json = client.get(
        "/vendors/00000000-0000-0000-0000-000000000000/status",
        headers={"Accept": "application/json"},
    )
    assert as_json.status_code == 404
    assert as_json.headers["content-type"].startswith("application/problem+json")


def test_admin_pages_render(client: TestClient, sign_in: SignIn) -> None:
    sign_in(Role.admin)
    for path, text in [
        ("/admin/rechecks", "Start a re-check"),
        ("/admin/webhooks", "Subscribe a URL"),
        ("/admin/accreditation?name=BSI+Assurance+UK+Limited&standard=27001", "Accredited"),
        ("/admin/audit", "Audit log"),
    ]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert text in response.text, path


def test_webhook_subscribe_test_and_deliveries(
    client: TestClient, sign_in: SignIn, settings: object
) -> None:
    csrf = sign_in(Role.admin)
    refused = client.post(
        "/admin/webhooks",
        data={"csrf_token": csrf, "url": "http://127.0.0.1:9/hook", "secret": "s" * 32,
              "events": ["finding.opened"]},
    )  # fmt: skip
    assert "The subscription was not created." in refused.text
    assert "private" in refused.text.lower() or "loopback" in refused.text.lower()
    app_state(client).settings.webhook_allow_private = True
    created = client.post(
        "/admin/webhooks",
        data={"csrf_token": csrf, "url": "http://127.0.0.1:9/hook", "secret": "s" * 32,
              "events": ["finding.opened"]},
        follow_redirects=False,
    )  # fmt: skip
    assert created.status_code == 303
    detail_url = created.headers["location"]
    client.post(f"{detail_url}/test", data={"csrf_token": csrf})
    detail = client.get(detail_url).text
    assert "webhook.test" in detail and 'data-delivery-status="pending"' in detail


def test_recheck_starts_from_the_page_and_shows_its_run(
    client: TestClient, sign_in: SignIn
) -> None:
    csrf = sign_in(Role.admin)
    started = client.post("/admin/rechecks", data={"csrf_token": csrf, "as_of": "2027-01-05"})
    assert started.status_code == 200
    assert "Re-check as of 2027-01-05 started" in started.text or "2027-01-05" in started.text
    app_workers(client).drain("recheck")  # the page queued it; a worker runs it
    runs = client.get("/admin/rechecks").text
    assert 'data-run-status="succeeded"' in runs and "2027-01-05" in runs


def test_accreditation_lookup_not_found_is_not_invalid(client: TestClient, sign_in: SignIn) -> None:
    sign_in(Role.reviewer)
    page = client.get("/admin/accreditation", params={"name": "Nobody Certification Zzz"}).text
    assert 'data-verdict="not_found"' in page and "not “invalid”" in page


def test_document_file_and_page_image_errors(
    client: TestClient, parsed_vendor: str, tmp_path: Path
) -> None:
    page = client.get(f"/vendors/{parsed_vendor}").text
    doc_id = re.search(r'data-document-id="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    pdf = client.get(f"/documents/{doc_id}/file")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    beyond = client.get(f"/documents/{doc_id}/pages/99/image")
    assert beyond.status_code == 404 and "has no page 99" in beyond.text


def test_vendor_page_shows_the_coverage_matrix_to_readers_of_the_api_route(
    client: TestClient, auth: Auth, sign_in: SignIn, parsed_vendor: str
) -> None:
    api = client.get(
        f"/api/v1/vendors/{parsed_vendor}/coverage", headers=auth(Role.reviewer)
    ).json()
    sign_in(Role.reviewer)
    page = client.get(f"/vendors/{parsed_vendor}").text
    shown = re.findall(r'data-coverage-part="([a-z_]+)"', page)
    assert shown == [row["part"] for row in api["rows"]]
    states = re.findall(r'data-coverage-state="([a-z]+)"', page)
    assert states == [c["state"] for row in api["rows"] for c in row["cells"]]
    # Procurement cannot read GET /vendors/{id}/coverage, so the page does not show it either.
    sign_in(Role.procurement)
    assert "data-coverage-part" not in client.get(f"/vendors/{parsed_vendor}").text
