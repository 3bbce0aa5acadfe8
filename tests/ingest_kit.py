"""Helpers for the ingest tests: run the CLI, build written pages with Sphinx."""

from __future__ import annotations

import contextlib
import http.server
import shutil
import threading
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from confnotes import cli

HERE = Path(__file__).parent
FIXTURES = HERE / "ingest"
ROOT = HERE / "roots" / "test-recordings"
REPO = HERE.parent


def confnotes(*args: str) -> int:
    return cli.main(list(args))


@dataclass
class Site:
    src: Path
    html: Path
    warnings: str

    def page(self, name: str) -> str:
        return (self.html / "reports" / f"{name}.html").read_text(encoding="utf-8")


def new_site(tmp: Path) -> Path:
    """A copy of the test root; pages go to ``reports/``."""
    src = tmp / "src"
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns("_build"))
    (src / "reports").mkdir(exist_ok=True)
    return src


def build(src: Path, *, nitpicky: bool = True) -> Site:
    """Build with Sphinx's test app (nitpicky): what the warnings and pages say."""
    from sphinx.testing.util import SphinxTestApp
    from sphinx.util.console import strip_colors

    app = SphinxTestApp(
        "html", srcdir=src, builddir=src.parent / "_build", freshenv=True,
        confoverrides={"nitpicky": nitpicky},
    )  # fmt: skip
    try:
        app.build()
        warnings = strip_colors(app.warning.getvalue())
        html = Path(app.outdir)
    finally:
        app.cleanup()
    return Site(src, html, warnings)


@contextlib.contextmanager
def serve(routes: Mapping[str, bytes]) -> Iterator[str]:
    """A local http.server on 127.0.0.1 answering ``routes`` (path -> body, where
    ``PORT`` in a body becomes the server's port), 404 for anything else, and
    ``/slow`` one second late; yields its base URL."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path == "/slow":
                time.sleep(1.0)
            body = routes.get(self.path, b"{}" if self.path == "/slow" else None)
            if body is None:
                self.send_error(404)
                return
            body = body.replace(b"PORT", str(self.server.server_address[1]).encode())
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            with contextlib.suppress(OSError):
                self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
