"""A faster ``toctree()`` for HTML templates: the theme's site-wide sidebar.

Sphinx resolves and renders the whole site's toctree again for every page it
writes, so a site of n report pages spends time in n² on its sidebar: at 200
pages that was a quarter of a full build, and nearly all of its growth beyond
linear. Yet between two pages of one output directory only the top-level
entries that can lead to the page being written differ (its "current" markers,
the branch expanded under it, its own link as ``#``). So each top-level entry is
rendered once per directory, for a page outside the tree, and for each page only
the entries whose subtree can hold that page (or a toctree ancestor of it) go
through Sphinx's own resolution.

The first four pages of every directory and argument set are written Sphinx's
way; the next one builds the fast path, used only if it gives those pages
exactly what Sphinx gave, else that set stays with Sphinx's way for the rest of
the build (``confnotes_fast_sidebar = False`` turns all of this off). Building
costs about as much as four pages, so a rebuild that writes a handful of pages
per directory never pays for it.
"""

from __future__ import annotations

import functools
import posixpath
import re
import weakref
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.environment.adapters.toctree import TocTree
from sphinx.util import logging
from sphinx.util.osutil import SEP

from .. import config

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

# No docname can hold a NUL byte: a page in the directory but outside every toctree.
NEUTRAL = "\x00confnotes-sidebar"
VERIFY_PAGES = 4  # pages per set written Sphinx's way, then compared with the fast path
_ARGS = frozenset({"includehidden", "maxdepth", "titles_only"})
_CLOSE = "</ul>\n"
_SPLIT = "<!-- confnotes: next toctree -->"
_MARK = "confnotes-sidebar://%d"  # a URL entry: no page can be current there
_MARK_HTML = re.compile(
    r'<li class="toctree-l1"><a class="reference external" '
    r'href="confnotes-sidebar://(\d+)">x</a></li>\n'
)


class _MismatchError(Exception):
    """The rendered HTML is not shaped as this module expects: use Sphinx's way."""


@dataclass
class _Tree:
    """One toctree of the root document, rendered for a page outside it."""

    caption: str  # the caption's HTML, if any
    opening: str  # the list's opening tag line, e.g. '<ul>\n'
    items: list[str]  # per entry: its list items' HTML
    reach: list[frozenset[str]]  # per entry: every page its subtree can show
    singles: list[addnodes.toctree]  # per entry: the toctree with that entry alone


def _directory(uri: str) -> str | None:
    """What pages share the sidebar's links: 'a/b.html' -> 'a'. Under dirhtml a page
    is a directory of its own ('a/b/'), and pages side by side ('a/b/', 'a/c/')
    link alike to everything outside themselves: 'a/b/' -> 'a'. The root page of
    a dirhtml site ('') has no such siblings: None."""
    if not uri:
        return None
    return posixpath.dirname(uri.rstrip(SEP))


@dataclass
class _Set:
    """All toctrees of the root document for one directory and argument set."""

    trees: list[_Tree]


class Sidebar:
    """Per build: the cached renderings, and ``toctree()`` for each page."""

    def __init__(self, builder: StandaloneHTMLBuilder) -> None:
        self.builder = builder
        self.env: BuildEnvironment = builder.env
        self.sets: dict[tuple[Any, ...], _Set | None] = {}  # None: Sphinx's way
        self._seen: dict[tuple[Any, ...], list[tuple[str, str]]] = {}  # written before
        self._parents: dict[str, set[str]] | None = None
        self._below: dict[str, frozenset[str]] = {}

    # -- the template function ------------------------------------------------------

    def toctree(self, docname: str, collapse: bool = True, **kwargs: Any) -> str:
        # The same defaults as StandaloneHTMLBuilder._get_local_toctree.
        if "includehidden" not in kwargs:
            kwargs["includehidden"] = False
        if kwargs.get("maxdepth") == "":
            kwargs.pop("maxdepth")
        if not set(kwargs) <= _ARGS:
            return self._sphinx(docname, collapse, kwargs)
        directory = _directory(self.builder.get_target_uri(docname))
        if directory is None:
            return self._sphinx(docname, collapse, kwargs)
        key = (directory, bool(collapse), tuple(sorted((k, repr(v)) for k, v in kwargs.items())))
        seen = self._seen.setdefault(key, [])
        if key not in self.sets:
            if len(seen) < VERIFY_PAGES:
                # The first pages of a set are written Sphinx's way ...
                expected = self._sphinx(docname, collapse, kwargs)
                seen.append((docname, expected))
                return expected
            # ... and a further page builds it, trusted only if it gives those
            # pages exactly what Sphinx gave them.
            built = self._build_set(directory, collapse, kwargs)
            if built is not None and any(
                self._fast(built, page, collapse, kwargs) != expected for page, expected in seen
            ):
                logger.debug("[confnotes] fast sidebar differs in %s: Sphinx's way", directory)
                built = None
            self.sets[key] = built
        found = self.sets[key]
        fast = None if found is None else self._fast(found, docname, collapse, kwargs)
        return fast if fast is not None else self._sphinx(docname, collapse, kwargs)

    def _fast(
        self, found: _Set, docname: str, collapse: bool, kwargs: dict[str, Any]
    ) -> str | None:
        try:
            return self._render(found, docname, collapse, kwargs)
        except Exception as err:  # an optimisation must never break a build
            logger.debug("[confnotes] fast sidebar for %s: %r; Sphinx's way", docname, err)
            return None

    def _sphinx(self, docname: str, collapse: bool, kwargs: dict[str, Any]) -> str:
        return StandaloneHTMLBuilder._get_local_toctree(
            self.builder, docname, collapse=collapse, **kwargs
        )

    # -- building the cached renderings -------------------------------------------------

    def _neutral(self, directory: str) -> str | None:
        neutral = posixpath.join(directory, NEUTRAL) if directory else NEUTRAL
        return neutral if _directory(self.builder.get_target_uri(neutral)) == directory else None

    def _build_set(self, directory: str, collapse: bool, kwargs: dict[str, Any]) -> _Set | None:
        neutral = self._neutral(directory)
        if neutral is None:
            return None
        trees = []
        try:
            for toctree in self.env.master_doctree.findall(addnodes.toctree):
                tree = self._build_tree(toctree, neutral, collapse, kwargs)
                if tree is not None:
                    trees.append(tree)
        except Exception as err:  # a mismatch, or a project only Sphinx handles
            logger.debug("[confnotes] no fast sidebar for %r: %r", directory, err)
            return None
        return _Set(trees)

    def _build_tree(
        self, toctree: addnodes.toctree, neutral: str, collapse: bool, kwargs: dict[str, Any]
    ) -> _Tree | None:
        singles, reach = [], []
        for entry in toctree["entries"]:
            single = toctree.deepcopy()
            single["entries"] = [entry]
            single.attributes.pop("caption", None)
            singles.append(single)
            reach.append(self._reach(entry[1], toctree))
        # One resolution for all entries: a link after each entry marks where its
        # items end (resolving each entry alone would cost the whole tree each time).
        marked = toctree.deepcopy()
        marked["entries"] = [
            e for i, entry in enumerate(toctree["entries"]) for e in (entry, ("x", _MARK % i))
        ]
        (with_marks,) = self._html([self._resolve(marked, neutral, collapse, kwargs)])
        if not with_marks:
            return None
        parts = _MARK_HTML.split(with_marks)
        # split() keeps the captured numbers: parts are text, 0, text, 1, ... text
        if parts[1::2] != [str(i) for i in range(len(singles))]:
            raise _MismatchError
        first, *items = parts[0:-1:2]
        start = first.find("<ul")
        end = first.find("\n", start) + 1
        if start < 0 or end <= start or parts[-1] != _CLOSE:
            raise _MismatchError
        items.insert(0, first[end:])
        if not any(items):
            return None  # as Sphinx drops a toctree none of whose entries shows
        return _Tree(first[:start], first[start:end], items, reach, singles)

    def _resolve(
        self, toctree: addnodes.toctree, docname: str, collapse: bool, kwargs: dict[str, Any]
    ) -> nodes.Element | None:
        # As global_toctree_for_doc resolves each toctree of the root document.
        return TocTree(self.env).resolve(
            docname,
            self.builder,
            toctree,
            prune=True,
            maxdepth=int(kwargs.get("maxdepth", 0)),
            titles_only=kwargs.get("titles_only", False),
            collapse=collapse,
            includehidden=kwargs["includehidden"],
        )

    def _html(self, trees: list[nodes.Element | None]) -> list[str]:
        """The HTML of each resolved toctree, rendered in one document (each toctree
        renders the same alone or among others: lists start afresh at top level)."""
        box = addnodes.compact_paragraph()  # renders as nothing itself
        for tree in trees:
            if tree is not None:
                box += tree
            box += nodes.raw("", _SPLIT, format="html")
        parts = self.builder.render_partial(box)["fragment"].split(_SPLIT)
        if len(parts) != len(trees) + 1 or parts[-1]:
            raise _MismatchError
        return parts[:-1]

    # -- which entries differ for a page ------------------------------------------------

    def _reach(self, ref: str, toctree: addnodes.toctree) -> frozenset[str]:
        """Every page an entry's subtree can show (a superset is safe)."""
        if ref == "self":
            return frozenset({toctree.get("parent", ""), ref})
        if ref not in self._below:
            seen, todo = {ref}, [ref]
            while todo:
                for child in self.env.toctree_includes.get(todo.pop(), ()):
                    if child not in seen:
                        seen.add(child)
                        todo.append(child)
            self._below[ref] = frozenset(seen)
        return self._below[ref]

    def _marked(self, docname: str) -> set[str]:
        """The page and every page whose toctrees lead to it (all parents, not one)."""
        if self._parents is None:
            parents: dict[str, set[str]] = defaultdict(set)
            for parent, children in self.env.toctree_includes.items():
                for child in children:
                    parents[child].add(parent)
            self._parents = parents
        seen, todo = {docname}, [docname]
        while todo:
            for parent in self._parents.get(todo.pop(), ()):
                if parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
        return seen

    def _render(self, found: _Set, docname: str, collapse: bool, kwargs: dict[str, Any]) -> str:
        marked = self._marked(docname)
        out = []
        for tree in found.trees:
            items, opening = list(tree.items), None
            for i, reach in enumerate(tree.reach):
                if reach.isdisjoint(marked):
                    continue
                resolved = self._resolve(tree.singles[i], docname, collapse, kwargs)
                tag, items[i] = _split(self._html([resolved])[0])
                if tag is not None and tag != tree.opening:
                    if opening not in (None, tag):
                        raise _MismatchError
                    opening = tag
            out.append(tree.caption + (opening or tree.opening) + "".join(items) + _CLOSE)
        return "".join(out)


def _split(html: str) -> tuple[str | None, str]:
    """A one-entry toctree's HTML as (opening tag line, list items)."""
    if not html:
        return None, ""
    end = html.find("\n") + 1
    if not html.startswith("<ul") or not html.endswith(_CLOSE) or end <= 0:
        raise _MismatchError
    return html[:end], html[end : len(html) - len(_CLOSE)]


# -- wiring -------------------------------------------------------------------------------

_SIDEBARS: weakref.WeakKeyDictionary[Builder, Sidebar] = weakref.WeakKeyDictionary()


def _sidebar(builder: Builder) -> Sidebar | None:
    if not isinstance(builder, StandaloneHTMLBuilder):
        return None
    # A builder that renders toctrees its own way (singlehtml) keeps it.
    if type(builder)._get_local_toctree is not StandaloneHTMLBuilder._get_local_toctree:
        return None
    found = _SIDEBARS.get(builder)
    if found is None:
        found = _SIDEBARS[builder] = Sidebar(builder)
    return found


def on_write_started(app: Sphinx, builder: Builder) -> None:
    _SIDEBARS.pop(builder, None)  # the toctrees may have changed since the last build


def on_html_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if not config.get(app.config).fast_sidebar:
        return
    current = context.get("toctree")
    # Only Sphinx's own function is replaced, never another extension's.
    if (
        getattr(current, "__qualname__", "")
        != "StandaloneHTMLBuilder.handle_page.<locals>.<lambda>"
    ):
        return
    sidebar = _sidebar(app.builder)
    if sidebar is not None:
        context["toctree"] = functools.partial(sidebar.toctree, pagename)


def setup_sidebar(app: Sphinx) -> None:
    # What the fast path relies on; without it, Sphinx's own sidebar stays.
    if not callable(getattr(StandaloneHTMLBuilder, "_get_local_toctree", None)):
        raise RuntimeError("StandaloneHTMLBuilder._get_local_toctree is gone")
    app.connect("write-started", on_write_started)
    app.connect("html-page-context", on_html_page_context, priority=900)
