"""Every source, read from real files (tests/ingest/README.md says where each is from)."""

from __future__ import annotations

import dataclasses
import json
import time
from pathlib import Path

import pytest
from confnotes.ingest.detect import detect
from confnotes.ingest.errors import SourceError
from confnotes.ingest.records import kind_of, minutes
from confnotes.ingest.sources import load, pretalx_api
from confnotes.model import Talk
from ingest_kit import FIXTURES


def by_code(source: str, **kw: str) -> dict[str, Talk]:
    return {t.programme_id: t for t in load(str(FIXTURES / source), **kw).programme.talks}


# -- pretalx/frab schedule JSON and XML ----------------------------------------------


def test_pretalx_without_time_zone_uses_the_offsets_and_codes_from_urls() -> None:
    loaded = load(str(FIXTURES / "pretalx-democon.json"))
    report = loaded.programme.report
    assert (report.title, report.start, report.end) == ("DemoCon", "2020-04-17", "2020-04-19")
    assert report.timezone == "Etc/GMT-2"  # one fixed offset: +02:00 in POSIX spelling
    assert report.website == "https://pretalx.com/democon/"
    talks = by_code("pretalx-democon.json")
    assert list(talks) == ["FHDKCY", "RC3CXU", "ZXHLFB", "EZUTX7", "GHDULK", "SVRVLL", "FRBXWP"]
    workshop = talks["FHDKCY"]  # no 'code' in pretalx 1.x: taken from the talk URL
    assert (workshop.time, workshop.kind, workshop.room) == (
        "09:30-11:00",
        "workshop",
        "Khaki Room",
    )
    assert workshop.speakers == ("Dr. Steve Harris MD", "Desiree Bradshaw")
    assert workshop.start == "2020-04-17T09:30:00+02:00"
    assert any("will not be recorded" in n and "Profound" in n for n in loaded.notes)


def test_xml_and_json_exports_of_one_schedule_give_the_same_talks() -> None:
    xml, json_ = (
        load(str(FIXTURES / "pretalx-democon.xml")),
        load(str(FIXTURES / "pretalx-democon.json")),
    )
    assert xml.kind == "frab-xml" and json_.kind == "frab-json"
    assert xml.programme.talks == json_.programme.talks
    assert xml.programme.report.timezone == "Europe/Berlin"  # the XML names its zone


def test_frab_camp_links_attachments_subtitles_and_names() -> None:
    loaded = load(str(FIXTURES / "frab-camp2019.json"))
    assert loaded.programme.report.timezone == "Europe/Berlin"
    assert loaded.programme.report.website == "https://fahrplan.events.ccc.de/camp/2019/"
    talks = {t.title: t for t in loaded.programme.talks}
    hacking = talks["Hacking Containers and Kubernetes"]  # trailing space in the file
    assert hacking.slides.startswith("https://fahrplan.events.ccc.de/system/event_attachments/")
    assert hacking.abstract.startswith("Exploiting and protecting containers")  # the subtitle
    fomu = talks["Fomu - an FPGA inside your USB port!"]
    assert fomu.code == "https://github.com/im-tomu" and not fomu.slides  # "Fomu Github"
    assert fomu.speakers == ("Tim 'mithro' Ansell", 'Sean "xobs" Cross')
    assert talks["spispy: SPI flash device emulation"].abstract.count("<a href=") == 1  # as given
    xr = next(t for t in talks.values() if t.title.startswith("Aufstand"))
    assert xr.language == "de" and xr.slides.endswith("XR_CCC_2019_Praese_03.pdf?1566384611")
    assert loaded.programme.report.language == "en"


def test_frab_xml_without_zone_or_dates_keeps_the_wall_clock() -> None:
    loaded = load(str(FIXTURES / "fosdem-2018.xml"))
    assert loaded.programme.report.timezone == ""
    assert any("no time zone" in n and "--timezone" in n for n in loaded.notes)
    first, second = loaded.programme.talks
    assert (first.start, first.time, first.kind) == (
        "2018-02-03T10:00:00",
        "10:00-10:50",
        "keynote",
    )
    assert second.slides == ""  # a PDF labelled "architecture diagram" is not slides
    zoned = load(str(FIXTURES / "fosdem-2018.xml"), timezone="Europe/Brussels").programme
    assert zoned.talks[0].start == "2018-02-03T10:00:00+01:00"
    assert zoned.report.timezone == "Europe/Brussels"


def test_rc3_types_and_languages() -> None:
    loaded = load(str(FIXTURES / "pretalx-rc3.json"))
    talks = loaded.programme.talks
    assert [t.kind for t in talks] == ["talk", "talk", "talk"]  # "Talk 30 min + 10min Q&A"
    assert loaded.programme.report.language == "de"
    assert [t.language for t in talks] == ["", "en", ""]  # only the one differing
    assert talks[0].speakers == ("Chris Fiege", "Kasa")  # biography null is fine
    assert "[Gluon](https://gluon.readthedocs.io/)" in talks[0].abstract


def test_quirks_durations_midnight_two_rooms_duplicates_and_breaks() -> None:
    loaded = load(str(FIXTURES / "quirks.json"))
    talks = {t.programme_id: t for t in loaded.programme.talks}
    assert loaded.programme.skipped == ("Coffee Break", "Lunch")
    assert talks["LONG01"].time == "11:00-12:30"  # "1:30:00"
    assert talks["LATE01"].time == "23:30"  # "60" minutes, ends after midnight
    assert talks["LATE01"].speakers == ("Grace Hopper", "Linus T.")  # full_public_name, name
    assert talks["NIGHT1"].start.startswith("2024-04-23T00:30")  # listed on the day before
    assert talks["NIGHT1"].time == "00:30-01:15" and talks["NIGHT1"].speakers == ()
    assert talks["KEY001"].room == "Kuppelsaal, B09"  # one talk, two rooms
    assert talks["REP001-2"].start.startswith("2024-04-23")  # the same code again, later
    assert talks["LONG01"].slides == (
        "https://pretalx.example.org/media/quirkcon-2024/submissions/LONG01/resources/polars.pdf"
    )
    assert talks["LONG01"].code == "https://github.com/example/polars-in-anger"
    assert "guid-No-code" in talks  # no code, a guid with a space: one token
    notes = " | ".join(loaded.notes)
    assert "two rooms" in notes and "used twice" in notes and "after midnight" in notes


@pytest.mark.parametrize(
    ("value", "expected"),
    [("00:30", 30), ("1:30:00", 90), ("90", 90), (45, 45), (12.0, 12), ("", None),
     (None, None), ("1h", None), (True, None), (-5, None)],
)  # fmt: skip
def test_durations(value: object, expected: int | None) -> None:
    assert minutes(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("Talk", "talk"), ("lecture", "talk"), ("Keynote", "keynote"), ("Lightning Talks", "lightning"),
     ("Workshop (90 min)", "workshop"), ("Podiumsdiskussion", "panel"), ("Break", ""), ("other", "")],
)  # fmt: skip
def test_kinds(value: str, expected: str) -> None:
    assert kind_of(value) == expected


# -- pretalx REST API --------------------------------------------------------------------


def test_pretalx_api_pages_localised_strings_and_zone() -> None:
    pages = [
        json.loads((FIXTURES / "pretalx-api" / f"talks-page-{n}.json").read_text()) for n in (1, 2)
    ]
    items, complete = pretalx_api.results(pages[0], lambda url: pages[1])
    assert complete and len(items) == 5
    event = json.loads((FIXTURES / "pretalx-api" / "event.json").read_text())
    api = "https://pretalx.example.org/api/events/democon/talks/"
    loaded = pretalx_api.load(items, event=event, api_url=api)
    talks = {t.programme_id: t for t in loaded.programme.talks}
    one = talks["RC3CXU"]
    assert (one.start, one.time, one.room, one.kind, one.track) == (
        "2020-04-17T10:00:00+02:00", "10:00-10:30", "Magenta Room", "talk", "Front-line",
    )  # fmt: skip
    assert one.link == "https://pretalx.example.org/democon/talk/RC3CXU/"
    assert talks["FHDKCY"].title == "Fundamental web-enabled application"  # {"en": ...}
    assert talks["ZXHLFB"].time == "10:30-11:00"  # no end: the duration (30 minutes)
    assert talks["ZXHLFB"].language == "de"
    assert talks["WDRAWN"].status == "cancelled"
    assert loaded.programme.report.title == "DemoCon"
    assert loaded.programme.report.timezone == "Europe/Berlin"


def test_pretalx_api_file_reads_one_page_and_says_so() -> None:
    loaded = load(str(FIXTURES / "pretalx-api" / "talks-page-1.json"))
    assert loaded.kind == "pretalx-api" and len(loaded.programme.talks) == 3
    assert loaded.programme.talks[0].start.endswith("+00:00")  # UTC: no event, no --timezone
    assert any("first page" in n for n in loaded.notes)
    zoned = load(str(FIXTURES / "pretalx-api" / "talks-page-1.json"), timezone="Europe/Berlin")
    assert zoned.programme.talks[0].time == "09:30-11:00"


# -- Sessionize ------------------------------------------------------------------------------


def test_sessionize_all_data() -> None:
    loaded = load(str(FIXTURES / "sessionize-all.json"), timezone="Europe/Berlin", title="PyCon X")
    assert loaded.kind == "sessionize"
    assert loaded.programme.skipped == ("Registration & breakfast",)
    first, second = loaded.programme.talks
    assert (first.title, first.start, first.time, first.room) == (
        "Async all the way down", "2024-06-12T10:00:00+02:00", "10:00-10:45", "Hall A",
    )  # fmt: skip
    assert (first.track, first.kind, first.video) == (
        "Web",
        "",
        "https://www.youtube.com/watch?v=sessionize01",
    )
    assert second.speakers == ("Zoë Example", "Bo Chen")  # no fullName: first + last
    assert (second.kind, second.language) == ("workshop", "de")
    assert loaded.programme.report.conference == "PyCon X"
    naive = load(str(FIXTURES / "sessionize-all.json"))
    assert naive.programme.talks[0].start == "2024-06-12T10:00:00"
    assert any("--timezone" in n for n in naive.notes)


# -- pyvideo -----------------------------------------------------------------------------------

EP2020 = FIXTURES / "pyvideo" / "europython-2020"


def test_pyvideo_event_directory() -> None:
    loaded = load(str(EP2020))
    assert loaded.kind == "pyvideo" and loaded.programme.report.conference == "EuroPython2020"
    talks = {Path(t.id).name: t for t in loaded.programme.talks}
    assert len(talks) == 18
    tips = talks["hui-xiang-chua-top-15-python-tips-for-data-cleaning-understanding"]
    assert tips.title == "Top 15 Python Tips for Data Cleaning/ Understanding"  # name dropped
    assert tips.speakers == ("Hui Xiang Chua",) and tips.language == "en"
    assert tips.start == "2020-07-23"  # recorded: the first day, for a talk of the 24th
    assert tips.slides == (
        "https://ep2020.europython.eu/media/conference/slides/"
        "CivrR5y-top-15-python-tips-for-data-cleaning-understanding.pdf"
    )  # relative in the file: joined to the "Conference Website" entry
    assert tips.link == (
        "https://ep2020.europython.eu/schedule/24-july"
        "?selected=CivrR5y-top-15-python-tips-for-data-cleaning-understanding"
    )
    ian = talks["ian-ozsvald-making-pandas-fly"]  # speakers ["TODO"]
    assert (ian.title, ian.speakers) == ("Making Pandas Fly", ("Ian Ozsvald",))
    nlp = talks["philipp-thomann-nlpeasy-a-workflow-to-analyse-enrich-and-explore-textual-data"]
    assert nlp.title == "NLPeasy - a Workflow to Analyse, Enrich, and Explore Textual Data"
    opening = talks["europython-2020-opening-session"]  # "Various Speakers", no person
    assert (opening.title, opening.speakers) == ("Europython 2020 - Opening Session", ())
    lightning = talks["europython-2020-lightning-talks-07-24"]
    assert len(lightning.speakers) == 7 and lightning.title.startswith("EuroPython 2020")
    assert talks["bence-arato-the-python-data-visualization-landscape-in-2020"].speakers == (
        "Bence Arató",
    )


def test_pyvideo_single_file_and_bad_files(tmp_path: Path) -> None:
    one = load(str(EP2020 / "videos" / "dustin-ingram-static-typing-in-python.json"))
    assert one.kind == "pyvideo-video" and one.programme.talks[0].title == "Static Typing in Python"
    (tmp_path / "videos").mkdir()
    (tmp_path / "videos" / "a.json").write_text('{"title": "x",\n  "videos": [}')
    with pytest.raises(SourceError) as info:
        load(str(tmp_path))
    assert (info.value.line, info.value.column) == (2, 14) and "a.json" in str(info.value)
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(SourceError, match="no videos"):
        load(str(empty))


# -- format detection and bad input -------------------------------------------------------------


@pytest.mark.parametrize(
    ("fixture", "kind"),
    [("pretalx-democon.json", "frab-json"), ("pretalx-democon.xml", "frab-xml"),
     ("frab-camp2019.json", "frab-json"), ("fosdem-2018.xml", "frab-xml"),
     ("sessionize-all.json", "sessionize"), ("pretalx-api/talks-page-1.json", "pretalx-api"),
     ("pyvideo/europython-2020/videos/ian-ozsvald-making-pandas-fly.json", "pyvideo-video")],
)  # fmt: skip
def test_detected_from_content_not_name(fixture: str, kind: str, tmp_path: Path) -> None:
    renamed = tmp_path / "programme.txt"  # the name says nothing
    renamed.write_bytes((FIXTURES / fixture).read_bytes())
    assert detect(renamed.read_bytes()).kind == kind
    assert load(str(renamed)).kind == kind


BAD = [
    (b"", "neither JSON nor XML"),
    (b"plain text", "neither JSON nor XML"),
    (b'{"schedule": {"conference": ', "malformed JSON: Expecting value (line 1, column 29)"),
    (b'{\n  "x": 1,\n}', "malformed JSON: "),  # Python 3.13 words this one differently
    (b'{"x": 1}', "JSON of an unknown shape; expected a pretalx/frab schedule"),
    (b"[1, 2]", "JSON of an unknown shape"),
    (b'{"schedule": {"version": "1"}}', "expected 'schedule.conference'"),
    (b'{"schedule": {"conference": {"title": "x"}}}', "expected 'days' (a list)"),
    (b'{"schedule": {"conference": {"days": [{"rooms": []}]}}}', "expected 'rooms'"),
    (b'{"schedule": {"conference": {"days": [{"rooms": {"A": [{"title": "T", "date": "soon"}]}}]}}}',
     "event 'T': malformed date or start 'soon'"),
    (b"<schedule><day", "malformed XML (line 1, column 11)"),
    (b"<html><body>404</body></html>", "is an HTML page; expected a pretalx/frab"),
    (b"<rss><channel/></rss>", "XML with <rss>; expected a frab <schedule>"),
    (b'{"results": [{"title": "no code"}]}', "expected pretalx submissions with 'code'"),
    (b'{"sessions": [42]}', "expected each Sessionize session to be an object"),
    (b"\xff\xfe{", "not UTF-8"),
]  # fmt: skip


@pytest.mark.parametrize(("content", "expected"), BAD)
def test_bad_input_is_one_clear_error(content: bytes, expected: str, tmp_path: Path) -> None:
    source = tmp_path / "in"
    source.write_bytes(content)
    with pytest.raises(SourceError) as info:
        load(str(source))
    assert expected in str(info.value) and "\n" not in str(info.value)


def test_billion_laughs_and_external_entities_fail_fast() -> None:
    for name in ("laughs.xml", "xxe.xml"):
        began = time.perf_counter()
        with pytest.raises(SourceError, match="entities is refused"):
            load(str(FIXTURES / name))
        assert time.perf_counter() - began < 1  # nothing expanded (a guard, not a benchmark)


def test_unknown_timezone_and_size_limit(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="unknown timezone 'Mars/Olympus'"):
        load(str(FIXTURES / "quirks.json"), timezone="Mars/Olympus")
    from confnotes.ingest import fetch

    big = tmp_path / "big.json"
    big.write_bytes(b" " * 200 + b"{}")
    with pytest.raises(SourceError, match="larger than the limit of 100 bytes"):
        fetch.fetch(str(big), limit=100)


def test_loaded_records_are_model_records() -> None:
    for name in ("quirks.json", "frab-camp2019.json", "sessionize-all.json"):
        for talk in load(str(FIXTURES / name), timezone="Europe/Berlin").programme.talks:
            assert isinstance(talk, Talk) and dataclasses.is_dataclass(talk)
            assert talk.docname == "" and talk.lineno == 0 and " " not in talk.programme_id
