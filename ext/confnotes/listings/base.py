"""What every listing shares: the directive, the table entry, the page context,
small node helpers."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes

from ..cards import badge_classes
from ..directives import ConfnotesDirective
from ..i18n import messages
from ..nodes import listing

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from ..domain import ConfnotesDomain
    from ..query import Query

EBOOK_BUILDERS = frozenset({"epub"})

# Sphinx leaves nodes with this class out of the search index: listings repeat
# what the talk pages already hold, and thousands of copies would crowd results.
NO_SEARCH = "no-search"


class ListingDirective(ConfnotesDirective):
    """Leaves a placeholder, filled when the page is written (data from every page)."""

    kind: ClassVar[str] = ""
    has_content = False
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {}

    def run(self) -> list[nodes.Node]:
        self.domain.note_listing(self.env.docname, self.kind, self.lineno)
        options = {name: self.text(name) for name in self.options}
        node = listing(
            kind=self.kind, options=options, lineno=self.lineno, docname=self.env.docname
        )
        self.set_source_info(node)
        return [node]


@dataclass(frozen=True)
class Listing:
    """One kind of listing: what it renders and what invalidates it, side by side."""

    kind: str
    directive: type[ListingDirective]
    # (page context, the placeholder node) -> the nodes that replace it
    render: Callable[[Context, listing], list[nodes.Node]]
    # A digest of exactly the data ``render`` shows (see ``digest``).
    fingerprint: Callable[[Query], str]
    # Scripts (in confnotes' static files) the pages showing it load, on the web
    # builders only (see ``Context.web``); the listing must work without them.
    scripts: tuple[str, ...] = ()


class Context:
    """The page being written: links from it, the builder, the data."""

    def __init__(self, app: Sphinx, docname: str) -> None:
        self.app = app
        self.builder = app.builder
        self.env = app.env
        self.docname = docname
        self.domain: ConfnotesDomain = app.env.domains["confnotes"]  # type: ignore[assignment]  # env.domains gives a Domain
        self.query = self.domain.query
        self._uris: dict[str, str] = {}
        self.memo: dict[Any, Any] = {}  # for emitters: what repeats on a page
        # The words confnotes puts on this page, in its language (i18n.py).
        self.m = messages(page_language(app, docname))
        # A web page (HTML builders but EPUB): inline SVG, <details>, scripts.
        # Elsewhere (and in e-books, whose readers may not open <details> or
        # show SVG) listings write tables and text.
        self.web = self.builder.format == "html" and self.builder.name not in EBOOK_BUILDERS

    def unique_id(self, base: str) -> str:
        """``base``, then ``base-2``, ``base-3``...: ids for a listing's parts that
        stay unique when a page shows the listing twice."""
        seen: dict[str, int] = self.memo.setdefault("ids", {})
        seen[base] = seen.get(base, 0) + 1
        return base if seen[base] == 1 else f"{base}-{seen[base]}"

    def href(self, todoc: str, anchor: str = "") -> str:
        """The link from this page to ``todoc#anchor``, as ``make_refnode`` makes it,
        with the page URI computed once per target page."""
        if todoc == self.docname and anchor:
            return "#" + anchor
        base = self._uris.get(todoc)
        if base is None:
            base = self._uris[todoc] = self.builder.get_relative_uri(self.docname, todoc)
        return f"{base}#{anchor}" if anchor else base

    def ref(self, todoc: str, anchor: str, child: nodes.Node, title: str = "") -> nodes.reference:
        ref = nodes.reference("", "", child, internal=True, refuri=self.href(todoc, anchor))
        if title:
            ref["reftitle"] = title
        return ref


def page_language(app: Sphinx, docname: str) -> str:
    """The language of a page's words: its report's, else the project's."""
    domain: ConfnotesDomain = app.env.domains["confnotes"]  # type: ignore[assignment]  # env.domains gives a Domain
    report = domain.reports.get(docname)
    return (report.language if report else "") or app.config.language or "en"


def digest(q: Query, *parts: str, extra: object = None) -> str:
    """A listing's fingerprint: the named data parts (see ``Query.part``), plus
    anything else it shows."""
    import hashlib

    text = "\n".join(q.part(p) for p in parts) + "\n" + repr(extra)
    return hashlib.sha256(text.encode()).hexdigest()


# -- node helpers ----------------------------------------------------------------------


def text(value: str, *classes: str) -> nodes.inline:
    return nodes.inline(value, value, classes=list(classes))


def para(*children: nodes.Node, classes: Iterable[str] = ()) -> nodes.paragraph:
    return nodes.paragraph("", "", *children, classes=list(classes))


def bullets(items: Iterable[nodes.Node], *classes: str) -> nodes.bullet_list:
    out = nodes.bullet_list(classes=list(classes))
    for item in items:
        if isinstance(item, nodes.list_item):
            out += item
        elif isinstance(item, nodes.Body) and not isinstance(item, nodes.Inline):
            out += nodes.list_item("", item)
        else:
            out += nodes.list_item("", para(item))
    return out


def badge(value: str, colour: str) -> nodes.inline:
    return text(value, *badge_classes(colour))


def empty(message: str) -> list[nodes.Node]:
    return [para(nodes.Text(message), classes=["confnotes-empty"])]


def letter(name: str) -> str:
    """The A-Z heading a name goes under ('#' for anything else)."""
    first = name[:1].upper()
    return first if first.isalpha() and first.isascii() else "#"


def letter_id(prefix: str, value: str) -> str:
    return f"{prefix}-{'other' if value == '#' else value.lower()}"


def letter_nav(ctx: Context, prefix: str, letters: list[str]) -> nodes.paragraph:
    """A B C ... linking to the letter headings of an A-Z listing."""
    nav = para(classes=["confnotes-letters"])
    for i, value in enumerate(letters):
        if i:
            nav += nodes.Text(" ")
        nav += ctx.ref(ctx.docname, letter_id(prefix, value), nodes.Text(value))
    return nav


def letters_of(names: Iterable[str]) -> list[str]:
    return sorted({letter(n) for n in names}, key=lambda c: (c == "#", c))
