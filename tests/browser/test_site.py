"""The built site in Chromium: cards, page TOC, tool links, language, dark mode, phones.

Every internal link on every page is checked in plain Python (fast); the browser
follows a sample of them, and loads each page type in light/dark mode on a
desktop and a phone, with screenshots in _build/screenshots/ for review.
"""

from __future__ import annotations

import re
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from .conftest import MODES, VIEWPORTS, Visit

REPORT = "docs/reports/europython-2020-day-2.html"
DUTCH = "docs/reports/pydata-amsterdam-2023.html"
TOOLS = "docs/tools.html"
PAGE_TYPES = {
    "report": REPORT,
    "dutch": DUTCH,
    "tools": TOOLS,
    "across": "docs/across-conferences.html",
    "speakers": "docs/speakers.html",
    "landing": "docs/index.html",
    "authoring": "docs/authoring.html",
}
EUROPYTHON_TALKS = 14
MIN_CONTRAST = 4.5  # WCAG AA, normal text


# -- plain-Python crawl of the whole output -----------------------------------------


class _PageScan(HTMLParser):
    """Collects the ids (and <a name>) of a page and every URL it points to."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, str]] = []  # (tag, url)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v for k, v in attrs if v is not None}
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and "name" in a:
            self.ids.add(a["name"])
        for attr in ("href", "src"):
            if attr in a and tag in ("a", "area", "link", "img", "script", "iframe", "source"):
                self.links.append((tag, a[attr]))
        if tag == "meta" and a.get("http-equiv", "").lower() == "refresh":
            m = re.search(r"url=(.+)", a.get("content", ""), re.IGNORECASE)
            if m:
                self.links.append(("meta", m.group(1).strip().strip("'\"")))


def _scan(path: Path, cache: dict[Path, _PageScan]) -> _PageScan:
    if path not in cache:
        scan = _PageScan()
        scan.feed(path.read_text(encoding="utf-8", errors="replace"))
        cache[path] = scan
    return cache[path]


def broken_internal_links(site: Path) -> tuple[int, list[str]]:
    """(links checked, problems): every internal URL on every HTML page must name an
    existing file, and its #fragment an id in that file."""
    cache: dict[Path, _PageScan] = {}
    pages = sorted(p for p in site.rglob("*.html") if "_static" not in p.parts)
    problems: list[str] = []
    checked = 0
    for page in pages:
        rel = page.relative_to(site).as_posix()
        for tag, url in _scan(page, cache).links:
            parts = urlsplit(url)
            if parts.scheme or parts.netloc or url.startswith(("mailto:", "javascript:")):
                continue
            checked += 1
            target_rel = urlsplit(urljoin(rel, unquote(parts.path))).path if parts.path else rel
            target = site / target_rel
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                problems.append(f"{rel}: <{tag}> {url!r}: no such file {target_rel}")
                continue
            frag = parts.fragment
            if frag and target.suffix == ".html" and tag in ("a", "area", "meta"):
                ids = _scan(target, cache).ids
                if frag not in ids and unquote(frag) not in ids:
                    problems.append(f"{rel}: {url!r}: no id {frag!r} in {target_rel}")
    return checked, problems


def test_every_internal_link_resolves(site_dir: Path) -> None:
    checked, problems = broken_internal_links(site_dir)
    assert checked > 1000, f"only {checked} internal links found: is the crawl broken?"
    assert not problems, f"{len(problems)} broken internal links:\n" + "\n".join(problems[:50])


def test_crawler_catches_a_missing_anchor_and_file(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text(
        '<a href="b.html#there">ok</a><a href="b.html#gone">x</a><a href="c.html">x</a>'
        '<a href="#self">s</a><p id="self"></p><a href="https://example.org/#x">e</a>'
    )
    (tmp_path / "b.html").write_text('<section id="there"></section>')
    checked, problems = broken_internal_links(tmp_path)
    assert checked == 4
    assert len(problems) == 2, problems
    assert "no id 'gone'" in problems[0] and "no such file c.html" in problems[1]


# -- report page: cards and page TOC ------------------------------------------------


def test_report_cards_show_time_title_speakers_and_links(open_page: Any) -> None:
    visit = open_page(REPORT)
    page = visit.page
    cards = page.locator("article section.confnotes-talk")
    assert cards.count() == EUROPYTHON_TALKS
    for i in range(EUROPYTHON_TALKS):
        card = cards.nth(i)
        card_id = card.get_attribute("id")
        title = card.locator(".confnotes-talk-title")
        time = title.locator("time[datetime]")
        assert time.count() == 1 and time.is_visible(), card_id
        stamp = time.get_attribute("datetime") or ""
        assert datetime.fromisoformat(stamp).date().isoformat() == "2020-07-24", (card_id, stamp)
        assert re.fullmatch(r"\d\d:\d\d", time.inner_text().strip()), card_id
        link = title.locator("a.confnotes-talk-link")
        assert link.count() == 1 and link.is_visible(), card_id
        assert (link.get_attribute("href") or "").startswith("https://ep2020.europython.eu/")
        assert link.inner_text().strip(), card_id
        speakers = card.locator(".confnotes-speaker")
        assert speakers.count() >= 1, f"{card_id}: no speaker"
        assert all(s.strip() for s in speakers.all_inner_texts()), card_id
        assert speakers.first.is_visible(), card_id
    visit.assert_clean()


def test_page_toc_lists_the_talks(open_page: Any) -> None:
    visit = open_page(REPORT)
    page = visit.page
    toc = page.locator("#pst-page-toc-nav")
    assert toc.is_visible(), "the 'On this page' sidebar is not shown at desktop width"
    toc_links = {
        (a.get_attribute("href") or ""): a.inner_text().strip()
        for a in toc.locator("a.nav-link").all()
    }
    cards = page.locator("article section.confnotes-talk")
    for i in range(cards.count()):
        card = cards.nth(i)
        href = "#" + (card.get_attribute("id") or "")
        title = card.locator("a.confnotes-talk-link").inner_text().strip()
        assert href in toc_links, f"talk {href} missing from the page TOC"
        assert title in toc_links[href], (href, toc_links[href])
    # Following a TOC entry scrolls its talk into view.
    last = cards.nth(cards.count() - 1)
    toc.locator(f'a[href="#{last.get_attribute("id")}"]').click()
    page.wait_for_function(f"location.hash === '#{last.get_attribute('id')}'")
    assert last.locator(".confnotes-talk-title").is_visible()
    assert _in_viewport(page, last.locator(".confnotes-talk-title"))
    visit.assert_clean()


# -- tool links and the tool index --------------------------------------------------

TOOL_LINKS = 'article a.confnotes-tool, article a[href*="tools.html#tool-"]'


def _in_viewport(page: Any, locator: Any) -> bool:
    box = locator.bounding_box()
    height = page.evaluate("window.innerHeight")
    return box is not None and box["y"] + box["height"] > 0 and box["y"] < height


def _lands_on(visit: Visit, frag: str) -> None:
    page = visit.page
    target = page.locator(f'[id="{frag}"]')
    assert target.count() == 1, f"{page.url}: no element with id {frag!r}"
    assert target.is_visible(), f"{page.url}: #{frag} is not visible"
    assert _in_viewport(page, target), f"{page.url}: #{frag} is not scrolled into view"


def test_tool_link_in_notes_lands_on_tool_entry(open_page: Any) -> None:
    visit = open_page(REPORT)
    page = visit.page
    links = page.locator(TOOL_LINKS)
    hrefs = [h for h in (a.get_attribute("href") for a in links.all()) if h]
    assert len(hrefs) > 20, hrefs
    # Click one for real, in the middle of the page.
    link = links.nth(len(hrefs) // 2)
    frag = urlsplit(link.get_attribute("href") or "").fragment
    link.click()
    page.wait_for_url(f"**/{TOOLS}#{frag}")
    _lands_on(visit, frag)
    entry = page.locator(f'[id="{frag}"]')
    assert "confnotes-tool-entry" in (entry.get_attribute("class") or "")
    # And a sample of the others by navigation (the crawl checks all of them).
    for href in sorted(set(hrefs))[::7]:
        visit.goto(urljoin(REPORT, href))
        _lands_on(visit, urlsplit(href).fragment)
    visit.assert_clean()


def test_tool_index_links_land_on_talks(open_page: Any) -> None:
    visit = open_page(TOOLS)
    page = visit.page
    hrefs = sorted(
        {
            h
            for h in (
                a.get_attribute("href")
                for a in page.locator(".confnotes-tool-entry .confnotes-mentions a").all()
            )
            if h
        }
    )
    assert len(hrefs) > 10, hrefs
    talk_ids = set()
    for href in hrefs[::5]:
        visit.goto(urljoin(TOOLS, href))
        frag = urlsplit(href).fragment
        assert frag, href
        _lands_on(visit, frag)
        if "europython" in href:
            talk_ids.add(frag)
            cls = page.locator(f'[id="{frag}"]').get_attribute("class") or ""
            assert "confnotes-talk" in cls, f"{href} lands on {cls!r}, not a talk card"
    assert talk_ids, "no EuroPython talk among the sampled index links"
    visit.assert_clean()


# -- language ----------------------------------------------------------------------


def test_dutch_page_marks_its_content_dutch(open_page: Any) -> None:
    visit = open_page(DUTCH)
    page = visit.page
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.locator("article.bd-article > section").first.get_attribute("lang") == "nl"
    # The notes are Dutch for the browser, and so is the report header (its labels
    # come from the Dutch catalogue).
    assert page.evaluate(
        "document.querySelector('article.bd-article section > p').closest('[lang]').lang"
    ) == ("nl")
    assert page.evaluate("document.querySelector('.confnotes-report').closest('[lang]').lang") == (
        "nl"
    )
    # Other pages are English throughout.
    visit.goto(REPORT)
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.locator("article [lang='nl']").count() == 0
    visit.assert_clean()


# -- dark mode and phones: contrast and overflow -----------------------------------

# For each text element: its colour and the background behind it, both as sRGB
# after alpha and opacity compositing. Colours are normalised through a canvas,
# so any CSS colour syntax the theme uses works.
_COLOURS_JS = """
(selectors) => {
  const ctx = document.createElement('canvas').getContext('2d', {willReadFrequently: true});
  const rgba = (c) => {
    ctx.clearRect(0, 0, 1, 1);
    ctx.fillStyle = '#000'; ctx.fillStyle = c; ctx.fillRect(0, 0, 1, 1);
    const d = ctx.getImageData(0, 0, 1, 1).data;
    return [d[0], d[1], d[2], d[3] / 255];
  };
  const over = (top, below) => {
    const a = top[3];
    return [0, 1, 2].map(i => top[i] * a + below[i] * (1 - a)).concat([1]);
  };
  const background = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = rgba(getComputedStyle(e).backgroundColor);
      if (c[3] > 0) layers.push(c);
      if (c[3] >= 1) break;
    }
    let bg = [255, 255, 255, 1];
    for (const c of layers.reverse()) bg = over(c, bg);
    return bg;
  };
  const opacity = (el) => {
    let o = 1;
    for (let e = el; e; e = e.parentElement) o *= parseFloat(getComputedStyle(e).opacity);
    return o;
  };
  const out = [];
  for (const [kind, sel] of Object.entries(selectors)) {
    for (const el of document.querySelectorAll(sel)) {
      if (!el.textContent.trim() || !el.getClientRects().length) continue;
      const bg = background(el);
      const fg = rgba(getComputedStyle(el).color);
      fg[3] *= opacity(el);
      const card = el.closest('[id]');
      out.push({kind, id: card ? card.id : '', text: el.textContent.trim().slice(0, 40),
                fg: over(fg, bg).slice(0, 3), bg: bg.slice(0, 3)});
    }
  }
  return out;
}
"""
CARD_TEXT = {
    "body text": "{card} .confnotes-talk-body p",
    "title link": "{card} a.confnotes-talk-link",
    "time": "{card} time.confnotes-time",
    "speaker": "{card} .confnotes-speaker",
}
LIVE_CARD = "section.confnotes-talk:not(.confnotes-cancelled)"
CANCELLED_CARD = "section.confnotes-talk.confnotes-cancelled"

_OVERFLOW_JS = """
(sel) => {
  const width = document.documentElement.clientWidth;
  return [...document.querySelectorAll(sel)].map(el => {
    const r = el.getBoundingClientRect();
    return {id: el.id, scroll: el.scrollWidth, client: el.clientWidth,
            left: r.left, right: r.right, width};
  }).filter(c => c.scroll > c.client + 1 || c.right > c.width + 1 || c.left < -1);
}
"""


def _luminance(rgb: list[float]) -> float:
    def channel(v: float) -> float:
        c = v / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(fg: list[float], bg: list[float]) -> float:
    hi, lo = sorted((_luminance(fg), _luminance(bg)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_contrast_formula() -> None:
    assert contrast([0, 0, 0], [255, 255, 255]) == pytest.approx(21)
    assert contrast([118, 118, 118], [255, 255, 255]) == pytest.approx(4.54, abs=0.01)


def _low_contrast(page: Any, card: str) -> tuple[set[str], list[str]]:
    """(kinds of text found, descriptions of those below MIN_CONTRAST) in the cards."""
    selectors = {kind: sel.format(card=card) for kind, sel in CARD_TEXT.items()}
    samples = page.evaluate(_COLOURS_JS, selectors)
    rated = [(contrast(s["fg"], s["bg"]), s) for s in samples]
    low = sorted((r for r in rated if r[0] < MIN_CONTRAST), key=lambda r: r[0])
    return {s["kind"] for s in samples}, [
        f"  {r:.2f}:1  {s['kind']} in #{s['id']} {s['text']!r} fg={s['fg']} bg={s['bg']}"
        for r, s in low
    ]


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("mode", MODES)
def test_cards_readable(open_page: Any, mode: str, viewport: str) -> None:
    visit = open_page(REPORT, mode=mode, viewport=viewport)
    page = visit.page
    assert page.evaluate("document.documentElement.dataset.theme") == mode
    assert page.evaluate("document.documentElement.clientWidth") == VIEWPORTS[viewport]["width"]
    kinds, low = _low_contrast(page, LIVE_CARD)
    assert kinds == set(CARD_TEXT), f"no visible {set(CARD_TEXT) - kinds}"
    assert not low, f"card text below {MIN_CONTRAST}:1 in {mode} mode:\n" + "\n".join(low)
    too_wide = page.evaluate(_OVERFLOW_JS, "section.confnotes-talk")
    assert not too_wide, f"cards wider than the {viewport} viewport: {too_wide}"
    visit.assert_clean()


@pytest.mark.parametrize(
    "mode",
    [
        "light",
        "dark",
    ],
)
def test_cancelled_card_readable(open_page: Any, mode: str) -> None:
    visit = open_page(REPORT, mode=mode)
    page = visit.page
    assert page.locator(CANCELLED_CARD).count() >= 1
    kinds, low = _low_contrast(page, CANCELLED_CARD)
    assert {"title link", "body text"} <= kinds
    assert not low, f"cancelled-card text below {MIN_CONTRAST}:1 in {mode} mode:\n" + "\n".join(low)


# -- arriving at a talk by a link: the state every index and TOC link leaves ---------

LINKED_TARGETS = {
    "talk": REPORT + "#europython-2020-binder",
    "tool": TOOLS + "#tool-dask",
    "speaker": "docs/speakers.html#speaker-bence-arato",
}


@pytest.mark.parametrize(
    "viewport",
    [
        "desktop",
        "phone",
    ],
)
@pytest.mark.parametrize("target", list(LINKED_TARGETS))
def test_linked_target_clear_of_sticky_header(open_page: Any, target: str, viewport: str) -> None:
    visit = open_page(LINKED_TARGETS[target], viewport=viewport)
    frag = urlsplit(LINKED_TARGETS[target]).fragment
    top, header = visit.page.evaluate(
        "(id) => [document.getElementById(id).getBoundingClientRect().top,"
        " document.querySelector('.bd-header').getBoundingClientRect().bottom]",
        frag,
    )
    assert top >= header - 1, f"#{frag} starts at y={top:.0f}, under the header (to y={header:.0f})"
    visit.assert_clean()


@pytest.mark.parametrize("mode", MODES)
def test_linked_talk_card_readable(open_page: Any, mode: str) -> None:
    visit = open_page(LINKED_TARGETS["talk"], mode=mode)
    card = "section.confnotes-talk:target"
    assert visit.page.locator(card).count() == 1
    kinds, low = _low_contrast(visit.page, card)
    assert {"title link", "time", "body text"} <= kinds
    assert not low, f"linked-card text below {MIN_CONTRAST}:1 in {mode} mode:\n" + "\n".join(low)


# -- every page type: no errors, no horizontal scrolling on phones, screenshots -----


def test_site_root_redirects_to_landing_page(open_page: Any) -> None:
    visit = open_page("index.html")
    visit.page.wait_for_url("**/docs/index.html")
    assert visit.page.locator("h1").first.inner_text().startswith("Conference notes")
    visit.assert_clean()


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("kind", list(PAGE_TYPES))
def test_page_type_renders_cleanly(
    open_page: Any, screenshots: Path, kind: str, mode: str, viewport: str
) -> None:
    visit = open_page(PAGE_TYPES[kind], mode=mode, viewport=viewport)
    page = visit.page
    page.evaluate("document.fonts.ready")
    page.screenshot(path=str(screenshots / f"{kind}-{mode}-{viewport}.png"), full_page=True)
    assert page.evaluate("document.documentElement.dataset.theme") == mode
    assert page.locator("article.bd-article h1").first.is_visible()
    visit.assert_clean()


@pytest.mark.parametrize("kind", list(PAGE_TYPES))
def test_phone_page_does_not_scroll_sideways(open_page: Any, kind: str) -> None:
    visit = open_page(PAGE_TYPES[kind], viewport="phone")
    widths = visit.page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    # Wide tables scroll inside their own box; the page itself never does.
    assert widths[0] <= widths[1] + 1, f"{kind}: page is {widths[0]}px wide in {widths[1]}px"
