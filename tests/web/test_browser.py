"""The UI in a real browser: headless Chromium (Debian's chromium + chromedriver, driven by
Selenium) against a real server on loopback with its parse queue running.

Covers sign-in with the token form, creating a vendor, uploading several PDFs at once through
the upload form with their live status, the findings against the API's, evidence images
loaded with their highlight, the page viewer, questions export, role denials, a forged form
refused (CSRF), and both window sizes (1280x800, 390x844) without sideways scrolling.
Skipped when chromium is absent, unless ASSAY_REQUIRE_BROWSER=1 (CI sets it)."""

import os
import tempfile
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.platform.auth import Role
from tests.web.browser import DESKTOP, PHONE, LiveServer, browser_missing, chromium, live_server

pytestmark = pytest.mark.browser
_MISSING = browser_missing()
if _MISSING and os.environ.get("ASSAY_REQUIRE_BROWSER") == "1":
    pytest.fail(f"ASSAY_REQUIRE_BROWSER=1 but {_MISSING}", pytrace=False)
if _MISSING:
    pytest.skip(_MISSING, allow_module_level=True)

from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.remote.webdriver import WebDriver  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

from tests.web.screenshots import create_vendor, sign_in, upload_and_wait  # noqa: E402

CASE = "dev01_clean_vendor"
FINDINGS_CASE = "dev04_scope_corporate_it_only"


@pytest.fixture(scope="module")
def server() -> Iterator[LiveServer]:
    with tempfile.TemporaryDirectory() as tmp, live_server(Path(tmp)) as live:
        yield live


@pytest.fixture(scope="module")
def driver() -> Iterator[WebDriver]:
    with chromium(DESKTOP) as d:
        yield d


def _api(server: LiveServer, path: str, role: Role = Role.reviewer) -> Any:
    import json

    request = urllib.request.Request(
        server.url + path, headers={"Authorization": f"Bearer {server.token(role)}"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def _codes(d: WebDriver) -> list[str]:
    """The finding codes on the page, read in one go (the page refreshes them in place)."""
    codes: list[str] = d.execute_script(
        "return Array.from(document.querySelectorAll('[data-finding-code]'))"
        ".map(e => e.getAttribute('data-finding-code'))"
    )
    return sorted(codes)


def _settled(d: WebDriver, server: LiveServer, vendor_id: str) -> dict[str, Any]:
    """Wait until the page shows the latest stored assessment; returns the API's."""
    api: dict[str, Any] = {}

    def shows_latest(drv: WebDriver) -> bool:
        api.update(_api(server, f"/api/v1/vendors/{vendor_id}/assessment"))
        shown = drv.execute_script(
            "return document.getElementById('vendor').getAttribute('data-assessment-id')"
        )
        return bool(shown == api["id"])

    WebDriverWait(d, 60, poll_frequency=0.5).until(shows_latest)
    return api


def _no_sideways_scroll(d: WebDriver) -> bool:
    return bool(d.execute_script(
        "return document.documentElement.scrollWidth <= window.innerWidth + 1"
    ))  # fmt: skip


def test_new_user_flow_upload_four_pdfs_and_read_findings(
    server: LiveServer, driver: WebDriver, shared_dir: Path
) -> None:
    d = driver
    d.get(server.url + "/?sort=name")
    assert "/login?next=%2F%3Fsort%3Dname" in d.current_url  # signed out: sent to sign in
    sign_in(d, server, server.token(Role.admin, sub="new-user"), "/?sort=name")
    assert d.current_url == server.url + "/?sort=name"  # and back where it was going
    assert d.find_element(By.CSS_SELECTOR, "main h1").text == "Vendors"
    vendor_id = create_vendor(
        d, server, "Lattice Harbor Software", legal_names="Lattice Harbor Software, Inc.",
        products="HarborDesk", criticality="medium", data_categories="personal",
    )  # fmt: skip
    files = sorted((shared_dir / "corpus" / "cases" / CASE).glob("*.pdf"))[:4]
    assert len(files) == 4
    upload_and_wait(d, files)
    rows = d.find_elements(By.CSS_SELECTOR, "[data-upload-list] li")
    assert [r.get_attribute("data-status") for r in rows] == ["parsed"] * 4
    assert all(
        r.find_element(By.TAG_NAME, "progress").get_attribute("value") == "100" for r in rows
    )
    # The document list refreshed in place with the parsed documents.
    WebDriverWait(d, 30).until(
        lambda drv: (
            len(drv.find_elements(By.CSS_SELECTOR, 'article.doc[data-status="parsed"]')) == 4
        )
    )
    api = _settled(d, server, vendor_id)
    assert _codes(d) == sorted(f["code"] for f in api["findings"])
    tier = d.find_element(By.CSS_SELECTOR, ".scorecard-tier").text.lower()
    assert tier == api["tier"]


def test_findings_evidence_images_viewer_and_questions(
    server: LiveServer, driver: WebDriver, shared_dir: Path
) -> None:
    d = driver
    vendor_id = create_vendor(
        d, server, "Pellucid Voice", legal_names="Pellucid Voice Ltd",
        products="Pellucid Transcribe", criticality="high", ai_vendor="1",
    )  # fmt: skip
    upload_and_wait(d, sorted((shared_dir / "corpus" / "cases" / FINDINGS_CASE).glob("*.pdf")))
    api = _settled(d, server, vendor_id)
    d.get(f"{server.url}/vendors/{vendor_id}")
    codes = _codes(d)
    assert codes == sorted(f["code"] for f in api["findings"])
    assert {"SCOPE_CORPORATE_IT_ONLY", "SCOPE_AI_GAP"} <= set(codes)
    images = d.find_elements(By.CSS_SELECTOR, "[data-finding-code] img[data-evidence-page]")
    assert images
    for img in images[:4]:
        d.execute_script("arguments[0].scrollIntoView()", img)
    WebDriverWait(d, 60).until(
        lambda drv: all(
            drv.execute_script("return arguments[0].complete && arguments[0].naturalWidth > 0", i)
            for i in images[:4]
        )
    )
    # The highlight is painted: sample the loaded image for the highlight's yellow.
    yellow = d.execute_script(
        "const img = arguments[0], c = document.createElement('canvas');"
        "c.width = img.naturalWidth; c.height = img.naturalHeight;"
        "const g = c.getContext('2d'); g.drawImage(img, 0, 0);"
        "const px = g.getImageData(0, 0, c.width, c.height).data; let n = 0;"
        "for (let i = 0; i < px.length; i += 16) if (px[i] > 200 && px[i+1] > 180 && px[i+2] < 140) n++;"
        "return n;",
        images[0],
    )
    assert yellow > 50
    link = images[0].find_element(By.XPATH, "..")
    d.execute_script("arguments[0].scrollIntoView()", link)
    link.click()
    WebDriverWait(d, 30).until(
        lambda drv: drv.execute_script(
            "const dlg = document.getElementById('page-viewer'), i = dlg.querySelector('img');"
            "return dlg.open && i.complete && i.naturalWidth >= 1500"
        )
    )
    d.find_element(By.CSS_SELECTOR, "#page-viewer button").click()
    # Questions export: the page's links give the API's files.
    for fmt, link_fmt in (("csv", "csv"), ("markdown", "md")):
        href = d.find_element(By.CSS_SELECTOR, f'a[data-questions="{fmt}"]').get_attribute("href")
        assert href == f"{server.url}/vendors/{vendor_id}/questions.{link_fmt}"
        body = d.execute_script(
            "return fetch(arguments[0], {credentials: 'same-origin'}).then(r => r.text())", href
        )
        assert (
            "SCOPE_AI_GAP" in body if fmt == "csv" else body.startswith("# Questions for Pellucid")
        )


def test_both_window_sizes_fit_without_sideways_scrolling(
    server: LiveServer, driver: WebDriver
) -> None:
    d = driver
    vendors = _api(server, "/api/v1/vendors?q=Pellucid")["items"]
    pages = ["/", f"/vendors/{vendors[0]['id']}", "/admin/rechecks", "/admin/webhooks",
             "/admin/accreditation?name=BSI", "/admin/audit"]  # fmt: skip
    from tests.web.browser import set_viewport

    try:
        for size in (DESKTOP, PHONE):
            set_viewport(d, size)
            for page in pages:
                d.get(server.url + page)
                assert _no_sideways_scroll(d), (size, page)
                # The tier needs no click: it is on screen on the vendor page and the list.
                if page.startswith("/vendors/"):
                    card = d.find_element(By.CSS_SELECTOR, ".scorecard-tier")
                    assert card.is_displayed() and d.execute_script(
                        "return arguments[0].getBoundingClientRect().bottom <= innerHeight", card
                    )
    finally:
        set_viewport(d, DESKTOP)


def test_keyboard_reaches_the_upload_and_every_control_is_labelled(
    server: LiveServer, driver: WebDriver
) -> None:
    d = driver
    vendors = _api(server, "/api/v1/vendors?q=Pellucid")["items"]
    d.get(f"{server.url}/vendors/{vendors[0]['id']}")
    unlabelled = d.execute_script(
        "return Array.from(document.querySelectorAll('input:not([type=hidden]), select, textarea'))"
        ".filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label'))"
        ".map(e => e.name || e.id)"
    )
    assert unlabelled == []
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    reached = set()
    for _ in range(60):
        ActionChains(d).send_keys(Keys.TAB).perform()
        active = d.switch_to.active_element
        reached.add(active.get_attribute("id") or active.get_attribute("name") or active.tag_name)
    assert "upload-file" in reached and "as_of" in reached


def test_roles_are_denied_and_forged_forms_refused(server: LiveServer) -> None:
    with chromium(PHONE) as d:
        sign_in(d, server, server.token(Role.reviewer, sub="rita"), "/admin/audit")
        assert "Not allowed for your role" in d.page_source
        assert "This needs one of the roles: admin" in d.page_source
        d.get(server.url + "/")
        assert not d.find_elements(By.CSS_SELECTOR, "form[action='/vendors']")  # cannot create
        # A form posted without this session's CSRF token (as another site would) is refused.
        status = d.execute_script(
            "const f = new FormData(); f.append('name', 'Forged'); f.append('csrf_token', 'x');"
            "return fetch('/vendors', {method: 'POST', body: f, headers: {Accept: 'application/json'}})"
            ".then(r => r.status)"
        )
        assert status == 403
        assert not _api(server, "/api/v1/vendors?q=Forged")["items"]
        d.find_element(By.CSS_SELECTOR, "form[action='/logout'] button").click()
        WebDriverWait(d, 10).until(lambda drv: "/login" in drv.current_url)
        d.get(server.url + "/")
        assert "/login" in d.current_url
