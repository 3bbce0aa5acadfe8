"""The pictures in Chromium: the tool index filter (keyboard, live region), links
opening tool entries, the heat map and the chart readable in light and dark mode
and usable at phone width, with screenshots in _build/screenshots/ for review."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from .conftest import MODES, VIEWPORTS
from .test_site import _COLOURS_JS, MIN_CONTRAST, contrast

TOOLS = "docs/tools.html"
ACROSS = "docs/across-conferences.html"
VISIBLE_ENTRIES = "document.querySelectorAll('.confnotes-tool-entry:not([hidden])').length"


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def _expected_matches(page: Any, query: str) -> int:
    data = json.loads(page.locator("script.confnotes-tool-filter-data").text_content())
    names = data["names"]
    return sum(1 for values in names.values() if _fold(query) in _fold("\n".join(values)))


# -- the tool index -------------------------------------------------------------------


def test_tool_filter_by_keyboard(open_page: Any, screenshots: Path) -> None:
    visit = open_page(TOOLS)
    page = visit.page
    total = page.locator(".confnotes-tool-entry").count()
    assert total > 100
    box = page.get_by_label("Filter tools")  # the label names the input
    assert box.get_attribute("placeholder") == "Type a tool name"
    status = page.locator(".confnotes-tool-filter-status")
    assert status.get_attribute("role") == "status"
    assert status.get_attribute("aria-live") == "polite"
    assert status.inner_text() == ""

    box.focus()
    page.keyboard.type("dask")
    expected = _expected_matches(page, "dask")
    assert 1 <= expected < total
    page.wait_for_function(f"{VISIBLE_ENTRIES} === {expected}")
    noun = "tool" if total == 1 else "tools"
    assert status.inner_text() == f"{expected} of {total} {noun}"
    # letters without a match step aside, and so does the second (by category) list
    assert page.locator(".confnotes-letter:not([hidden])").count() <= expected
    assert page.locator("#tools-by-category").is_hidden()
    page.screenshot(path=str(screenshots / "tool-filter-light-desktop.png"))

    # Enter: to the first tool shown; Enter again opens its entry
    page.keyboard.press("Enter")
    focused = page.evaluate("document.activeElement.closest('.confnotes-tool-entry').id")
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
    page.keyboard.press("Enter")
    assert page.evaluate(f"document.getElementById('{focused}').querySelector('details').open")

    # nothing matches: said so; Escape empties the box and shows everything again
    box.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("zzzz-no-such-tool")
    page.wait_for_function(f"{VISIBLE_ENTRIES} === 0")
    assert status.inner_text() == "No tool matches."
    page.keyboard.press("Escape")
    page.wait_for_function(f"{VISIBLE_ENTRIES} === {total}")
    assert box.input_value() == "" and status.inner_text() == ""
    assert page.locator("#tools-by-category").is_visible()
    visit.assert_clean()


def test_aliases_and_accents_match(open_page: Any) -> None:
    visit = open_page(TOOLS)
    page = visit.page
    box = page.get_by_label("Filter tools")
    box.fill("SKLEARN")  # an alias, in capitals
    page.wait_for_function(f"{VISIBLE_ENTRIES} === {_expected_matches(page, 'sklearn')}")
    assert page.locator("#tool-scikit-learn").is_visible()
    box.fill("scíkit")  # an accent the names do not have
    page.wait_for_function(f"{VISIBLE_ENTRIES} >= 1")
    assert page.locator("#tool-scikit-learn").is_visible()
    visit.assert_clean()


def test_a_link_opens_the_tool_entry(open_page: Any) -> None:
    visit = open_page(TOOLS + "#tool-dask")
    page = visit.page
    entry = page.locator("#tool-dask")
    assert entry.locator("details").evaluate("d => d.open")
    assert entry.locator(".confnotes-mentions a").first.is_visible()
    # other entries stay closed: one line each
    assert not page.locator("#tool-pandas details").evaluate("d => d.open")
    # following a link to another tool on the same page opens that one
    page.evaluate("location.hash = '#tool-pandas'")
    page.wait_for_function("document.querySelector('#tool-pandas details').open")
    visit.assert_clean()


def test_tool_index_fits_many_tools_per_screen(open_page: Any) -> None:
    visit = open_page(TOOLS, viewport="phone")
    page = visit.page
    heights = page.evaluate(
        "[...document.querySelectorAll('.confnotes-tool-entry')].slice(0, 20)"
        ".map(e => e.getBoundingClientRect().height)"
    )
    assert max(heights) < 45, heights  # one line per tool, even on a phone
    visit.assert_clean()


# -- the heat map and the chart: contrast, dark mode, phones ----------------------------

HEAT_TEXT = {
    f"level {n}": f"table.confnotes-tool-matrix td.confnotes-heat-{n}" for n in (1, 2, 3, 4)
}
HEAT_TEXT["legend"] = ".confnotes-heat-legend span:not(.confnotes-heat-end)"
CHART_TEXT = {
    "series label": "svg.confnotes-chart-wide .confnotes-series text",
    "axis": "svg.confnotes-chart-wide .confnotes-chart-axis text",
}


def _low(page: Any, selectors: dict[str, str]) -> tuple[set[str], list[str]]:
    samples = page.evaluate(_COLOURS_JS, selectors)
    rated = [(contrast(s["fg"], s["bg"]), s) for s in samples]
    low = [
        f"  {r:.2f}:1 {s['kind']} {s['text']!r} fg={s['fg']} bg={s['bg']}"
        for r, s in rated
        if r < MIN_CONTRAST
    ]
    return {s["kind"] for s in samples}, low


@pytest.mark.parametrize("mode", MODES)
def test_heat_map_and_chart_readable(open_page: Any, mode: str) -> None:
    visit = open_page(ACROSS, mode=mode)
    page = visit.page
    assert page.evaluate("document.documentElement.dataset.theme") == mode
    kinds, low = _low(page, HEAT_TEXT)
    assert kinds == set(HEAT_TEXT), f"no visible {set(HEAT_TEXT) - kinds}"
    assert not low, f"heat map text below {MIN_CONTRAST}:1 in {mode} mode:\n" + "\n".join(low)
    # the shades really differ from each other and from an empty cell
    shades = page.evaluate(
        "['td:empty', ...[1, 2, 3, 4].map(n => 'td.confnotes-heat-' + n)].map(s =>"
        " getComputedStyle(document.querySelector('table.confnotes-tool-matrix ' + s))"
        ".backgroundColor)"
    )
    assert len(set(shades)) == 5, shades
    kinds, low = _low(page, CHART_TEXT)
    assert kinds == set(CHART_TEXT)
    assert not low, f"chart text below {MIN_CONTRAST}:1 in {mode} mode:\n" + "\n".join(low)
    visit.assert_clean()


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("mode", MODES)
def test_screenshots(open_page: Any, screenshots: Path, mode: str, viewport: str) -> None:
    visit = open_page(ACROSS, mode=mode, viewport=viewport)
    page = visit.page
    page.evaluate("document.fonts.ready")
    chart = page.locator(".confnotes-tool-trends").first
    chart.screenshot(path=str(screenshots / f"chart-{mode}-{viewport}.png"))
    page.locator(".confnotes-heat-legend").scroll_into_view_if_needed()
    page.screenshot(path=str(screenshots / f"heat-map-{mode}-{viewport}.png"))
    tools = open_page(TOOLS + "#tool-dask", mode=mode, viewport=viewport)
    tools.page.screenshot(path=str(screenshots / f"tool-index-{mode}-{viewport}.png"))
    visit.assert_clean()
    tools.assert_clean()


def test_phone_gets_the_narrow_chart_and_a_scrolling_table(open_page: Any) -> None:
    visit = open_page(ACROSS, viewport="phone")
    page = visit.page
    assert page.locator("svg.confnotes-chart-wide").first.is_hidden()
    narrow = page.locator("svg.confnotes-chart-narrow").first
    assert narrow.is_visible()
    box = narrow.bounding_box()
    assert box is not None and box["width"] <= VIEWPORTS["phone"]["width"]
    # labels stay readable: the drawing is shown near its own size, not shrunk
    scale = box["width"] / float(narrow.get_attribute("width") or 1)
    assert scale > 0.85, scale
    # the page does not scroll sideways; the table does, in its own box, its
    # tool names staying in view
    widths = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1] + 1
    scroller = page.evaluate_handle(
        "document.querySelector('table.confnotes-tool-matrix').parentElement"
    )
    assert page.evaluate("(el) => el.scrollWidth > el.clientWidth", scroller)
    left = page.evaluate(
        "(el) => { el.scrollLeft = 200; const r = el.getBoundingClientRect().left;"
        " const c = el.querySelector('tbody th.stub').getBoundingClientRect().left;"
        " return [el.scrollLeft, c - r]; }",
        scroller,
    )
    assert left[0] > 0 and abs(left[1]) <= 2, left
    visit.assert_clean()
