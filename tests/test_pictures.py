"""The pictures on the test-indexes root: the tool matrix as a heat map, the
tools-over-time charts (trends.md: by year, and the top three by conference),
the tool index's sparklines, one-line entries and filter data, checked against
the Query the build computed; then the same listings outside HTML, and bad options.

Two conferences over three report pages: PyData Alpha 2023 (two days) and
EuroSci 2024, so two years.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from bs4 import BeautifulSoup, Tag
from confnotes.i18n import messages
from confnotes.listings.tool_trends import trends
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_colors

if TYPE_CHECKING:
    from confnotes.query import Query

SVG = "{http://www.w3.org/2000/svg}"
ROOT = Path(__file__).parent / "roots" / "test-indexes"


class Site:
    def __init__(self, outdir: Path, query: Query, warnings: str) -> None:
        self.outdir, self.query, self.warnings = outdir, query, warnings

    def html(self, page: str) -> str:
        return (self.outdir / f"{page}.html").read_text("utf-8")

    def soup(self, page: str) -> BeautifulSoup:
        return BeautifulSoup(self.html(page), "html.parser")


def build(src: Path, builder: str = "html", **overrides: Any) -> Site:
    app = SphinxTestApp(builder, srcdir=src, freshenv=True, confoverrides=overrides)
    try:
        app.build()
        domain = app.env.domains["confnotes"]
        return Site(Path(app.outdir), domain.query, strip_colors(app.warning.getvalue()))  # type: ignore[attr-defined]
    finally:
        app.cleanup()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    import shutil

    src = tmp_path_factory.mktemp("pictures") / "src"
    shutil.copytree(ROOT, src)
    return build(src)


def text(node: Tag) -> str:
    return " ".join(node.get_text().split())


# -- the heat map -------------------------------------------------------------------------------


def matrix_cells(site: Site) -> list[tuple[str, int, int]]:
    """(tool, count, level) of every count cell (conference columns)."""
    table = site.soup("matrix").select_one("table.confnotes-tool-matrix")
    assert table is not None
    out = []
    for row in table.select("tbody tr"):
        tool = text(row.select_one("th.stub"))
        for cell in row.select("td")[:-1]:  # the last column counts conferences
            classes = cell.get("class") or []
            levels = [int(c[-1]) for c in classes if re.fullmatch(r"confnotes-heat-[1-9]", c)]
            assert len(levels) <= 1 and len(levels) == len(classes), cell
            out.append((tool, int(text(cell) or 0), levels[0] if levels else 0))
    return out


def test_heat_map_levels_follow_the_counts(site: Site) -> None:
    cells = matrix_cells(site)
    expected = {
        (tool.name, conference): n
        for tool_id, per in site.query.tool_conferences.items()
        for conference, n in per.items()
        if (tool := site.query.tool_uses[tool_id].tool)
    }
    # every number is the Query's (0 shows as an empty cell)
    shown = {(tool, count) for tool, count, _ in cells if count}
    assert shown == {(tool, n) for (tool, _), n in expected.items()}
    # levels: 0 exactly for no mention, never lower for more mentions, the top for the most
    for _, count, level in cells:
        assert (level == 0) == (count == 0)
    ordered = sorted((count, level) for _, count, level in cells)
    assert [level for _, level in ordered] == sorted(level for _, level in ordered)
    top = max(count for _, count, _ in cells)
    assert {level for count, level in ordered if count == top} == {4}


def test_heat_map_reads_as_a_table(site: Site) -> None:
    page = site.soup("matrix")
    box = page.select_one(".confnotes-scroll.confnotes-heat-map")
    assert box is not None and box.select_one("table.confnotes-tool-matrix") is not None
    table = box.table
    caption = table.caption.select_one(".caption-text")
    assert text(caption) == "How often each tool came up at each conference"
    assert table["id"] == "confnotes-tool-matrix"
    # the tools head their rows; the head row's first cell is a head and a stub
    assert next(th.get("class") for th in table.select("thead th")) == ["head", "stub"]
    assert len(table.select("tbody th.stub")) == len(table.select("tbody tr"))
    legend = page.select_one("p.confnotes-heat-legend")
    assert legend is not None and legend["aria-hidden"] == "true"
    ends = [text(s) for s in legend.select(".confnotes-heat-end")]
    assert ends == ["fewer mentions", "more mentions"]
    swatches = [(s["class"], text(s)) for s in legend.select("span:not(.confnotes-heat-end)")]
    assert swatches == [(["confnotes-heat-1"], "1"), (["confnotes-heat-4"], "2")]
    # the legend comes before the table it explains
    assert legend.find_next("table") is table


# -- the tools-over-time chart ------------------------------------------------------------------


def charts_on(site: Site, page: str) -> list[ET.Element]:
    html = site.html(page)
    found = re.findall(
        r'<svg xmlns="http://www.w3.org/2000/svg" class="confnotes-chart .*?</svg>', html, re.S
    )
    return [ET.fromstring(svg) for svg in found]  # well-formed XML, as drawn


def series_of(svg: ET.Element) -> list[tuple[str, list[str]]]:
    """(label, point titles) per series."""
    out = []
    for group in svg.iter(f"{SVG}g"):
        if "confnotes-series" not in (group.get("class") or "").split():
            continue
        label = next(group.iter(f"{SVG}text"))
        marks = group.find(f"{SVG}g")
        assert marks is not None
        titles = [el.find(f"{SVG}title").text for el in marks]  # type: ignore[union-attr]
        out.append(("".join(label.itertext()), titles))
    return out


def test_chart_by_year_shows_the_querys_numbers(site: Site) -> None:
    svgs = charts_on(site, "trends")
    assert len(svgs) == 4  # two charts, each drawn wide and narrow
    wide, narrow = svgs[0], svgs[1]
    assert wide.get("class") == "confnotes-chart confnotes-chart-wide"
    assert narrow.get("class") == "confnotes-chart confnotes-chart-narrow"
    q = site.query
    assert q.years == ["2023", "2024"]
    data = trends(q, "year", 8)
    expected = [
        (
            tool.name,
            [
                f"{tool.name}: {q.tool_years[tool.id].get(y, 0)} "
                f"mention{'' if q.tool_years[tool.id].get(y, 0) == 1 else 's'} in {y}"
                for y in q.years
            ],
        )
        for tool, _ in data.tools
    ]
    assert series_of(wide) == expected
    assert series_of(narrow) == expected
    # every mentioned tool, most mentioned first (fewer than 8 on this site)
    mentioned = [u for u in q.tool_uses.values() if u.mentions]
    assert len(expected) == len(mentioned)
    totals = [sum(q.tool_years[t.id].values()) for t, _ in data.tools]
    assert totals == sorted(totals, reverse=True)
    title = wide.find(f"{SVG}title")
    desc = wide.find(f"{SVG}desc")
    assert title is not None and title.text == "Tools over time"
    assert (
        desc is not None
        and desc.text == f"Mentions per year of the {len(expected)} most mentioned tools"
    )
    assert wide.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"


def test_chart_numbers_as_a_table(site: Site) -> None:
    box = site.soup("trends").select(".confnotes-tool-trends")[0]
    assert "no-search" in box["class"]
    more = box.select_one("details.confnotes-chart-data")
    assert more is not None and "open" not in more.attrs
    assert text(more.summary) == "The numbers as a table"
    table = more.select_one("table.confnotes-trends-table")
    assert [text(th) for th in table.select("thead th")] == ["Tool", "2023", "2024", "Mentions"]
    q = site.query
    for row in table.select("tbody tr"):
        name = text(row.th)
        tool = next(u.tool for u in q.tool_uses.values() if u.tool.name == name)
        per = q.tool_years[tool.id]
        numbers = [int(text(td)) for td in row.select("td")]
        assert numbers == [per.get("2023", 0), per.get("2024", 0), sum(per.values())]
        assert row.th.a["href"] == f"tools.html#tool-{tool.id}"


def test_chart_by_edition_top_three(site: Site) -> None:
    svg = charts_on(site, "trends")[2]
    q = site.query
    data = trends(q, "edition", 3)
    assert data.x_labels == ["PyData Alpha 2023", "EuroSci 2024"]
    got = series_of(svg)
    assert [name for name, _ in got] == [t.name for t, _ in data.tools]
    assert len(got) == 3
    for (name, titles), (tool, values) in zip(got, data.tools, strict=True):
        assert values == [q.tool_conferences[tool.id].get(c, 0) for c in data.x_labels]
        assert titles[0].startswith(f"{name} at PyData Alpha 2023: {values[0]} mention")
    desc = svg.find(f"{SVG}desc")
    assert desc is not None and desc.text == "Mentions per conference of the 3 most mentioned tools"
    second = site.soup("trends").select(".confnotes-tool-trends")[1]
    assert [text(th) for th in second.select("thead th")][1:3] == data.x_labels


def test_ids_on_the_chart_page_are_unique(site: Site) -> None:
    ids = re.findall(r'\sid="([^"]+)"', site.html("trends"))
    assert len(ids) == len(set(ids))
    assert {"confnotes-chart-wide-title", "confnotes-chart-2-narrow-desc"} <= set(ids)


# -- the tool index: one line per tool, a sparkline, the filter's data -----------------------------


def test_every_tool_listed_without_script(site: Site) -> None:
    index = site.soup("tools").select_one(".confnotes-tool-index")
    entries = index.select(".confnotes-tool-entry")
    assert {e["id"] for e in entries} == {f"tool-{t}" for t in site.query.tool_uses}
    for entry in entries:
        assert "hidden" not in entry.attrs
        more = entry.find("details", recursive=False)
        assert more is not None and "open" not in more.attrs
        line = more.find("summary", recursive=False)
        assert line is not None and line.strong is not None
        # the whole entry is there, one click away: every link is in the details
        assert entry.select("a") == more.select("a")
    assert len(index.select(".confnotes-mentions a")) > 5


def test_sparklines(site: Site) -> None:
    q = site.query
    index = site.soup("tools")
    for tool_id, use in q.tool_uses.items():
        entry = index.select_one(f"#tool-{tool_id}")
        spark = entry.select_one("summary .confnotes-spark-box")
        if not use.mentions:
            assert spark is None
            continue
        assert "no-search" in spark["class"]
        svg = spark.find("svg")
        assert svg["aria-hidden"] == "true"
        assert len(svg.find_all("rect")) == len(q.years)
        per = q.tool_years[tool_id]
        counts = " and ".join(f"{y}: {per.get(y, 0)}" for y in q.years)
        said = text(spark.select_one(".confnotes-visually-hidden"))
        assert said == f"{use.tool.name}: mentions per year \u2014 {counts}"
        assert svg.title.get_text() == said


def test_filter_data_and_script(site: Site) -> None:
    page = site.soup("tools")
    data = json.loads(page.select_one("script.confnotes-tool-filter-data").string)
    entries = [e["id"] for e in page.select(".confnotes-tool-entry")]
    assert sorted(data["names"]) == sorted(entries)
    assert {"scikit-learn", "sklearn", "scikit learn"} <= set(data["names"]["tool-scikit-learn"])
    assert data["labels"]["label"] == "Filter tools"
    assert data["labels"]["shown"] == {
        "one": "{shown} of {total} tool",
        "other": "{shown} of {total} tools",
    }
    scripts = lambda p: [s.get("src", "") for s in site.soup(p).select("script[src]")]  # noqa: E731
    assert any("/confnotes-tools.js" in s for s in scripts("tools"))
    assert not any("/confnotes-tools.js" in s for s in scripts("matrix"))
    assert not any("/confnotes-tools.js" in s for s in scripts("trends"))


def test_filter_labels_in_every_language() -> None:
    from confnotes.listings.tool_index import filter_labels

    for language in ("nl", "de"):
        labels = filter_labels(messages(language))
        assert labels["lang"] == language
        assert labels["label"] != "Filter tools"
        assert set(labels["shown"]) >= {"one", "other"}  # type: ignore[arg-type]


# -- outside HTML --------------------------------------------------------------------------------


def test_text_builder_gets_tables(tmp_path: Path) -> None:
    import shutil

    shutil.copytree(ROOT, tmp_path / "src")
    built = build(tmp_path / "src", "text")
    trends_txt = (built.outdir / "trends.txt").read_text("utf-8")
    assert "<svg" not in trends_txt and "details" not in trends_txt
    assert "Mentions per year of the" in trends_txt
    assert re.search(r"\| Tool +\| 2023 \| 2024 \| Mentions \|", trends_txt)
    q = built.query
    for tool, values in trends(q, "year", 8).tools:
        row = r"\| " + re.escape(tool.name) + r" +\| " + r" +\| ".join(map(str, values))
        assert re.search(row, trends_txt), tool.name
    tools_txt = " ".join((built.outdir / "tools.txt").read_text("utf-8").split())
    assert "came up at 2 conferences" in tools_txt  # entries written out in full
    matrix = (built.outdir / "matrix.txt").read_text("utf-8")
    assert "How often each tool came up at each conference" in matrix
    assert "fewer mentions" not in matrix


# -- bad options and untrusted names --------------------------------------------------------------


def test_bad_options_warn_and_fall_back(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(
        'extensions = ["myst_parser", "confnotes"]\nmyst_enable_extensions = ["colon_fence"]\n'
        'confnotes_tools_file = "tools.yaml"\n'
    )
    (src / "tools.yaml").write_text(
        'tools:\n  odd:\n    name: "<script>alert(1)</script> & \\"Co\\""\n', encoding="utf-8"
    )
    (src / "index.md").write_text(
        "# R&D <Conf>\n\n:::{report}\n:conference: R&D <Conf>\n:edition: 2024\n"
        ":date: 2024-01-02\n:timezone: UTC\n:::\n\n{tool}`odd` and {tool}`odd`.\n\n"
        "```{toctree}\nchart\n```\n",
        encoding="utf-8",
    )
    (src / "chart.md").write_text(
        "# Chart\n\n:::{tool-trends}\n:top: 12\n:by: month\n:::\n\n"
        ":::{tool-trends}\n:by: edition\n:::\n",
        encoding="utf-8",
    )
    built = build(src)
    lines = [line for line in built.warnings.splitlines() if "WARNING" in line]
    assert len(lines) == 2, lines
    assert "chart.md:4: WARNING: :top: '12' is not a whole number from 1 to 8" in lines[0]
    assert "chart.md:5: WARNING: :by: 'month' is not 'year' or 'edition'" in lines[1]
    assert all("[confnotes.option]" in line for line in lines)
    html = built.html("chart")
    svgs = re.findall(
        r'<svg xmlns="http://www.w3.org/2000/svg" class="confnotes-chart .*?</svg>', html, re.S
    )
    assert len(svgs) == 4
    for svg in svgs:
        root = ET.fromstring(svg)
        names = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
        assert any(n.startswith("<script>alert(1)") for n in names)
    assert "<script>alert" not in html
    assert "R&amp;D &lt;Conf&gt; 2024" in svgs[2]  # by edition: the conference on the x axis
