"""The tool registry: one YAML file listing the tools the notes may mention.

Loaded once per build at ``builder-inited`` (it is configuration, not page
content) and validated there: a bad entry is a warning naming the file, line
and entry, and is skipped; the build goes on.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from .model import InputError, check_url, clean_text
from .warnings import Subtype, warn

TOOL_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
FIELDS = {"name", "aliases", "homepage", "package", "category", "description"}
UNCATEGORISED = "other"


@dataclass(frozen=True)
class Tool:
    id: str
    name: str
    aliases: tuple[str, ...] = ()
    homepage: str = ""
    package: str = ""
    category: str = UNCATEGORISED
    description: str = ""
    known: bool = True  # False for a tool mentioned in the notes but missing here

    def names(self) -> tuple[str, ...]:
        return (self.id, self.name, *self.aliases, *((self.package,) if self.package else ()))


@lru_cache(maxsize=1 << 14)  # the same few hundred tool names, looked up again and again
def normalise(name: str) -> str:
    """Lookup key: case-insensitive, whitespace collapsed."""
    return " ".join(clean_text(name)[0].casefold().split())


@dataclass(frozen=True)
class Registry:
    tools: dict[str, Tool] = field(default_factory=dict)
    categories: dict[str, str] = field(default_factory=dict)
    lookup: dict[str, str] = field(default_factory=dict)  # normalised name -> tool id
    fingerprint: str = ""

    def find(self, name: str) -> Tool | None:
        tool_id = self.lookup.get(normalise(name))
        return self.tools[tool_id] if tool_id else None

    def category_title(self, category: str) -> str:
        return self.categories.get(category, category.replace("-", " ").capitalize())


# libyaml's parser when PyYAML was built with it: several times faster on a
# registry of hundreds of tools (it is loaded at the start of every build).
_FAST_LOADER: type[Any] | None = getattr(yaml, "CSafeLoader", None)

# libyaml accepts text the pure-Python parser rejects (tabs as separators, '?' in
# a flow sequence, '#' right after '|', ...) and reads a bare '!' tag differently.
# So that a registry means the same, with the same warnings, whether PyYAML has
# libyaml or not, libyaml only parses files whose every line is in the plain
# block style registries are written in; anything else takes the Python parser.
# Never in that style: tabs, control characters, odd line breaks, byte order marks
# and a CR not ending a line.
_ODD = re.compile(
    "[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]|\r(?!\n)"
)
_START = r"[^ \-?:,\[\]{}#&*!|>'\"%@`]"  # a plain scalar starts with no indicator
_PLAIN = rf"{_START}(?:[^ :#]|:(?=[^ ])|#| +(?=[^ #]))*"
_FLOW = r",\[\]{}?:#"
_FLOW_PLAIN = rf"{_START}(?:[^ {_FLOW}]|#| +(?=[^ {_FLOW}]))*"
_QUOTED = r"""'(?:[^']|'')*'|"(?:[^"\\]|\\[\\"nt])*\""""  # 'it''s', "a \"b\""
_ITEM = rf"(?:{_FLOW_PLAIN}|{_QUOTED})"
_VALUE = rf"(?:{_PLAIN}|{_QUOTED}|\[ *(?:{_ITEM}(?: *, *{_ITEM})*)? *\]|\{{ *\}})"
_COMMENT = r"(?: +#.*)?"
_PLAIN_LINE = re.compile(
    r" *(?:#.*)?"  # blank or comment
    rf"| *(?:- +)*(?:{_PLAIN}|{_QUOTED}):(?: +{_VALUE})?{_COMMENT} *"  # key: value
    rf"| *(?:- +)*-(?: +{_VALUE})?{_COMMENT} *"  # - item
    rf"| +{_PLAIN}{_COMMENT} *"  # a long value, continued
)


def _plain_style(text: str) -> bool:
    """Every line plain block style (Windows line ends too)."""
    if _ODD.search(text):
        return False
    return all(_PLAIN_LINE.fullmatch(line.removesuffix("\r")) for line in text.split("\n"))


Parsed = tuple[Any, dict[tuple[str, ...], int], list[tuple[tuple[str, ...], int, int]]]


def _parse(text: str) -> Parsed:
    """The data (as ``yaml.safe_load`` gives it) and the 1-based line of each
    mapping key path, e.g. ('tools', 'dvc', 'name'), from one parse.

    Parsed with libyaml if PyYAML has it and the file is in the plain style; a
    file libyaml rejects is parsed again by the Python parser, whose error
    messages (and lines) the warnings show.
    """
    if _FAST_LOADER is not None and _plain_style(text):
        try:
            return _parse_with(_FAST_LOADER, text)
        except yaml.YAMLError:
            pass
    return _parse_with(yaml.SafeLoader, text)


def _parse_with(loader_class: type[Any], text: str) -> Parsed:
    lines: dict[tuple[str, ...], int] = {}
    duplicates: list[tuple[tuple[str, ...], int, int]] = []  # (path, first line, line)
    seen: set[int] = set()

    def walk(node: yaml.Node, path: tuple[str, ...]) -> None:
        if id(node) in seen:  # an anchor that contains itself (&a {x: *a})
            return
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            first: dict[str, int] = {}  # keys of this mapping: a repeat replaces the first
            for key, value in node.value:
                sub = (*path, str(key.value))
                line = key.start_mark.line + 1
                if sub[-1] in first:
                    duplicates.append((sub, first[sub[-1]], line))
                first.setdefault(sub[-1], line)
                lines[sub] = line
                walk(value, sub)
        elif isinstance(node, yaml.SequenceNode):
            for item in node.value:
                walk(item, path)

    loader = loader_class(text)
    try:
        root = loader.get_single_node()
        data = None if root is None else loader.construct_document(root)
    finally:
        loader.dispose()
    if root is not None:
        walk(root, ())
    return data, lines, duplicates


class _Loader:
    def __init__(self, path: Path, shown: str) -> None:
        self.path, self.shown = path, shown
        self.lines: dict[tuple[str, ...], int] = {}

    def warn(self, message: str, *key: str) -> None:
        line = self.lines.get(tuple(key), 1) if key else 1
        warn(f"tool registry: {message}", Subtype.REGISTRY, f"{self.shown}:{line}")

    def load(self) -> Registry:
        try:
            raw = self.path.read_bytes()
            text = raw.decode("utf-8")
        except FileNotFoundError:
            self.warn("file not found; tool mentions will all be flagged as unknown")
            return Registry()
        except (OSError, UnicodeDecodeError) as err:
            self.warn(f"cannot read the file ({err})")
            return Registry()
        fingerprint = hashlib.sha256(raw).hexdigest()
        try:
            data, self.lines, duplicates = _parse(text)
        except yaml.YAMLError as err:
            mark = getattr(err, "problem_mark", None)
            line = mark.line + 1 if mark is not None else 1
            problem = getattr(err, "problem", None) or str(err).splitlines()[0]
            warn(
                f"tool registry: not valid YAML: {problem}",
                Subtype.REGISTRY,
                f"{self.shown}:{line}",
            )
            return Registry(fingerprint=fingerprint)
        for path, first, line in duplicates:
            warn(
                f"tool registry: duplicate key {path[-1]!r} (first at line {first}); "
                "the later one is used",
                Subtype.REGISTRY,
                f"{self.shown}:{line}",
            )
        if data is None:
            return Registry(fingerprint=fingerprint)
        if not isinstance(data, dict):
            self.warn("expected a mapping with 'categories' and 'tools'")
            return Registry(fingerprint=fingerprint)
        categories = self._categories(data.get("categories"))
        tools: dict[str, Tool] = {}
        lookup: dict[str, str] = {}
        entries = data.get("tools")
        if entries is None:
            entries = {}
        if not isinstance(entries, dict):
            self.warn("'tools' must be a mapping of tool id to its fields", "tools")
            entries = {}
        for key, entry in entries.items():
            tool = self._tool(str(key), entry, categories)
            if tool is None:
                continue
            clashes = {lookup[n] for n in map(normalise, tool.names()) if n in lookup}
            if clashes:
                other = sorted(clashes)[0]
                self.warn(
                    f"tool {tool.id!r}: a name or alias is already used by tool {other!r}; "
                    "the clashing names are ignored",
                    "tools",
                    str(key),
                )
            for name in tool.names():
                lookup.setdefault(normalise(name), tool.id)
            tools[tool.id] = tool
        for key in data:
            if key not in ("categories", "tools"):
                self.warn(f"unknown top-level key {key!r} is ignored", str(key))
        return Registry(tools, categories, lookup, fingerprint)

    def _categories(self, value: Any) -> dict[str, str]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.warn("'categories' must be a mapping of id to title", "categories")
            return {}
        categories = {}
        for key, title in value.items():
            if not isinstance(title, (str, int, float)):
                self.warn(
                    f"category {str(key)!r}: the title must be text; using the id",
                    "categories",
                    str(key),
                )
                title = key
            categories[str(key)] = self._clean(
                str(title), f"category {str(key)!r}", "categories", str(key)
            ) or str(key)
        return categories

    def _clean(self, value: str, what: str, *key: str) -> str:
        text, dirty = clean_text(value)
        if dirty:
            self.warn(f"{what}: control characters removed", *key)
        return text

    def _tool(self, key: str, entry: Any, categories: dict[str, str]) -> Tool | None:
        where = ("tools", key)
        if not TOOL_ID.match(key):
            self.warn(f"tool id {key!r} must be lowercase letters, digits and '-'", *where)
            return None
        if entry is None:
            entry = {}
        if not isinstance(entry, dict):
            self.warn(f"tool {key!r}: expected a mapping of fields", *where)
            return None
        for unknown in sorted(set(map(str, entry)) - FIELDS):
            self.warn(f"tool {key!r}: unknown field {unknown!r} is ignored", *where, unknown)

        def text(name: str) -> str:
            value = entry.get(name)
            if value is None:
                return ""
            if not isinstance(value, (str, int, float)):
                self.warn(f"tool {key!r}: {name} must be text", *where, name)
                return ""
            return self._clean(str(value), f"tool {key!r}: {name}", *where, name)

        name = text("name")
        if not name:
            self.warn(f"tool {key!r}: missing name; using the id", *where)
            name = key
        aliases_raw = entry.get("aliases") or []
        if isinstance(aliases_raw, str):
            aliases_raw = [aliases_raw]
        if not isinstance(aliases_raw, list):
            self.warn(f"tool {key!r}: aliases must be a list", *where, "aliases")
            aliases_raw = []
        aliases: list[str] = []
        own = {normalise(key), normalise(name)}
        for alias in aliases_raw:
            alias_text = (
                self._clean(str(alias), f"tool {key!r}: alias", *where, "aliases")
                if isinstance(alias, (str, int, float))
                else ""
            )
            if not alias_text:
                continue
            if normalise(alias_text) in own:
                self.warn(
                    f"tool {key!r}: alias {alias_text!r} is the tool's own id or name",
                    *where,
                    "aliases",
                )
                continue
            own.add(normalise(alias_text))
            aliases.append(alias_text)
        homepage = text("homepage")
        if homepage:
            try:
                homepage = check_url(homepage)
            except InputError as err:
                self.warn(f"tool {key!r}: {err}", *where, "homepage")
                homepage = ""
        category = text("category") or UNCATEGORISED
        if categories and category not in categories and category != UNCATEGORISED:
            self.warn(
                f"tool {key!r}: unknown category {category!r} "
                f"(known: {', '.join(clean_text(c)[0] for c in sorted(categories))})",
                *where,
                "category",
            )
        return Tool(
            id=key,
            name=name,
            aliases=tuple(aliases),
            homepage=homepage,
            package=text("package"),
            category=category,
            description=text("description"),
        )


def load_registry(srcdir: Path, relpath: str) -> Registry:
    if not relpath:
        return Registry()
    return _Loader(srcdir / relpath, relpath).load()
