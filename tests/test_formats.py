"""The real site (repository root) with every builder but html: no warnings, sensible output.

Each builder builds once per test session into a temporary directory; nothing is
written into the repository. ``latexpdf`` runs only where ``latexmk`` is installed.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

import pytest
import site_sources
from bs4 import BeautifulSoup
from confnotes.i18n import messages
from confnotes.model import slug
from confnotes.nodes import NARROW_SPACES
from confnotes.query import speaker_anchor
from site_sources import squeeze

REPO = site_sources.REPO
# What the reports say is read from their sources (site_sources), never written here.
REPORTS = site_sources.reports()
TALKS = site_sources.all_talks()
# Titles every format shows as written (no character a writer escapes or typesets).
PLAIN_TEXT = re.compile(r"[A-Za-z0-9 ,.]+")
PLAIN = [(r, t) for r, t in TALKS if PLAIN_TEXT.fullmatch(t.title)]
# How Read the Docs runs LaTeX (Sphinx's Makefile would need make).
LATEXMK = ["latexmk", "-r", "latexmkrc", "-pdf", "-f", "-dvi-", "-ps-", "-interaction=nonstopmode"]
BUILDERS = ["dirhtml", "singlehtml", "latex", "epub", "text", "man", "gettext", "texinfo"]
ACROSS = "docs/across-conferences"
TRENDS_CAPTION = "Mentions per year of the 8 most mentioned tools"
MATRIX_CAPTION = "How often each tool came up at each conference"
# The years the reports cover, as the chart's columns (read from their sources).
YEARS = sorted({r.options["date"][:4] for r in REPORTS})
CAME_UP = re.compile(r"came up at \d+ conferences?")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory):
    """buildername -> output directory of a clean ``-n`` build, built once."""
    from sphinx.testing.util import SphinxTestApp
    from sphinx.util.console import strip_colors

    built: dict[str, Path] = {}

    def build(name: str) -> Path:
        if name not in built:
            builddir = tmp_path_factory.mktemp(name)
            app = SphinxTestApp(
                name,
                srcdir=REPO,
                builddir=builddir,
                freshenv=True,
                confoverrides={"nitpicky": True},
            )
            # cleanup() deletes srcdir/docutils.conf: point it into the temporary tree.
            app.docutils_conf_path = builddir / "docutils.conf"
            try:
                app.build()
                warnings = strip_colors(app.warning.getvalue()).strip()
            finally:
                app.cleanup()
            assert not warnings, f"{name} build warned:\n{warnings}"
            built[name] = Path(app.outdir)
        return built[name]

    return build


@pytest.mark.parametrize("buildername", BUILDERS)
def test_builds_without_warnings(site, buildername: str) -> None:
    outdir = site(buildername)  # the fixture fails on any warning
    assert REPO not in outdir.parents
    assert any(outdir.iterdir())


# -- text ---------------------------------------------------------------------------------


def talk_id(report: site_sources.ReportSource, talk: site_sources.TalkSource) -> str:
    return talk.options.get("id") or slug(f"{report.conference} {talk.title}")


def shown(talk: site_sources.TalkSource) -> str:
    """A pattern for a card heading's text: the start time (and an end, if the
    card has one), then the title."""
    return rf"{re.escape(talk.start)}\S* {re.escape(talk.title)}"


def unwrap(text: str) -> str:
    """Text-builder output as one line: whitespace collapsed, and the line breaks
    the writer makes after a hyphen ("pandas-\\nlike") undone."""
    return re.sub(r"(?<=\w)- (?=\w)", "-", squeeze(text))


def speaker_line(talk: site_sources.TalkSource) -> str:
    return ", ".join(talk.speakers) + (" [Cancelled]" if talk.cancelled else "")


def registry_tools(talk: site_sources.TalkSource) -> list[str]:
    """Ids of the registry tools a talk's notes name by id, name or alias (as written)."""
    names = {
        name.casefold(): tool_id
        for tool_id, tool in site_sources.tools().items()
        for name in (tool_id, tool["name"], *tool.get("aliases", []))
    }
    found = [names.get(m.casefold()) for m in re.findall(r"\{tool\}`([^`<]+)`", talk.body)]
    return sorted({t for t in found if t})


def test_the_sources_have_what_these_tests_read() -> None:
    assert len(REPORTS) >= 2 and len(TALKS) >= 10
    assert PLAIN and any(t.cancelled for _, t in TALKS)
    assert any(registry_tools(t) for _, t in TALKS)
    assert any(site_sources.cited(r.text) for r in REPORTS)
    assert any(r.options.get("tags") for r in REPORTS)


def test_text_cards_indexes_citations(site) -> None:
    out = site("text")
    bibliography = site_sources.bibliography()
    for report in REPORTS:
        text = (out / f"{report.docname}.txt").read_text("utf-8")
        flat = unwrap(text)
        # Card: time and title as heading, speakers and status, the notes.
        for talk in report.talks:
            assert re.search(rf"^{shown(talk)}\n-{{3,}}$", text, re.MULTILINE), talk.title
            assert f"\n{speaker_line(talk)}\n" in text, talk.title
        for phrase in site_sources.phrases(report.text):
            assert phrase in flat, (report.docname, phrase)
        # Report header: the tags stay apart from each other.
        tags = [t.strip() for t in report.options.get("tags", "").split(";") if t.strip()]
        if tags:
            labels = " ".join(f"[{tag}]" for tag in tags)
            assert f"{report.options['timezone']} {labels}" in flat
        # Footnote citations (the style may change a title's case).
        for key in site_sources.cited(report.text):
            assert bibliography[key].casefold() in flat.casefold(), key
    references = unwrap((out / "docs/references.txt").read_text("utf-8")).casefold()
    assert all(title.casefold() in references for title in bibliography.values())  # :all:

    across = (out / "docs/across-conferences.txt").read_text("utf-8")
    assert TRENDS_CAPTION in across and MATRIX_CAPTION in across
    head = r"^\| Tool +" + "".join(rf"\| {y} +" for y in YEARS) + r"\| Mentions \|$"
    assert re.search(head, across, re.MULTILINE)

    tools = (out / "docs/tools.txt").read_text("utf-8")
    registry, categories = site_sources.tools(), site_sources.categories()
    checked = 0
    for report, talk in TALKS:
        for tool_id in registry_tools(talk):
            tool = registry[tool_id]
            start = tools.index(f"**{tool['name']}** — ")
            end = re.compile(r"^(?:\*\*|-\[ )", re.MULTILINE).search(tools, start + 2)
            entry = unwrap(tools[start : end.start() if end else None])
            assert squeeze(tool.get("description", "")) in entry, tool_id
            if tool.get("category"):
                assert categories[tool["category"]] in entry, tool_id
            assert f"* {report.conference} *" in entry, tool_id
            line = rf"\* {shown(talk)} — {re.escape(speaker_line(talk))}"
            assert re.search(line, entry), (tool_id, talk.title)
            checked += 1
    assert checked
    speakers = unwrap((out / "docs/speakers.txt").read_text("utf-8"))
    for report, talk in TALKS:
        for name in talk.speakers:
            assert f"**{name}**" in speakers
        line = rf"{re.escape(report.conference)} · {shown(talk)} — {re.escape(speaker_line(talk))}"
        assert re.search(line, speakers), talk.title


# -- LaTeX ---------------------------------------------------------------------------------


def _tex(site) -> str:
    return (site("latex") / "confnotes.tex").read_text("utf-8")


def test_latex_cards_and_indexes(site) -> None:
    tex = _tex(site)
    for report, talk in PLAIN:
        title = re.escape(talk.title)
        if talk.options.get("link"):
            heading = rf"\\subsubsection\{{{talk.start} \\sphinxhref\{{[^}}]+\}}\{{{title}\}}\}}"
        else:
            heading = rf"\\subsubsection\{{{talk.start} {title}\}}"
        assert re.search(heading, tex), talk.title
        assert r"\label{\detokenize{" + f"{report.docname}:{talk_id(report, talk)}" + "}}" in tex
        # Index entries: the talk, with its conference (speakers only with
        # confnotes_index_speakers: the speaker listing has them).
        assert r"\index{" + f"{talk.title} ({report.conference})@" in tex
    for _, talk in TALKS:
        for talk_name in talk.speakers:  # (LaTeX writes a hyphen as \sphinxhyphen{})
            name = talk_name.replace("-", r"\sphinxhyphen{}")
            # each card links its speakers to their entry on the speaker page
            link = r"\hyperref[\detokenize{docs/speakers:" + speaker_anchor(talk_name) + "}]"
            assert link + r"{\sphinxcrossref{" + name + "}}" in tex
            assert r"\index{" + name + "@" not in tex
    assert "{[}Cancelled{]}" in tex  # brackets: there is no badge styling
    # Tool matrix as a table, tool index entries, the bibliography.
    assert r"\begin{longtable}" in tex
    names = {site_sources.tools()[t]["name"] for _, talk in TALKS for t in registry_tools(talk)}
    assert {n for n in names if PLAIN_TEXT.fullmatch(n)}
    for name in names:
        if PLAIN_TEXT.fullmatch(name):
            assert r"\sphinxstylestrong{" + name + "}" in tex
    assert r"\begin{sphinxthebibliography}" in tex
    flat = squeeze(tex).casefold()
    for title in site_sources.bibliography().values():
        phrases = site_sources.phrases(title, 2)
        assert all(phrase.casefold() in flat for phrase in phrases), title
    assert r"\subsubsection*{References}" not in tex  # nothing under it in a PDF


def test_latex_chart_and_heat_map_are_tables(site) -> None:
    tex = _tex(site)
    start = tex.index(r"\section{Across conferences}")
    across = tex[start : tex.index(r"\section{", start + 10)]
    for caption in (TRENDS_CAPTION, MATRIX_CAPTION):  # a tabulary, then a longtable
        assert re.search(r"\\(?:sphinx)?caption\{" + caption + r"(?:\\strut)?\}", across), caption
    # tools x years, the tools as row heads; no picture, no legend
    start = across.index(TRENDS_CAPTION) + len(TRENDS_CAPTION)
    trends = across[start : across.index(r"\end{tabulary}", start)]
    words = re.findall(r"(?<![\\\w])(Tool|Mentions|20\d\d)(?!\w)", trends)
    assert words[: len(YEARS) + 2] == ["Tool", *YEARS, "Mentions"]
    heads = trends.count(r"\sphinxstyletheadfamily")
    assert heads == len(YEARS) + 2 + 8  # the head row, and the 8 tools heading their rows
    assert "svg" not in across and "fewer mentions" not in across
    # the tool index's entries written out in full
    assert CAME_UP.search(" ".join(tex.split()))


def test_latex_links_have_targets(site) -> None:
    """Every \\hyperref in the document points at a \\label (tool and speaker entries too)."""
    tex = _tex(site)
    labels = set(re.findall(r"\\label\{\\detokenize\{([^}]*)\}\}", tex))
    refs = set(re.findall(r"\\hyperref\[\\detokenize\{([^}]*)\}\]", tex))
    assert any(r.startswith("docs/tools:tool-") for r in refs)
    assert any(r.startswith("docs/speakers:speaker-") for r in refs)
    assert sorted(refs - labels) == []


def test_latex_characters_pdflatex_knows(site) -> None:
    tex = _tex(site)
    # Babel's narrow spaces in dates have no pdflatex glyph; Dutch and typography do.
    assert not set(tex) & {"\u2009", "\u200a", "\u202f"}
    flat = squeeze(tex)
    for report in REPORTS:  # dates and ranges, as each report's header writes them; its prose
        start, _, end = report.options["date"].partition("/")
        m = messages(report.options.get("language") or "en")
        first = dt.date.fromisoformat(start)
        shown = m.days(first, dt.date.fromisoformat(end)) if end else m.day(first)
        assert shown.translate(NARROW_SPACES).replace("\u2013", r"\textendash{}") in tex
        for phrase in site_sources.phrases(report.text):
            assert phrase in flat, (report.docname, phrase)
    assert {r.options.get("language") for r in REPORTS} > {"en"}


@pytest.mark.skipif(shutil.which("latexmk") is None, reason="needs latexmk and TeX Live")
def test_latexpdf(site, tmp_path: Path) -> None:
    src = site("latex")
    work = tmp_path / "latex"
    shutil.copytree(src, work)
    run = subprocess.run(
        [*LATEXMK, "confnotes.tex"],
        cwd=work,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    log = (work / "confnotes.log").read_text("latin-1")
    assert run.returncode == 0, log[-3000:]
    assert (work / "confnotes.pdf").stat().st_size > 100_000
    assert re.findall(r"^! .*", log, re.MULTILINE) == []
    assert re.findall(r"(?:Hyper r|R)eference `[^']*' .* undefined", log) == []
    # The chart and the heat map as numbered tables, typeset on a page.
    aux = (work / "confnotes.aux").read_text("latin-1")
    for label in ("confnotes-trends-table", "confnotes-tool-matrix"):
        assert re.search(
            r"\\newlabel\{docs/across-conferences:" + label + r"\}\{\{\d+\}\{\d+\}", aux
        ), label
    if shutil.which("pdftotext") is None:
        # CI installs poppler-utils and sets this (.ci/run): there the text check always runs.
        assert os.environ.get("CONFNOTES_REQUIRE_PDFTOTEXT") != "1", "pdftotext is missing"
        return
    text = subprocess.run(
        ["pdftotext", "confnotes.pdf", "-"],
        cwd=work,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    shown = squeeze(text.replace("-\n", ""))  # words hyphenated at a line end, joined
    assert all(talk.title in shown for _, talk in PLAIN)
    assert "[Cancelled]" in text
    for caption in (TRENDS_CAPTION, MATRIX_CAPTION):
        assert caption in shown


# -- man, Texinfo, gettext -----------------------------------------------------------------


def test_man_page(site) -> None:
    man = (site("man") / "confnotes.7").read_text("utf-8")
    assert r"confnotes \- confnotes: conference notes" in man
    for _, talk in PLAIN:
        assert re.search(rf"^\.SS {re.escape(talk.start)}\S* .*{re.escape(talk.title)}", man, re.M)
    for _, talk in TALKS:
        if talk.cancelled:
            assert talk.speakers[-1] + r"\fP [Cancelled]" in man
    # Internal links print as text, never as "<#anchor>" (docutils 0.22 vs Sphinx).
    assert "<#" not in man
    assert r"\%<" not in man
    assert TRENDS_CAPTION in man and MATRIX_CAPTION in man


def test_texinfo_references_resolve(site) -> None:
    texi = (site("texinfo") / "confnotes.texi").read_text("utf-8")
    for _, talk in PLAIN:
        assert re.search(shown(talk), texi), talk.title
    targets = set(re.findall(r"@anchor\{([^}]*)\}", texi)) | set(
        re.findall(r"^@node ([^\n,]*)", texi, re.MULTILINE)
    )
    assert TRENDS_CAPTION in texi and MATRIX_CAPTION in texi
    refs = set(re.findall(r"@ref\{([^,}]*)", texi))
    assert refs
    assert sorted(refs - targets) == []


def test_gettext_catalog(site) -> None:
    from babel.messages.pofile import read_po

    with (site("gettext") / "docs.pot").open("rb") as f:
        catalog = read_po(f)
    ids = {m.id for m in catalog if m.id}
    flat = squeeze(" | ".join(sorted(ids)))
    for report in REPORTS:
        assert report.title in ids
        for talk in report.talks:
            assert any(re.fullmatch(shown(talk), i) for i in ids), talk.title  # talk heading
            # Generated listings and card metadata are not author text: not extracted.
            assert not set(talk.speakers) & ids
        for phrase in site_sources.phrases(report.text):  # the notes
            assert phrase in flat, (report.docname, phrase)


# -- HTML variants: every link lands ------------------------------------------------------------


def _ids(soup: BeautifulSoup) -> set[str]:
    return {t["id"] for t in soup.select("[id]")} | {t["name"] for t in soup.select("a[name]")}


def _broken_links(outdir: Path, pattern: str) -> tuple[int, list[str]]:
    soups: dict[Path, BeautifulSoup] = {}

    def soup(path: Path) -> BeautifulSoup:
        if path not in soups:
            soups[path] = BeautifulSoup(path.read_text("utf-8"), "html.parser")
        return soups[path]

    pages = [
        p
        for p in outdir.glob(pattern)
        if not {"_static", "_sources", "_images"} & set(p.relative_to(outdir).parts)
    ]
    count, broken = 0, []
    for page in pages:
        for a in soup(page).select("a[href]"):
            parts = urlsplit(a["href"])
            if parts.scheme or parts.netloc:
                continue
            count += 1
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if target.is_dir():
                target /= "index.html"
            where = f"{page.relative_to(outdir)}: {a['href']}"
            if not target.is_file():
                broken.append(f"{where} (no such file)")
            elif parts.fragment and unquote(parts.fragment) not in _ids(soup(target)):
                broken.append(f"{where} (no such id)")
    return count, broken


def test_singlehtml_links_resolve_on_the_page(site) -> None:
    page = site("singlehtml") / "docs/index.html"
    soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
    ids = _ids(soup)
    hrefs = [a["href"] for a in soup.select("a[href]") if a["href"].startswith("#")]
    # Talks, tools and speakers, from cards, mentions and the generated listings.
    for report, talk in TALKS:
        assert f"#{talk_id(report, talk)}" in hrefs, talk.title
        assert all(f"#tool-{tool_id}" in hrefs for tool_id in registry_tools(talk))
        assert all(f"#speaker-{slug(name)}" in hrefs for name in talk.speakers)
    missing = sorted({h for h in hrefs if h != "#" and unquote(h[1:]) not in ids})
    assert missing == []
    count, broken = _broken_links(site("singlehtml"), "**/*.html")
    assert count > 500
    assert broken == []


@pytest.mark.parametrize(
    ("buildername", "page"),
    [("dirhtml", f"{ACROSS}/index.html"), ("singlehtml", "docs/index.html")],
)
def test_html_chart_and_heat_map(site, buildername: str, page: str) -> None:
    html = (site(buildername) / page).read_text("utf-8")
    soup = BeautifulSoup(html, "html.parser")
    charts = re.findall(
        r'<svg xmlns="http://www.w3.org/2000/svg" class="confnotes-chart .*?</svg>', html, re.S
    )
    assert len(charts) == 2  # wide and narrow
    for svg in charts:
        root = ET.fromstring(svg)
        assert root.find("{*}title").text == "Tools over time"  # type: ignore[union-attr]
        assert root.find("{*}desc").text == TRENDS_CAPTION  # type: ignore[union-attr]
    table = soup.select_one(".confnotes-tool-trends details table.confnotes-trends-table")
    assert table is not None
    matrix = soup.select_one(".confnotes-heat-map table.confnotes-tool-matrix")
    assert matrix is not None and matrix.select("td.confnotes-heat-4")
    assert soup.select_one("p.confnotes-heat-legend") is not None
    ids = [t["id"] for t in soup.select("[id]") if t["id"].startswith("confnotes-")]
    assert len(ids) == len(set(ids)) >= 6  # two charts' titles and descriptions, two tables
    # the tool index: one line per tool with its sparkline, the entry in <details>
    tools = site(buildername) / ("docs/tools/index.html" if buildername == "dirhtml" else page)
    entries = BeautifulSoup(tools.read_text("utf-8"), "html.parser").select(".confnotes-tool-entry")
    assert len(entries) == len(site_sources.tools())
    assert all(e.select_one("details > summary strong") for e in entries)
    assert sum(1 for e in entries if e.select_one("summary svg.confnotes-spark")) > 100


def test_dirhtml_links_resolve(site) -> None:
    outdir = site("dirhtml")
    for report in REPORTS:
        assert (outdir / report.docname / "index.html").is_file()
    count, broken = _broken_links(outdir, "**/index.html")
    assert count > 500
    assert broken == []


# -- EPUB ----------------------------------------------------------------------------------


def test_epub_structure_and_links(site) -> None:
    path = site("epub") / "confnotes.epub"
    with zipfile.ZipFile(path) as epub:
        names = epub.namelist()
        first = epub.infolist()[0]
        assert (first.filename, first.compress_type) == ("mimetype", zipfile.ZIP_STORED)
        assert epub.read("mimetype") == b"application/epub+zip"
        container = ET.fromstring(epub.read("META-INF/container.xml"))
        opf_name = container.find(".//{*}rootfile").get("full-path")
        opf = ET.fromstring(epub.read(opf_name))
        manifest = [item.get("href") for item in opf.iter("{http://www.idpf.org/2007/opf}item")]
        assert set(manifest) <= set(names)
        assert {f"{r.docname}.xhtml" for r in REPORTS} <= set(manifest)
        assert "index.xhtml" not in names  # the HTML site's redirect page
        meta = {el.tag.split("}")[1]: el.text for el in opf.find("{*}metadata") if el.text}
        assert meta["title"] == "confnotes: conference notes"
        assert meta["language"] == "en"

        documents = {
            n: epub.read(n).decode("utf-8") for n in names if n.endswith((".xhtml", ".ncx"))
        }
        ids = {}
        for name, text in documents.items():
            root = ET.fromstring(text)  # well-formed XML, as EPUB requires
            ids[name] = {el.get("id") for el in root.iter() if el.get("id")}
        broken = []
        for name, text in documents.items():
            base = PurePosixPath(name).parent
            for href in re.findall(r'(?:href|src)="([^"]+)"', text):
                parts = urlsplit(href)
                if parts.scheme or href.startswith("mailto:"):
                    continue
                target = (
                    str(PurePosixPath(*_normalise(base / unquote(parts.path))))
                    if parts.path
                    else name
                )
                if target not in names:
                    broken.append(f"{name}: {href} (no such file)")
                elif parts.fragment and target in ids and parts.fragment not in ids[target]:
                    broken.append(f"{name}: {href} (no such id)")
        assert broken == []
        # The chart and the heat map as tables: no inline SVG, <details> or script
        # for a reader that may not show them.
        across = documents[f"{ACROSS}.xhtml"]
        captions = re.findall(r'<caption><span class="caption-text">([^<]*)</span>', across)
        assert captions == [TRENDS_CAPTION, MATRIX_CAPTION]
        for name in (f"{ACROSS}.xhtml", "docs/tools.xhtml"):
            text = documents[name]
            assert "<svg" not in text and "<details" not in text, name
            assert "confnotes-heat" not in text and "confnotes-tools.js" not in text, name
        assert CAME_UP.search(" ".join(documents["docs/tools.xhtml"].split()))
        nav = documents["nav.xhtml"]
        for report, talk in TALKS:  # every card is in the table of contents
            assert f'href="{report.docname}.xhtml#{talk_id(report, talk)}"' in nav


def _normalise(path: PurePosixPath) -> list[str]:
    out: list[str] = []
    for part in path.parts:
        if part == "..":
            out.pop()
        elif part != ".":
            out.append(part)
    return out
