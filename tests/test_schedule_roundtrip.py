"""Untrusted programme text -> written page -> built HTML -> the same visible text.

Every field the writer emits is checked: the page heading, the report's conference,
and per card the title, each speaker, room, track and the abstract. Strings come from
hypothesis (any Unicode text, control and bidi characters included) mixed with known
payloads (fences, roles, targets, math, HTML, comments, rules, list and heading
markers, trailing backslashes). Many talks go into one page per build, so the number
of Sphinx builds stays small; ``CONFNOTES_LONG=1`` runs many more examples.

The page heading is the conference's name: markup in it is escaped, and like the
cards' text it is shown as written (no smart quotes: "--" stays "--").

The option parser itself is checked without Sphinx, on many more strings: every value
the writer quotes reads back as exactly that value.
"""

from __future__ import annotations

import os

from bs4 import BeautifulSoup, Tag
from confnotes.ingest.writer import abstract_lines, one_line, option_value, render_page
from confnotes.model import Programme, Report, Talk
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from ingest_kit import build, new_site
from myst_parser.parsers.options import options_to_items

LONG = os.environ.get("CONFNOTES_LONG") == "1"
PAYLOADS = [
    "```", "~~~", ":::", "::::{talk} x", "::::::", "{role}`x`", "{tool}`pandas`", "(label)=",
    "$$", "$x$", "<script>alert(1)</script>", "<!-- c -->", "-->", "---", "--", "...", "# h",
    "- item", "1. item", "> quote", "\\", "a\\", "*a*", "_a_", "[l](http://x)", "{{ subst }}",
    ":speaker: x", "% comment", "|", '"', "'", "\u202e", "\u2066", "\x07", "\x00", "\t", "&amp;",
    "{#id}", "[x]{.c}", "~~s~~", "http://example.org", "\u00a0", "e\u0301",
]  # fmt: skip
TEXT = st.lists(
    st.one_of(
        st.sampled_from(PAYLOADS),
        st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=8),
    ),
    max_size=6,
).map("".join)
FIELDS = st.tuples(TEXT, st.lists(TEXT, max_size=3), TEXT, TEXT, st.lists(TEXT, max_size=3))
EVERY_PAYLOAD = [(p, [p, f"Ann {p}"], p, p, [p, f"{p}\n{p}", f"  {p}"]) for p in PAYLOADS] + [
    (
        "\n".join(PAYLOADS),
        PAYLOADS[:3],
        " ".join(PAYLOADS),
        "".join(PAYLOADS),
        ["\n\n".join(PAYLOADS)],
    )
]


def visible(text: str) -> str:
    return " ".join(text.split())


def title_of(card: Tag) -> str:
    head = card.select_one(".confnotes-talk-title")
    assert head is not None
    for node in head.select("time, .headerlink"):
        node.decompose()
    text = visible(head.get_text())
    return text.removeprefix("– ").removeprefix("–") if text.startswith("–") else text


@settings(
    max_examples=40 if LONG else 2, deadline=None,
    suppress_health_check=list(HealthCheck), database=None,
)  # fmt: skip
@example(conference="C " + " ".join(PAYLOADS), talks=EVERY_PAYLOAD)
@given(conference=TEXT, talks=st.lists(FIELDS, min_size=1, max_size=12))
def test_roundtrip(
    tmp_path_factory: object,
    conference: str,
    talks: list[tuple[str, list[str], str, str, list[str]]],
) -> None:
    tmp = tmp_path_factory.mktemp("rt")  # type: ignore[attr-defined]
    records = [
        Talk(
            id="",
            docname="",
            lineno=0,
            title=title,
            time=f"{9 + i % 10:02d}:00",
            start="2024-01-02T09:00:00+01:00",
            speakers=tuple(speakers),
            room=room,
            track=track,
            abstract="\n".join(abstract),
            programme_id=f"c{i}",
        )
        for i, (title, speakers, room, track, abstract) in enumerate(talks)
    ]
    report = Report(
        docname="", lineno=0, title=f"{conference} 2024", conference=conference, edition="2024",
        start="2024-01-02", end="2024-01-02", timezone="Europe/Amsterdam",
        website="https://example.org/",
    )  # fmt: skip
    src = new_site(tmp)
    (src / "reports" / "r.md").write_text(render_page(Programme(report, tuple(records))), "utf-8")
    site = build(src, nitpicky=False)
    assert "ERROR" not in site.warnings and "CRITICAL" not in site.warnings
    soup = BeautifulSoup(site.page("r"), "html.parser")
    heading = soup.select_one("h1")
    assert heading is not None
    for link in heading.select(".headerlink"):
        link.decompose()
    # The page heading and the cards' text are data, shown exactly.
    assert visible(heading.get_text()) == visible(one_line(report.title))
    name = soup.select_one(".confnotes-conference")
    assert name is not None and visible(name.get_text()) == visible(
        " ".join(p for p in (one_line(conference), "2024") if p)
    )
    cards = soup.select("section.confnotes-talk")
    assert len(cards) == len(records)  # nothing broke out of a card, nothing merged
    assert not soup.select("section.confnotes-talk script, section.confnotes-talk style")
    for card, talk in zip(cards, records, strict=True):
        assert title_of(card) == visible(one_line(talk.title) or talk.programme_id)
        # ';' separates names in :speaker:, so the writer turns one inside a name into ','
        expected = [visible(one_line(n).replace(";", ",")) for n in talk.speakers]
        expected = [n for n in expected if n]
        shown = [visible(s.get_text()) for s in card.select(".confnotes-speaker")]
        assert shown == expected
        for cls, value in (("room", talk.room), ("track", talk.track)):
            found = card.select_one(f".confnotes-{cls}")
            assert (visible(found.get_text()) if found else "") == visible(one_line(value))
        abstract = card.select_one(".confnotes-abstract")
        paragraphs = abstract.select("p:not(.rubric)") if abstract else []
        assert visible(" ".join(p.get_text() for p in paragraphs)) == visible(
            " ".join(abstract_lines(talk.abstract))
        )


@settings(max_examples=2000 if LONG else 300, deadline=None, database=None)
@given(value=TEXT)
def test_option_values_read_back_exactly(value: str) -> None:
    line = one_line(value)
    assume(line)
    items, _ = options_to_items(f"key: {option_value(line)}")
    assert items == [("key", line)]


def test_every_payload_as_an_option_value() -> None:
    for payload in PAYLOADS:
        for value in (payload, f"a {payload}", f"{payload} b", f"{payload}{payload}"):
            line = one_line(value)
            if line:
                items, _ = options_to_items(f"key: {option_value(line)}")
                assert items == [("key", line)], value
