"""Keeping references right across incremental builds.

Sphinx rewrites a page when the page changed, not when what its references
point to changed. After every read this module (at ``env-get-updated``):

* writes the standard label of each talk (the one writer of those labels), so
  ``{ref}`` and intersphinx work for projects without confnotes;
* compares what each confnotes reference on any page resolves to with the
  last build's, and returns the pages whose references appeared, disappeared
  or changed text, plus the pages affected by a new registry, a moved tool or
  speaker index, or a speaker's name spelt differently.

The listings' own data is watched by :mod:`confnotes.listings`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .query import speaker_key
from .warnings import Subtype, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from .domain import ConfnotesDomain


def sync_talk_labels(domain: ConfnotesDomain, env: BuildEnvironment) -> None:
    """Give each talk a standard label pointing at the talk its id resolves to.

    The one writer of these labels, after all reading: with a duplicated id the
    first talk in stable order wins, as for ``{talk}``, in clean, incremental and
    -j builds alike. A label the author defined keeps its place (with a warning).
    """
    std = env.domains.standard_domain
    ours: dict[str, str] = domain.data.setdefault("labels", {})
    for talk_id, docname in ours.items():  # forget last build's (unless re-read already)
        if std.labels.get(talk_id, ())[:2] == (docname, talk_id):
            del std.labels[talk_id]
            std.anonlabels.pop(talk_id, None)
    ours.clear()
    for talk_id, talk in domain.query.talk_index.items():
        taken = std.labels.get(talk_id) or std.anonlabels.get(talk_id)
        if taken is not None:
            where = env.doc2path(taken[0])
            warn(
                f"talk id {talk_id!r} is also a label defined at {where}; the label keeps "
                "that place ({ref} goes there); give the talk an explicit :id:",
                Subtype.DUPLICATE,
                (talk.docname, talk.lineno),
            )
            continue
        std.anonlabels[talk_id] = (talk.docname, talk_id)
        std.labels[talk_id] = (talk.docname, talk_id, talk.title)
        ours[talk_id] = talk.docname


def fingerprint(domain: ConfnotesDomain) -> dict[str, Any]:
    """What the references on all pages resolve to, and what tool and speaker links show."""
    q = domain.query
    return {
        "registry": q.registry.fingerprint,
        "pages": (q.listing_page("tool-index"), q.listing_page("speaker-index")),
        "refs": {
            ref: domain.resolution(*ref)
            for ref in sorted({r for refs in domain.xrefs.values() for r in refs})
        },
        "speakers": q.speakers,
    }


def pages_to_rewrite(domain: ConfnotesDomain, old: dict[str, Any], new: dict[str, Any]) -> set[str]:
    rewrite: set[str] = set()
    if old.get("registry") != new["registry"] or old.get("pages") != new["pages"]:
        rewrite.update(domain.mentions)  # tool links and their hover text
        rewrite.update(domain.talks)  # speaker links on cards
    # Every reference whose target appeared, disappeared or changed text.
    old_refs, new_refs = old.get("refs", {}), new["refs"]
    changed = {k for k in old_refs.keys() | new_refs.keys() if old_refs.get(k) != new_refs.get(k)}
    if changed:
        rewrite.update(d for d, refs in domain.xrefs.items() if refs & changed)
    # A speaker link shows the name as first written; when that spelling
    # changes, every card linking the speaker changes.
    old_sp, new_sp = old.get("speakers", {}), new["speakers"]
    respelled = {k for k in old_sp.keys() | new_sp.keys() if old_sp.get(k) != new_sp.get(k)}
    if respelled:
        rewrite.update(
            d
            for d, talks in domain.talks.items()
            if any(speaker_key(n) in respelled for t in talks for n in t.speakers)
        )
    return rewrite


def on_env_get_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    domain: ConfnotesDomain = env.domains["confnotes"]  # type: ignore[assignment]  # env.domains gives a Domain
    sync_talk_labels(domain, env)
    old: dict[str, Any] = domain.fingerprints.get("references") or {}
    new = domain.fingerprints["references"] = fingerprint(domain)
    if not old:
        return []  # first build: everything is written anyway
    return sorted(d for d in pages_to_rewrite(domain, old, new) if d in env.all_docs)


def setup_references(app: Sphinx) -> None:
    app.connect("env-get-updated", on_env_get_updated)
