"""Browser tests: the app runs once, in its own process on a free port with a file database and the demo
loaded, sending mail to a real SMTP server on loopback; Playwright drives Debian's Chromium."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import free_port

CHROMIUM = os.environ.get("GJESTEBUD_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
DEMO_PASSWORD = "nordlys over fjorden i kveld"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PHONE = {"width": 360, "height": 780}
DESKTOP = {"width": 1280, "height": 900}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if Path(item.fspath).is_relative_to(here):
            item.add_marker(pytest.mark.browser)
            if not Path(CHROMIUM).exists():
                item.add_marker(pytest.mark.skip(
                    reason=f"Chromium not found at {CHROMIUM}: "
                           "install Debian's chromium or set GJESTEBUD_CHROMIUM"))


@pytest.fixture(scope="session")
def mailbox():
    """A real SMTP server for the whole browser session."""
    from aiosmtpd.controller import Controller

    from tests.conftest import _Collector

    handler = _Collector()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    handler.port = controller.port
    yield handler
    controller.stop()


@dataclass(frozen=True)
class LiveServer:
    url: str
    database_url: str
    secret_key: str

    def app(self):
        """An app on the live server's database, for arranging data the browser then sees."""
        from gjestebud import create_app

        return create_app({"DATABASE_URL": self.database_url, "SECRET_KEY": self.secret_key,
                           "BASE_URL": self.url, "MAIL_DEFER": True})


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory, mailbox) -> LiveServer:
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    folder = tmp_path_factory.mktemp("live")
    env = {
        **os.environ,
        "GJESTEBUD_DATABASE_URL": f"sqlite:///{folder / 'live.sqlite'}",
        "GJESTEBUD_SECRET_KEY": "browser-test-secret-long-enough-to-be-accepted",
        "GJESTEBUD_BASE_URL": base_url,
        "GJESTEBUD_MAIL_BACKEND": "smtp",
        "GJESTEBUD_MAIL_SERVER": "127.0.0.1",
        "GJESTEBUD_MAIL_PORT": str(mailbox.port),
        "GJESTEBUD_DEMO_PASSWORD": DEMO_PASSWORD,
    }
    flask = [sys.executable, "-m", "flask", "--app", "gjestebud"]
    for command in (["migrate"], ["load-demo"]):
        subprocess.run(flask + command, env=env, check=True, capture_output=True)
    ARTIFACTS.mkdir(exist_ok=True)
    log_path = ARTIFACTS / f"live-server-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}.log"
    log = open(log_path, "w")
    server = subprocess.Popen(flask + ["run", "--host", "127.0.0.1", "--port", str(port)], env=env,
                              stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 20
    while True:
        try:
            with urllib.request.urlopen(f"{base_url}/healthz", timeout=1):
                break
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                raise RuntimeError(log_path.read_text()) from None
            time.sleep(0.1)
    yield LiveServer(base_url, env["GJESTEBUD_DATABASE_URL"], env["GJESTEBUD_SECRET_KEY"])
    server.terminate()
    server.wait(timeout=10)
    log.close()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        yield browser
        browser.close()


@pytest.fixture(params=["phone", "desktop"])
def viewport(request: pytest.FixtureRequest) -> dict:
    return PHONE if request.param == "phone" else DESKTOP


@pytest.fixture
def page(browser, live_server, viewport):
    context = browser.new_context(base_url=live_server.url, viewport=viewport, locale="nb-NO")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def screenshot(page, request: pytest.FixtureRequest):
    """Save a full-page screenshot of each step as a test artefact."""

    def take(step: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        width = page.viewport_size["width"]
        path = ARTIFACTS / f"{request.node.name}-{width}px-{step}.png".replace("/", "_")
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
