"""Which format a source is, from its content (never from its name)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from xml.etree.ElementTree import Element, ParseError

import defusedxml
import defusedxml.ElementTree

from .errors import SourceError

__all__ = ["EXPECTED", "Detected", "detect", "parse_json", "parse_xml"]

EXPECTED = (
    "a pretalx/frab schedule (JSON or XML), a pretalx API page, Sessionize 'All data' "
    "JSON, or pyvideo data"
)


@dataclass(frozen=True)
class Detected:
    kind: str  # frab-json, frab-xml, pretalx-api, sessionize, pyvideo-video
    data: Any  # the parsed JSON, or the XML root element


def detect(data: bytes, what: str = "the source") -> Detected:
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if data.lstrip(b"\xef\xbb\xbf \t\r\n")[:14].lower().startswith((b"<!doctype html", b"<html")):
        raise SourceError(f"{what} is an HTML page; expected {EXPECTED}")
    if head == b"<":
        root = parse_xml(data, what)
        if root.tag == "schedule":
            return Detected("frab-xml", root)
        raise SourceError(f"{what} is XML with <{root.tag}>; expected a frab <schedule>")
    if head not in (b"{", b"["):
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as err:
            raise SourceError(
                f"{what} is not UTF-8 text (byte {err.start}); expected {EXPECTED}"
            ) from None
        raise SourceError(f"{what} is neither JSON nor XML; expected {EXPECTED}")
    doc = parse_json(data, what)
    kind = _json_kind(doc)
    if not kind:
        raise SourceError(f"{what} is JSON of an unknown shape; expected {EXPECTED}")
    return Detected(kind, doc)


def _json_kind(doc: Any) -> str:
    if isinstance(doc, dict):
        if isinstance(doc.get("schedule"), dict):
            return "frab-json"
        if isinstance(doc.get("results"), list):
            return "pretalx-api"
        if isinstance(doc.get("sessions"), list):
            return "sessionize"
        if isinstance(doc.get("title"), str) and isinstance(doc.get("videos"), list):
            return "pyvideo-video"
    groups = isinstance(doc, list) and doc and all(isinstance(g, dict) for g in doc)
    if groups and all(isinstance(g.get("sessions"), list) for g in doc):
        return "sessionize"  # the "Sessions" view: groups of sessions
    return ""


def parse_json(data: bytes, what: str = "the source") -> Any:
    try:
        return json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as err:
        raise SourceError(f"{what} is not UTF-8 text (byte {err.start})") from None
    except json.JSONDecodeError as err:
        raise SourceError(f"{what}: malformed JSON: {err.msg}", err.lineno, err.colno) from None
    except RecursionError:
        raise SourceError(f"{what}: JSON nested too deeply") from None


def parse_xml(data: bytes, what: str = "the source") -> Element:
    """Parse without expanding entities: a document declaring any (billion laughs,
    external entities) is refused before anything is expanded."""
    try:
        root: Element = defusedxml.ElementTree.fromstring(
            data, forbid_dtd=False, forbid_entities=True, forbid_external=True
        )
    except defusedxml.DefusedXmlException as err:
        raise SourceError(
            f"{what}: XML declaring entities is refused ({type(err).__name__}); expected "
            "a plain frab <schedule>"
        ) from None
    except ParseError as err:
        line, column = err.position
        raise SourceError(f"{what}: malformed XML", line, column + 1) from None
    return root
