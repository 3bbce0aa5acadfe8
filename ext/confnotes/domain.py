"""The single store of cross-document data: reports, talks and tool mentions.

Data lives in per-document buckets (``talks[docname]``), so forgetting a
document is a ``pop`` and merging a parallel worker's data copies whole buckets.
Everything stored is a frozen dataclass from :mod:`confnotes.model`: no nodes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.domains import Domain, ObjType
from sphinx.roles import XRefRole
from sphinx.util.nodes import make_refnode

from .model import Report, Talk, ToolMention
from .warnings import Subtype, warn

if TYPE_CHECKING:
    from docutils.nodes import Element
    from sphinx.addnodes import pending_xref
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment


class ConfnotesXRefRole(XRefRole):
    """``{talk}`x``` works without the ``confnotes:`` prefix."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        if ":" not in self.name:
            self.name = f"confnotes:{self.name}"
        return super().run()


class ConfnotesDomain(Domain):
    name = "confnotes"
    label = "Conference notes"
    object_types = {
        "talk": ObjType("talk", "talk", "ref"),
        "report": ObjType("report", "report", "ref"),
    }
    roles = {
        "talk": ConfnotesXRefRole(warn_dangling=True),
        "report": ConfnotesXRefRole(warn_dangling=True),
    }
    dangling_warnings = {
        "talk": "unknown talk %(target)r",
        "report": "unknown report %(target)r",
    }
    initial_data: dict[str, Any] = {
        "reports": {},  # docname -> Report
        "talks": {},  # docname -> [Talk] in written order
        "mentions": {},  # docname -> [ToolMention]
    }
    # Bump when the shape of the stored data changes.
    data_version = 1

    @property
    def reports(self) -> dict[str, Report]:
        return self.data.setdefault("reports", {})

    @property
    def talks(self) -> dict[str, list[Talk]]:
        return self.data.setdefault("talks", {})

    @property
    def mentions(self) -> dict[str, list[ToolMention]]:
        return self.data.setdefault("mentions", {})

    # -- recording (read phase) ---------------------------------------------------

    def note_report(self, report: Report) -> None:
        self.reports[report.docname] = report

    def note_talk(self, talk: Talk) -> None:
        self.talks.setdefault(talk.docname, []).append(talk)
        self._talk_index = None

    def note_mention(self, mention: ToolMention) -> None:
        self.mentions.setdefault(mention.docname, []).append(mention)

    def clear_doc(self, docname: str) -> None:
        for bucket in (self.reports, self.talks, self.mentions):
            bucket.pop(docname, None)
        self._talk_index = None

    def merge_domaindata(self, docnames: Iterable[str], otherdata: dict[str, Any]) -> None:
        for key in ("reports", "talks", "mentions"):
            ours, theirs = self.data.setdefault(key, {}), otherdata.get(key, {})
            for docname in docnames:
                if docname in theirs:
                    ours[docname] = theirs[docname]
        self._talk_index = None

    # -- queries --------------------------------------------------------------------

    def all_talks(self) -> Iterator[Talk]:
        """Every talk, in a stable order (page name, then written order)."""
        for docname in sorted(self.talks):
            yield from self.talks[docname]

    _talk_index: dict[str, Talk] | None = None

    def talk_index(self) -> dict[str, Talk]:
        """Talks by id; on a duplicate id, the first in stable order wins.

        Cached because every ``{talk}`` reference looks it up; any change to the
        talks drops the cache.
        """
        if self._talk_index is None:
            index: dict[str, Talk] = {}
            for talk in self.all_talks():
                index.setdefault(talk.id, talk)
            self._talk_index = index
        return self._talk_index

    def check_consistency(self) -> None:
        # Runs after every read, also when only one page changed, so a clash
        # with an unchanged page keeps being reported until it is fixed.
        first: dict[str, Talk] = {}
        for talk in self.all_talks():
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
        found = self._lookup(typ, target)
        if found is None:
            return None
        docname, anchor, title = found
        if not node.get("refexplicit"):
            contnode = nodes.inline(title, title, classes=contnode.get("classes", []))
        return make_refnode(builder, fromdocname, docname, anchor, contnode, title)

    def resolve_any_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: pending_xref,
        contnode: Element,
    ) -> list[tuple[str, nodes.reference]]:
        results = []
        for typ in self.object_types:
            ref = self.resolve_xref(env, fromdocname, builder, typ, target, node, contnode)
            if ref is not None:
                results.append((f"confnotes:{typ}", ref))
        return results

    def _lookup(self, typ: str, target: str) -> tuple[str, str, str] | None:
        target = target.strip()
        if typ == "talk":
            talk = self.talk_index().get(target)
            return (talk.docname, talk.id, talk.title) if talk else None
        if typ == "report":
            for report in self.reports.values():
                if target in (report.docname, report_object_name(report)):
                    return report.docname, "", report.title or report.name
        return None

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        for talk in self.talk_index().values():
            yield talk.id, talk.title, "talk", talk.docname, talk.id, 1
        for docname in sorted(self.reports):
            report = self.reports[docname]
            name = report_object_name(report)
            yield name, report.title or report.name, "report", docname, "", 1

    def get_full_qualified_name(self, node: Element) -> str | None:
        return node.get("reftarget")


def report_object_name(report: Report) -> str:
    """Inventory name of a report: its page name, e.g. 'docs/reports/ep2020-day-2'."""
    return report.docname
