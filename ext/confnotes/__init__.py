"""confnotes: conference reports as Sphinx pages, with talk cards and indexes."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from . import config
from .collectors import ReportTitleAsWritten, on_doctree_read, on_doctree_read_early
from .directives import AbstractDirective, ReportDirective, TalkDirective
from .domain import ConfnotesDomain
from .listings import setup_listings
from .nodes import setup_nodes
from .outputs.catalogue import write_catalogue
from .outputs.feed import setup_feed
from .outputs.finder import setup_finder
from .outputs.jsonld import setup_jsonld
from .references import setup_references
from .registry import load_registry

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

__version__ = "0.1.0"

STATIC = Path(__file__).parent / "static"


def setup(app: Sphinx) -> ExtensionMetadata:
    config.register(app)
    setup_nodes(app)
    app.add_domain(ConfnotesDomain)
    app.add_directive("report", ReportDirective)
    app.add_directive("talk", TalkDirective)
    app.add_directive("abstract", AbstractDirective)
    for role in ("talk", "tool", "speaker"):
        app.add_role(role, ConfnotesDomain.roles[role])
    setup_listings(app)
    setup_references(app)
    # Optional and fail-safe; loaded by name so the core never imports it.
    app.setup_extension("confnotes.speedups")
    setup_finder(app)
    setup_feed(app)
    setup_jsonld(app)
    # After Sphinx's own TOC collector (priority 500) so the TOC exists.
    app.connect("doctree-read", on_doctree_read, priority=600)
    # Before Sphinx's TOC collector (500): nested cards must not look like sections.
    app.connect("doctree-read", on_doctree_read_early, priority=400)
    app.add_transform(ReportTitleAsWritten)
    app.connect("builder-inited", _add_static)
    app.connect("builder-inited", _load_registry)
    app.connect("build-finished", write_catalogue)
    return {
        "version": __version__,
        "env_version": 2,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }


def _load_registry(app: Sphinx) -> None:
    # Configuration, not page content: loaded every build, never pickled.
    domain: ConfnotesDomain = app.env.domains["confnotes"]  # type: ignore[assignment]  # env.domains gives a Domain
    domain.registry = load_registry(Path(app.srcdir), config.get(app.config).tools_file)


def _add_static(app: Sphinx) -> None:
    if app.builder.format == "html":
        app.config.html_static_path.append(str(STATIC))
        app.add_css_file("confnotes.css")
