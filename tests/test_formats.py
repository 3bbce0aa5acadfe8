"""The real site (repository root) with every builder but html: no warnings, sensible output.

Each builder builds once per test session into a temporary directory; nothing is
written into the repository. ``latexpdf`` runs only where ``latexmk`` is installed.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup
from confnotes.i18n import format_days
from confnotes.nodes import NARROW_SPACES

REPO = Path(__file__).resolve().parents[1]
EP = "docs/reports/europython-2020-day-2"
DVC_ID = "europython-2020-automating-machine-learning-workflow-with-dvc"
DVC = "Automating machine learning workflow with DVC"
# How Read the Docs runs LaTeX (Sphinx's Makefile would need make).
LATEXMK = ["latexmk", "-r", "latexmkrc", "-pdf", "-f", "-dvi-", "-ps-", "-interaction=nonstopmode"]
BUILDERS = ["dirhtml", "singlehtml", "latex", "epub", "text", "man", "gettext", "texinfo"]
ACROSS = "docs/across-conferences"
TRENDS_CAPTION = "Mentions per year of the 8 most mentioned tools"
MATRIX_CAPTION = "How often each tool came up at each conference"


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


def test_text_cards_indexes_citations(site) -> None:
    out = site("text") / "docs"
    report = (out / "reports/europython-2020-day-2.txt").read_text("utf-8")
    # Card: time and title as heading, speakers, status, the notes.
    assert f"\n07:00 {DVC}\n-----" in report
    assert "\nHongjoo Lee\n" in report
    assert "\nBrendan Tierney [Cancelled]\n" in report
    assert "Works for SK hynix, a memory chip maker in South Korea." in report
    # Report header: the tags stay apart from each other.
    assert "Europe/London [python] [data science] [conference]" in report
    assert "Generative adversarial nets" in report  # footnote citations

    tools = (out / "tools.txt").read_text("utf-8")
    dvc = tools[tools.index("**DVC** — ") : tools.index("-[ E ]-")]
    assert "ML workflow, pipelines and MLOps" in dvc
    assert f"* EuroPython 2020\n\n  * 07:00 {DVC} — Hongjoo Lee" in dvc
    speakers = " ".join((out / "speakers.txt").read_text("utf-8").split())
    assert "19:00 Analytical Functions in SQL — Brendan Tierney [Cancelled]" in speakers
    assert "Generative adversarial nets" in (out / "references.txt").read_text("utf-8")

    across = (out / "across-conferences.txt").read_text("utf-8")
    assert TRENDS_CAPTION in across and MATRIX_CAPTION in across
    assert re.search(r"^\| Tool +\| 2020 +\| 2023 +\| Mentions \|$", across, re.MULTILINE)
    assert re.search(r"^\| pandas +\| 9 +\| 3 +\| 12 +\|$", across, re.MULTILINE)


# -- LaTeX ---------------------------------------------------------------------------------


def _tex(site) -> str:
    return (site("latex") / "confnotes.tex").read_text("utf-8")


def test_latex_cards_and_indexes(site) -> None:
    tex = _tex(site)
    assert re.search(r"\\subsubsection\{07:00 \\sphinxhref\{[^}]+\}\{" + DVC + r"\}\}", tex)
    assert r"\label{\detokenize{" + f"{EP}:{DVC_ID}" + "}}" in tex
    assert r"\DUrole{confnotes-speaker}{Hongjoo Lee}" in tex
    assert "{[}Cancelled{]}" in tex  # brackets: there is no badge styling
    # Index entries: the talk, with its conference (speakers only with
    # confnotes_index_speakers: the speaker listing has them).
    assert r"\index{" + DVC + " (EuroPython 2020)@" in tex
    assert r"\index{Hongjoo Lee@" not in tex
    # Tool matrix as a table, tool index entries, the bibliography.
    assert r"\begin{longtable}" in tex
    assert r"\sphinxstylestrong{DVC}" in tex
    assert r"\begin{sphinxthebibliography}" in tex
    assert "Generative adversarial nets" in tex
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
    words = re.findall(r"(?<![\\\w])(Tool|Mentions|20\d\d|pandas)(?!\w)", trends)
    assert words[:5] == ["Tool", "2020", "2023", "Mentions", "pandas"]
    heads = trends.count(r"\sphinxstyletheadfamily")
    assert heads == 4 + 8  # the head row, and the 8 tools heading their rows
    assert "svg" not in across and "fewer mentions" not in across
    # the tool index's entries written out in full
    assert "came up at 2 conferences" in " ".join(tex.split())


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
    # the PyData Amsterdam date range, as the (Dutch) report's header writes it
    source = (REPO / "docs" / "reports" / "pydata-amsterdam-2023.md").read_text("utf-8")
    first, last = re.search(r"^:date: (\S+)/(\S+)$", source, re.M).groups()  # type: ignore[union-attr]
    span = format_days(dt.date.fromisoformat(first), dt.date.fromisoformat(last), "nl")
    assert span.translate(NARROW_SPACES).replace("\u2013", r"\textendash{}") in tex
    assert "Op donderdag 14 September begon PyData Amsterdam" in tex  # Dutch report


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
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "confnotes.pdf", "-"],
            cwd=work,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert DVC in " ".join(text.split())
        assert "[Cancelled]" in text
        for caption in (TRENDS_CAPTION, MATRIX_CAPTION):
            assert caption in " ".join(text.split())


# -- man, Texinfo, gettext -----------------------------------------------------------------


def test_man_page(site) -> None:
    man = (site("man") / "confnotes.7").read_text("utf-8")
    assert r"confnotes \- confnotes: conference notes" in man
    assert re.search(r"^\.SS 07:00 .*" + DVC, man, re.MULTILINE)
    assert r"Brendan Tierney\fP [Cancelled]" in man
    # Internal links print as text, never as "<#anchor>" (docutils 0.22 vs Sphinx).
    assert "<#" not in man
    assert r"\%<" not in man
    assert TRENDS_CAPTION in man and MATRIX_CAPTION in man


def test_texinfo_references_resolve(site) -> None:
    texi = (site("texinfo") / "confnotes.texi").read_text("utf-8")
    assert f"07:00 {DVC}" in texi
    assert TRENDS_CAPTION in texi and MATRIX_CAPTION in texi
    targets = set(re.findall(r"@anchor\{([^}]*)\}", texi)) | set(
        re.findall(r"^@node ([^\n,]*)", texi, re.MULTILINE)
    )
    refs = set(re.findall(r"@ref\{([^,}]*)", texi))
    assert refs
    assert sorted(refs - targets) == []


def test_gettext_catalog(site) -> None:
    from babel.messages.pofile import read_po

    with (site("gettext") / "docs.pot").open("rb") as f:
        catalog = read_po(f)
    ids = {m.id for m in catalog if m.id}
    assert f"07:00 {DVC}" in ids  # talk heading
    assert "Works for SK hynix, a memory chip maker in South Korea." in ids  # a note
    assert "EuroPython Conference 2020, Day 2" in ids
    # Generated listings and card metadata are not author text: not extracted.
    assert "Hongjoo Lee" not in ids


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
    assert f"#{DVC_ID}" in hrefs
    assert "#tool-dvc" in hrefs
    assert "#speaker-hongjoo-lee" in hrefs
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
    assert len(entries) > 100
    assert all(e.select_one("details > summary strong") for e in entries)
    assert sum(1 for e in entries if e.select_one("summary svg.confnotes-spark")) > 100


def test_dirhtml_links_resolve(site) -> None:
    outdir = site("dirhtml")
    assert (outdir / "docs/reports/europython-2020-day-2/index.html").is_file()
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
        assert f"{EP}.xhtml" in manifest
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
        nav = documents["nav.xhtml"]
        assert f'href="{EP}.xhtml#{DVC_ID}"' in nav

        # The chart and the heat map as tables: no inline SVG, <details> or script
        # for a reader that may not show them.
        across = documents[f"{ACROSS}.xhtml"]
        captions = re.findall(r'<caption><span class="caption-text">([^<]*)</span>', across)
        assert captions == [TRENDS_CAPTION, MATRIX_CAPTION]
        for name in (f"{ACROSS}.xhtml", "docs/tools.xhtml"):
            text = documents[name]
            assert "<svg" not in text and "<details" not in text, name
            assert "confnotes-heat" not in text and "confnotes-tools.js" not in text, name
        assert "came up at 2 conferences" in " ".join(documents["docs/tools.xhtml"].split())


def _normalise(path: PurePosixPath) -> list[str]:
    out: list[str] = []
    for part in path.parts:
        if part == "..":
            out.pop()
        elif part != ".":
            out.append(part)
    return out
