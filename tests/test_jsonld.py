"""schema.org JSON-LD per talk, and the OpenGraph / Twitter card tags of each page."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from confnotes.model import Talk
from confnotes.outputs import jsonld
from hypothesis import given
from hypothesis import strategies as st

BASE = "https://notes.example.org/site/"  # the test root's html_baseurl
S = "https://schema.org/"


def _build(rootdir: Path, dest: Path, **overrides: Any) -> Any:
    from sphinx.testing.util import SphinxTestApp

    src = dest / "src"
    shutil.copytree(rootdir / "test-outputs", src, ignore=shutil.ignore_patterns("_build"))
    app = SphinxTestApp("html", srcdir=src, confoverrides=overrides, freshenv=True)
    app.build()
    app.cleanup()
    return app


@pytest.fixture(scope="module")
def site(rootdir: Path, tmp_path_factory: pytest.TempPathFactory) -> Any:
    return _build(rootdir, tmp_path_factory.mktemp("jsonld"))


def _soup(app: Any, docname: str) -> BeautifulSoup:
    html = (Path(app.outdir) / f"{docname}.html").read_text("utf-8")
    return BeautifulSoup(html, "html.parser")


def _scripts(app: Any, docname: str) -> list[Any]:
    return _soup(app, docname).find_all("script", type="application/ld+json")


def _graph(app: Any, docname: str) -> list[dict[str, Any]]:
    (script,) = _scripts(app, docname)
    data = json.loads(script.string)
    assert data["@context"] == "https://schema.org"
    return data["@graph"]  # type: ignore[no-any-return]


def _event(app: Any, title: str) -> tuple[dict[str, Any], Talk]:
    domain = app.env.domains["confnotes"]
    for docname, talks in domain.talks.items():
        for talk, event in zip(talks, _graph(app, docname), strict=True):
            if talk.title == title:
                return event, talk
    raise AssertionError(title)


# -- every page ---------------------------------------------------------------------------------


def test_every_page_with_talks_describes_each_talk(site: Any) -> None:
    domain = site.env.domains["confnotes"]
    assert len(domain.talks) >= 4
    for docname, talks in domain.talks.items():
        report = domain.reports.get(docname)
        graph = _graph(site, docname)
        assert len(graph) == len(talks)
        for event, talk in zip(graph, talks, strict=True):
            assert event["@type"] == "Event"
            assert event["name"] == talk.title
            assert event["url"] == f"{BASE}{docname}.html#{talk.id}"
            assert event["eventStatus"] == S + jsonld.STATUS.get(talk.status, "EventScheduled")
            assert event["performer"] == [{"@type": "Person", "name": n} for n in talk.speakers]
            want_lang = talk.language or (report.language if report else "") or "en"
            assert event["inLanguage"] == want_lang
            if report is None:
                assert "startDate" not in event and "location" not in event
                continue
            assert event["startDate"].startswith(report.start[:4])
            assert event["superEvent"]["name"] == report.name
            assert event["superEvent"]["startDate"] == report.start
            assert event["superEvent"]["endDate"] == report.end
            assert event["location"] == event["superEvent"]["location"] or report.website == ""
            if talk.video:
                assert event["recordedIn"]["@type"] == "VideoObject"
                assert event["recordedIn"]["url"] == talk.video
            else:
                assert "recordedIn" not in event
            if talk.link:
                assert event["sameAs"] == talk.link


def test_pages_without_talks_carry_no_jsonld(site: Any) -> None:
    for docname in ("index", "refs", "finder"):
        assert _scripts(site, docname) == [], docname


# -- the cases schema.org and search engines care about ----------------------------------------


def test_cancelled_and_postponed_talks(site: Any) -> None:
    cancelled, _ = _event(site, "A talk that did not happen")
    assert cancelled["eventStatus"] == S + "EventCancelled"
    postponed, _ = _event(site, "A talk moved to next year")
    assert postponed["eventStatus"] == S + "EventPostponed"
    held, _ = _event(site, "Scaling pandas")
    assert held["eventStatus"] == S + "EventScheduled"


def test_online_conference_is_a_virtual_location(site: Any) -> None:
    event, _ = _event(site, "Scaling pandas")
    assert event["eventAttendanceMode"] == S + "OnlineEventAttendanceMode"
    assert event["location"] == {"@type": "VirtualLocation", "url": "https://ep2020.europython.eu/"}
    # No website: the report page is where the talk is "attended".
    keynote, _ = _event(site, "Day two keynote")
    assert keynote["location"]["@type"] == "VirtualLocation"
    assert keynote["location"]["url"].startswith(BASE + "reports/multiday.html")


def test_place_and_hybrid_locations(site: Any) -> None:
    event, _ = _event(site, "Polars in de praktijk")
    assert event["eventAttendanceMode"] == S + "OfflineEventAttendanceMode"
    assert event["location"] == {"@type": "Place", "name": "Amsterdam", "address": "Amsterdam"}
    hybrid, _ = _event(site, "A talk with a local time only")
    assert hybrid["eventAttendanceMode"] == S + "MixedEventAttendanceMode"
    assert [loc["@type"] for loc in hybrid["location"]] == ["Place", "VirtualLocation"]


def test_times_dates_and_their_absence(site: Any) -> None:
    timed, talk = _event(site, "Tips for Data Cleaning")
    assert (timed["startDate"], timed["endDate"]) == (talk.start, talk.end)
    assert timed["startDate"] == "2020-07-24T07:30:00+01:00"
    # No :time: -> the report's day (a schema.org Date).
    untimed, _ = _event(site, "A talk with no time")
    assert (untimed["startDate"], untimed["endDate"]) == ("2020-07-24", "2020-07-24")
    # A report with a date but no timezone: the local time, without an offset.
    local, _ = _event(site, "A talk with a local time only")
    assert (local["startDate"], local["endDate"]) == ("2022-05-05T14:00", "2022-05-05T14:30")
    # A start without an end: no endDate.
    open_ended, _ = _event(site, "Scaling pandas")
    assert open_ended["endDate"] == "2020-07-24T09:00:00+01:00"  # 08:15+45min
    dvc, _ = _event(site, "Automating machine learning workflow with DVC")
    assert "endDate" not in dvc


def test_talk_language_wins_over_the_report_and_the_project(site: Any) -> None:
    assert _event(site, "Keynote in Spanish")[0]["inLanguage"] == "es"
    assert _event(site, "Polars in de praktijk")[0]["inLanguage"] == "nl"
    assert _event(site, "A talk with a local time only")[0]["inLanguage"] == "en"  # the project's


def test_recordings_are_video_objects(site: Any) -> None:
    youtube = _event(site, "Keynote in Spanish")[0]["recordedIn"]
    assert youtube == {
        "@type": "VideoObject",
        "name": "Keynote in Spanish",
        "url": "https://youtu.be/dQw4w9WgXcQ",
        "embedUrl": "https://www.youtube.com/embed/dQw4w9WgXcQ",
        "thumbnailUrl": "https://i.ytimg.com/vi/dQw4w9WgXcQ/hqdefault.jpg",
        "inLanguage": "es",
    }
    file = _event(site, "Video file talk")[0]["recordedIn"]
    assert file["contentUrl"] == file["url"] == "https://media.example.org/ep2020/file-talk.mp4"
    assert "embedUrl" not in file


@pytest.mark.parametrize(
    ("url", "embed", "content"),
    [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42", "youtube.com/embed/dQw4w9WgXcQ", ""),
        ("https://youtu.be/dQw4w9WgXcQ", "youtube.com/embed/dQw4w9WgXcQ", ""),
        ("https://www.youtube.com/live/dQw4w9WgXcQ", "youtube.com/embed/dQw4w9WgXcQ", ""),
        ("https://www.youtube.com/watch?v=short", "", ""),  # not a video id
        ("https://www.youtube.com/playlist?list=PL123", "", ""),
        ("https://vimeo.com/123456", "player.vimeo.com/video/123456", ""),
        ("https://example.org/talk.WEBM", "", "https://example.org/talk.WEBM"),
        ("https://pyvideo.org/europython-2020/tips.html", "", ""),
    ],
)
def test_video_players_and_files(url: str, embed: str, content: str) -> None:
    talk = Talk(id="t", docname="d", lineno=1, title="T", video=url)
    video = jsonld.video_object(talk, "en")
    assert video["url"] == url
    assert video.get("embedUrl", "").endswith(embed) and bool(embed) == ("embedUrl" in video)
    assert video.get("contentUrl", "") == content
    assert ("thumbnailUrl" in video) == ("youtube" in embed)


@pytest.mark.parametrize(
    ("location", "mode"),
    [
        ("online", "online"),
        ("Online (Zoom)", "online"),
        ("virtual", "online"),
        ("Remote", "online"),
        ("Berlin and online", "mixed"),
        ("Amsterdam (hybrid)", "mixed"),
        ("Kromhouthal, Amsterdam", "offline"),
        ("", ""),
        (" -- ", ""),
    ],
)
def test_attendance_from_location(location: str, mode: str) -> None:
    assert jsonld.attendance(location) == mode


# -- no way out of the script element ---------------------------------------------------------


def test_titles_cannot_break_out_of_the_script(site: Any) -> None:
    domain = site.env.domains["confnotes"]
    tricky = [
        t for t in domain.talks["reports/ep2020"] if "<" in t.title or "<" in "".join(t.speakers)
    ]
    assert len(tricky) >= 2
    html = (Path(site.outdir) / "reports" / "ep2020.html").read_text("utf-8")
    (script,) = _scripts(site, "reports/ep2020")
    raw = script.string
    assert not set("<>&") & set(raw)
    assert "\\u003c/script\\u003e" in raw and "\\u003c!--" in raw
    # The page holds exactly one JSON-LD script, and it parses to the exact titles.
    assert html.count('type="application/ld+json"') == 1
    names = {e["name"] for e in _graph(site, "reports/ep2020")}
    for talk in tricky:
        assert talk.title in names
    performers = {p["name"] for e in _graph(site, "reports/ep2020") for p in e["performer"]}
    assert "Eve </script>" in performers and 'O\'Brien "Quote"' in performers


@given(st.text())
def test_script_text_escapes_any_text(text: str) -> None:
    out = jsonld.script_text({"name": text, "list": [text]})
    assert not set("<>&") & set(out)
    assert json.loads(out) == {"name": text, "list": [text]}


# -- OpenGraph and Twitter cards (sphinxext-opengraph, as configured in conf.py) ----------------


def _meta(app: Any, docname: str) -> dict[str, str]:
    soup = _soup(app, docname)
    tags: dict[str, str] = {}
    for tag in soup.head.find_all("meta"):  # type: ignore[union-attr]
        key = tag.get("property") or tag.get("name")
        if key and (key.startswith(("og:", "twitter:")) or key == "description"):
            assert key not in tags, f"{key} twice on {docname}"
            tags[key] = tag["content"]
    return tags


def test_opengraph_on_a_report_page(site: Any) -> None:
    domain = site.env.domains["confnotes"]
    report = domain.reports["reports/ep2020"]
    meta = _meta(site, "reports/ep2020")
    assert meta["og:title"] == report.title
    assert meta["og:type"] == "article"
    assert meta["og:url"] == BASE + "reports/ep2020.html"
    assert meta["og:site_name"] == "confnotes test"
    assert meta["twitter:card"] == "summary"
    # The report's facts and talk titles, not the text of its header.
    assert meta["og:description"] == meta["description"]
    assert meta["og:description"].startswith(f"{report.name} \u00b7 {report.start}")
    assert "Automating machine learning workflow with DVC" in meta["og:description"]
    assert len(meta["og:description"]) <= jsonld.DESCRIPTION_LENGTH


def test_a_report_without_talks_is_described_by_its_first_paragraph(site: Any) -> None:
    report = site.env.domains["confnotes"].reports["reports/notalks"]
    meta = _meta(site, "reports/notalks")
    assert meta["og:type"] == "article"
    assert meta["og:description"] == meta["description"]
    assert meta["og:description"].startswith(f"{report.name} \u00b7 {report.start}")
    assert meta["og:description"].endswith("INTRO-MARKER.")
    assert _scripts(site, "reports/notalks") == []


def test_opengraph_on_the_home_page(site: Any) -> None:
    meta = _meta(site, "index")
    assert meta["og:title"] == "Test site"
    assert meta["og:type"] == "website"
    assert meta["og:url"] == BASE + "index.html"
    assert meta["twitter:card"] == "summary"
    # Not a report: sphinxext-opengraph's own description, from the page's text.
    assert meta["og:description"] == meta["description"]
    assert "\u00b7" not in meta["og:description"]


def test_a_report_page_own_fields_win(rootdir: Path, tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-outputs", src)
    page = src / "reports" / "multiday.md"
    page.write_text(
        "---\nog:description: Written by hand\nog:type: website\n---\n" + page.read_text("utf-8"),
        "utf-8",
    )
    from sphinx.testing.util import SphinxTestApp

    app = SphinxTestApp("html", srcdir=src, freshenv=True)
    app.build()
    app.cleanup()
    meta = _meta(app, "reports/multiday")
    assert meta["og:description"] == "Written by hand"
    assert meta["og:type"] == "website"
    assert not app.warning.getvalue().strip()


def test_without_a_base_url_urls_are_relative(rootdir: Path, tmp_path: Path) -> None:
    app = _build(rootdir, tmp_path, html_baseurl="", ogp_site_url="")
    # Relative to the page itself, so that a JSON-LD processor resolves them to it.
    event = _graph(app, "reports/ep2020")[0]
    assert event["url"] == "#europython-2020-automating-machine-learning-workflow-with-dvc"


def test_an_ebook_gets_no_scripts_or_descriptions(rootdir: Path, tmp_path: Path) -> None:
    from sphinx.testing.util import SphinxTestApp

    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-outputs", src)
    app = SphinxTestApp("epub", srcdir=src, freshenv=True)
    app.build()
    app.cleanup()
    page = (Path(app.outdir) / "reports" / "ep2020.xhtml").read_text("utf-8")
    assert "application/ld+json" not in page and 'name="description"' not in page
