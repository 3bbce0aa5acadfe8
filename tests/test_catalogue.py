"""``confnotes.json``: valid against tests/catalogue.schema.json, right content, reproducible."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest
from jsonschema import Draft202012Validator, FormatChecker

if TYPE_CHECKING:
    from conftest import Built, RootBuild, SiteKit

SCHEMA_PATH = Path(__file__).parent / "catalogue.schema.json"
DAY1, DAY2, REPORT_B = "conf-a/day-1", "conf-a/day-2", "conf-b/report"
FL_EDGE = "pydata-alpha-2023-federated-learning-at-the-edge"
FL_PRACTICE = "eurosci-2024-federated-analytics-in-practice"
RETIRED = "pydata-alpha-2023-retired-talk"
LISTING_PAGES = ("tools", "matrix", "speakers", "lists")


def format_checker() -> FormatChecker:
    """jsonschema's checker, with the formats whose optional dependencies may be missing."""
    checker = FormatChecker()

    @checker.checks("date-time", raises=ValueError)
    def date_time(value: object) -> bool:
        if not isinstance(value, str):
            return True
        return dt.datetime.fromisoformat(value).tzinfo is not None and "T" in value

    @checker.checks("uri", raises=ValueError)
    def uri(value: object) -> bool:
        if not isinstance(value, str):
            return True
        parts = urlsplit(value)
        return bool(parts.scheme and parts.netloc) and not any(c.isspace() for c in value)

    @checker.checks("uri-reference", raises=ValueError)
    def uri_reference(value: object) -> bool:
        if not isinstance(value, str):
            return True
        urlsplit(value)
        return not any(c.isspace() for c in value)

    return checker


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    schema = json.loads(SCHEMA_PATH.read_text("utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=format_checker())


def errors(validator: Draft202012Validator, data: Any) -> list[str]:
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.path)))
    ]


@pytest.fixture(scope="module")
def site(indexes_site: Built) -> Built:
    return indexes_site


@pytest.fixture(scope="module")
def data(site: Built) -> dict[str, Any]:
    return json.loads((site.outdir / "confnotes.json").read_text("utf-8"))


# -- schema --------------------------------------------------------------------------------------


def test_catalogue_is_valid(validator: Draft202012Validator, data: dict[str, Any]) -> None:
    assert errors(validator, data) == []


@pytest.mark.parametrize("root", ["basic", "warnings"])
def test_catalogue_of_other_roots_is_valid(
    validator: Draft202012Validator, built_root: RootBuild, root: str
) -> None:
    # test-warnings is full of bad input: the catalogue must still be well-formed
    outdir = Path(built_root(root).outdir)
    assert errors(validator, json.loads((outdir / "confnotes.json").read_text("utf-8"))) == []


def _break(data: dict[str, Any], how: str) -> dict[str, Any]:
    bad = copy.deepcopy(data)
    talk = bad["talks"][0]
    if how == "extra top-level key":
        bad["generated"] = "2024-01-01"
    elif how == "missing talk field":
        del talk["status"]
    elif how == "left-out null":
        del bad["reports"][0]["language"]
    elif how == "start without offset":
        talk["start"] = "2023-05-10T10:30:00"
    elif how == "javascript link":
        talk["links"]["talk"] = "javascript:alert(1)"
    elif how == "unknown link kind":
        talk["links"]["photos"] = "https://example.org/"
    elif how == "unknown status":
        talk["status"] = "maybe"
    elif how == "absolute url":
        talk["url"] = "/abs/page.html"
    elif how == "extra mention field":
        bad["tools"][0]["mentions"][0]["column"] = 3
    elif how == "bad report date":
        bad["reports"][0]["start"] = "10/05/2023"
    elif how == "wrong schema version":
        bad["schema_version"] = 2
    elif how == "unknown tool with category":
        next(t for t in bad["tools"] if not t["known"])["category"] = "ml"
    return bad


@pytest.mark.parametrize(
    "how",
    [
        "extra top-level key",
        "missing talk field",
        "left-out null",
        "start without offset",
        "javascript link",
        "unknown link kind",
        "unknown status",
        "absolute url",
        "extra mention field",
        "bad report date",
        "wrong schema version",
        "unknown tool with category",
    ],
)
def test_schema_is_strict(validator: Draft202012Validator, data: dict[str, Any], how: str) -> None:
    assert errors(validator, _break(data, how)) != []


# -- content ---------------------------------------------------------------------------------------


def test_talks(data: dict[str, Any]) -> None:
    talks = {t["id"]: t for t in data["talks"]}
    assert len(data["talks"]) == 6 == len(talks)
    edge = talks[FL_EDGE]
    assert edge["start"] == "2023-05-10T10:30:00+02:00"
    assert edge["end"] == "2023-05-10T11:00:00+02:00"
    assert edge["time"] == "10:30–11:00"
    assert edge["page"] == DAY1
    assert edge["url"] == f"{DAY1}.html#{FL_EDGE}"
    assert edge["conference"] == "pydata-alpha-2023"
    assert edge["links"] == {"talk": "https://alpha.example.org/talks/federated/"}
    assert edge["tools"] == ["flower", "scikit-learn"]
    assert edge["status"] == "scheduled"
    assert edge["duplicate_id"] is False
    practice = talks[FL_PRACTICE]
    assert practice["start"] == "2024-03-01T13:00:00-05:00"  # America/New_York in winter
    assert practice["tags"] == ["federated", "mlops"]
    assert talks[RETIRED]["status"] == "cancelled"
    for talk in data["talks"]:
        start = dt.datetime.fromisoformat(talk["start"])
        assert start.utcoffset() is not None


def test_tools(data: dict[str, Any]) -> None:
    tools = {t["id"]: t for t in data["tools"]}
    assert set(tools) == {
        "duckdb", "dvc", "flower", "mlflow", "pandas", "polars", "scikit-learn", "frobnicator",
    }  # fmt: skip
    flower = tools["flower"]
    assert flower["known"] is True
    assert flower["aliases"] == ["flwr"]
    assert flower["category"] == "ml"
    assert flower["url"] == "tools.html#tool-flower"
    assert flower["conferences"] == ["EuroSci 2024", "PyData Alpha 2023"]
    assert [(m["page"], m["talk"], m["as_written"]) for m in flower["mentions"]] == [
        (DAY1, FL_EDGE, "flwr"),
        (REPORT_B, FL_PRACTICE, "Flower"),
    ]
    assert tools["mlflow"]["mentions"] == [] and tools["mlflow"]["conferences"] == []
    frob = tools["frobnicator"]
    assert frob["known"] is False and frob["category"] is None
    assert frob["url"] == "tools.html#tool-frobnicator"
    hallway = next(m for m in tools["pandas"]["mentions"] if m["talk"] is None)
    assert hallway == {
        "page": DAY2,
        "url": f"{DAY2}.html#hallway-track",
        "line": hallway["line"],
        "talk": None,
        "section": "Hallway track",
        "conference": "PyData Alpha 2023",
        "as_written": "pandas",
    }


def test_mention_lines_point_at_the_mention(data: dict[str, Any], site: Built) -> None:
    """``line`` is the line of the mention or of the start of its paragraph."""
    src = site.outdir.parent.parent / "src"
    for tool in data["tools"]:
        for m in tool["mentions"]:
            lines = (src / f"{m['page']}.md").read_text("utf-8").splitlines()
            paragraph = []
            for line in lines[m["line"] - 1 :]:
                if not line.strip():
                    break
                paragraph.append(line)
            assert m["as_written"].casefold() in " ".join(paragraph).casefold(), m


def test_speakers(data: dict[str, Any]) -> None:
    speakers = {s["id"]: s for s in data["speakers"]}
    assert list(speakers) == sorted(speakers)
    ada = speakers["ada-lovelace"]
    assert ada == {
        "id": "ada-lovelace",
        "name": "Ada Lovelace",
        "url": "speakers.html#speaker-ada-lovelace",
        "talks": [FL_EDGE, FL_PRACTICE],
    }
    assert speakers["grace-hopper"]["talks"] == [
        "pydata-alpha-2023-dataframes-compared",
        "pydata-alpha-2023-pipelines-with-dvc",
    ]


def test_conferences_and_reports(data: dict[str, Any]) -> None:
    assert [(c["id"], c["reports"]) for c in data["conferences"]] == [
        ("eurosci-2024", [REPORT_B]),
        ("pydata-alpha-2023", [DAY1, DAY2]),
    ]
    reports = {r["page"]: r for r in data["reports"]}
    assert reports[DAY1]["series"] == reports[DAY2]["series"] == "pydata-alpha-2023"
    assert reports[DAY2]["start"] == reports[DAY2]["end"] == "2023-05-11"
    assert reports[REPORT_B]["timezone"] == "America/New_York"
    assert reports[DAY1]["title"] == "PyData Alpha 2023, Day 1"


def test_catalogue_urls_resolve(sitekit: SiteKit, data: dict[str, Any], site: Built) -> None:
    urls = [r["url"] for r in data["reports"]] + [t["url"] for t in data["talks"]]
    urls += [t["url"] for t in data["tools"] if t["url"]]
    urls += [m["url"] for t in data["tools"] for m in t["mentions"]]
    urls += [s["url"] for s in data["speakers"] if s["url"]]
    missing = []
    for url in urls:
        page, _, anchor = url.partition("#")
        path = site.outdir / page
        if not path.is_file() or (anchor and not sitekit.soup(path).find(id=anchor)):
            missing.append(url)
    assert missing == []


# -- reproducible -------------------------------------------------------------------------------------


def test_two_clean_builds_are_identical(sitekit: SiteKit, site: Built, tmp_path: Path) -> None:
    src = sitekit.copy_root("indexes", tmp_path / "src")
    again = sitekit.build(src, tmp_path / "build", freshenv=True)
    for name in ("confnotes.json", "objects.inv", *(f"{p}.html" for p in LISTING_PAGES)):
        assert (again.outdir / name).read_bytes() == (site.outdir / name).read_bytes(), name
    assert sitekit.pages(again.outdir) == sitekit.pages(site.outdir)


def test_catalogue_is_sorted_and_ends_with_newline(site: Built) -> None:
    raw = (site.outdir / "confnotes.json").read_text("utf-8")
    assert raw.endswith("}\n")
    compact = json.dumps(json.loads(raw), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    assert raw == compact + "\n"


def test_made_again_only_when_its_data_changed(
    sitekit: SiteKit, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A rebuild that changed nothing the catalogue shows does not make it again;
    one that changed a talk does, and the file shows the change."""
    from confnotes.outputs import catalogue as module

    made: list[int] = []
    original = module.catalogue
    monkeypatch.setattr(
        module,
        "catalogue",
        lambda *args: made.append(1) or original(*args),  # type: ignore[func-returns-value]
    )
    src = sitekit.copy_root("indexes", tmp_path / "src")
    sitekit.build(src, tmp_path / "build", freshenv=True)
    assert made == [1]
    site = sitekit.build(src, tmp_path / "build")  # nothing changed
    assert made == [1]
    day = src / "conf-a" / "day-1.md"
    sitekit.write(day, day.read_text("utf-8").replace("Federated learning at the edge", "Edge FL"))
    site = sitekit.build(src, tmp_path / "build")
    assert made == [1, 1]
    data = json.loads((site.outdir / "confnotes.json").read_text("utf-8"))
    assert "Edge FL" in {t["title"] for t in data["talks"]}
