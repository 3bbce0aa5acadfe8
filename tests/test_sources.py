from __future__ import annotations

import json
from pathlib import Path

import pytest
from confnotes.ingest.errors import SourceError
from confnotes.ingest.sources import pyvideo

EVENT = Path(__file__).parent / "ingest" / "pyvideo" / "europython-2020"


def test_directory_reads_every_video_and_the_category() -> None:
    programme = pyvideo.load(str(EVENT))
    assert programme.report.conference == "EuroPython2020"
    assert len(programme.talks) == 5
    assert all(t.docname == "" and t.lineno == 0 for t in programme.talks)


def test_placeholder_speaker_is_split_from_the_title() -> None:
    talk = pyvideo.load(str(EVENT / "videos" / "ian-ozsvald-making-pandas-fly.json")).talks[0]
    assert talk.speakers == ("Ian Ozsvald",)
    assert talk.title == "Making Pandas Fly"
    assert talk.language == "en"
    assert talk.video == "https://www.youtube.com/watch?v=fixture0004"


def test_related_urls_by_label() -> None:
    by_title = {t.title: t for t in pyvideo.load(str(EVENT)).talks}
    dvc = by_title["Automating machine learning workflow with DVC"]
    assert dvc.link.endswith("/talks/CXG7TcM-automating-machine-learning-workflow-with-dvc/")
    tips = by_title["Top 15 Python Tips for Data Cleaning - Understanding"]
    assert (
        tips.slides == "media/slides/hui-xiang-chua-data-cleaning.pdf"
    )  # relative, as in real data
    assert tips.link == ""


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b'{"title": "x",\n  "speakers": [}', "malformed JSON"),
        (b'["not", "a", "video"]', "expected a pyvideo video object"),
        (b'{"name": "no title"}', "expected a pyvideo video object"),
        (b"\xff\xfe\x00", "not UTF-8"),
    ],
)
def test_bad_files_raise_one_source_error(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "v.json"
    path.write_bytes(content)
    with pytest.raises(SourceError, match=expected):
        pyvideo.load(str(path))


def test_malformed_json_carries_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "v.json"
    path.write_bytes(b'{"title": "x",\n  "speakers": [}')
    with pytest.raises(SourceError) as info:
        pyvideo.load(str(path))
    assert (info.value.line, info.value.column) == (2, 16)


def test_oversize_file(tmp_path: Path) -> None:
    path = tmp_path / "v.json"
    path.write_text(json.dumps({"title": "x", "pad": "a" * pyvideo.MAX_BYTES}))
    with pytest.raises(SourceError, match="size limit"):
        pyvideo.load(str(path))


def test_missing_path_and_empty_directory(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="no such file"):
        pyvideo.load(str(tmp_path / "nope"))
    with pytest.raises(SourceError, match="no videos"):
        pyvideo.load(str(tmp_path))


def test_sessionize_all_data() -> None:
    from zoneinfo import ZoneInfo

    from confnotes.ingest.sources import sessionize

    data = {
        "sessions": [
            {"id": "512", "title": "Lunch", "isServiceSession": True},
            {"id": "498", "title": "Async  all the way", "startsAt": "2024-06-12T10:00:00",
             "endsAt": "2024-06-12T10:30:00", "speakers": ["a-1"], "roomId": 7,
             "recordingUrl": "https://youtu.be/x", "description": None},
        ],
        "speakers": [{"id": "a-1", "fullName": "Zoë Example"}],
        "rooms": [{"id": 7, "name": "Hall A"}],
    }  # fmt: skip
    programme = sessionize.parse(data, ZoneInfo("Europe/Berlin"))
    (talk,) = programme.talks
    assert programme.skipped == ("Lunch",)
    assert (talk.title, talk.start, talk.room) == (
        "Async all the way",
        "2024-06-12T10:00:00+02:00",
        "Hall A",
    )
    assert talk.speakers == ("Zoë Example",) and talk.video == "https://youtu.be/x"
    with pytest.raises(SourceError, match="'sessions'"):
        sessionize.parse({"talks": []})


def test_pretalx_api_pages_and_localised_strings() -> None:
    from confnotes.ingest.sources import pretalx_api

    pages = {
        "p2": {"next": None, "results": [{"code": "B2", "title": "Zwei", "state": "withdrawn"}]},
    }
    first = {
        "next": "p2",
        "results": [
            {"code": "A1", "title": {"en": "One", "de": "Eins"}, "speakers": [{"name": "Ana B"}],
             "submission_type": {"en": "Keynote"}, "track": {"en": "Data"}, "content_locale": "de",
             "slots": [{"start": "2024-04-22T10:00:00+02:00", "end": "2024-04-22T10:45:00+02:00",
                        "room": {"en": "Hall 1"}}]},
        ],
    }  # fmt: skip
    results = pretalx_api.load_pages(first, pages.__getitem__)
    programme = pretalx_api.parse(results)
    one = next(t for t in programme.talks if t.id == "A1")
    assert (one.title, one.kind, one.track, one.room, one.language) == (
        "One",
        "keynote",
        "Data",
        "Hall 1",
        "de",
    )
    assert next(t for t in programme.talks if t.id == "B2").cancelled
    with pytest.raises(SourceError, match="'results'"):
        pretalx_api.load_pages({"count": 0}, pages.__getitem__)
