from __future__ import annotations

import contextlib
import http.server
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from confnotes.cli import main
from confnotes.ingest.errors import SourceError
from confnotes.ingest.match import match, resolve
from confnotes.ingest.recordings import plan
from confnotes.ingest.sources import pyvideo
from confnotes.model import Talk

HERE = Path(__file__).parent / "ingest" / "pyvideo"
EVENT = HERE / "europython-2020"


def talk(title: str, speakers: tuple[str, ...] = (), **kw: str) -> Talk:
    return Talk(id="", docname="", lineno=0, title=title, speakers=speakers, **kw)


def test_identifier_beats_title() -> None:
    talks = [talk("Something else entirely", link="https://x.org/talk/ABC12XY/")]
    recs = [talk("Other title", link="https://x.org/talk/ABC12XY/")]
    sure, unsure = match(recs, talks)
    assert [(m.talk, m.recording, m.reason) for m in sure] == [(0, 0, "identifier")]
    assert unsure == []


def test_spelling_variant_and_different_title_match() -> None:
    talks = [talk("Tips for Data Cleaning", ("Hui Ziang Chua",))]
    recs = [talk("Top 15 Python Tips for Data Cleaning - Understanding", ("Hui Xiang Chua",))]
    sure, _ = match(recs, talks)
    assert [(m.talk, m.recording) for m in sure] == [(0, 0)]


def test_accents_and_case_in_names() -> None:
    talks = [talk("Your name is invalid!", ("Miroslav Šedivý",))]
    recs = [talk("Your Name is Invalid", ("miroslav sedivy",))]
    assert len(match(recs, talks)[0]) == 1


def test_cancelled_talk_never_matches() -> None:
    talks = [talk("Making Pandas Fly", ("Ian Ozsvald",), status="cancelled")]
    recs = [talk("Making Pandas Fly", ("Ian Ozsvald",))]
    assert match(recs, talks) == ([], [])


def test_one_recording_per_talk_best_first() -> None:
    talks = [talk("Static typing in Python", ("Dustin Ingram",))]
    recs = [
        talk("Static typing in Python", ("Dustin Ingram",)),
        talk("Static typing", ("Dustin Ingram",)),
    ]
    sure, unsure = match(recs, talks)
    assert [(m.talk, m.recording) for m in sure] == [(0, 0)]
    assert unsure == []


def test_same_title_other_speaker_is_unsure_at_most() -> None:
    talks = [talk("Lightning talks", ("Alice Example",))]
    recs = [talk("Lightning talks", ("Bob Other",))]
    sure, unsure = match(recs, talks)
    assert sure == [] and all(not m.sure for m in unsure)


def test_outside_the_report_dates_is_skipped() -> None:
    talks = [talk("Making Pandas Fly", ("Ian Ozsvald",))]
    recs = [talk("Making Pandas Fly", ("Ian Ozsvald",), start="2019-07-10")]
    assert match(recs, talks, start="2020-07-24", end="2020-07-24") == ([], [])


def test_resolve_relative_urls() -> None:
    assert resolve("media/s.pdf", "https://ep.eu") == "https://ep.eu/media/s.pdf"
    assert resolve("/s.pdf", "https://ep.eu/2020/") == "https://ep.eu/s.pdf"
    assert resolve("https://a.b/s", "https://ep.eu") == "https://a.b/s"


def test_fixture_report_gets_every_recorded_talk_and_is_idempotent() -> None:
    text = (HERE / "report.md").read_text()
    recs = list(pyvideo.load(str(EVENT)).talks)
    first = plan(text, recs)
    assert (first.matched, first.added, first.updated) == (3, 4, 0)
    assert "fixture0004" not in first.text  # the cancelled talk gets none
    assert (
        "https://ep2020.europython.eu/media/slides/hui-xiang-chua-data-cleaning.pdf" in first.text
    )
    assert "My notes stay as written.\n" in first.text
    again = plan(first.text, recs)
    assert again.text == first.text and (again.added, again.updated) == (0, 0)


def test_cli_writes_then_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "report.md"
    page.write_text((HERE / "report.md").read_text())
    assert main(["recordings", str(EVENT), "--report", str(page), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "+:video: https://www.youtube.com/watch?v=fixture0001" in out
    assert page.read_text() == (HERE / "report.md").read_text()
    assert main(["recordings", str(EVENT), "--report", str(page)]) == 0
    written = page.read_text()
    assert main(["recordings", str(EVENT), "--report", str(page)]) == 0
    assert page.read_text() == written
    assert list(tmp_path.iterdir()) == [page]  # no temporary file left


def test_cli_bad_source_exit_2_nothing_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "report.md"
    page.write_text("x\n")
    bad = tmp_path / "bad.json"
    bad.write_text("{oops")
    assert main(["recordings", str(bad), "--report", str(page)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "malformed JSON" in err
    assert page.read_text() == "x\n"


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/slow":
            time.sleep(1.5)
        body = {"/ok": b'{"title": "T", "speakers": ["A B"]}', "/html": b"<html>no</html>",
                "/big": b"x" * (pyvideo.MAX_BYTES + 10), "/slow": b"{}"}.get(self.path)  # fmt: skip
        if body is None:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(OSError):
            self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_url_ok(server: str) -> None:
    assert pyvideo.load(server + "/ok").talks[0].speakers == ("A B",)


@pytest.mark.parametrize(
    ("path", "expected"),
    [("/missing", "404"), ("/html", "malformed JSON"), ("/big", "size limit")],
)
def test_url_errors(server: str, path: str, expected: str) -> None:
    with pytest.raises(SourceError, match=expected):
        pyvideo.load(server + path)


def test_url_timeout(server: str) -> None:
    with pytest.raises(SourceError, match="timed out"):
        pyvideo.read_json(pyvideo.fetch(server + "/slow", timeout=0.3), "slow")


def test_authoring_guide_example_is_what_the_command_writes() -> None:
    guide = (Path(__file__).parents[1] / "docs" / "authoring.md").read_text()
    example = guide.split("## Add the recordings", 1)[1].split("`````markdown\n", 1)[1]
    example = example.split("`````", 1)[0]
    written = plan((HERE / "report.md").read_text(), list(pyvideo.load(str(EVENT)).talks)).text
    assert example in written


def test_updated_page_builds_without_warnings(tmp_path: Path) -> None:
    from sphinx.testing.util import SphinxTestApp
    from sphinx.util.console import strip_colors

    src = tmp_path / "src"
    src.mkdir()
    root = Path(__file__).parent / "roots" / "test-recordings"
    for name in ("conf.py", "index.md"):
        (src / name).write_text((root / name).read_text())
    written = plan((HERE / "report.md").read_text(), list(pyvideo.load(str(EVENT)).talks)).text
    (src / "report.md").write_text(written)
    # SphinxTestApp, not Sphinx: its cleanup() undoes the docutils registrations
    # (nodes, directives, roles) that later tests would otherwise inherit.
    app = SphinxTestApp("html", srcdir=src, builddir=tmp_path / "build", freshenv=True)
    try:
        app.build()
        warnings = strip_colors(app.warning.getvalue())
    finally:
        app.cleanup()
    # Sphinx 9's warningiserror only sets the exit status: read the warnings themselves.
    assert warnings == ""
    assert app.statuscode == 0
    html = (Path(app.outdir) / "report.html").read_text()
    assert "https://www.youtube.com/watch?v=fixture0002" in html
    assert "fixture0004" not in html
