"""End-to-end tests: the built site served on localhost, driven by Debian's Chromium.

Playwright for Python drives the system Chromium (``/usr/bin/chromium``, or
``CONFNOTES_CHROMIUM``); ``playwright install`` is never needed. Without the
``browser`` extra (playwright) or without Chromium every test here is skipped,
unless ``CONFNOTES_REQUIRE_BROWSER=1`` is set: then they fail (CI sets it).
"""

from __future__ import annotations

import functools
import os
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "_build" / "screenshots"
CHROMIUM = os.environ.get("CONFNOTES_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Desktop is wide enough for pydata-sphinx-theme's right sidebar ("On this page").
VIEWPORTS = {"desktop": {"width": 1400, "height": 900}, "phone": {"width": 375, "height": 800}}
MODES = ("light", "dark")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "browser: end-to-end test in Chromium (needs the browser extra and Chromium)"
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.browser)


def unavailable_reason() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError as exc:
        return (
            f"playwright is not importable ({exc}): pip install -e '.[browser]', or tox -e browser"
        )
    if not os.access(CHROMIUM, os.X_OK):
        return f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
    return None


@pytest.fixture(scope="session", autouse=True)
def _browser_gate() -> None:
    reason = unavailable_reason()
    if reason is None:
        return
    if os.environ.get("CONFNOTES_REQUIRE_BROWSER") == "1":
        pytest.fail(f"CONFNOTES_REQUIRE_BROWSER=1 but {reason}", pytrace=False)
    pytest.skip(reason)


# -- the site -----------------------------------------------------------------------


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built once per session, as the docs env builds it (minus -W:
    warnings are the docs env's business; these tests look at the result)."""
    out = tmp_path_factory.mktemp("browser-html")
    cmd = [sys.executable, "-m", "sphinx", "-q", "-n", "-b", "html", str(REPO), str(out)]
    cmd += ["-d", str(tmp_path_factory.mktemp("browser-doctrees"))]
    run = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, check=False)
    if run.returncode != 0:
        pytest.fail(f"site build failed ({run.returncode}):\n{run.stderr}", pytrace=False)
    return out


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="session")
def site_url(site_dir: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


# -- the browser --------------------------------------------------------------------


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class Visit:
    """One page in one browser context, with everything that went wrong loading it."""

    page: Any
    base: str
    problems: list[str] = field(default_factory=list)

    def goto(self, path: str) -> None:
        self.page.goto(self.base + path.lstrip("/"), wait_until="load")

    def assert_clean(self) -> None:
        assert not self.problems, "\n".join(self.problems)


def _browser_favicon(url: str) -> bool:
    # Chromium asks the server root for /favicon.ico by itself when a page names no
    # icon; a static site served from a subpath cannot answer that, so it is no error.
    return urlsplit(url).path == "/favicon.ico"


def _theme_script(mode: str) -> str:
    # What pydata-sphinx-theme's switcher stores and its <head> script reads back.
    return f'localStorage.setItem("mode", "{mode}"); localStorage.setItem("theme", "{mode}");'


@pytest.fixture
def open_page(chromium: Any, site_url: str) -> Iterator[Callable[..., Visit]]:
    """open_page(path, mode="light", viewport="desktop") -> Visit, already loaded."""
    contexts: list[Any] = []

    def _open(path: str, mode: str = "light", viewport: str = "desktop") -> Visit:
        context = chromium.new_context(
            viewport=VIEWPORTS[viewport],
            color_scheme=mode,
            is_mobile=viewport == "phone",
            has_touch=viewport == "phone",
            device_scale_factor=1,
        )
        contexts.append(context)
        context.add_init_script(_theme_script(mode))
        page = context.new_page()
        page.set_default_timeout(10_000)
        visit = Visit(page, site_url)
        problems = visit.problems

        def on_console(msg: Any) -> None:
            if msg.type == "error" and not _browser_favicon(msg.location.get("url", "")):
                problems.append(f"console error: {msg.text} ({msg.location.get('url')})")

        def on_response(response: Any) -> None:
            if response.status >= 400 and not _browser_favicon(response.url):
                problems.append(f"HTTP {response.status}: {response.url}")

        page.on("console", on_console)
        page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
        page.on("requestfailed", lambda r: problems.append(f"request failed: {r.url} {r.failure}"))
        page.on("response", on_response)
        visit.goto(path)
        return visit

    yield _open
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
