"""`confnotes schedule`: real programmes -> pages that build nitpicky without a warning;
merges after hand edits and programme changes keep every line the author wrote."""

from __future__ import annotations

import difflib
import io
import json
import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from confnotes.ingest import fetch, pagefile
from confnotes.ingest.summary import Progress
from ingest_kit import FIXTURES, Site, build, confnotes, new_site, serve

# (page name, source, extra options): every real fixture, several days, rooms, zones
PAGES = [
    ("democon", "pretalx-democon.json", ()),
    ("democon-xml", "pretalx-democon.xml", ("--conference", "DemoCon XML")),  # other talk ids
    ("camp", "frab-camp2019.json", ()),
    ("fosdem", "fosdem-2018.xml", ()),
    ("fosdem-brussels", "fosdem-2018.xml", ("--timezone", "Europe/Brussels", "--conference", "FOSDEM BXL")),
    ("rc3", "pretalx-rc3.json", ()),
    ("quirks", "quirks.json", ()),
    ("api", "pretalx-api/talks-page-1.json", ("--timezone", "Europe/Berlin", "--conference", "DemoCon", "--edition", "2020")),
    ("sessionize", "sessionize-all.json", ("--timezone", "Europe/Berlin", "--conference", "PyCon X")),
]  # fmt: skip


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    src = new_site(tmp_path_factory.mktemp("schedule"))
    for name, source, extra in PAGES:
        code = confnotes(
            "schedule", str(FIXTURES / source), "-o", str(src / "reports" / f"{name}.md"), *extra
        )
        assert code == 0, name
    return build(src)


def cards(html: str) -> list[BeautifulSoup]:
    return BeautifulSoup(html, "html.parser").select("section.confnotes-talk")


def test_pages_build_nitpicky_without_warnings(site: Site) -> None:
    assert site.warnings == ""
    counts = {name: len(cards(site.page(name))) for name, _, _ in PAGES}
    assert counts == {"democon": 7, "democon-xml": 7, "camp": 6, "fosdem": 2,
                      "fosdem-brussels": 2, "rc3": 3, "quirks": 8, "api": 3, "sessionize": 2}  # fmt: skip


def test_page_carries_the_programme(site: Site) -> None:
    text = (site.src / "reports" / "democon.md").read_text()
    assert text.startswith(
        "# DemoCon\n\n:::{report}\n:conference: DemoCon\n:date: 2020-04-17/2020-04-19\n"
    )
    assert ":timezone: Etc/GMT-2\n" in text
    workshop = text.split("::::{talk} Fundamental web-enabled application\n", 1)[1].split(
        "\n::::\n"
    )[0]
    assert workshop.startswith(
        ":time: 09:30-11:00\n:date: 2020-04-17\n:speaker: Dr. Steve Harris MD; Desiree Bradshaw\n"
        ":room: Khaki Room\n:track: Realigned\n:kind: workshop\n"
        ":link: https://pretalx.com/democon/talk/FHDKCY/\n:programme: FHDKCY "
    )
    assert "\n:::{abstract}\n:format: text\n\nIntegrate wireless infrastructures!\n:::" in workshop
    html = site.page("democon")
    assert 'datetime="2020-04-17T09:30:00+02:00"' in html
    assert "confnotes-abstract" in html


def hostile_card(site: Site) -> BeautifulSoup:
    return next(c for c in cards(site.page("quirks")) if "Opening {role}" in c.get_text())


def test_hostile_programme_text_is_shown_as_text(site: Site) -> None:
    html = site.page("quirks")
    soup = BeautifulSoup(html, "html.parser")
    for script in soup.select("script"):  # only the page's own: JSON-LD data, the theme's
        assert script.get("type") == "application/ld+json" or "alert" not in script.get_text()
        assert "<" not in script.get_text()
    assert len(cards(html)) == 8  # nothing broke out of its card, nothing merged
    text = " ".join(hostile_card(site).get_text().split())
    assert "<script>alert(1)</script>" in text and "{role}`x`" in text
    assert "B09 # not a comment" in text and "{tool}`pandas` & $$x$$" in text
    assert "<b>Bold</b> Name" in text and "Ann, Semicolon" in text  # ';' separates names
    abstract = " ".join(hostile_card(site).select_one(".confnotes-abstract").get_text().split())
    for piece in (":::", "```", "(label)=", "$$x$$", "# not a heading", "- not a list",
                  "<script>alert(2)</script>", "trailing backslash \\", "::::::{note}"):  # fmt: skip
        assert piece in abstract, piece


def test_hostile_programme_text_keeps_its_typography(site: Site) -> None:
    card = hostile_card(site)
    title = " ".join(card.select_one(".confnotes-talk-title").get_text().split())
    assert "-- \"quoted\" ... 'single'" in title
    abstract = " ".join(card.select_one(".confnotes-abstract").get_text().split())
    assert "---" in abstract and "<!-- comment -->" in abstract


def test_pages_without_a_zone_show_times_as_written(site: Site) -> None:
    text = (site.src / "reports" / "fosdem.md").read_text()
    assert ":timezone:" not in text and ":time: 10:00-10:50" in text
    zoned = (site.src / "reports" / "fosdem-brussels.md").read_text()
    assert ":timezone: Europe/Brussels" in zoned
    assert 'datetime="2018-02-03T10:00:00+01:00"' in site.page("fosdem-brussels")


# -- merging ------------------------------------------------------------------------------

NOTES = (
    "\n### My notes\n\nThe *demo* part was **great**: see [the slides](https://example.org/s).\n"
)


def edit_by_hand(text: str) -> str:
    """What an author does between two runs."""
    head = "::::{talk} Integrated asymmetric neural-net\n"
    before, after = text.split(head, 1)
    card, rest = after.split("\n::::\n", 1)
    card = card.replace(":room: Magenta Room\n", ":room: Magenta (upstairs)\n:tags: favourite\n")
    text = before + head + card + "\n" + NOTES.strip("\n") + "\n::::\n" + rest
    text = text.replace("## Talks\n", "## Talks\n\nI went on day one and three.\n")
    return text + "\nWritten on the train home.\n"


def changed_programme(tmp: Path) -> Path:
    doc = json.loads((FIXTURES / "pretalx-democon.json").read_text())
    day1 = doc["schedule"]["conference"]["days"][0]
    magenta = day1["rooms"]["Magenta Room"]
    magenta[1]["room"] = "Cyan Room"  # ZXHLFB: the author changed its room too: a conflict
    magenta[1]["abstract"] = "Synthesize one-to-one partnerships, now with more synergy!"
    magenta[2]["title"] = "Decentralised system-worthy leverage"  # EZUTX7, untouched: update
    magenta[2]["date"], magenta[2]["start"] = "2020-04-17T13:15:00+02:00", "13:15"
    del magenta[0]  # RC3CXU left the programme
    new = json.loads(json.dumps(magenta[0]))
    new.update(id=9999, guid="new", url="https://pretalx.com/democon/talk/NEW123/", title="A new talk",
               date="2020-04-17T12:00:00+02:00", start="12:00", room="Magenta Room")  # fmt: skip
    magenta.insert(1, new)
    path = tmp / "changed.json"
    path.write_text(json.dumps(doc))
    return path


def owned(line: str) -> bool:
    """Lines a merge may change: card heads, programme options, abstract blocks."""
    return bool(
        re.match(r"^(:{3,}\{talk\} |:(time|date|speaker|room|track|kind|language|link|status|"
                 r"programme|slides|video|code): |:{3,}\{abstract\}$|:format: text$|:{3,}$)", line)
    ) or line == ""  # fmt: skip


def test_merge_keeps_every_author_line_and_is_idempotent(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "democon.md"
    assert confnotes("schedule", str(FIXTURES / "pretalx-democon.json"), "-o", str(page)) == 0
    edited = edit_by_hand(page.read_text())
    page.write_text(edited)
    capsys.readouterr()
    assert confnotes("schedule", str(changed_programme(tmp_path)), "-o", str(page)) == 0
    err = capsys.readouterr().err
    merged = page.read_text()
    # every line the author wrote is still there, in order
    abstracts = set(
        re.findall(r"^:::\{abstract\}\n:format: text\n\n(.*?)\n:::$", edited, re.M | re.S)
    )
    diff = difflib.ndiff(edited.splitlines(), merged.splitlines())
    removed = [line[2:] for line in diff if line.startswith("- ")]
    assert not [line for line in removed if not owned(line) and line not in abstracts], removed
    for piece in (NOTES, "I went on day one and three.\n", ":tags: favourite\n",
                  ":room: Magenta (upstairs)\n"):  # fmt: skip
        assert piece in merged
    assert merged.endswith("\nWritten on the train home.\n")
    # the programme's changes, where the author left the value alone
    assert "::::{talk} Decentralised system-worthy leverage\n:time: 13:15-13:45\n" in merged
    assert "now with more synergy!" in merged
    # cancelled, never deleted; added in time order
    gone = merged.split("::::{talk} Open-source executive info-mediaries\n", 1)[1].split("::::\n")[
        0
    ]
    assert ":status: cancelled\n" in gone
    assert merged.index("{talk} A new talk") < merged.index("{talk} Decentralised system-worthy")
    assert merged.index("{talk} Integrated asymmetric") < merged.index("{talk} A new talk")
    # the summary lists every change and conflict
    assert (
        "conflict: Integrated asymmetric neural-net: room 'Magenta (upstairs)' kept (the programme says 'Cyan Room')"
        in err
    )
    assert "updated: Decentralized system-worthy leverage" not in err
    assert (
        "title 'Decentralized system-worthy leverage' -> 'Decentralised system-worthy leverage'"
        in err
    )
    assert re.search(r"cancelled\s+1\s+Open-source executive info-mediaries \(RC3CXU\)", err)
    assert re.search(r"added\s+1\s+A new talk", err)
    # a second run changes nothing
    before = page.stat().st_mtime_ns
    assert confnotes("schedule", str(tmp_path / "changed.json"), "-o", str(page)) == 0
    assert page.read_text() == merged and page.stat().st_mtime_ns == before
    # ... and the merged page builds
    src = new_site(tmp_path / "site")
    (src / "reports" / "democon.md").write_text(merged)
    built = build(src)
    assert built.warnings == ""


def test_merge_keeps_windows_line_ends(tmp_path: Path) -> None:
    page = tmp_path / "p.md"
    assert confnotes("schedule", str(FIXTURES / "pretalx-democon.json"), "-o", str(page)) == 0
    crlf = edit_by_hand(page.read_text()).replace("\n", "\r\n")
    page.write_bytes(crlf.encode())
    assert confnotes("schedule", str(changed_programme(tmp_path)), "-o", str(page)) == 0
    data = page.read_bytes()
    assert b"\n" not in data.replace(b"\r\n", b"")  # every line still ends in CRLF
    assert NOTES.replace("\n", "\r\n").encode() in data


def test_dry_run_prints_a_diff_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "p.md"
    assert confnotes("schedule", str(FIXTURES / "pretalx-democon.json"), "-o", str(page)) == 0
    text = page.read_text()
    capsys.readouterr()
    assert (
        confnotes("schedule", str(changed_programme(tmp_path)), "-o", str(page), "--dry-run") == 0
    )
    out = capsys.readouterr().out
    assert out.startswith(f"--- {page}\n+++ {page}\n@@ ")
    assert "+::::{talk} A new talk\n" in out and "+:status: cancelled\n" in out
    assert page.read_text() == text
    assert (
        confnotes(
            "schedule", str(FIXTURES / "quirks.json"), "-o", str(tmp_path / "n.md"), "--dry-run"
        )
        == 0
    )
    assert not (tmp_path / "n.md").exists()


def test_days_rooms_and_talks_are_remembered(tmp_path: Path) -> None:
    page = tmp_path / "day1.md"
    source = str(FIXTURES / "pretalx-democon.json")
    assert (
        confnotes(
            "schedule", source, "-o", str(page), "--day", "2020-04-17", "--room", "magenta room"
        )
        == 0
    )
    text = page.read_text()
    assert "% confnotes schedule: --day 2020-04-17 --room 'magenta room'\n" in text
    assert ":date: 2020-04-17\n:timezone:" in text  # the report's day
    assert text.count("{talk}") == 3 and ":date:" not in text.split("## Talks")[1]  # one day
    # run again without filters: the page keeps to its day and room
    assert confnotes("schedule", str(changed_programme(tmp_path)), "-o", str(page)) == 0
    merged = page.read_text()
    assert "{talk} A new talk" in merged and "{talk} Distributed eco-centric" not in merged
    assert "Khaki" not in merged


def test_one_page_per_day(tmp_path: Path) -> None:
    pattern = str(tmp_path / "democon-{day}.md")
    assert confnotes("schedule", str(FIXTURES / "pretalx-democon.json"), "-o", pattern) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "democon-2020-04-17.md",
        "democon-2020-04-19.md",
    ]
    day3 = (tmp_path / "democon-2020-04-19.md").read_text()
    assert day3.count("{talk}") == 3 and ":date: 2020-04-19\n" in day3


@pytest.mark.parametrize(
    ("args", "expected"),
    [(("--day", "2020-04-18"), "--day 2020-04-18: the programme has no talks that day ('2020-04-17', '2020-04-19')"),
     (("--day", "17 April"), "--day '17 April': expected a date"),
     (("--room", "Magneta Room"), "--room 'Magneta Room': not in the programme; did you mean 'Magenta Room'?"),
     (("--talk", "NOPE42"), "--talk 'NOPE42': not in the programme"),
     (("--timezone", "Mars/Olympus"), "unknown timezone 'Mars/Olympus'")],
)  # fmt: skip
def test_filters_that_match_nothing_are_errors(
    args: tuple[str, ...], expected: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "p.md"
    assert (
        confnotes("schedule", str(FIXTURES / "pretalx-democon.json"), "-o", str(page), *args) == 2
    )
    err = capsys.readouterr().err
    assert expected in err and len(err.splitlines()) == 1
    assert not page.exists()


def test_cards_edited_into_odd_shapes_are_left_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "p.md"
    assert confnotes("schedule", str(FIXTURES / "pretalx-democon.json"), "-o", str(page)) == 0
    text = page.read_text()
    # a copy of one card under a list item, a second card with the same code, a card
    # of the author's own that is surely a programme talk (no :programme:), and one
    # whose closing fence was deleted at the end of the page
    card = text.split("::::{talk} Robust intangible framework\n", 1)[1].split("\n::::\n")[0]
    nested = "- In a list:\n\n  ::::{talk} Nested copy\n  :programme: GHDULK\n  ::::\n"
    dup = "::::{talk} Robust intangible framework again\n" + card + "\n::::\n"
    own = "::::{talk} Profound bi-directional productivity\n:speaker: Nicole Howe\n\nMine.\n::::\n"
    text = re.sub(
        r"::::\{talk\} Profound bi-directional productivity\n.*?\n::::\n", "", text, flags=re.S
    )
    text += "\n" + nested + "\n" + dup + "\n" + own + "\n::::{talk} Unclosed\n:time: 10:00\n"
    page.write_text(text)
    capsys.readouterr()
    assert confnotes("schedule", str(FIXTURES / "pretalx-democon.json"), "-o", str(page)) == 0
    err = capsys.readouterr().err
    merged = page.read_text()
    assert "a talk card not at the top level; left alone" in err
    assert "a second card for GHDULK" in err
    assert "talk card without its closing ::::; left alone" in err
    assert (
        nested in merged
        and dup in merged
        and merged.endswith("::::{talk} Unclosed\n:time: 10:00\n")
    )
    adopted = merged.split("::::{talk} Profound bi-directional productivity\n", 1)[1].split(
        "::::\n"
    )[0]
    assert adopted.startswith(":time: 10:30-11:00\n:date: 2020-04-19\n:speaker: Nicole Howe\n")
    assert ":programme: FRBXWP " in adopted and adopted.endswith("\nMine.\n")
    assert merged.count("{talk} Profound bi-directional productivity") == 1  # adopted, not added
    assert confnotes("schedule", str(FIXTURES / "pretalx-democon.json"), "-o", str(page)) == 0
    assert page.read_text() == merged


# -- bad input on the command line: exit 2, one line, nothing written --------------------------


@pytest.mark.parametrize(
    ("source", "expected"),
    [("laughs.xml", "XML declaring entities is refused"),
     ("xxe.xml", "XML declaring entities is refused"),
     ("pyvideo/europython-2020", "is pyvideo data (recordings, no programme); use confnotes recordings"),
     ("missing.json", "missing.json: no such file"),
     ("pyvideo", "no videos/*.json")],
)  # fmt: skip
def test_bad_sources_exit_2_and_write_nothing(
    source: str, expected: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "out.md"
    assert confnotes("schedule", str(FIXTURES / source), "-o", str(page)) == 2
    err = capsys.readouterr().err
    assert err.startswith("confnotes: error: ") and expected in err and err.count("\n") == 1
    assert not page.exists()


def test_unreadable_pages_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "latin1.md"
    page.write_bytes("Caf\xe9".encode("latin-1"))
    assert confnotes("schedule", str(FIXTURES / "quirks.json"), "-o", str(page)) == 2
    assert "not UTF-8 text" in capsys.readouterr().err
    assert page.read_bytes() == "Caf\xe9".encode("latin-1")
    assert confnotes("schedule", str(FIXTURES / "quirks.json"), "-o", str(tmp_path)) == 2
    assert "is a directory" in capsys.readouterr().err
    readme = tmp_path / "README.md"
    readme.write_text("# My project\n")
    assert confnotes("schedule", str(FIXTURES / "quirks.json"), "-o", str(readme)) == 2
    assert "has no report block: not a report page" in capsys.readouterr().err
    assert readme.read_text() == "# My project\n"


# -- writing -------------------------------------------------------------------------------


def test_writes_are_atomic_and_keep_permissions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = tmp_path / "p.md"
    page.write_text("old\n")
    page.chmod(0o640)
    pagefile.write_atomic(page, "new\r\n")
    assert page.read_bytes() == b"new\r\n" and stat.S_IMODE(page.stat().st_mode) == 0o640

    def interrupted(*_: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        pagefile.write_atomic(page, "half")
    assert page.read_bytes() == b"new\r\n" and sorted(tmp_path.iterdir()) == [page]


def test_progress_bar_only_on_a_terminal() -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    tty, pipe = Tty(), io.StringIO()
    for stream in (tty, pipe):
        bar = Progress("reading", stream)
        for done in range(1, 101):
            bar(done, 100)
    assert "\rreading [" in tty.getvalue() and tty.getvalue().endswith("] 100/100\n")
    assert pipe.getvalue() == ""
    short = Tty()
    Progress("reading", short)(1, 3)
    assert short.getvalue() == ""  # short inputs: no bar


# -- sources over http -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    api = FIXTURES / "pretalx-api"
    routes = {
        "/schedule.json": (FIXTURES / "pretalx-democon.json").read_bytes(),
        "/api/events/democon/talks/": (api / "talks-page-1.json").read_bytes(),
        "/api/events/democon/talks/?page=2": (api / "talks-page-2.json").read_bytes(),
        "/api/events/democon/": (api / "event.json").read_bytes(),
        "/html": b"<!DOCTYPE html><html><body>Not here</body></html>",
        "/big": b"{" + b" " * 3000 + b"}",
    }
    with serve(routes) as url:
        yield url


def test_schedule_from_a_url(server: str, tmp_path: Path) -> None:
    page = tmp_path / "p.md"
    assert confnotes("schedule", server + "/schedule.json", "-o", str(page)) == 0
    assert page.read_text().count("{talk}") == 7


def test_pretalx_api_url_follows_pages_and_reads_the_event(server: str, tmp_path: Path) -> None:
    page = tmp_path / "p.md"
    assert confnotes("schedule", server + "/api/events/democon/talks/", "-o", str(page)) == 0
    text = page.read_text()
    assert text.startswith("# DemoCon\n") and ":timezone: Europe/Berlin\n" in text
    assert text.count("{talk}") == 5 and ":status: cancelled" in text
    assert f":link: {server}/democon/talk/RC3CXU/\n" in text


@pytest.mark.parametrize(
    ("path", "expected"),
    [("/missing", "the server answered 404"), ("/html", "is an HTML page"),
     ("/big", "larger than the limit of 1,000 bytes"), ("/slow", "cannot fetch it (timed out)")],
)  # fmt: skip
def test_url_errors_exit_2(
    path: str, expected: str, server: str, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    monkeypatch.setattr(fetch, "MAX_BYTES", 1000)
    monkeypatch.setattr(fetch, "TIMEOUT", 0.3)
    monkeypatch.setattr(fetch.fetch, "__kwdefaults__", {"limit": 1000, "timeout": 0.3})
    page = tmp_path / "p.md"
    assert confnotes("schedule", server + path, "-o", str(page)) == 2
    err = capsys.readouterr().err
    assert expected in err and err.count("\n") == 1 and not page.exists()


# -- the authoring guide's examples are what the command writes -----------------------------

GUIDE = Path(__file__).parent.parent / "docs" / "authoring.md"


def guide_blocks() -> tuple[list[str], list[str]]:
    """The ````md and console blocks of 'Start from the programme'."""
    section = GUIDE.read_text(encoding="utf-8").split("## Start from the programme", 1)[1]
    section = section.split("\n## Add the recordings", 1)[0]
    pages = re.findall(r"^````md\n(.*?)^````$", section, re.M | re.S)
    consoles = re.findall(r"^```console\n(.*?)^```$", section, re.M | re.S)
    return pages, consoles


def test_guide_examples_are_what_the_command_writes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (page_example, card_example), (_, summary_example) = guide_blocks()
    page = tmp_path / "democon-2020.md"
    source = str(FIXTURES / "pretalx-democon.json")
    args = (
        "--day",
        "2020-04-19",
        "--room",
        "Magenta Room",
        "--timezone",
        "Europe/Berlin",
        "--edition",
        "2020",
    )
    assert confnotes("schedule", source, "-o", str(page), *args) == 0
    assert page.read_text() == page_example
    # what the guide's merge example did: a room and a tag by hand, notes; then the
    # programme moved the talk
    text = page.read_text().replace(
        ":room: Magenta Room\n:track: Realigned\n:kind: talk\n:link: https://pretalx.com/democon/talk/SVRVLL/\n",
        ":room: Magenta Room (upstairs)\n:track: Realigned\n:kind: talk\n"
        ":link: https://pretalx.com/democon/talk/SVRVLL/\n:tags: favourite\n",
        1,
    )
    text = text.replace(
        "robust e-services!\n:::\n::::",
        "robust e-services!\n:::\n\n### My notes\n\nRobust, indeed.\n::::",
    )
    page.write_text(text)
    doc = json.loads((FIXTURES / "pretalx-democon.json").read_text())
    event = doc["schedule"]["conference"]["days"][1]["rooms"]["Magenta Room"][0]
    event.update(date="2020-04-19T10:15:00+02:00", start="10:15", room="Khaki Room")
    changed = tmp_path / "schedule.json"
    changed.write_text(json.dumps(doc))
    capsys.readouterr()
    assert confnotes("schedule", str(changed), "-o", str(page)) == 0
    assert card_example in page.read_text()
    table = summary_example.split("\n", 1)[1]  # all but the line naming the files
    assert table in capsys.readouterr().err


def test_titles_the_programme_repeats_get_ids_that_stay_apart_across_pages(tmp_path: Path) -> None:
    src = new_site(tmp_path)
    assert (
        confnotes(
            "schedule", str(FIXTURES / "quirks.json"), "-o", str(src / "reports" / "q-{day}.md")
        )
        == 0
    )
    day1, day2 = (src / "reports" / f"q-2024-04-2{d}.md" for d in (2, 3))
    assert ":id: quirkcon-2024-repeated-workshop-20240422-1400\n" in day1.read_text()
    assert ":id: quirkcon-2024-repeated-workshop-20240423-1400\n" in day2.read_text()
    assert ":id: " not in day1.read_text().split("{talk} Polars in Anger")[1].split("::::")[0]
    assert build(src).warnings == ""  # no duplicate talk id across the two pages


def test_a_longer_abstract_fence_lengthens_the_card_and_backtick_cards_stay_backticks(
    tmp_path: Path,
) -> None:
    page = tmp_path / "p.md"
    source = FIXTURES / "pretalx-democon.json"
    assert (
        confnotes("schedule", str(source), "-o", str(page), "--talk", "SVRVLL", "--talk", "FRBXWP")
        == 0
    )
    text = page.read_text()
    # the author turns one card into a backtick fence (MyST reads both)
    head = "::::{talk} Profound bi-directional productivity\n"
    card = text.split(head, 1)[1].split("\n::::\n", 1)[0]
    text = text.replace(
        head + card + "\n::::\n",
        "````{talk} Profound bi-directional productivity\n" + card + "\n````\n",
    )
    page.write_text(text)
    doc = json.loads(source.read_text())
    for event in doc["schedule"]["conference"]["days"][1]["rooms"]["Magenta Room"][:2]:
        event["abstract"] = "Now with a fence:\n\n::::::\n\nin it."
    changed = tmp_path / "s.json"
    changed.write_text(json.dumps(doc))
    assert confnotes("schedule", str(changed), "-o", str(page)) == 0
    merged = page.read_text()
    assert "::::::::{talk} Distributed eco-centric success\n" in merged  # 8 > 7 > 6 colons
    assert (
        ":::::::{abstract}\n:format: text\n\nNow with a fence:\n\n::::::\n\nin it.\n:::::::\n::::::::\n"
        in merged
    )
    assert (
        "````{talk} Profound bi-directional productivity\n" in merged
        and merged.count("\n````\n") == 1
    )
    src = new_site(tmp_path / "site")
    (src / "reports" / "p.md").write_text(merged)
    site = build(src)
    assert site.warnings == ""
    assert "in it." in site.page("p") and len(cards(site.page("p"))) == 2
