"""A report page speaks its own language: no English word confnotes adds to it.

The site's Dutch report (and the Dutch and German pages of the cards root) are
built; every label confnotes puts on them (report header, card badges and
links, talk kinds and languages, the abstract's title, listing sentences) is
collected by its class, and checked against the English of every message
whose translation differs, and against English month and weekday names.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import site_sources
from babel.dates import get_day_names, get_month_names
from bs4 import BeautifulSoup, Tag
from confnotes.i18n import messages, read_catalogue
from sphinx.testing.util import SphinxTestApp

# Elements holding words confnotes writes (data such as names, rooms and titles
# sit in their own elements, never in these).
LABELS = (
    ".confnotes-report .confnotes-date",
    ".confnotes-report .confnotes-timezone",
    ".confnotes-report .confnotes-language",
    ".confnotes-report .confnotes-authors",
    ".confnotes-status",
    ".confnotes-resource",
    ".confnotes-kind",
    ".confnotes-talk-meta .confnotes-language",
    ".confnotes-abstract-title",
    ".confnotes-empty",
)


def translations(language: str) -> list[str]:
    """Every translated string of the catalogue, longest first."""
    out = set()
    for message in read_catalogue(language):
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        out.update(re.sub(r"\{\w+\}", "", s).strip() for s in strings if s)
    return sorted(out, key=len, reverse=True)


def english_words(language: str) -> set[str]:
    """The English of every message whose translation in ``language`` differs
    (its literal parts around the fields), and English month and day names
    that the language writes otherwise."""
    catalogue = read_catalogue(language)
    found: set[str] = set()
    for message in catalogue:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for english in ids:
            for part in re.split(r"\{\w+\}", english):
                part = part.strip(" :,.()")
                if len(part) >= 3 and not any(part in s for s in strings):
                    found.add(part)
    for names in (get_month_names, get_day_names):
        found.update(
            set(names("wide", locale="en").values()) - set(names("wide", locale=language).values())
        )
    return found


def labels(html: str) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    out = []
    for selector in LABELS:
        for element in soup.select(selector):
            assert isinstance(element, Tag)
            out.append(" ".join(element.get_text(" ").split()))
    return out


def english_in(text: str, words: set[str], language: str) -> list[str]:
    """English words in a label, once the language's own phrases (which may
    borrow one: Dutch "Lightning talk") are taken out."""
    for phrase in translations(language):
        if phrase and any(w in phrase for w in words):
            text = text.replace(phrase, " ")
    return sorted(w for w in words if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text))


@pytest.fixture(scope="module")
def site_report(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """(language, HTML) of the site's report written in a language other than English."""
    report = next(
        r for r in site_sources.reports() if r.options.get("language") not in ("", None, "en")
    )
    builddir = tmp_path_factory.mktemp("site")
    app = SphinxTestApp("html", srcdir=site_sources.REPO, builddir=builddir, freshenv=True)
    app.docutils_conf_path = builddir / "docutils.conf"  # cleanup() removes it
    try:
        app.build()
        html = (Path(app.outdir) / f"{report.docname}.html").read_text("utf-8")
    finally:
        app.cleanup()
    return report.options["language"], html


def test_the_sites_dutch_report_has_no_english_label(site_report: tuple[str, str]) -> None:
    language, html = site_report
    assert language == "nl"
    found = labels(html)
    assert len(found) >= 3, found  # date, time zone, language at least
    words = english_words(language)
    assert [
        (t, english_in(t, words, language)) for t in found if english_in(t, words, language)
    ] == []
    # ... and each is what the Dutch catalogue says, where there is a catalogue entry
    m = messages(language)
    header = BeautifulSoup(html, "html.parser").select_one(".confnotes-report")
    assert header is not None and header.get("lang") == m.language


@pytest.mark.parametrize("language", ["nl", "de"])
def test_a_report_in_each_shipped_language(language: str, rootdir: Path, tmp_path: Path) -> None:
    """Every label a card can carry (status, kind, language, links, abstract, header)."""
    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-basic", src)
    (src / "reports" / "labels.md").write_text(
        f"""# Labels

:::{{report}}
:conference: Labels Conf
:edition: 2024
:date: 2024-09-12/2024-09-13
:timezone: Europe/Berlin
:location: Berlin
:language: {language}
:author: A. Author; B. Author
:::

## Talks

::::{{talk}} Talk one
:time: 09:00-09:30
:date: 2024-09-12
:speaker: Ada
:status: cancelled
:kind: keynote
:language: en
:video: https://example.org/v
:slides: https://example.org/s
:code: https://example.org/c

:::{{abstract}}
Text.
:::
::::

::::{{talk}} Talk two
:time: 10:00
:date: 2024-09-13
:speaker: Bea
:status: postponed
:kind: lightning
::::
""",
        encoding="utf-8",
    )
    index = src / "index.md"
    index.write_text(
        index.read_text("utf-8").replace("reports/nl\n", "reports/nl\nreports/labels\n")
    )
    app = SphinxTestApp("html", srcdir=src)
    try:
        app.build()
        html = (Path(app.outdir) / "reports" / "labels.html").read_text("utf-8")
    finally:
        app.cleanup()
    found = labels(html)
    assert len(found) >= 12, found
    words = english_words(language)
    assert [
        (t, english_in(t, words, language)) for t in found if english_in(t, words, language)
    ] == []
