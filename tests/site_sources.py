"""What the site's own report pages say, read from their MyST sources.

Tests of the real site (docs/) take their expectations from here rather than
hard-coding sentences of the reports: editing a note changes what is expected,
never whether the suite passes. The reader is deliberately independent of
confnotes (plain regular expressions over the directive syntax), so it can
check what confnotes made of the same files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "docs"

_FENCE = re.compile(r"^(?P<fence>:{3,}|`{3,})\{(?P<name>[\w:-]+)\}[ \t]*(?P<argument>.*)$")
_OPTION = re.compile(r"^:(?P<key>[\w-]+):(?:[ \t]+(?P<value>.*))?$")
# Inline markup whose text is not shown as written: roles (a tool is shown by its
# registry name), code, footnote references, link targets, substitutions.
_HIDDEN = re.compile(r"\{[\w:-]+\}`[^`]*`|`[^`]*`|\[\^[^\]]*\]|\]\([^)]*\)|\{\{[^}]*\}\}")
_WORDS = re.compile(r"[A-Za-z0-9]+(?: [A-Za-z0-9]+)*")


@dataclass(frozen=True)
class Directive:
    name: str
    argument: str
    options: dict[str, str]
    body: str  # the Markdown after the option lines
    line: int  # 1-based line of the opening fence


@dataclass(frozen=True)
class TalkSource:
    title: str
    options: dict[str, str]
    body: str
    line: int

    @property
    def time(self) -> str:
        return self.options.get("time", "")

    @property
    def speakers(self) -> list[str]:
        return [s.strip() for s in self.options.get("speaker", "").split(";") if s.strip()]

    @property
    def cancelled(self) -> bool:
        return self.options.get("status", "").strip().lower() == "cancelled"

    @property
    def start(self) -> str:
        """The start time as the card shows it (``07:00`` of ``07:00-07:30``)."""
        return re.split(r"[-\u2013+ ]", self.time.strip(), maxsplit=1)[0]


@dataclass(frozen=True)
class ReportSource:
    path: Path
    title: str  # the page's H1
    options: dict[str, str]  # of the {report} directive
    talks: list[TalkSource]
    text: str = field(repr=False)

    @property
    def docname(self) -> str:
        return self.path.relative_to(REPO).with_suffix("").as_posix()

    @property
    def conference(self) -> str:
        return f"{self.options['conference']} {self.options.get('edition', '')}".strip()

    def prose(self) -> str:
        """The page's Markdown outside directives' option blocks, fences and comments."""
        return _prose(self.text)


def directives(text: str) -> list[Directive]:
    """Every top-level ``:::{name}`` / ```` ```{name} ```` block of a MyST page."""
    lines = text.split("\n")
    found, i = [], 0
    while i < len(lines):
        match = _FENCE.match(lines[i])
        if match is None:
            i += 1
            continue
        fence, start = match["fence"], i
        end = next((j for j in range(i + 1, len(lines)) if lines[j].rstrip() == fence), len(lines))
        inner = lines[i + 1 : end]
        options: dict[str, str] = {}
        k = 0
        while k < len(inner) and (option := _OPTION.match(inner[k])):
            options[option["key"]] = (option["value"] or "").strip()
            k += 1
        found.append(
            Directive(
                match["name"], match["argument"].strip(), options, "\n".join(inner[k:]), start + 1
            )
        )
        i = end + 1
    return found


def read_report(path: Path) -> ReportSource:
    text = path.read_text("utf-8")
    title = next(line[2:].strip() for line in text.split("\n") if line.startswith("# "))
    found = directives(text)
    report = next(d for d in found if d.name == "report")
    talks = [TalkSource(d.argument, d.options, d.body, d.line) for d in found if d.name == "talk"]
    return ReportSource(path, title, report.options, talks, text)


def reports() -> list[ReportSource]:
    """The site's report pages (docs/reports/*.md), in file name order."""
    return [read_report(p) for p in sorted((DOCS / "reports").glob("*.md"))]


def all_talks() -> list[tuple[ReportSource, TalkSource]]:
    return [(r, t) for r in reports() for t in r.talks]


def tools() -> dict[str, dict[str, str]]:
    """The site's tool registry (docs/tools.yaml): tool id -> fields."""
    data = yaml.safe_load((DOCS / "tools.yaml").read_text("utf-8"))
    return data["tools"]  # type: ignore[no-any-return]


def categories() -> dict[str, str]:
    data = yaml.safe_load((DOCS / "tools.yaml").read_text("utf-8"))
    return data.get("categories", {})  # type: ignore[no-any-return]


def bibliography() -> dict[str, str]:
    """Citation key -> title (braces removed) of docs/references.bib."""
    text = (DOCS / "references.bib").read_text("utf-8")
    out = {}
    for entry in re.split(r"^@", text, flags=re.MULTILINE)[1:]:
        key = entry.split("{", 1)[1].split(",", 1)[0].strip()
        title = re.search(r"^\s*title\s*=\s*\{(.*)\},?\s*$", entry, re.MULTILINE)
        if title:
            out[key] = " ".join(title[1].replace("{", "").replace("}", "").split())
    return out


def cited(text: str) -> list[str]:
    """Citation keys of the ``{footcite}``/``{cite}`` roles in a page, in order, once each."""
    keys: list[str] = []
    for group in re.findall(r"\{(?:foot)?cite(?::\w+)?\}`([^`]*)`", text):
        keys += [k.strip() for k in group.split(",") if k.strip() not in keys]
    return keys


def _prose(markdown: str) -> str:
    out, fence = [], ""
    for line in markdown.split("\n"):
        stripped = line.strip()
        if fence:
            if stripped == fence:
                fence = ""
            continue
        if stripped.startswith("```"):
            fence = stripped[: len(stripped) - len(stripped.lstrip("`"))]
            continue
        if _FENCE.match(stripped) or re.fullmatch(r":{3,}", stripped) or _OPTION.match(stripped):
            continue
        if stripped.startswith(("%", "(", "#", "[^")):  # comments, labels, headings, footnotes
            continue
        out.append(line)
    return "\n".join(out)


def phrases(markdown: str, min_words: int = 4) -> list[str]:
    """Runs of at least ``min_words`` plain words (letters and digits, single spaces)
    from the running text of ``markdown``, as every builder shows them.

    Punctuation, quotes, dashes and markup end a run, so smart quotes, escaping
    and line wrapping (normalise the output's whitespace) cannot hide a phrase.
    """
    out: list[str] = []
    for line in _prose(markdown).split("\n"):
        text = _HIDDEN.sub("|", line)
        text = re.sub(r"^\s*(?:[*+-]|\d+\.)\s+", "", text)  # list markers
        for run in _WORDS.findall(text):
            if run.count(" ") + 1 >= min_words and run not in out:
                out.append(run)
    return out


def squeeze(text: str) -> str:
    """Whitespace collapsed, for finding phrases in wrapped output."""
    return " ".join(text.split())
