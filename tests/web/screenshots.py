"""Screenshots of the real pages at 1280x800 and 390x844, for the README (docs/screenshots/).

    PYTHONPATH=. .venv/bin/python tests/web/screenshots.py [OUT_DIR]

Starts a server on loopback with a fresh data dir, signs in with a token as a person would,
creates a vendor, uploads a corpus case's PDFs through the page's upload form, waits for the
parse, then captures each page at both sizes."""

import sys
import tempfile
import time
from pathlib import Path

from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import Select, WebDriverWait

from app.platform.auth import Role
from tests.web.browser import DESKTOP, PHONE, LiveServer, chromium, live_server, set_viewport

REPO = Path(__file__).resolve().parents[2]
CASE = REPO.parent / "shared" / "corpus" / "cases" / "dev04_scope_corporate_it_only"


def sign_in(driver: WebDriver, server: LiveServer, token: str, path: str = "/") -> None:
    driver.get(server.url + path)
    if not driver.find_elements(By.NAME, "token"):  # signed in already: sign out first
        driver.find_element(By.CSS_SELECTOR, "form[action='/logout'] button").click()
        driver.get(server.url + path)
    driver.find_element(By.NAME, "token").send_keys(token)
    driver.find_element(By.CSS_SELECTOR, "form[action='/login'] button[type=submit]").click()
    WebDriverWait(driver, 10).until(lambda d: "/login" not in d.current_url)


def create_vendor(driver: WebDriver, server: LiveServer, name: str, **profile: str) -> str:
    driver.get(server.url + "/#new-vendor")
    form = driver.find_element(By.CSS_SELECTOR, "form[action='/vendors']")
    driver.execute_script("document.getElementById('new-vendor').open = true")
    form.find_element(By.NAME, "name").send_keys(name)
    form.find_element(By.NAME, "legal_names").send_keys(profile.get("legal_names", ""))
    form.find_element(By.NAME, "products").send_keys(profile.get("products", ""))
    Select(form.find_element(By.NAME, "criticality")).select_by_value(
        profile.get("criticality", "medium")
    )
    if profile.get("ai_vendor"):
        form.find_element(By.ID, "new-ai").click()
    for category in profile.get("data_categories", "").split():
        form.find_element(By.ID, f"new-dc-{category}").click()
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    WebDriverWait(driver, 10).until(ec.url_contains("/vendors/"))
    return driver.current_url.rsplit("/", 1)[-1].split("#")[0]


def upload_and_wait(driver: WebDriver, files: list[Path], timeout: float = 120) -> None:
    field = driver.find_element(By.CSS_SELECTOR, "form[data-upload] input[type=file][name=file]")
    field.send_keys("\n".join(str(f) for f in files))
    WebDriverWait(driver, timeout).until(
        lambda d: (
            len(d.find_elements(By.CSS_SELECTOR, "[data-upload-list] li")) == len(files)
            and all(
                li.get_attribute("data-status") in ("parsed", "failed", "error")
                for li in d.find_elements(By.CSS_SELECTOR, "[data-upload-list] li")
            )
        )
    )
    # The findings refresh in place once the last assessment is stored.
    WebDriverWait(driver, timeout).until(
        lambda d: (
            d.find_elements(By.CSS_SELECTOR, "[data-finding-code]")
            or d.find_elements(By.CSS_SELECTOR, "#findings .empty")
        )
    )


def wait_images(driver: WebDriver, timeout: float = 60) -> None:
    driver.execute_script(
        "document.querySelectorAll('img[loading=lazy]').forEach(i => {"
        " const r = i.getBoundingClientRect(); if (r.width > 0 && r.top < innerHeight && r.bottom > 0)"
        " i.loading = 'eager'; })"
    )
    WebDriverWait(driver, timeout).until(
        lambda d: d.execute_script(
            "return Array.from(document.images).filter(i => { const r = i.getBoundingClientRect();"
            " return r.width > 0 && r.top < innerHeight && r.bottom > 0; }).every(i => i.complete)"
        )
    )


def shoot(
    driver: WebDriver, out: Path, name: str, url: str | None = None, prepare: str = ""
) -> None:
    for label, size in (("desktop", DESKTOP), ("phone", PHONE)):
        set_viewport(driver, size)
        if url:
            driver.get("about:blank")  # a fresh load even when only the #fragment differs
            driver.get(url)
        if prepare:
            driver.execute_script(prepare)
        time.sleep(0.3)
        wait_images(driver)
        driver.save_screenshot(str(out / f"{name}-{label}.png"))


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, live_server(Path(tmp)) as server, chromium() as d:
        d.get(server.url + "/")
        shoot(d, out, "01-login")
        sign_in(d, server, server.token(Role.admin, sub="alex@buyer.example"))
        vendor_id = create_vendor(
            d, server, "Pellucid Voice", legal_names="Pellucid Voice Ltd",
            products="Pellucid Transcribe", criticality="high", ai_vendor="1",
            data_categories="personal health",
        )  # fmt: skip
        upload_and_wait(d, sorted(CASE.glob("*.pdf")))
        vendor_url = f"{server.url}/vendors/{vendor_id}"
        shoot(d, out, "03-vendor", vendor_url)
        shoot(d, out, "04-findings", vendor_url + "#findings")
        set_viewport(d, DESKTOP)
        d.get(vendor_url + "#findings")
        wait_images(d)
        d.find_element(By.CSS_SELECTOR, "[data-finding-code] a[data-enlarge]").click()
        WebDriverWait(d, 20).until(
            lambda drv: drv.execute_script(
                "const i = document.querySelector('[data-dialog-image]');"
                "return i.complete && i.naturalWidth > 0"
            )
        )
        d.save_screenshot(str(out / "05-evidence-page-desktop.png"))
        shoot(d, out, "06-why-score", vendor_url + "#why")
        shoot(
            d, out, "07-documents", vendor_url + "#documents",
            prepare="document.querySelector('details.facts').open = true;"
            "document.querySelector('article.doc').scrollIntoView()",
        )  # fmt: skip
        shoot(d, out, "02-vendors", server.url + "/")
        shoot(d, out, "08-rechecks", server.url + "/admin/rechecks")
        shoot(d, out, "09-webhooks", server.url + "/admin/webhooks")
        shoot(
            d,
            out,
            "10-accreditation",
            server.url + "/admin/accreditation?name=BSI+Assurance+UK+Limited&standard=27001",
        )
        shoot(d, out, "11-audit", server.url + "/admin/audit")
    print(f"screenshots in {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "docs" / "screenshots")
