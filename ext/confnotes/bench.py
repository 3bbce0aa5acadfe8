"""Benchmark: confnotes against what a user would build the same notes with otherwise.

``python -m confnotes.bench`` (or ``tox -e bench``) generates one deterministic
synthetic corpus (reports x talks, each talk with time, title, speakers, link and
~120 words of notes mentioning three tools drawn Zipf-like from a registry of 300)
and builds the same content four ways, with the same theme (alabaster):

``plain``
    myst-parser only: each talk a heading and paragraphs, no index (the floor).
``cards``
    myst-parser + sphinx-design cards, and the tool index written out by hand as a
    static page (computed here, as a user without confnotes would have to).
``confnotes``
    ``talk`` directives, ``{tool}`` roles and the generated listings
    (``tool-index``, ``tool-matrix``, ``speaker-index``).
``needs``
    sphinx-needs: a ``talk`` need type, the tools as need tags, one ``needtable``
    of all talks and one per tool for the tool index (skipped when sphinx-needs is
    not installed: ``pip install confnotes[bench]``).

Every build runs in a fresh process (``sphinx.cmd.build.build_main``), full builds
into a fresh output directory; repetitions are interleaved (A B C A B C ...). The
report gives median wall time and peak RSS, ratios to ``plain`` and ``cards`` of the
same run, an incremental rebuild after editing one report (and, for the variants
that generate indexes, whether every page then equals a clean build's), a rebuild
with nothing changed (the fixed cost under every rebuild), ``-j 2``
against ``-j 1`` with an output comparison, and the growth from a quarter of the
content to all of it, then which of the issue's targets the run meets.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import importlib.util
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

VARIANTS = ("plain", "cards", "confnotes", "needs")
PARALLEL_VARIANTS = ("cards", "confnotes")
GENERATED_INDEXES = ("confnotes", "needs")  # checked against a clean build after editing
N_TOOLS = 300
MENTIONS_PER_TALK = 3
WORDS_PER_TALK = 120
TALKS_PER_PAGE = 20
DAYS_PER_CONFERENCE = 4
SEED = 20240914

# -- the abstract corpus ---------------------------------------------------------------


@dataclass(frozen=True)
class Tool:
    id: str
    name: str
    category: str
    description: str

    @property
    def homepage(self) -> str:
        return f"https://{self.id}.example.org/"

    @property
    def anchor(self) -> str:
        return f"tool-{self.id}"


@dataclass(frozen=True)
class Mention:
    """A tool named in the notes (by its registry id)."""

    tool: str


Token = str | Mention
Paragraph = tuple[Token, ...]


@dataclass(frozen=True)
class Talk:
    anchor: str  # label for the static variants; stays put when the title is edited
    number: int  # position in the whole corpus, for need ids
    time: str
    title: str
    speakers: tuple[str, ...]
    link: str
    paragraphs: tuple[Paragraph, ...]

    @property
    def mentions(self) -> tuple[str, ...]:
        return tuple(t.tool for p in self.paragraphs for t in p if isinstance(t, Mention))

    @property
    def words(self) -> int:
        return sum(len(p) for p in self.paragraphs)


@dataclass(frozen=True)
class Report:
    path: str  # source path without suffix, e.g. 'reports/pydata-berlin-2019-day-1'
    conference: str
    edition: str
    day: int
    date: dt.date
    timezone: str
    location: str
    website: str
    talks: tuple[Talk, ...]

    @property
    def name(self) -> str:
        return f"{self.conference} {self.edition}"

    @property
    def title(self) -> str:
        return f"{self.name}, Day {self.day}"


@dataclass(frozen=True)
class Corpus:
    tools: tuple[Tool, ...]
    categories: tuple[tuple[str, str], ...]  # (id, title), in registry order
    reports: tuple[Report, ...]

    @property
    def talks(self) -> list[Talk]:
        return [t for r in self.reports for t in r.talks]

    def tool(self, tool_id: str) -> Tool:
        return self._by_id()[tool_id]

    def _by_id(self) -> dict[str, Tool]:
        cache: dict[str, Tool] | None = self.__dict__.get("_tools_by_id")
        if cache is None:
            cache = {t.id: t for t in self.tools}
            object.__setattr__(self, "_tools_by_id", cache)
        return cache


# -- generating it -----------------------------------------------------------------------


def _split(text: str, sep: str | None = None) -> tuple[str, ...]:
    return tuple(text.split(sep))


_PREFIXES = _split(
    "arrow alpha bolt cargo data echo flux graph helix ion jade kilo lumen "
    "mosaic nova orbit pixel quant rune sigma tensor umbra vector wave xeno yarn zephyr"
)
_SUFFIXES = _split("kit frame lab forge base flow scope db ml hub verse stack cast mesh grid sight")
_CATEGORIES = (
    ("dataframes", "DataFrames and data processing"),
    ("ml", "Machine learning"),
    ("viz", "Visualisation"),
    ("workflow", "Workflows and orchestration"),
    ("storage", "Storage and formats"),
    ("web", "Web and APIs"),
    ("testing", "Testing and quality"),
    ("devops", "Packaging and operations"),
    ("nlp", "Text and language"),
    ("geo", "Geospatial"),
)
_SERIES = _split("PyData EuroPython PyCon SciPy JupyterCon DjangoCon PyCascades GeoPython")
_CITIES = (
    ("Berlin", "Europe/Berlin"),
    ("Amsterdam", "Europe/Amsterdam"),
    ("London", "Europe/London"),
    ("Prague", "Europe/Prague"),
    ("Lisbon", "Europe/Lisbon"),
    ("Austin", "America/Chicago"),
    ("Seattle", "America/Los_Angeles"),
    ("Tokyo", "Asia/Tokyo"),
    ("Sydney", "Australia/Sydney"),
    ("Nairobi", "Africa/Nairobi"),
)
_FIRST = _split(
    "Ada Ben Chloe Dev Elif Femi Greta Hugo Ines Jun Kai Lena Mateo Nia Omar Priya "
    "Quinn Rosa Sven Tara Umar Vera Wei Xena Yusuf Zoe Aiko Bruno Carla Dmitri"
)
_LAST = _split(
    "Adams Bauer Costa Dubois Eriksen Fischer Garcia Haddad Ito Jansen Kowalski Lopez "
    "Moreau Novak Okafor Petrov Quist Rossi Silva Tanaka Ueda Varga Weber Xu Yilmaz Zhang"
)
_VERBS = _split(
    "Scaling Testing Shipping Profiling Debugging Teaching Building Rethinking Taming "
    "Securing Documenting Migrating Monitoring Simplifying Versioning"
)
_THINGS = _split(
    "feature stores|data pipelines|notebooks|dashboards|model serving|type hints|"
    "geospatial joins|streaming analytics|packaging|async services|embeddings|"
    "time series|label quality|query engines|reproducible research|open data|"
    "data validation|GPU kernels|search ranking|survey data|sensor networks|"
    "recommendation systems|web scraping|A/B tests",
    "|",
)
_ADJECTIVES = _split("fast small typed lazy distributed embeddable friendly minimal")
_AUDIENCES = _split(
    "in production|for scientists|on a budget|at scale|the hard way|in one afternoon|"
    "with a small team|without a cluster|for beginners|in the public sector|"
    "ten years later|on a laptop",
    "|",
)
_WORDS = _split(
    "data model pipeline latency memory query cache schema batch stream cluster "
    "notebook test release deploy metric graph vector index table column row "
    "feature label training inference benchmark profile trace error retry queue "
    "worker thread process container image package wheel build version config "
    "library api client server request response format parquet arrow json csv "
    "speaker demo slide example audience question answer lesson team project "
    "community user developer maintainer contributor review design pattern "
    "simple fast slow robust fragile clear useful honest practical careful "
    "shows explains compares measures avoids replaces improves scales reduces "
    "the a an and of to in for with on at from by about over under"
)


def _tools(rng: random.Random) -> tuple[Tool, ...]:
    names = sorted({p + s for p in _PREFIXES for s in _SUFFIXES if not p.endswith(s)})
    chosen = sorted(rng.sample(names, N_TOOLS))
    out = []
    for name in chosen:
        category = rng.choice(_CATEGORIES)[0]
        thing = rng.choice(_THINGS)
        out.append(
            Tool(
                id=name,
                name=name.capitalize(),
                category=category,
                description=f"A {rng.choice(_ADJECTIVES)} library for {thing}.",
            )
        )
    return tuple(out)


def _zipf_weights(tools: Sequence[Tool], rng: random.Random) -> tuple[list[str], list[float]]:
    """Tool ids in popularity order (shuffled, so not A-Z) and cumulative 1/rank weights."""
    ranked = [t.id for t in tools]
    rng.shuffle(ranked)
    cumulative, total = [], 0.0
    for rank in range(1, len(ranked) + 1):
        total += 1.0 / rank
        cumulative.append(total)
    return ranked, cumulative


def _pick_tools(rng: random.Random, ranked: list[str], cumulative: list[float]) -> list[str]:
    picked: list[str] = []
    while len(picked) < MENTIONS_PER_TALK:
        (tool,) = rng.choices(ranked, cum_weights=cumulative)
        if tool not in picked:
            picked.append(tool)
    return picked


def _sentence(rng: random.Random, n: int) -> list[str]:
    words = [rng.choice(_WORDS) for _ in range(n)]
    words[0] = words[0].capitalize()
    words[-1] += "."
    return words


def _notes(rng: random.Random, tools: list[str]) -> tuple[Paragraph, ...]:
    """Three paragraphs, ~WORDS_PER_TALK words in all, one tool mention each."""
    paragraphs = []
    per_paragraph = WORDS_PER_TALK // len(tools)
    for tool in tools:
        words: list[str] = []
        while len(words) < per_paragraph - 1:
            words += _sentence(rng, rng.randint(8, 14))
        words = words[: per_paragraph - 1]
        if not words[-1].endswith("."):
            words[-1] += "."
        at = rng.randint(1, len(words) - 2)
        while words[at - 1].endswith("."):  # not at the start of a sentence
            at += 1
        tokens: list[Token] = [*words[:at], Mention(tool), *words[at:]]
        paragraphs.append(tuple(tokens))
    return tuple(paragraphs)


def _title(rng: random.Random, taken: set[str]) -> str:
    for attempt in range(1000):
        title = (
            f"{rng.choice(_VERBS)} {rng.choice(_THINGS)} {rng.choice(_AUDIENCES)}"
            if attempt < 20
            else f"{rng.choice(_VERBS)} {rng.choice(_THINGS)}, part {attempt}"
        )
        if title.casefold() not in taken:
            taken.add(title.casefold())
            return title
    raise RuntimeError("ran out of talk titles")


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")


def _speakers(rng: random.Random, talks: int) -> list[str]:
    pool = sorted(f"{f} {last}" for f in _FIRST for last in _LAST)
    return rng.sample(pool, min(len(pool), max(8, talks * 2 // 3)))


def _conferences(rng: random.Random, n: int) -> list[tuple[str, str, str, str]]:
    """(conference, edition, city, timezone) of n distinct conference editions."""
    combos = [(s, c, tz) for s in _SERIES for c, tz in _CITIES]
    out: list[tuple[str, str, str, str]] = []
    year = 2015
    while len(out) < n:
        for series, city, tz in rng.sample(combos, len(combos)):
            out.append((f"{series} {city}", str(year), city, tz))
        year += 1
    return out[:n]


def generate(talks: int = 300, pages: int | None = None, seed: int = SEED) -> Corpus:
    """The corpus: ``talks`` talks on ``pages`` report pages (default talks/20)."""
    pages = max(1, pages if pages is not None else round(talks / TALKS_PER_PAGE))
    rng = random.Random(seed)
    tools = _tools(rng)
    ranked, cumulative = _zipf_weights(tools, rng)
    speakers = _speakers(rng, talks)
    conferences = _conferences(rng, -(-pages // DAYS_PER_CONFERENCE))
    titles: set[str] = set()
    reports, number = [], 0
    for page in range(pages):
        conference, edition, city, tz = conferences[page // DAYS_PER_CONFERENCE]
        day = page % DAYS_PER_CONFERENCE + 1
        key = slugify(f"{conference} {edition}")
        count = talks // pages + (1 if page < talks % pages else 0)
        slot = max(5, min(30, 600 // max(1, count)))
        items = []
        for i in range(count):
            number += 1
            title = _title(rng, titles)
            minutes = 9 * 60 + i * slot
            items.append(
                Talk(
                    anchor=f"{key}-{slugify(title)}",
                    number=number,
                    time=f"{minutes // 60:02d}:{minutes % 60:02d}",
                    title=title,
                    speakers=tuple(rng.sample(speakers, rng.choice((1, 1, 2)))),
                    link=f"https://{key}.example.org/talks/{slugify(title)}/",
                    paragraphs=_notes(rng, _pick_tools(rng, ranked, cumulative)),
                )
            )
        reports.append(
            Report(
                path=f"reports/{key}-day-{day}",
                conference=conference,
                edition=edition,
                day=day,
                date=dt.date(int(edition), 6, 1) + dt.timedelta(days=day - 1),
                timezone=tz,
                location=city,
                website=f"https://{key}.example.org/",
                talks=tuple(items),
            )
        )
    return Corpus(tools=tools, categories=_CATEGORIES, reports=tuple(reports))


def edit(corpus: Corpus, n: int) -> tuple[Corpus, str]:
    """The n-th edit: retitle the first talk of one report and mention one more tool.

    Returns the edited corpus and the path of the report changed.
    """
    index = (n * 7 + len(corpus.reports) // 2) % len(corpus.reports)
    report = corpus.reports[index]
    talk = report.talks[0]
    known = set(talk.mentions)
    candidates = [t.id for t in corpus.tools if t.id not in known]
    extra = candidates[(n * 37) % len(candidates)]
    last = (*talk.paragraphs[-1], "Also", "tried", Mention(extra), "afterwards.")
    new_talk = dataclasses.replace(
        talk, title=f"{talk.title} (revised {n + 1})", paragraphs=(*talk.paragraphs[:-1], last)
    )
    new_report = dataclasses.replace(report, talks=(new_talk, *report.talks[1:]))
    reports = (*corpus.reports[:index], new_report, *corpus.reports[index + 1 :])
    return dataclasses.replace(corpus, reports=reports), report.path


# -- rendering one variant's source tree ------------------------------------------------

Files = dict[str, str]  # relative path -> text

_CONF_COMMON = """\
project = "confnotes benchmark"
language = "en"
html_theme = "alabaster"
exclude_patterns = ["_build"]
"""


def _text(paragraph: Paragraph, mention: Callable[[Tool], str], corpus: Corpus) -> str:
    words = (t if isinstance(t, str) else mention(corpus.tool(t.tool)) for t in paragraph)
    return " ".join(words)


def _header_line(report: Report) -> str:
    d = report.date
    return (
        f"**{report.name}** · {d:%A} {d.day} {d:%B %Y} · {report.location} · "
        f"times in {report.timezone}"
    )


def _toctree(entries: Iterable[str]) -> str:
    body = "\n".join(entries)
    return f"```{{toctree}}\n:maxdepth: 1\n\n{body}\n```\n"


def _index(corpus: Corpus, extra: Sequence[str]) -> str:
    return "# Conference notes\n\n" + _toctree([*(r.path for r in corpus.reports), *extra])


def _ref(text: str, label: str) -> str:
    return f"{{ref}}`{text} <{label}>`"


def render_plain(corpus: Corpus) -> Files:
    files = {"conf.py": _CONF_COMMON + 'extensions = ["myst_parser"]\n', "index.md": ""}
    files["index.md"] = _index(corpus, [])
    for report in corpus.reports:
        out = [f"# {report.title}\n", _header_line(report) + "\n", "## Talks\n"]
        for talk in report.talks:
            out.append(f"### {talk.time} [{talk.title}]({talk.link})\n")
            out.append(f"*{', '.join(talk.speakers)}*\n")
            out += [_text(p, lambda t: t.name, corpus) + "\n" for p in talk.paragraphs]
        files[report.path + ".md"] = "\n".join(out)
    return files


def render_cards(corpus: Corpus) -> Files:
    conf = (
        _CONF_COMMON + 'extensions = ["myst_parser", "sphinx_design"]\n'
        'myst_enable_extensions = ["colon_fence"]\n'
    )
    files = {"conf.py": conf, "index.md": _index(corpus, ["tools"])}
    for report in corpus.reports:
        out = [f"# {report.title}\n", _header_line(report) + "\n", "## Talks\n"]
        for talk in report.talks:
            out.append(f"({talk.anchor})=")
            out.append("::::{card}")
            out.append(f":::{{card-header}}\n**{talk.time}** [{talk.title}]({talk.link})\n:::")
            out.append(f"*{', '.join(talk.speakers)}*\n")
            out += [
                _text(p, lambda t: _ref(t.name, t.anchor), corpus) + "\n" for p in talk.paragraphs
            ]
            out.append("::::\n")
        files[report.path + ".md"] = "\n".join(out)
    files["tools.md"] = static_tool_index(corpus)
    return files


def _letter(name: str) -> str:
    first = name[:1].upper()
    return first if first.isalpha() and first.isascii() else "#"


def static_tool_index(corpus: Corpus) -> str:
    """The tool index confnotes generates, as a static MyST page (A-Z, then by category)."""
    first_day: dict[str, dt.date] = {}
    for r in corpus.reports:
        first_day[r.name] = min(first_day.get(r.name, r.date), r.date)
    mentions: dict[str, dict[tuple[dt.date, str], list[Talk]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for report in sorted(corpus.reports, key=lambda r: r.path):
        for talk in report.talks:
            for tool_id in dict.fromkeys(talk.mentions):
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
            out.append(f"({tool.anchor})=\n**{tool.name}** — {tool.description}\n")
            out.append(
                f"[Homepage]({tool.homepage}) · package `{tool.id}` · "
                f"{titles[tool.category]} · {came if groups else 'not mentioned yet'}\n"
            )
            for (_, conference), talks in sorted(groups.items()):
                out.append(f"* {conference}\n")
                out += [
                    f"  * {t.time} {_ref(t.title, t.anchor)} — {', '.join(t.speakers)}"
                    for t in talks
                ]
                out.append("")
    out.append("```{rubric} By category\n```\n")
    for cat, title in corpus.categories:
        tools = sorted((t for t in corpus.tools if t.category == cat), key=lambda t: t.name)
        if tools:
            out.append(f"**{title}**: " + ", ".join(_ref(t.name, t.anchor) for t in tools) + "\n")
    return "\n".join(out)


def _registry_yaml(corpus: Corpus) -> str:
    out = ["categories:"]
    out += [f"  {cat}: {title}" for cat, title in corpus.categories]
    out.append("tools:")
    for tool in corpus.tools:
        out += [
            f"  {tool.id}:",
            f"    name: {tool.name}",
            f"    homepage: {tool.homepage}",
            f"    package: {tool.id}",
            f"    category: {tool.category}",
            f"    description: {tool.description}",
        ]
    return "\n".join(out) + "\n"


def render_confnotes(corpus: Corpus) -> Files:
    conf = (
        _CONF_COMMON + 'extensions = ["myst_parser", "confnotes"]\n'
        'myst_enable_extensions = ["colon_fence"]\n'
        'confnotes_tools_file = "tools.yaml"\n'
    )
    listings = {
        "tools": ("Tools", "tool-index"),
        "across-conferences": ("Across conferences", "tool-matrix"),
        "speakers": ("Speakers", "speaker-index"),
    }
    files = {
        "conf.py": conf,
        "tools.yaml": _registry_yaml(corpus),
        "index.md": _index(corpus, list(listings)),
    }
    for page, (title, kind) in listings.items():
        files[page + ".md"] = f"# {title}\n\n```{{{kind}}}\n```\n"
    for report in corpus.reports:
        out = [
            f"# {report.title}\n",
            ":::{report}",
            f":conference: {report.conference}",
            f":edition: {report.edition}",
            f":date: {report.date.isoformat()}",
            f":timezone: {report.timezone}",
            f":location: {report.location}",
            f":website: {report.website}",
            ":::\n",
            "## Talks\n",
        ]
        for talk in report.talks:
            out += [
                f"::::{{talk}} {talk.title}",
                f":time: {talk.time}",
                f":speaker: {'; '.join(talk.speakers)}",
                f":link: {talk.link}",
                "",
            ]
            out += [
                _text(p, lambda t: f"{{tool}}`{t.name}`", corpus) + "\n" for p in talk.paragraphs
            ]
            out.append("::::\n")
        files[report.path + ".md"] = "\n".join(out)
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
    for report in corpus.reports:
        out = [f"# {report.title}\n", _header_line(report) + "\n", "## Talks\n"]
        for talk in report.talks:
            out += [
                f":::{{talk}} {talk.title}",
                f":id: T_{talk.number:05d}",
                f":time: {talk.time}",
                f":speakers: {'; '.join(talk.speakers)}",
                f":url: {talk.link}",
                f":conference: {report.name}",
                f":tags: {';'.join(dict.fromkeys(talk.mentions))}",
                "",
            ]
            out += [
                _text(p, lambda t: _ref(t.name, t.anchor), corpus) + "\n" for p in talk.paragraphs
            ]
            out.append(":::\n")
        files[report.path + ".md"] = "\n".join(out)
    tools = ["# Tools\n"]
    for tool in sorted(corpus.tools, key=lambda t: t.name.casefold()):
        tools += [
            f"({tool.anchor})=\n```{{rubric}} {tool.name}\n```\n",
            f"{tool.description} [Homepage]({tool.homepage})\n",
            f"```{{needtable}}\n:tags: {tool.id}\n"
            ":columns: id;title;conference;time;speakers\n```\n",
        ]
    files["tools.md"] = "\n".join(tools)
    return files


RENDERERS: dict[str, Callable[[Corpus], Files]] = {
    "plain": render_plain,
    "cards": render_cards,
    "confnotes": render_confnotes,
    "needs": render_needs,
}


def write_tree(root: Path, files: Files) -> list[str]:
    """Write the files under root, touching only those whose text changed."""
    changed = []
    for rel, text in sorted(files.items()):
        path = root / rel
        if path.is_file() and path.read_text(encoding="utf-8") == text:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        changed.append(rel)
    return changed


# -- running builds --------------------------------------------------------------------------

# Runs in a fresh interpreter: the build, then its own peak RSS and time as JSON.
_CHILD = """\
import json, sys, time
t0 = time.perf_counter()
from sphinx.cmd.build import build_main
rc = build_main(sys.argv[2:])
seconds = time.perf_counter() - t0
try:
    import resource
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    rss = rss / 1024 if sys.platform == "darwin" else rss
except ImportError:
    rss = 0
with open(sys.argv[1], "w") as f:
    json.dump({"rc": rc, "seconds": seconds, "maxrss_kib": rss}, f)
"""


@dataclass(frozen=True)
class Run:
    wall: float  # seconds, measured by the parent around the whole process
    inner: float  # seconds inside the process, from importing Sphinx to the end
    peak_mib: float  # peak RSS of the build process (workers of -j not counted)
    warnings: tuple[str, ...]


class BuildError(RuntimeError):
    pass


def sphinx_build(src: Path, out: Path, *, jobs: int = 1, fresh: bool = True) -> Run:
    if fresh and out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)
    report = out / "run.json"
    report.unlink(missing_ok=True)
    args = ["-q", "-b", "html", "-j", str(jobs), "-d", str(out / "doctrees"), str(src)]
    cmd = [sys.executable, "-c", _CHILD, str(report), *args, str(out / "html")]
    env = {**os.environ, "PYTHONHASHSEED": "0"}  # same hash seed for every build
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    wall = time.perf_counter() - start
    if proc.returncode != 0 or not report.is_file():
        raise BuildError(f"build of {src} failed ({proc.returncode}):\n{proc.stderr[-4000:]}")
    data = json.loads(report.read_text())
    if data["rc"] != 0:
        raise BuildError(f"sphinx-build {src} returned {data['rc']}:\n{proc.stderr[-4000:]}")
    warnings = tuple(line for line in proc.stderr.splitlines() if "WARNING" in line)
    return Run(wall, data["seconds"], data["maxrss_kib"] / 1024, warnings)


# Ids a tool draws at random in every build (sphinx-needs' need containers), so two
# clean builds of the same sources differ there; they are masked before comparing.
_RANDOM_IDS = re.compile(rb"\bSNCB-[0-9a-f]{8}\b")


def html_pages(root: Path) -> dict[str, bytes]:
    """Every HTML page of an output directory (searchindex.js and assets left out)."""
    return {
        str(p.relative_to(root)): _RANDOM_IDS.sub(b"SNCB-*", p.read_bytes())
        for p in sorted(root.rglob("*.html"))
        if "_static" not in p.parts and "_sources" not in p.parts
    }


def differing(a: Path, b: Path) -> list[str]:
    pa, pb = html_pages(a), html_pages(b)
    return sorted(k for k in pa.keys() | pb.keys() if pa.get(k) != pb.get(k))


# -- the figures -------------------------------------------------------------------------------


@dataclass
class VariantFigures:
    variant: str
    full_s: list[float] = field(default_factory=list)
    peak_mib: list[float] = field(default_factory=list)
    median_s: float = 0.0
    median_peak_mib: float = 0.0
    x_plain: float | None = None
    x_cards: float | None = None
    incremental_s: list[float] = field(default_factory=list)
    median_incremental_s: float | None = None
    noop_s: list[float] = field(default_factory=list)  # a rebuild with nothing changed
    median_noop_s: float | None = None
    incremental_pct: float | None = None
    indexes_right: bool | None = None  # confnotes: incremental output == clean build
    incremental_diffs: list[str] = field(default_factory=list)
    j2_s: list[float] = field(default_factory=list)
    j2_over_j1: float | None = None
    j2_identical: bool | None = None
    j2_diffs: list[str] = field(default_factory=list)
    quarter_s: list[float] = field(default_factory=list)
    growth: float | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass
class Target:
    name: str
    limit: str
    measured: str
    met: bool | None  # None: not measured in this run


@dataclass
class Figures:
    talks: int
    pages: int
    runs: int
    environment: dict[str, str]
    variants: dict[str, VariantFigures]
    targets: list[Target] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    seconds_total: float = 0.0


def _median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else 0.0


@dataclass(frozen=True)
class Options:
    talks: int
    pages: int
    runs: int
    variants: tuple[str, ...]
    workdir: Path
    growth: bool
    parallel: bool
    incremental: bool


class Bench:
    def __init__(self, opts: Options, log: Callable[[str], None]) -> None:
        self.opts, self.log = opts, log
        self.corpus = generate(opts.talks, opts.pages)
        self.figures = Figures(
            talks=len(self.corpus.talks),
            pages=len(self.corpus.reports),
            runs=opts.runs,
            environment=_environment(),
            variants={v: VariantFigures(v) for v in opts.variants},
        )

    def src(self, variant: str, size: str = "full") -> Path:
        return self.opts.workdir / "src" / size / variant

    def out(self, variant: str, tag: str) -> Path:
        return self.opts.workdir / "build" / f"{variant}-{tag}"

    def build(
        self, variant: str, tag: str, *, size: str = "full", jobs: int = 1, fresh: bool = True
    ) -> Run:
        run = sphinx_build(self.src(variant, size), self.out(variant, tag), jobs=jobs, fresh=fresh)
        figs = self.figures.variants[variant]
        for line in run.warnings:
            if line not in figs.warnings and len(figs.warnings) < 5:
                figs.warnings.append(line)
        return run

    def prepare(self) -> None:
        for variant in self.opts.variants:
            write_tree(self.src(variant), RENDERERS[variant](self.corpus))
        if self.opts.growth:
            quarter = generate(max(1, self.opts.talks // 4), max(1, self.opts.pages // 4))
            for variant in self.opts.variants:
                write_tree(self.src(variant, "quarter"), RENDERERS[variant](quarter))

    def full_builds(self) -> None:
        """Interleaved: every variant (and -j 2, quarter size) once per repetition,
        then each variant's edit-one-report rebuild on top of its full build, so a
        full build and its rebuild are timed minutes apart, not a whole run."""
        jobs: list[tuple[str, str, int]] = [(v, "full", 1) for v in self.opts.variants]
        if self.opts.parallel:
            jobs += [(v, "full", 2) for v in PARALLEL_VARIANTS if v in self.opts.variants]
        if self.opts.growth:
            jobs += [(v, "quarter", 1) for v in self.opts.variants]
        for rep in range(self.opts.runs):
            for variant, size, j in jobs:
                tag = f"{size}-j{j}"
                run = self.build(variant, tag, size=size, jobs=j)
                figs = self.figures.variants[variant]
                if size == "quarter":
                    figs.quarter_s.append(run.wall)
                elif j == 2:
                    figs.j2_s.append(run.wall)
                else:
                    figs.full_s.append(run.wall)
                    figs.peak_mib.append(run.peak_mib)
                self.log(f"  run {rep + 1}/{self.opts.runs} {variant:9} {tag:11} {run.wall:7.2f} s")
                if size == "quarter":
                    shutil.rmtree(self.out(variant, tag))
            if self.opts.parallel and rep + 1 == self.opts.runs:
                self.compare_parallel()  # before an edit changes the -j 1 output
            if self.opts.incremental:
                for variant in self.opts.variants:
                    self.edit_and_rebuild(variant, rep)

    def compare_parallel(self) -> None:
        for variant in PARALLEL_VARIANTS:
            figs = self.figures.variants.get(variant)
            if figs is None or not figs.j2_s:
                continue
            diffs = differing(
                self.out(variant, "full-j1") / "html", self.out(variant, "full-j2") / "html"
            )
            figs.j2_identical, figs.j2_diffs = not diffs, diffs[:5]
            shutil.rmtree(self.out(variant, "full-j2"))

    def edit_and_rebuild(self, variant: str, n: int) -> None:
        """The n-th edit (one report changed since the full build just made) and
        the incremental rebuild into that build's outdir."""
        corpus, path = edit(self.corpus, n)
        changed = write_tree(self.src(variant), RENDERERS[variant](corpus))
        run = self.build(variant, "full-j1", fresh=False)
        self.figures.variants[variant].incremental_s.append(run.wall)
        self.log(
            f"  incremental {variant:9} {path} ({len(changed)} files changed) {run.wall:6.2f} s"
        )
        if n + 1 < self.opts.runs:
            write_tree(self.src(variant), RENDERERS[variant](self.corpus))  # for the next run

    def incremental(self) -> None:
        """After the last edit: a rebuild with nothing changed, and the check."""
        for variant in self.opts.variants:
            # Sphinx's fixed cost of any rebuild: start, load, general and search
            # indexes, inventory. The edits cost this plus their own work.
            self.figures.variants[variant].noop_s.append(
                self.build(variant, "full-j1", fresh=False).wall
            )
            if variant in GENERATED_INDEXES:
                self.check_incremental(variant)
            write_tree(self.src(variant), RENDERERS[variant](self.corpus))  # back to the original

    def check_incremental(self, variant: str) -> None:
        """Do the incremental build's pages equal a clean build's of the edited sources?"""
        figs = self.figures.variants[variant]
        self.build(variant, "clean")
        diffs = differing(
            self.out(variant, "full-j1") / "html", self.out(variant, "clean") / "html"
        )
        figs.incremental_diffs = diffs[:5]
        figs.indexes_right = not diffs
        shutil.rmtree(self.out(variant, "clean"))

    def summarise(self) -> None:
        v = self.figures.variants
        for figs in v.values():
            figs.median_s = _median(figs.full_s)
            figs.median_peak_mib = _median(figs.peak_mib)
        for figs in v.values():
            if "plain" in v:
                figs.x_plain = figs.median_s / v["plain"].median_s
            if "cards" in v:
                figs.x_cards = figs.median_s / v["cards"].median_s
            if figs.noop_s:
                figs.median_noop_s = _median(figs.noop_s)
            if figs.incremental_s:
                figs.median_incremental_s = _median(figs.incremental_s)
                figs.incremental_pct = 100 * figs.median_incremental_s / figs.median_s
            if figs.j2_s:
                figs.j2_over_j1 = _median(figs.j2_s) / figs.median_s
            if figs.quarter_s:
                figs.growth = figs.median_s / _median(figs.quarter_s)
        self.figures.targets = targets(self.figures)

    def run(self) -> Figures:
        started = time.perf_counter()
        self.prepare()
        self.full_builds()
        if self.opts.incremental:
            self.incremental()
        self.summarise()
        self.figures.seconds_total = time.perf_counter() - started
        return self.figures


def _environment() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    env = {"python": platform.python_version(), "platform": platform.platform()}
    for dist in ("sphinx", "docutils", "myst-parser", "sphinx-design", "sphinx-needs", "confnotes"):
        try:
            env[dist] = version(dist)
        except PackageNotFoundError:
            continue
    env["cpus"] = str(os.cpu_count())
    if hasattr(os, "getloadavg"):
        env["load"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return env


# -- targets (from the issue; stated for 4,000 talks on 200 pages) ------------------------------


def _check(
    name: str, limit: str, value: float | None, ok: Callable[[float], bool], fmt: str
) -> Target:
    if value is None:
        return Target(name, limit, "not measured", None)
    return Target(name, limit, fmt.format(value), ok(value))


def targets(fig: Figures) -> list[Target]:
    v = fig.variants
    cn = v.get("confnotes")
    if cn is None:
        return []
    cards, needs = v.get("cards"), v.get("needs")
    x_needs = cn.median_s / needs.median_s if needs and needs.median_s else None
    peak = cn.median_peak_mib / cards.median_peak_mib if cards and cards.median_peak_mib else None
    out = [
        _check("full build vs cards", "<= 1.0x", cn.x_cards, lambda x: x <= 1.0, "{:.2f}x"),
        _check("full build vs needs", "<= 0.6x", x_needs, lambda x: x <= 0.6, "{:.2f}x"),
        _check(
            "incremental rebuild", "<= 8% of full", cn.incremental_pct, lambda x: x <= 8, "{:.1f}%"
        ),
    ]
    if cn.indexes_right is None:
        out.append(Target("indexes right after incremental", "yes", "not measured", None))
    else:
        right = "yes" if cn.indexes_right else "no: " + ", ".join(cn.incremental_diffs)
        out.append(Target("indexes right after incremental", "yes", right, cn.indexes_right))
    out.append(_check("4x content", "<= 4.4x time", cn.growth, lambda x: x <= 4.4, "{:.2f}x"))
    out.append(_check("-j 2 vs -j 1", "<= 1.0x", cn.j2_over_j1, lambda x: x <= 1.0, "{:.2f}x"))
    if cn.j2_identical is None:
        out.append(Target("-j 2 output identical", "yes", "not measured", None))
    else:
        same = "yes" if cn.j2_identical else "no: " + ", ".join(cn.j2_diffs)
        out.append(Target("-j 2 output identical", "yes", same, cn.j2_identical))
    out.append(_check("peak memory vs cards", "<= 1.2x", peak, lambda x: x <= 1.2, "{:.2f}x"))
    return out


# -- output ------------------------------------------------------------------------------------------


def _fmt(value: float | None, spec: str) -> str:
    return "-" if value is None else format(value, spec)


def table(fig: Figures) -> str:
    head = (
        "variant", "median s", "x plain", "x cards", "peak MiB",
        "incr s (% full)", "no-op s", "-j2/-j1", "growth 4x/1x",
    )  # fmt: skip
    rows = [head]
    for f in fig.variants.values():
        incr = "-"
        if f.median_incremental_s is not None:
            incr = f"{f.median_incremental_s:.2f} ({f.incremental_pct:.1f}%)"
            if f.indexes_right is not None:
                incr += " ok" if f.indexes_right else " STALE"
        j2 = _fmt(f.j2_over_j1, ".2f")
        if f.j2_identical is not None:
            j2 += " same" if f.j2_identical else " DIFF"
        rows.append(
            (
                f.variant,
                f"{f.median_s:.2f}",
                _fmt(f.x_plain, ".2f"),
                _fmt(f.x_cards, ".2f"),
                f"{f.median_peak_mib:.0f}",
                incr,
                _fmt(f.median_noop_s, ".2f"),
                j2,
                _fmt(f.growth, ".2f"),
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    lines = [
        "  ".join(
            c.ljust(w) if i == 0 else c.rjust(w)
            for i, (c, w) in enumerate(zip(r, widths, strict=True))
        )
        for r in rows
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def report(fig: Figures) -> str:
    env = fig.environment
    out = [
        f"confnotes benchmark: {fig.talks} talks on {fig.pages} pages, {fig.runs} run(s) each, "
        "interleaved, fresh process per build, theme alabaster",
        "  " + ", ".join(f"{k} {env[k]}" for k in env),
        "",
        table(fig),
        "",
        "median s: wall time of a full -j 1 build (fresh process and outdir); peak MiB: its peak "
        "RSS; incr: rebuild after editing one report (ok/STALE: equals a clean build or not); "
        "no-op: a rebuild with nothing changed (the fixed cost every rebuild pays); "
        "-j2/-j1: time ratio (same/DIFF: HTML output); growth: this size / a quarter of it.",
        "Timings are wall-clock on a shared machine: other load (see 'load' above) adds noise.",
    ]
    if fig.targets:
        out += ["", "targets (stated in the issue for 4,000 talks on 200 pages):"]
        for t in fig.targets:
            state = {True: "met", False: "NOT met", None: "-"}[t.met]
            out.append(f"  {t.name:32} {t.limit:15} {t.measured:16} {state}")
    for f in fig.variants.values():
        if f.indexes_right is False:
            out.append(
                f"  {f.variant}: after the edits, differs from a clean build in: "
                + ", ".join(f.incremental_diffs)
            )
        if f.j2_identical is False:
            out.append(f"  {f.variant}: -j 2 output differs from -j 1 in: " + ", ".join(f.j2_diffs))
        for line in f.warnings:
            out.append(f"  warning ({f.variant}): {line}")
    out += [f"note: {n}" for n in fig.notes]
    out.append(f"total {fig.seconds_total:.0f} s")
    return "\n".join(out)


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m confnotes.bench", description=__doc__.split("\n")[0]
    )
    p.add_argument("--talks", type=int, default=300, help="talks in the corpus (default 300)")
    p.add_argument("--pages", type=int, default=None, help="report pages (default talks/20)")
    p.add_argument("--runs", type=int, default=3, help="repetitions of every build (default 3)")
    p.add_argument("--variants", default=",".join(VARIANTS), help="comma-separated subset")
    p.add_argument("--json", type=Path, default=None, help="also write the figures here")
    p.add_argument("--workdir", type=Path, default=None, help="keep sources and builds here")
    p.add_argument("--no-growth", dest="growth", action="store_false", help="skip the 1x/4x builds")
    p.add_argument("--no-parallel", dest="parallel", action="store_false", help="skip -j 2")
    p.add_argument("--no-incremental", dest="incremental", action="store_false")
    p.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    return p


def _variants(text: str, notes: list[str]) -> tuple[str, ...]:
    wanted = [v.strip() for v in text.split(",") if v.strip()]
    unknown = [v for v in wanted if v not in VARIANTS]
    if unknown:
        raise SystemExit(
            f"unknown variant(s): {', '.join(unknown)}; choose from {', '.join(VARIANTS)}"
        )
    if "needs" in wanted and importlib.util.find_spec("sphinx_needs") is None:
        wanted.remove("needs")
        notes.append("needs skipped: sphinx-needs is not installed (pip install confnotes[bench])")
    return tuple(v for v in VARIANTS if v in wanted)


def main(argv: Sequence[str] | None = None) -> Figures:
    args = _parser().parse_args(argv)
    notes: list[str] = []
    variants = _variants(args.variants, notes)
    if args.talks < 1:
        raise SystemExit("--talks must be at least 1")
    pages = args.pages if args.pages is not None else round(args.talks / TALKS_PER_PAGE)
    pages = max(1, min(pages, args.talks))  # every page has a talk to edit
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="confnotes-bench-"))
    opts = Options(
        talks=args.talks,
        pages=pages,
        runs=max(1, args.runs),
        variants=variants,
        workdir=workdir,
        growth=args.growth,
        parallel=args.parallel,
        incremental=args.incremental,
    )

    def log(line: str) -> None:
        if not args.quiet:
            print(line, file=sys.stderr, flush=True)

    try:
        figures = Bench(opts, log).run()
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    figures.notes += notes
    print(report(figures))
    if args.json:
        args.json.write_text(json.dumps(dataclasses.asdict(figures), indent=2) + "\n")
    return figures


if __name__ == "__main__":
    main()
