"""The single store of cross-document data: reports, talks and tool mentions.

Data lives in per-document buckets (``talks[docname]``), so forgetting a
document is a ``pop`` and merging a parallel worker's data copies whole buckets.
Everything stored is a frozen dataclass from :mod:`confnotes.model`: no nodes.
The joins over it live in :mod:`confnotes.query`; ``domain.query`` is the one
for the data as it is now.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from sphinx.domains import Domain, ObjType
from sphinx.util import docname_join
from sphinx.util.nodes import make_refnode

from .model import Report, Talk, ToolMention
from .query import Query, speaker_anchor, speaker_key, tool_anchor
from .registry import Registry
from .roles import ConfnotesXRefRole, plain_text
from .warnings import Subtype, warn

if TYPE_CHECKING:
    from docutils.nodes import Element
    from sphinx.addnodes import pending_xref
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

# The per-document buckets (``clear_doc`` and ``merge_domaindata`` move them whole).
BUCKETS = ("reports", "talks", "mentions", "listings", "xrefs")


class ConfnotesDomain(Domain):
    name = "confnotes"
    label = "Conference notes"
    object_types = {
        "talk": ObjType("talk", "talk", "ref"),
        "report": ObjType("report", "report", "ref"),
        "tool": ObjType("tool", "tool", "ref"),
        "speaker": ObjType("speaker", "speaker", "ref"),
    }
    roles = {
        "talk": ConfnotesXRefRole(warn_dangling=True, innernodeclass=nodes.inline),
        "report": ConfnotesXRefRole(warn_dangling=True, innernodeclass=nodes.inline),
        "tool": ConfnotesXRefRole(innernodeclass=plain_text),  # type: ignore[arg-type]  # a factory
        "speaker": ConfnotesXRefRole(warn_dangling=True, innernodeclass=nodes.inline),
    }
    dangling_warnings = {
        "talk": "unknown talk %(target)r",
        "report": "unknown report %(target)r",
        "speaker": "unknown speaker %(target)r",
    }
    initial_data: ClassVar[dict[str, Any]] = {
        "reports": {},  # docname -> Report
        "talks": {},  # docname -> [Talk] in written order
        "mentions": {},  # docname -> [ToolMention]
        "listings": {},  # docname -> [(kind, lineno)] of generated listings on that page
        "xrefs": {},  # docname -> {(type, target) of its confnotes and any references}
        "labels": {},  # talk id -> page, for the std labels confnotes wrote (references.py)
        "fingerprints": {},  # what generated output was last built from (references, listings)
    }
    # Bump when the shape of the stored data changes.
    data_version = 4
    # The tool registry is configuration, loaded at builder-inited; never pickled.
    registry: Registry = Registry()

    @property
    def reports(self) -> dict[str, Report]:
        reports: dict[str, Report] = self.data.setdefault("reports", {})
        return reports

    @property
    def talks(self) -> dict[str, list[Talk]]:
        talks: dict[str, list[Talk]] = self.data.setdefault("talks", {})
        return talks

    @property
    def mentions(self) -> dict[str, list[ToolMention]]:
        mentions: dict[str, list[ToolMention]] = self.data.setdefault("mentions", {})
        return mentions

    @property
    def listings(self) -> dict[str, list[tuple[str, int]]]:
        listings: dict[str, list[tuple[str, int]]] = self.data.setdefault("listings", {})
        return listings

    @property
    def xrefs(self) -> dict[str, set[tuple[str, str]]]:
        xrefs: dict[str, set[tuple[str, str]]] = self.data.setdefault("xrefs", {})
        return xrefs

    @property
    def fingerprints(self) -> dict[str, Any]:
        prints: dict[str, Any] = self.data.setdefault("fingerprints", {})
        return prints

    # -- recording (read phase) ---------------------------------------------------

    def note_report(self, report: Report) -> None:
        self.reports[report.docname] = report
        self._changed()

    def note_talk(self, talk: Talk) -> None:
        self.talks.setdefault(talk.docname, []).append(talk)
        self._changed()

    def note_mention(self, mention: ToolMention) -> None:
        self.mentions.setdefault(mention.docname, []).append(mention)
        self._changed()

    def note_listing(self, docname: str, kind: str, lineno: int) -> None:
        self.listings.setdefault(docname, []).append((kind, lineno))
        self._changed()

    def note_references(self, docname: str, refs: set[tuple[str, str]]) -> None:
        if refs:
            self.xrefs[docname] = refs

    def clear_doc(self, docname: str) -> None:
        for key in BUCKETS:
            self.data.setdefault(key, {}).pop(docname, None)
        self._changed()

    def merge_domaindata(self, docnames: Iterable[str], otherdata: dict[str, Any]) -> None:
        for key in BUCKETS:
            ours, theirs = self.data.setdefault(key, {}), otherdata.get(key, {})
            for docname in docnames:
                if docname in theirs:
                    ours[docname] = theirs[docname]
        self._changed()

    # -- queries --------------------------------------------------------------------

    @property
    def query(self) -> Query:
        """The joins over the data as it is now (a new one after any change)."""
        # An instance attribute, so never pickled with the environment.
        q: Query | None = self.__dict__.get("_query")
        if q is None or q.registry is not self.registry:
            q = self.__dict__["_query"] = Query(
                self.reports,
                self.talks,
                self.mentions,
                self.listings,
                self.registry,
                page_title=self._page_title,
            )
        return q

    def _changed(self) -> None:
        self.__dict__.pop("_query", None)

    def _page_title(self, docname: str) -> str:
        title = self.env.titles.get(docname)
        return title.astext() if title is not None else docname

    def all_talks(self) -> Iterator[Talk]:
        """Every talk, in a stable order (page name, then written order)."""
        return self.query.talks()

    def check_consistency(self) -> None:
        # Runs after every read, also when only one page changed, so a clash
        # with an unchanged page keeps being reported until it is fixed.
        first: dict[str, Talk] = {}
        for talk in self.query.talks():
            other = first.setdefault(talk.id, talk)
            if other is not talk and other.docname != talk.docname:
                where = self.env.doc2path(other.docname)
                warn(
                    f"duplicate talk id {talk.id!r}: also used at {where}:{other.lineno}; "
                    "give one of them an explicit :id:",
                    Subtype.DUPLICATE,
                    (talk.docname, talk.lineno),
                )

    # -- resolving ------------------------------------------------------------------

    def resolve_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: pending_xref,
        contnode: Element,
    ) -> nodes.reference | None:
        if typ == "tool":
            return self._resolve_tool(fromdocname, builder, target, node, contnode)
        found = self._lookup(typ, target)
        if found is None:
            if typ == "speaker" and self.query.listing_page("speaker-index") is None:
                return _classed(contnode, node)  # type: ignore[return-value]  # no page: the name
            return None
        docname, anchor, title = found
        if not node.get("refexplicit") and typ in ("talk", "report"):
            contnode = nodes.inline(title, title, classes=contnode.get("classes", []))
        ref = make_refnode(builder, fromdocname, docname, anchor, contnode, title)
        ref["classes"].extend(node.get("classes", ()))
        return ref

    def _resolve_tool(
        self,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: pending_xref,
        contnode: Element,
    ) -> nodes.reference | None:
        tool = self.query.tool_for(target)
        if not tool.known:
            warn(
                f"unknown tool {target!r}: add it to the tool registry "
                f"({self.env.config.confnotes_tools_file or 'confnotes_tools_file is not set'})",
                Subtype.UNKNOWN_TOOL,
                node,
            )
        page = self.query.listing_page("tool-index")
        if page is None:
            return contnode  # type: ignore[return-value]  # no index page to link to
        title = f"{tool.name}: {tool.description}" if tool.description else tool.name
        if not tool.known:
            title = f"{tool.name} (not in the tool registry)"
        ref = make_refnode(builder, fromdocname, page, tool_anchor(tool), contnode, title)
        ref["classes"].append("confnotes-tool")
        return ref

    def resolve_any_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: pending_xref,
        contnode: Element,
    ) -> list[tuple[str, nodes.reference]]:
        # Only objects that exist, and never a warning: ``{any}`` asks every
        # domain, and most targets are not ours. Each result gets its own copy
        # of ``contnode`` (Sphinx keeps the first and may show the others).
        results = []
        std_labels = env.domains.standard_domain.labels
        for typ in self.object_types:
            found = self.resolution(typ, target)
            if found is None:
                continue
            if typ == "talk" and std_labels.get(target.strip().lower(), ())[:2] == found[:2]:
                continue  # the talk's std label, which Sphinx offers as std:ref
            if typ == "report" and docname_join(fromdocname, target.strip()) in env.all_docs:
                continue  # the page itself, which Sphinx offers as std:doc
            ref = self.resolve_xref(
                env, fromdocname, builder, typ, target, node, contnode.deepcopy()
            )
            if isinstance(ref, nodes.reference):
                results.append((f"confnotes:{typ}", ref))
        return results

    def resolution(self, typ: str, target: str) -> tuple[Any, ...] | None:
        """What a reference of this type resolves to (page, anchor, text), or None
        when nothing exists: ``any`` references look here first, and a page is
        rewritten when this changes for one of its references."""
        if typ == "tool":
            tool = self.registry.find(" ".join(target.split()))
            page = self.query.listing_page("tool-index")
            if tool is None or page is None:
                return None
            return page, tool_anchor(tool), tool.name, tool.description
        if typ == "any":
            found = tuple(
                (t, *r) for t in self.object_types if (r := self.resolution(t, target)) is not None
            )
            return found or None
        return self._lookup(typ, target)

    def _lookup(self, typ: str, target: str) -> tuple[str, str, str] | None:
        target = target.strip()
        if typ == "talk":
            talk = self.query.talk_index.get(target)
            return (talk.docname, talk.id, talk.title) if talk else None
        if typ == "report":
            for report in self.reports.values():
                if target in (report.docname, report_object_name(report)):
                    return report.docname, "", report.title or report.name
        if typ == "speaker":
            page = self.query.listing_page("speaker-index")
            name = self.query.speakers.get(speaker_key(target))
            if page is None or name is None:
                return None
            return page, speaker_anchor(name), name
        return None

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        q = self.query
        for talk in q.talk_index.values():
            yield talk.id, talk.title, "talk", talk.docname, talk.id, 1
        for docname in sorted(self.reports):
            report = self.reports[docname]
            name = report_object_name(report)
            yield name, report.title or report.name, "report", docname, "", 1
        tool_page = q.listing_page("tool-index")
        if tool_page is not None:
            for tool in self.registry.tools.values():
                yield tool.id, tool.name, "tool", tool_page, tool_anchor(tool), 1
        speaker_page = q.listing_page("speaker-index")
        if speaker_page is not None:
            for name in q.speakers.values():
                anchor = speaker_anchor(name)
                yield anchor.removeprefix("speaker-"), name, "speaker", speaker_page, anchor, 1

    def get_full_qualified_name(self, node: Element) -> str | None:
        target: str | None = node.get("reftarget")
        return target


def _classed(contnode: nodes.Node, node: pending_xref) -> nodes.Node:
    """The text of an unresolved reference, with the classes its pending node asked for."""
    classes: list[str] = node.get("classes", [])
    return nodes.inline("", "", contnode, classes=list(classes)) if classes else contnode


def report_object_name(report: Report) -> str:
    """Inventory name of a report: its page name, e.g. 'docs/reports/ep2020-day-2'."""
    return report.docname
