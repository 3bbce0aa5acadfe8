"""The benchmark's deterministic synthetic corpus, in confnotes' own model.

Reports and talks are :class:`confnotes.model.Report` / :class:`~confnotes.model.Talk`,
tools are :class:`confnotes.registry.Tool`, and each inline tool mention in the notes
is a :class:`confnotes.model.ToolMention` (target = the tool's registry id).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass

from confnotes.model import Report, Talk, ToolMention
from confnotes.registry import Tool

N_TOOLS = 300
MENTIONS_PER_TALK = 3
WORDS_PER_TALK = 120
TALKS_PER_PAGE = 20
DAYS_PER_CONFERENCE = 4
SEED = 20240914

Token = str | ToolMention
Paragraph = tuple[Token, ...]
Notes = tuple[Paragraph, ...]


@dataclass(frozen=True)
class Corpus:
    """Registry, reports, their talks (``talks[docname]``, in page order) and each
    talk's notes (``notes[talk.id]``)."""

    tools: tuple[Tool, ...]
    categories: tuple[tuple[str, str], ...]  # (id, title), in registry order
    reports: tuple[Report, ...]
    talks: dict[str, tuple[Talk, ...]]
    notes: dict[str, Notes]

    @property
    def all_talks(self) -> list[Talk]:
        return [t for r in self.reports for t in self.talks[r.docname]]

    def tool(self, tool_id: str) -> Tool:
        return self._by_id()[tool_id]

    def _by_id(self) -> dict[str, Tool]:
        cache: dict[str, Tool] | None = self.__dict__.get("_tools_by_id")
        if cache is None:
            cache = {t.id: t for t in self.tools}
            object.__setattr__(self, "_tools_by_id", cache)
        return cache

    def mentions(self, talk: Talk) -> tuple[str, ...]:
        """Tool ids mentioned in a talk's notes, in order."""
        return tuple(t.target for p in self.notes[talk.id] for t in p if isinstance(t, ToolMention))

    def words(self, talk: Talk) -> int:
        return sum(len(p) for p in self.notes[talk.id])


def report_date(report: Report) -> dt.date:
    return dt.date.fromisoformat(report.start)


def tool_anchor(tool: Tool) -> str:
    return f"tool-{tool.id}"


# -- generating it -----------------------------------------------------------------------


def _split(text: str, sep: str | None = None) -> tuple[str, ...]:
    return tuple(text.split(sep))


_PREFIXES = _split(
    "arrow alpha bolt cargo data echo flux graph helix ion jade kilo lumen "
    "mosaic nova orbit pixel quant rune sigma tensor umbra vector wave xeno yarn zephyr"
)
_SUFFIXES = _split("kit frame lab forge base flow scope db ml hub verse stack cast mesh grid sight")
CATEGORIES = (
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
        category = rng.choice(CATEGORIES)[0]
        thing = rng.choice(_THINGS)
        out.append(
            Tool(
                id=name,
                name=name.capitalize(),
                homepage=f"https://{name}.example.org/",
                package=name,
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


def _mention(tool: str, talk: Talk) -> ToolMention:
    return ToolMention(target=tool, docname=talk.docname, lineno=0, anchor=talk.id, talk=talk.id)


def _notes(rng: random.Random, tools: list[str], talk: Talk) -> Notes:
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
        tokens: list[Token] = [*words[:at], _mention(tool, talk), *words[at:]]
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
    while len(out) < n:
        for series, city, tz in rng.sample(combos, len(combos)):
            # Editions spread over eight years (the charts have years to draw),
            # and no series-city pair twice in one year.
            year = 2015 + len(out) % 8 + 8 * (len(out) // len(combos))
            out.append((f"{series} {city}", str(year), city, tz))
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
    reports: list[Report] = []
    by_page: dict[str, tuple[Talk, ...]] = {}
    notes: dict[str, Notes] = {}
    for page in range(pages):
        conference, edition, city, tz = conferences[page // DAYS_PER_CONFERENCE]
        day = page % DAYS_PER_CONFERENCE + 1
        key = slugify(f"{conference} {edition}")
        docname = f"reports/{key}-day-{day}"
        date = (dt.date(int(edition), 6, 1) + dt.timedelta(days=day - 1)).isoformat()
        report = Report(
            docname=docname,
            lineno=0,
            title=f"{conference} {edition}, Day {day}",
            conference=conference,
            edition=edition,
            start=date,
            end=date,
            timezone=tz,
            location=city,
            website=f"https://{key}.example.org/",
        )
        count = talks // pages + (1 if page < talks % pages else 0)
        slot = max(5, min(30, 600 // max(1, count)))
        items = []
        for i in range(count):
            title = _title(rng, titles)
            minutes = 9 * 60 + i * slot
            talk = Talk(
                id=f"{key}-{slugify(title)}",  # the static variants' label
                docname=docname,
                lineno=0,
                title=title,
                conference=report.name,
                conference_key=key,
                time=f"{minutes // 60:02d}:{minutes % 60:02d}",
                speakers=tuple(rng.sample(speakers, rng.choice((1, 1, 2)))),
                link=f"https://{key}.example.org/talks/{slugify(title)}/",
            )
            notes[talk.id] = _notes(rng, _pick_tools(rng, ranked, cumulative), talk)
            items.append(talk)
        reports.append(report)
        by_page[docname] = tuple(items)
    return Corpus(
        tools=tools, categories=CATEGORIES, reports=tuple(reports), talks=by_page, notes=notes
    )


def edit(corpus: Corpus, n: int) -> tuple[Corpus, str]:
    """The n-th edit: retitle the first talk of one report and mention one more tool.

    The talk keeps its id (the static variants' label stays put, as an author's
    would). Returns the edited corpus and the docname of the report changed.
    """
    index = (n * 7 + len(corpus.reports) // 2) % len(corpus.reports)
    docname = corpus.reports[index].docname
    talk, *rest = corpus.talks[docname]
    known = set(corpus.mentions(talk))
    candidates = [t.id for t in corpus.tools if t.id not in known]
    extra = candidates[(n * 37) % len(candidates)]
    paragraphs = corpus.notes[talk.id]
    last = (*paragraphs[-1], "Also", "tried", _mention(extra, talk), "afterwards.")
    new_talk = dataclasses.replace(talk, title=f"{talk.title} (revised {n + 1})")
    return (
        dataclasses.replace(
            corpus,
            talks={**corpus.talks, docname: (new_talk, *rest)},
            notes={**corpus.notes, talk.id: (*paragraphs[:-1], last)},
        ),
        docname,
    )
