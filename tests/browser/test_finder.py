"""The talk finder in Chromium: filters, URL state, keyboard, dark mode, phones, speed."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

from .conftest import Visit

FINDER = "docs/finder.html"


def _count(visit: Visit) -> int:
    return int(visit.page.locator(".confnotes-finder-results li").count())


def test_filters_and_url_state(open_page: Any, screenshots: Path) -> None:
    visit: Visit = open_page(FINDER)
    page = visit.page
    total = _count(visit)
    assert total > 5
    status = page.locator(".confnotes-finder-total[aria-live=polite]")
    assert status.inner_text().startswith(f"{total} talks")
    page.select_option("#confnotes-finder-status", label="Cancelled (1)")
    assert _count(visit) == 1
    assert "status=cancelled" in page.url
    page.select_option("#confnotes-finder-status", value="-1")
    page.fill("#confnotes-finder-q", "dvc")
    assert 0 < _count(visit) < total
    assert "q=dvc" in page.url
    # The URL restores the state.
    page.goto(visit.base + FINDER + "?tool=dvc")
    tool = page.locator("#confnotes-finder-tool")
    assert tool.locator("option:checked").inner_text().startswith("DVC")
    assert 0 < _count(visit) < total
    visit.assert_clean()


def test_keyboard_labels(open_page: Any) -> None:
    visit: Visit = open_page(FINDER)
    page = visit.page
    for control in page.locator(
        ".confnotes-finder-form input, .confnotes-finder-form select"
    ).all():
        cid = control.get_attribute("id")
        assert (
            cid is None
            or page.locator(f"label[for='{cid}']").count() == 1
            or control.evaluate("e => !!e.closest('label')")
        )
    page.focus("#confnotes-finder-q")
    page.keyboard.type("dvc")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.id")
    assert focused == "confnotes-finder-conference"
    visit.assert_clean()


def test_dark_and_phone(open_page: Any, screenshots: Path) -> None:
    for mode in ("light", "dark"):
        for viewport in ("desktop", "phone"):
            visit: Visit = open_page(FINDER, mode=mode, viewport=viewport)
            page = visit.page
            assert page.evaluate("document.documentElement.dataset.theme") == mode
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= page.viewport_size["width"] + 1, (mode, viewport, width)
            bg, fg = page.evaluate(
                "() => { const s = getComputedStyle(document.querySelector('#confnotes-finder-q'));"
                " return [s.backgroundColor, s.color]; }"
            )
            assert bg != fg
            page.screenshot(
                path=str(screenshots / f"finder-{mode}-{viewport}.png"), full_page=False
            )
            visit.assert_clean()


def _index(n: int) -> dict[str, Any]:
    rnd = random.Random(13)
    facets = [
        "conference",
        "year",
        "tool",
        "speaker",
        "track",
        "room",
        "kind",
        "language",
        "status",
    ]
    values = {
        "conference": [[f"conf-{i}", f"Conference {i}"] for i in range(60)],
        "year": [[str(y)] for y in range(2010, 2027)],
        "tool": [[f"tool-{i}", f"Tool {i}"] for i in range(300)],
        "speaker": [[f"sp-{i}", f"Speaker Name {i}"] for i in range(n)],
        "track": [[f"Track {i}"] for i in range(8)],
        "room": [[f"Room {i}"] for i in range(12)],
        "kind": [["talk"], ["keynote"], ["tutorial"]],
        "language": [["en"], ["nl"], ["de"]],
        "status": [["scheduled"], ["cancelled"]],
    }
    rows = []
    for i in range(n):
        rows.append(
            [f"Talk {i} about data pipelines {rnd.random():.6f}", f"docs/r{i % 200}.html#t{i}",
             rnd.randrange(4), rnd.randrange(60), rnd.randrange(17),
             sorted({int(rnd.paretovariate(1)) % 300 for _ in range(3)}), [i],
             rnd.randrange(8), rnd.randrange(12), rnd.randrange(3), rnd.randrange(3), rnd.randrange(2)]
        )  # fmt: skip
    return {"v": 1, "facets": facets, "values": values, "t": rows}


def test_speed_10000_talks(open_page: Any, chromium: Any, site_url: str) -> None:
    body = "window.confnotesFinderData=" + json.dumps(_index(10_000)) + ";"
    context = chromium.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.route(
        "**/confnotes-finder-data.js*",
        lambda route: route.fulfill(body=body, content_type="text/javascript"),
    )
    page.goto(site_url + FINDER, wait_until="load")
    times = page.evaluate(
        """() => { const q = document.querySelector('#confnotes-finder-q'); const out = [];
        for (const text of ['d', 'da', 'dat', 'data', 'data p', 'data pi', 'talk 1', 'talk 12']) {
          q.value = text; const t = performance.now();
          q.dispatchEvent(new Event('input')); out.push(performance.now() - t); }
        return out; }"""
    )
    context.close()
    assert not errors
    times.sort()
    print(
        f"\nfinder, 10,000 talks: median {times[len(times) // 2]:.1f} ms, max {times[-1]:.1f} ms per keystroke"
    )
