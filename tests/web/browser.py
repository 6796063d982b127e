"""A real `assay serve`-like server on loopback and headless Chromium driving it (Selenium with
Debian's chromium and chromedriver: nothing is downloaded at run time). Used by
test_browser.py and by screenshots.py."""

import os
import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import uvicorn

from app.main import create_app
from app.platform import migrate
from app.platform.auth import Role, issue_token, load_or_create_secret
from app.platform.settings import Settings

if TYPE_CHECKING:
    from selenium.webdriver.remote.webdriver import WebDriver

CHROMIUM = Path(os.environ.get("ASSAY_CHROMIUM", "/usr/bin/chromium"))
CHROMEDRIVER = Path(os.environ.get("ASSAY_CHROMEDRIVER", "/usr/bin/chromedriver"))
DESKTOP, PHONE = (1280, 800), (390, 844)


def browser_missing() -> str | None:
    """Why the browser tests cannot run here, or None."""
    for path in (CHROMIUM, CHROMEDRIVER):
        if not path.is_file() or not os.access(path, os.X_OK):
            return f"{path} not found (apt-get install chromium chromium-driver)"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "the selenium package is not installed"
    return None


@dataclass
class LiveServer:
    url: str
    settings: Settings

    def token(self, *roles: Role, sub: str = "tester", hours: int = 2) -> str:
        return issue_token(
            self.settings,
            load_or_create_secret(self.settings),
            subject=sub,
            roles=list(roles),
            ttl=timedelta(hours=hours),
        )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def live_server(data_dir: Path, **overrides: object) -> Iterator[LiveServer]:
    """The app with its parse queue and webhook worker, served by uvicorn on 127.0.0.1."""
    settings = Settings(
        env="test", data_dir=data_dir, jwt_secret="browser-test-secret-" + "y" * 32,
        log_level="WARNING", recheck_enabled=False, parse_timeout_seconds=60,
        **overrides,  # type: ignore[arg-type]
    )  # fmt: skip
    migrate.upgrade(settings.resolved_database_url)
    port = _free_port()
    config = uvicorn.Config(
        create_app(settings), host="127.0.0.1", port=port, log_config=None, access_log=False
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="live-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield LiveServer(url=f"http://127.0.0.1:{port}", settings=settings)
    finally:
        server.should_exit = True
        thread.join(15)


@contextmanager
def chromium(size: tuple[int, int] = DESKTOP) -> Iterator["WebDriver"]:
    """Headless Chromium with a fresh profile, at `size` (CSS pixels)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = Path(tempfile.mkdtemp(prefix="assay-chromium-"))
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in (
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        f"--user-data-dir={profile}", f"--window-size={size[0]},{size[1]}",
        "--force-device-scale-factor=1", "--hide-scrollbars", "--lang=en-GB",
        "--no-first-run", "--disable-extensions", "--disable-background-networking",
    ):  # fmt: skip
        options.add_argument(arg)
    options.add_experimental_option(
        "prefs", {"download.default_directory": str(profile / "downloads")}
    )
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    try:
        set_viewport(driver, size)
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def set_viewport(driver: "WebDriver", size: tuple[int, int]) -> None:
    """Make the page's viewport exactly `size` (the window has chrome around it)."""
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": size[0], "height": size[1], "deviceScaleFactor": 1, "mobile": size[0] < 600},
    )
