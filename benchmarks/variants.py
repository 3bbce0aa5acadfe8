"""The same corpus written five ways, each as a user of that tool would write it.

``plain``
    myst-parser only: each talk a heading and paragraphs, no index (the floor).
``cards-light``
    myst-parser + sphinx-design cards, tool names as plain text, and a static
    hand-written tool index page (the tools A-Z with the talks that mention them).
``cards``
    the same cards, but every tool mention linked by hand (``{ref}``) to its entry
    in the static tool index.
``confnotes``
    ``talk`` directives, ``{tool}`` roles and the generated listings across
    pages (``tool-index``, ``tool-matrix``, ``tool-trends``, ``speaker-index``).
``needs``
    sphinx-needs: a ``talk`` need type, the tools as need tags, one ``needtable``
    of all talks and one per tool for the tool index.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence

from confnotes.model import Report, Talk
from confnotes.registry import Tool

from .corpus import Corpus, Paragraph, report_date, tool_anchor

Files = dict[str, str]  # relative path -> text

VARIANTS = ("plain", "cards-light", "cards", "confnotes", "needs")

_CONF_COMMON = """\
project = "confnotes benchmark"
language = "en"
html_theme = "alabaster"
exclude_patterns = ["_build"]
"""

_CARDS_CONF = (
    _CONF_COMMON + 'extensions = ["myst_parser", "sphinx_design"]\n'
    'myst_enable_extensions = ["colon_fence"]\n'
)


def _text(paragraph: Paragraph, mention: Callable[[Tool], str], corpus: Corpus) -> str:
    words = (t if isinstance(t, str) else mention(corpus.tool(t.target)) for t in paragraph)
    return " ".join(words)


def _plain_name(tool: Tool) -> str:
    return tool.name


def _header_line(report: Report) -> str:
    d = report_date(report)
    return (
        f"**{report.name}** · {d:%A} {d.day} {d:%B %Y} · {report.location} · "
        f"times in {report.timezone}"
    )


def _toctree(entries: Iterable[str]) -> str:
    body = "\n".join(entries)
    return f"```{{toctree}}\n:maxdepth: 1\n\n{body}\n```\n"


def _index(corpus: Corpus, extra: Sequence[str]) -> str:
    return "# Conference notes\n\n" + _toctree([*(r.docname for r in corpus.reports), *extra])


def _ref(text: str, label: str) -> str:
    return f"{{ref}}`{text} <{label}>`"


def render_plain(corpus: Corpus) -> Files:
    files = {"conf.py": _CONF_COMMON + 'extensions = ["myst_parser"]\n'}
    files["index.md"] = _index(corpus, [])
    for report in corpus.reports:
        out = [f"# {report.title}\n", _header_line(report) + "\n", "## Talks\n"]
        for talk in corpus.talks[report.docname]:
            out.append(f"### {talk.time} [{talk.title}]({talk.link})\n")
            out.append(f"*{', '.join(talk.speakers)}*\n")
            out += [_text(p, _plain_name, corpus) + "\n" for p in corpus.notes[talk.id]]
        files[report.docname + ".md"] = "\n".join(out)
    return files


def _render_cards(corpus: Corpus, mention: Callable[[Tool], str]) -> Files:
    files = {"conf.py": _CARDS_CONF, "index.md": _index(corpus, ["tools"])}
    for report in corpus.reports:
        out = [f"# {report.title}\n", _header_line(report) + "\n", "## Talks\n"]
        for talk in corpus.talks[report.docname]:
            out.append(f"({talk.id})=")
            out.append("::::{card}")
            out.append(f":::{{card-header}}\n**{talk.time}** [{talk.title}]({talk.link})\n:::")
            out.append(f"*{', '.join(talk.speakers)}*\n")
            out += [_text(p, mention, corpus) + "\n" for p in corpus.notes[talk.id]]
            out.append("::::\n")
        files[report.docname + ".md"] = "\n".join(out)
    files["tools.md"] = static_tool_index(corpus)
    return files


def render_cards_light(corpus: Corpus) -> Files:
    return _render_cards(corpus, _plain_name)


def render_cards(corpus: Corpus) -> Files:
    return _render_cards(corpus, lambda t: _ref(t.name, tool_anchor(t)))


def _letter(name: str) -> str:
    first = name[:1].upper()
    return first if first.isalpha() and first.isascii() else "#"


def static_tool_index(corpus: Corpus) -> str:
    """The tool index confnotes generates, as a static MyST page (A-Z, then by category)."""
    first_day: dict[str, dt.date] = {}
    for r in corpus.reports:
        first_day[r.name] = min(first_day.get(r.name, report_date(r)), report_date(r))
    mentions: dict[str, dict[tuple[dt.date, str], list[Talk]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for report in sorted(corpus.reports, key=lambda r: r.docname):
        for talk in corpus.talks[report.docname]:
            for tool_id in dict.fromkeys(corpus.mentions(talk)):
                mentions[tool_id][(first_day[report.name], report.name)].append(talk)
    by_letter: dict[str, list[Tool]] = defaultdict(list)
    for tool in sorted(corpus.tools, key=lambda t: (t.name.casefold(), t.id)):
        by_letter[_letter(tool.name)].append(tool)
    letters = sorted(by_letter, key=lambda c: (c == "#", c))
    out = ["# Tools\n", " ".join(_ref(c, f"tools-{c.lower()}") for c in letters) + "\n"]
    titles = dict(corpus.categories)
    for letter in letters:
        out.append(f"(tools-{letter.lower()})=\n```{{rubric}} {letter}\n```\n")
        for tool in by_letter[letter]:
            groups = mentions.get(tool.id, {})
            came = f"came up at {len(groups)} conference{'s' if len(groups) != 1 else ''}"
            out.append(f"({tool_anchor(tool)})=\n**{tool.name}** — {tool.description}\n")
            out.append(
                f"[Homepage]({tool.homepage}) · package `{tool.package}` · "
                f"{titles[tool.category]} · {came if groups else 'not mentioned yet'}\n"
            )
            for (_, conference), talks in sorted(groups.items()):
                out.append(f"* {conference}\n")
                out += [
                    f"  * {t.time} {_ref(t.title, t.id)} — {', '.join(t.speakers)}" for t in talks
                ]
                out.append("")
    out.append("```{rubric} By category\n```\n")
    for cat, title in corpus.categories:
        tools = sorted((t for t in corpus.tools if t.category == cat), key=lambda t: t.name)
        if tools:
            out.append(
                f"**{title}**: " + ", ".join(_ref(t.name, tool_anchor(t)) for t in tools) + "\n"
            )
    return "\n".join(out)


def registry_yaml(corpus: Corpus) -> str:
    out = ["categories:"]
    out += [f"  {cat}: {title}" for cat, title in corpus.categories]
    out.append("tools:")
    for tool in corpus.tools:
        out += [
            f"  {tool.id}:",
            f"    name: {tool.name}",
            f"    homepage: {tool.homepage}",
            f"    package: {tool.package}",
            f"    category: {tool.category}",
            f"    description: {tool.description}",
        ]
    return "\n".join(out) + "\n"


# Every listing confnotes has for these pages: the figures are for a site with all on.
LISTINGS = {
    "tools": ("Tools", "tool-index"),
    "across-conferences": ("Across conferences", "tool-matrix"),
    "trends": ("Tools over time", "tool-trends"),
    "speakers": ("Speakers", "speaker-index"),
}


def render_confnotes(corpus: Corpus) -> Files:
    conf = (
        _CONF_COMMON + 'extensions = ["myst_parser", "confnotes"]\n'
        'myst_enable_extensions = ["colon_fence"]\n'
        'confnotes_tools_file = "tools.yaml"\n'
    )
    files = {
        "conf.py": conf,
        "tools.yaml": registry_yaml(corpus),
        "index.md": _index(corpus, list(LISTINGS)),
    }
    for page, (title, kind) in LISTINGS.items():
        files[page + ".md"] = f"# {title}\n\n```{{{kind}}}\n```\n"
    for report in corpus.reports:
        out = [
            f"# {report.title}\n",
            ":::{report}",
            f":conference: {report.conference}",
            f":edition: {report.edition}",
            f":date: {report.start}",
            f":timezone: {report.timezone}",
            f":location: {report.location}",
            f":website: {report.website}",
            ":::\n",
            "## Talks\n",
        ]
        for talk in corpus.talks[report.docname]:
            out += [
                f"::::{{talk}} {talk.title}",
                f":time: {talk.time}",
                f":speaker: {'; '.join(talk.speakers)}",
                f":link: {talk.link}",
                "",
            ]
            out += [
                _text(p, lambda t: f"{{tool}}`{t.name}`", corpus) + "\n"
                for p in corpus.notes[talk.id]
            ]
            out.append("::::\n")
        files[report.docname + ".md"] = "\n".join(out)
    return files


_NEEDS_CONF = """\
extensions = ["myst_parser", "sphinx_needs"]
myst_enable_extensions = ["colon_fence"]
needs_types = [{"directive": "talk", "title": "Talk", "prefix": "T_", "color": "#BFD8D2"}]
needs_fields = {
    "time": {"description": "start time", "nullable": True},
    "speakers": {"description": "speakers, ';'-separated", "nullable": True},
    "url": {"description": "the talk's page", "nullable": True},
    "conference": {"description": "conference and edition", "nullable": True},
}
needs_table_style = "TABLE"
suppress_warnings = ["needs.beta"]
"""


def render_needs(corpus: Corpus) -> Files:
    files = {
        "conf.py": _CONF_COMMON + _NEEDS_CONF,
        "index.md": _index(corpus, ["tools", "talks"]),
        "talks.md": "# Talks\n\n```{needtable}\n:types: talk\n"
        ":columns: id;title;conference;time;speakers;tags\n```\n",
    }
    number = 0
    for report in corpus.reports:
        out = [f"# {report.title}\n", _header_line(report) + "\n", "## Talks\n"]
        for talk in corpus.talks[report.docname]:
            number += 1
            out += [
                f":::{{talk}} {talk.title}",
                f":id: T_{number:05d}",
                f":time: {talk.time}",
                f":speakers: {'; '.join(talk.speakers)}",
                f":url: {talk.link}",
                f":conference: {report.name}",
                f":tags: {';'.join(dict.fromkeys(corpus.mentions(talk)))}",
                "",
            ]
            out += [
                _text(p, lambda t: _ref(t.name, tool_anchor(t)), corpus) + "\n"
                for p in corpus.notes[talk.id]
            ]
            out.append(":::\n")
        files[report.docname + ".md"] = "\n".join(out)
    tools = ["# Tools\n"]
    for tool in sorted(corpus.tools, key=lambda t: t.name.casefold()):
        tools += [
            f"({tool_anchor(tool)})=\n```{{rubric}} {tool.name}\n```\n",
            f"{tool.description} [Homepage]({tool.homepage})\n",
            f"```{{needtable}}\n:tags: {tool.id}\n"
            ":columns: id;title;conference;time;speakers\n```\n",
        ]
    files["tools.md"] = "\n".join(tools)
    return files


RENDERERS: dict[str, Callable[[Corpus], Files]] = {
    "plain": render_plain,
    "cards-light": render_cards_light,
    "cards": render_cards,
    "confnotes": render_confnotes,
    "needs": render_needs,
}
