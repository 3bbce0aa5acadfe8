"""An Atom (RFC 4287) validator for the tests: the RFC's RELAX NG schema plus
the rules the schema cannot express.

The schema is ``tests/atom/rfc4287.rnc``, RFC 4287's Appendix B as published
(RELAX NG compact syntax), converted to RELAX NG XML by rnc2rng when first
used and checked with lxml (libxml2's RELAX NG validator, XSD datatypes: so
``xsd:dateTime``, media types and language tags are checked too). The
Schematron rules embedded in the schema and the prose rules of the RFC that
no schema can express are checked in Python below, each naming its section.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from functools import cache
from pathlib import Path

import rnc2rng
from lxml import etree

SCHEMA = Path(__file__).parent / "atom" / "rfc4287.rnc"
A = "{http://www.w3.org/2005/Atom}"

# RFC 3339 date-time with RFC 4287 3.3's upper-case "T" and "Z".
_RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})")
# RFC 3987 IRI: a scheme, then characters allowed in an IRI (no spaces,
# controls, or the delimiters RFC 3987 excludes).
_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`\x00-\x1f\x7f]+")


@cache
def relaxng() -> etree.RelaxNG:
    rng = rnc2rng.dumps(rnc2rng.loads(SCHEMA.read_text("utf-8")))
    # rnc2rng declares the schema's `namespace local = ""` as xmlns:local="",
    # which XML 1.0 namespaces forbid; the grammar names that namespace as
    # ns="" where it uses it, so the declaration is dropped.
    rng = rng.replace('xmlns:local=""', "")
    return etree.RelaxNG(etree.fromstring(rng.encode("utf-8")))


def problems(data: bytes) -> list[str]:
    """Every way ``data`` breaks RFC 4287; empty for a valid Atom document."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as err:
        return [f"not well-formed XML: {err}"]
    schema = relaxng()
    found = []
    if not schema.validate(root):
        found += [f"schema, line {e.line}: {e.message}" for e in schema.error_log]
    found += rule_problems(root)
    return found


def rule_problems(root: etree._Element) -> list[str]:
    found: list[str] = []
    if root.tag != A + "feed":
        return [f"root element is {root.tag}, not atom:feed"]
    entries = root.findall(A + "entry")
    feed_has_author = root.find(A + "author") is not None
    for where, el in [("feed", root), *((f"entry {i + 1}", e) for i, e in enumerate(entries))]:
        # 4.1.1 / 4.1.2: exactly one id, title and updated.
        for tag in ("id", "title", "updated"):
            n = len(el.findall(A + tag))
            if n != 1:
                found.append(f"{where}: {n} atom:{tag} elements, RFC 4287 requires exactly one")
        # 4.2.6: atom:id is a normalized absolute IRI.
        for ident in el.findall(A + "id"):
            if not _IRI.fullmatch(ident.text or ""):
                found.append(f"{where}: atom:id {ident.text!r} is not an absolute IRI")
        # 3.3: dates are RFC 3339 date-times with upper-case T and Z.
        for tag in ("updated", "published"):
            for date in el.findall(A + tag):
                found += _date_problems(where, tag, date.text or "")
        # 4.1.1 / 4.1.2: at most one alternate link per (type, hreflang).
        alternates = Counter(
            (link.get("type"), link.get("hreflang"))
            for link in el.findall(A + "link")
            if link.get("rel", "alternate") == "alternate"
        )
        for key, n in alternates.items():
            if n > 1:
                found.append(f"{where}: {n} alternate links with type/hreflang {key}")
        # 4.2.7: every link has an href (an IRI reference).
        for link in el.findall(A + "link"):
            if not link.get("href"):
                found.append(f"{where}: atom:link without href")
    for i, entry in enumerate(entries, 1):
        # 4.1.1 / 4.1.2 (the schema's Schematron rules): an author for every entry.
        has_author = (
            entry.find(A + "author") is not None
            or entry.find(f"{A}source/{A}author") is not None
            or feed_has_author
        )
        if not has_author:
            found.append(f"entry {i}: no atom:author, and the feed has none")
        # 4.1.2: without atom:content, an entry needs an alternate link.
        alternate = [
            ln for ln in entry.findall(A + "link") if ln.get("rel", "alternate") == "alternate"
        ]
        if entry.find(A + "content") is None and not alternate:
            found.append(f"entry {i}: neither atom:content nor an alternate link")
        # 4.1.2: without inline content (or with non-text content), a summary is required.
        content = entry.find(A + "content")
        if content is not None and content.get("src") and entry.find(A + "summary") is None:
            found.append(f"entry {i}: out-of-line content without atom:summary")
    return found


def _date_problems(where: str, tag: str, text: str) -> list[str]:
    if not _RFC3339.fullmatch(text):
        return [f"{where}: atom:{tag} {text!r} is not an RFC 3339 date-time"]
    try:
        dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return [f"{where}: atom:{tag} {text!r} is not a real date and time"]
    return []
