"""GET /api/v1/documents/{id}/pages/{n}/image: the cited page as PNG with the quote
highlighted, cached on disk by document, page, size and quote."""

from collections.abc import Callable

from fastapi.testclient import TestClient

from app.platform.auth import Role
from app.platform.settings import Settings
from tests.pdfs import make_pdf

Auth = Callable[..., dict[str, str]]


def _document(client: TestClient, auth: Auth, *pages: str) -> str:
    vendor = client.post(
        "/api/v1/vendors", json={"name": "Evidence Co"}, headers=auth(Role.procurement)
    ).json()["id"]
    response = client.post(
        f"/api/v1/vendors/{vendor}/documents",
        files={"file": ("cert.pdf", make_pdf(*pages), "application/pdf")},
        headers=auth(Role.procurement),
    )
    document_id: str = response.json()["id"]
    return document_id


def test_page_image_highlights_the_quote_and_is_cached(
    client: TestClient, auth: Auth, settings: Settings
) -> None:
    doc = _document(client, auth, "Front page", "Certificate number IS 712345\nValid until 2028")
    url = f"/api/v1/documents/{doc}/pages/2/image"
    first = client.get(
        url, params={"quote": "Certificate  number IS 712345"}, headers=auth(Role.reviewer)
    )
    assert first.status_code == 200 and first.headers["content-type"] == "image/png"
    assert first.headers["x-assay-highlight"] == "found"
    assert first.headers["cache-control"].startswith("private")
    cached = sorted((settings.data_dir / "evidence").rglob("*.png"))
    assert len(cached) == 1
    stamp = cached[0].stat().st_mtime_ns
    again = client.get(
        url, params={"quote": "Certificate number IS 712345"}, headers=auth(Role.reviewer)
    )
    assert again.content == first.content and cached[0].stat().st_mtime_ns == stamp
    missing = client.get(url, params={"quote": "not on this page"}, headers=auth(Role.reviewer))
    assert missing.status_code == 200 and missing.headers["x-assay-highlight"] == "not-found"
    plain = client.get(url, headers=auth(Role.procurement))
    assert plain.headers["x-assay-highlight"] == "none"
    assert len(list((settings.data_dir / "evidence").rglob("*.png"))) == 3


def test_page_image_sizes(client: TestClient, auth: Auth) -> None:
    from io import BytesIO

    from PIL import Image

    doc = _document(client, auth, "Scope: hosting of the product")
    sizes = {}
    for size in ("normal", "large", "focus"):
        response = client.get(
            f"/api/v1/documents/{doc}/pages/1/image",
            params={"quote": "hosting of the product", "size": size},
            headers=auth(Role.reviewer),
        )
        sizes[size] = Image.open(BytesIO(response.content)).size
    assert max(sizes["normal"]) == 1100 and max(sizes["large"]) == 2200
    assert sizes["focus"][1] < sizes["focus"][0]  # a band, wider than tall
    bad = client.get(
        f"/api/v1/documents/{doc}/pages/1/image",
        params={"size": "poster"},
        headers=auth(Role.reviewer),
    )
    assert bad.status_code == 422


def test_unknown_document_and_page_are_404(client: TestClient, auth: Auth) -> None:
    doc = _document(client, auth, "one page")
    unknown = client.get(
        "/api/v1/documents/00000000-0000-0000-0000-000000000000/pages/1/image",
        headers=auth(Role.reviewer),
    )
    assert unknown.status_code == 404 and unknown.json()["type"].endswith("/document-not-found")
    beyond = client.get(f"/api/v1/documents/{doc}/pages/3/image", headers=auth(Role.reviewer))
    assert beyond.status_code == 404 and beyond.json()["type"].endswith("/page-not-found")
    zero = client.get(f"/api/v1/documents/{doc}/pages/0/image", headers=auth(Role.reviewer))
    assert zero.status_code == 422
