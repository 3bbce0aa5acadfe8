"""Incremental builds give the same site as clean builds.

The property test keeps a small model of a site (report pages with talks and tool
mentions, and the tool registry), applies random edits to a copy of the
test-incremental root, and after every edit compares an incremental build
(same outdir and doctrees) with a clean build of the same sources: every page's
main content, ``confnotes.json`` and the ``objects.inv`` entries.

The listing pages of that root (tool index, matrix, speakers, talk lists) sit
outside every toctree but index.md's, so Sphinx itself never rewrites them:
only the extension's fingerprints can.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import yaml
from confnotes.model import slug
from conftest import CONFNOTES_PROFILE
from hypothesis import event, given, settings
from hypothesis import strategies as st

if TYPE_CHECKING:
    from conftest import Built, SiteKit

ROOT = Path(__file__).parent / "roots" / "test-incremental"
LISTING_PAGES = ["tools", "matrix", "trends", "speakers", "lists", "refs"]
MOVABLE = ("tools", "speakers")  # the listing pages other pages link to

# -- the model ------------------------------------------------------------------------------------


@dataclass
class ToolM:
    name: str
    aliases: list[str]
    description: str
    category: str


@dataclass
class TalkM:
    title: str
    time: str
    speakers: list[str]
    mentions: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    status: str = ""
    explicit_id: str = ""


@dataclass
class ReportM:
    title: str
    conference: str
    edition: str
    date: str
    timezone: str
    talks: list[TalkM]
    hallway: list[str] = field(default_factory=list)  # mentions outside any talk
    refs: list[str] = field(default_factory=list)  # talk ids for {talk}, or whole roles


@dataclass
class SiteM:
    reports: dict[str, ReportM]  # page stem under reports/ -> report
    registry: dict[str, ToolM]
    counter: int = 0
    # where the listing pages live: file in the root -> docname now
    listings: dict[str, str] = field(default_factory=lambda: {p: p for p in LISTING_PAGES})

    def fresh(self) -> int:
        self.counter += 1
        return self.counter

    def talks(self) -> list[tuple[str, TalkM]]:
        return [(stem, t) for stem, r in self.reports.items() for t in r.talks]


CATEGORIES = {"dataframes": "DataFrames", "ml": "Machine learning", "mlops": "MLOps"}
WORDS = ["Scaling", "Streaming", "Graphs", "Notebooks", "Packaging", "Testing", "Dashboards"]
SPEAKERS = ["Ada Lovelace", "Grace Hopper", "Alan Turing", "Linus Query", "Mary Shelley"]
# as authors write them: ids, names, aliases, packages, other case, and unknown tools
MENTION_NAMES = [
    "pandas", "Pandas", "polars", "pl", "dvc", "Data Version Control", "flwr", "Flower",
    "sklearn", "scikit learn", "mystery-tool", "Frobnicator",
]  # fmt: skip
NEW_ALIASES = ["mystery-tool", "frobnicator", "pd", "skl", "fl"]
CONFERENCES = [
    ("PyData Alpha", "2023", "2023-05-12", "Europe/Amsterdam"),
    ("EuroSci", "2024", "2024-03-02", "America/New_York"),
    ("SciPy Beta", "2025", "2025-07-01", "Asia/Tokyo"),
]
TIMES = ["08:30", "09:00-09:45", "10:15+30m", "11:00", "13:30-14:00", "16:45"]


def initial_site() -> SiteM:
    return SiteM(
        reports={
            "alpha-day-1": ReportM(
                "PyData Alpha 2023, Day 1", "PyData Alpha", "2023", "2023-05-10",
                "Europe/Amsterdam",
                [
                    TalkM("Scaling pandas", "10:00", ["Ada Lovelace"], ["pandas", "flwr"],
                          ["dataframes"], explicit_id="kept-talk"),
                    TalkM("Graphs at scale", "09:00-09:30", ["Grace Hopper"],
                          ["Data Version Control"], ["ml"]),
                ],
                hallway=["polars"],
            ),
            "alpha-day-2": ReportM(
                "PyData Alpha 2023, Day 2", "PyData Alpha", "2023", "2023-05-11",
                "Europe/Amsterdam",
                [TalkM("Streaming data", "09:30", ["Alan Turing"], ["polars", "mystery-tool"])],
            ),
            "eurosci": ReportM(
                "EuroSci 2024", "EuroSci", "2024", "2024-03-01", "America/New_York",
                [
                    TalkM("Federated stuff", "13:00+40m", ["Ada Lovelace"], ["Flower", "sklearn"],
                          ["ml"]),
                    TalkM("Cancelled one", "14:00", ["Linus Query"], ["dvc"], status="cancelled"),
                ],
                refs=["kept-talk", "pydata-alpha-2023-graphs-at-scale"],
            ),
        },
        registry={
            "pandas": ToolM("pandas", [], "Labelled tabular data.", "dataframes"),
            "polars": ToolM("Polars", ["pl"], "Fast DataFrames.", "dataframes"),
            "dvc": ToolM("DVC", ["Data Version Control"], "Versioned data.", "mlops"),
            "flower": ToolM("Flower", ["flwr"], "Federated learning.", "ml"),
            "scikit-learn": ToolM("scikit-learn", ["sklearn", "scikit learn"], "Classic ML.", "ml"),
        },
    )  # fmt: skip


# -- rendering the model to source files ---------------------------------------------------------------


def mention_markup(i: int, name: str) -> str:
    forms = ("{{tool}}`{0}`", "`{0}`{{.tool}}", "[{0}](https://example.org/tool){{.tool}}")
    return forms[i % 3].format(name)


def mentions_text(names: list[str]) -> str:
    if not names:
        return "Nothing to mention."
    return "Mentions " + ", ".join(mention_markup(i, n) for i, n in enumerate(names)) + "."


def render_report(report: ReportM) -> str:
    out = [
        f"# {report.title}",
        "",
        ":::{report}",
        f":conference: {report.conference}",
        f":edition: {report.edition}",
        f":date: {report.date}",
        f":timezone: {report.timezone}",
        ":::",
        "",
        "## Talks",
        "",
    ]
    for talk in report.talks:
        out.append(f"::::{{talk}} {talk.title}")
        out.append(f":time: {talk.time}")
        if talk.speakers:
            out.append(f":speaker: {'; '.join(talk.speakers)}")
        if talk.tags:
            out.append(f":tags: {', '.join(talk.tags)}")
        if talk.status:
            out.append(f":status: {talk.status}")
        if talk.explicit_id:
            out.append(f":id: {talk.explicit_id}")
        out += ["", mentions_text(talk.mentions), "::::", ""]
    if report.hallway:
        out += ["## Hallway", "", mentions_text(report.hallway), ""]
    if report.refs:
        refs = (ref if ref.startswith("{") else f"{{talk}}`{ref}`" for ref in report.refs)
        out += ["## See also", "", " ".join(refs), ""]
    out += ["## Series", "", ":::{series}", ":::", ""]
    return "\n".join(out)


def render_registry(registry: dict[str, ToolM]) -> str:
    tools: dict[str, Any] = {}
    for tool_id, tool in registry.items():
        entry: dict[str, Any] = {"name": tool.name}
        if tool.aliases:
            entry["aliases"] = list(tool.aliases)
        entry["category"] = tool.category
        entry["description"] = tool.description
        tools[tool_id] = entry
    return yaml.safe_dump({"categories": CATEGORIES, "tools": tools}, sort_keys=False)


def render_index(site: SiteM) -> str:
    pages = [f"reports/{stem}" for stem in site.reports] + list(site.listings.values())
    return "# Incremental test site\n\n```{toctree}\n" + "\n".join(pages) + "\n```\n"


def render(site: SiteM) -> dict[str, str]:
    """Source files that depend on the model (the rest of the root is static)."""
    files = {f"reports/{stem}.md": render_report(r) for stem, r in site.reports.items()}
    files["tools.yaml"] = render_registry(site.registry)
    files["index.md"] = render_index(site)
    for page, docname in site.listings.items():
        if page in MOVABLE:
            files[f"{docname}.md"] = (ROOT / f"{page}.md").read_text("utf-8")
    return files


# -- edits ----------------------------------------------------------------------------------------------


REF_ROLES = ["talk", "speaker", "confnotes:report", "tool", "any"]


def talk_id(site: SiteM, stem: str, talk: TalkM) -> str:
    """The id confnotes gives the talk (conference and title), as authors link to it."""
    report = site.reports[stem]
    return talk.explicit_id or slug(f"{report.conference} {report.edition} {talk.title}")


def new_title(site: SiteM, data: st.DataObject) -> str:
    word = data.draw(st.sampled_from(WORDS), label="word")
    return f"{word} talk {site.fresh()}"


def speakers(data: st.DataObject) -> list[str]:
    # 'ada lovelace' is the same speaker as 'Ada Lovelace' written differently
    pool = [*SPEAKERS, "ada lovelace"]
    return data.draw(st.lists(st.sampled_from(pool), min_size=1, max_size=2, unique=True))


def edit(site: SiteM, data: st.DataObject) -> str:
    """Apply one random edit to the model; return a description of it."""
    talks = site.talks()
    kinds = ["add talk", "add report", "registry alias", "registry description", "move listing"]
    if talks:
        kinds += ["edit title", "edit speaker", "edit time", "remove talk", "add mention",
                  "remove mention", "toggle cancelled"]  # fmt: skip
    if site.reports:
        kinds += ["delete report", "rename report", "hallway mention", "add reference"]
    kind = data.draw(st.sampled_from(kinds), label="edit")
    event(f"edit: {kind}")  # which edits ran: --hypothesis-show-statistics
    if talks:
        stem, talk = data.draw(st.sampled_from(talks), label="talk")
    if site.reports:
        page = data.draw(st.sampled_from(sorted(site.reports)), label="report")
    if kind == "add talk":
        if not site.reports:
            kind = "add report"
        else:
            title = new_title(site, data)
            mentions = data.draw(st.lists(st.sampled_from(MENTION_NAMES), max_size=2))
            time = data.draw(st.sampled_from(TIMES))
            site.reports[page].talks.append(TalkM(title, time, speakers(data), mentions))
            return f"{kind} {title!r} to {page}"
    if kind == "add report":
        conference, edition, date, zone = data.draw(st.sampled_from(CONFERENCES))
        stem = f"new-{site.fresh()}"
        talk = TalkM(new_title(site, data), "12:00", speakers(data), ["pandas"])
        site.reports[stem] = ReportM(f"{conference} {edition}, {stem}", conference, edition,
                                     date, zone, [talk])  # fmt: skip
        return f"{kind} {stem} ({conference})"
    if kind == "registry alias":
        tool_id = data.draw(st.sampled_from(sorted(site.registry)))
        alias = data.draw(st.sampled_from(NEW_ALIASES))
        taken = {a.casefold() for t in site.registry.values() for a in (t.name, *t.aliases)}
        if alias.casefold() in taken | set(site.registry):
            site.registry[tool_id].description += " More."
            return f"registry description of {tool_id} (alias {alias} taken)"
        site.registry[tool_id].aliases.append(alias)
        return f"{kind} {alias} for {tool_id}"
    if kind == "move listing":
        page = data.draw(st.sampled_from(MOVABLE), label="listing")
        site.listings[page] = f"{page}-{site.fresh()}"
        return f"{kind} {page} -> {site.listings[page]}"
    if kind == "registry description":
        tool_id = data.draw(st.sampled_from(sorted(site.registry)))
        site.registry[tool_id].description = f"Described anew ({site.fresh()})."
        return f"{kind} of {tool_id}"
    if kind == "edit title":
        old, talk.title = talk.title, new_title(site, data)
        return f"{kind} {old!r} -> {talk.title!r} on {stem}"
    if kind == "edit speaker":
        talk.speakers = speakers(data)
        return f"{kind} of {talk.title!r} -> {talk.speakers}"
    if kind == "edit time":
        talk.time = data.draw(st.sampled_from(TIMES))
        return f"{kind} of {talk.title!r} -> {talk.time}"
    if kind == "remove talk":
        site.reports[stem].talks.remove(talk)
        return f"{kind} {talk.title!r} from {stem}"
    if kind == "add mention":
        name = data.draw(st.sampled_from(MENTION_NAMES))
        talk.mentions.append(name)
        return f"{kind} {name!r} to {talk.title!r}"
    if kind == "remove mention":
        if not talk.mentions:
            talk.tags = [*talk.tags, "ml"] if "ml" not in talk.tags else []
            return f"toggle tag ml on {talk.title!r}"
        removed = talk.mentions.pop(data.draw(st.integers(0, len(talk.mentions) - 1)))
        return f"{kind} {removed!r} from {talk.title!r}"
    if kind == "toggle cancelled":
        talk.status = "" if talk.status else "cancelled"
        return f"{kind} {talk.title!r} -> {talk.status or 'scheduled'}"
    if kind == "hallway mention":
        hallway = site.reports[page].hallway
        if hallway and data.draw(st.booleans(), label="remove"):
            hallway.pop()
            return f"remove hallway mention on {page}"
        hallway.append(data.draw(st.sampled_from(MENTION_NAMES)))
        return f"add hallway mention {hallway[-1]!r} on {page}"
    if kind == "add reference":
        # Every role confnotes resolves, to targets that exist now, may appear
        # later, or never will.
        role = data.draw(st.sampled_from(REF_ROLES), label="role")
        candidates = [
            *(talk_id(site, s, t) for s, t in talks),
            *SPEAKERS,
            *(f"reports/{s}" for s in site.reports),
            *MENTION_NAMES,
            "nothing-here",
        ]
        target = data.draw(st.sampled_from(candidates), label="target")
        site.reports[page].refs.append(f"{{{role}}}`{target}`")
        return f"{kind} {{{role}}}`{target}` on {page}"
    if kind == "delete report":
        del site.reports[page]
        return f"{kind} {page}"
    assert kind == "rename report"
    new = f"{page.split('--')[0]}--{site.fresh()}"
    site.reports = {(new if k == page else k): v for k, v in site.reports.items()}
    return f"{kind} {page} -> {new}"


# -- building and comparing ---------------------------------------------------------------------------


def sync(sitekit: SiteKit, src: Path, old: dict[str, str], new: dict[str, str]) -> None:
    for name in old.keys() - new.keys():
        (src / name).unlink()
    for name, text in new.items():
        if old.get(name) != text:
            sitekit.write(src / name, text)


def snapshot(sitekit: SiteKit, built: Built) -> dict[str, Any]:
    return {
        "pages": sitekit.pages(built.outdir),
        "catalogue": json.loads((built.outdir / "confnotes.json").read_text("utf-8")),
        "inventory": sitekit.inventory(built.outdir),
    }


def differences(incremental: dict[str, Any], clean: dict[str, Any]) -> list[str]:
    out = []
    for page, html in clean["pages"].items():
        got = incremental["pages"].get(page)
        if got != html:
            diff = difflib.unified_diff(
                (got or "").splitlines(),
                html.splitlines(),
                "incremental",
                "clean",
                lineterm="",
                n=1,
            )
            out.append(f"page {page} differs:\n" + "\n".join(list(diff)[:40]))
    if incremental["catalogue"] != clean["catalogue"]:
        a = json.dumps(incremental["catalogue"], indent=1, sort_keys=True).splitlines()
        b = json.dumps(clean["catalogue"], indent=1, sort_keys=True).splitlines()
        diff = difflib.unified_diff(a, b, "incremental", "clean", lineterm="", n=1)
        out.append("confnotes.json differs:\n" + "\n".join(list(diff)[:40]))
    if incremental["inventory"] != clean["inventory"]:
        out.append(
            "objects.inv differs: only incremental "
            f"{sorted(incremental['inventory'] - clean['inventory'])}, only clean "
            f"{sorted(clean['inventory'] - incremental['inventory'])}"
        )
    return out


def check_same(sitekit: SiteKit, incremental: Built, clean: Built, history: list[str]) -> None:
    found = differences(snapshot(sitekit, incremental), snapshot(sitekit, clean))
    assert not found, "after edits:\n  " + "\n  ".join(history) + "\n\n" + "\n\n".join(found)


def test_root_matches_the_model() -> None:
    """tests/roots/test-incremental is the rendering of ``initial_site()``."""
    for name, text in render(initial_site()).items():
        assert (ROOT / name).read_text("utf-8") == text, name
    assert sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "reports").iterdir()) == sorted(
        f"reports/{stem}.md" for stem in initial_site().reports
    )


@settings(settings.get_profile(CONFNOTES_PROFILE))
@given(data=st.data(), steps=st.integers(1, 4))
def test_incremental_equals_clean(
    sitekit: SiteKit, tmp_path_factory: pytest.TempPathFactory, data: st.DataObject, steps: int
) -> None:
    base = tmp_path_factory.mktemp("incremental")
    src = sitekit.copy_root("incremental", base / "src")
    site = initial_site()
    files = render(site)
    sitekit.build(src, base / "inc", freshenv=True)
    history: list[str] = []
    for step in range(steps):
        history.append(edit(site, data))
        new_files = render(site)
        sync(sitekit, src, files, new_files)
        files = new_files
        incremental = sitekit.build(src, base / "inc")
        clean = sitekit.build(src, base / f"clean-{step}", freshenv=True)
        check_same(sitekit, incremental, clean, history)
        pages = [incremental.outdir / page for page in sitekit.pages(clean.outdir)]
        assert sitekit.broken_links(incremental.outdir, pages) == [], history


# -- what an edit rewrites (test-indexes root: listing pages without toctrees) --------------------------


@pytest.fixture
def indexes(sitekit: SiteKit, tmp_path: Path) -> tuple[Path, Path]:
    src = sitekit.copy_root("indexes", tmp_path / "src")
    sitekit.build(src, tmp_path / "inc", freshenv=True)
    return src, tmp_path


def replace_in(sitekit: SiteKit, path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    sitekit.write(path, text.replace(old, new))


def test_unchanged_sources_rewrite_nothing(sitekit: SiteKit, indexes: tuple[Path, Path]) -> None:
    src, base = indexes
    assert sitekit.build(src, base / "inc").written == []


@pytest.mark.parametrize(
    ("page", "old", "new", "rewritten", "untouched"),
    [
        pytest.param(
            "conf-a/day-2.md", "Pipelines with DVC", "Pipelines with DVC and friends",
            {"conf-a/day-2", "tools", "speakers", "lists"}, {"conf-a/day-1", "conf-b/report"},
            id="title-of-unreferenced-talk",
        ),
        pytest.param(
            "conf-a/day-1.md", ":::{talk} DataFrames compared", ":::{talk} DataFrames contrasted",
            {"conf-a/day-1", "conf-b/report", "tools", "speakers", "lists"}, {"conf-a/day-2"},
            id="title-of-referenced-talk",
        ),
        pytest.param(
            "conf-b/report.md", ":speaker: Linus Query", ":speaker: Linus Queries",
            {"conf-b/report", "speakers", "lists", "tools"}, {"conf-a/day-1", "conf-a/day-2"},
            id="speaker",
        ),
        pytest.param(
            "conf-a/day-2.md", "# PyData Alpha 2023, Day 2", "# PyData Alpha 2023, Second day",
            {"conf-a/day-2", "conf-a/day-1", "tools"}, {"conf-b/report", "speakers", "trends"},
            id="report-title-shown-by-series",
        ),
        pytest.param(
            "tools.yaml", "A friendly federated learning framework.", "Federated learning.",
            {"conf-a/day-1", "conf-b/report", "tools", "matrix", "trends"}, set(),
            id="registry-description",
        ),
        pytest.param(
            "conf-b/report.md", "`duckdb`{.tool} everywhere.", "`duckdb`{.tool} and {tool}`dvc`.",
            {"conf-b/report", "tools", "matrix", "trends"}, {"conf-a/day-1", "conf-a/day-2"},
            id="mention-added",
        ),
        pytest.param(
            "conf-b/report.md", "Using {tool}`Flower` with", "Using Flower with",
            {"conf-b/report", "tools", "matrix", "trends"}, {"conf-a/day-1", "conf-a/day-2"},
            id="mention-removed",
        ),
        pytest.param(
            "conf-b/report.md", ":date: 2024-03-01", ":date: 2025-03-01",
            {"conf-b/report", "tools", "trends"}, {"conf-a/day-2"},
            id="report-moves-to-another-year",
        ),
    ],
)  # fmt: skip
def test_edit_rewrites_what_shows_it(
    sitekit: SiteKit,
    indexes: tuple[Path, Path],
    page: str,
    old: str,
    new: str,
    rewritten: set[str],
    untouched: set[str],
) -> None:
    src, base = indexes
    replace_in(sitekit, src / page, old, new)
    incremental = sitekit.build(src, base / "inc")
    written = set(incremental.written)
    assert rewritten <= written, sorted(written)
    assert not untouched & written, sorted(written)
    clean = sitekit.build(src, base / "clean", freshenv=True)
    check_same(sitekit, incremental, clean, [f"{page}: {old!r} -> {new!r}"])


def test_moving_the_tool_index_updates_the_matrix(
    sitekit: SiteKit, indexes: tuple[Path, Path]
) -> None:
    src, base = indexes
    (src / "tools.md").rename(src / "all-tools.md")
    sitekit.touch(src / "all-tools.md")
    replace_in(sitekit, src / "index.md", "\ntools\n", "\nall-tools\n")
    incremental = sitekit.build(src, base / "inc")
    clean = sitekit.build(src, base / "clean", freshenv=True)
    check_same(sitekit, incremental, clean, ["tools.md -> all-tools.md"])


def test_finder_coming_and_going_rewrites_the_tool_index(
    sitekit: SiteKit, indexes: tuple[Path, Path]
) -> None:
    """Tool entries link to the finder filtered by the tool, while there is one."""
    src, base = indexes
    sitekit.write(src / "finder.md", "# Find a talk\n\n:::{talk-finder}\n:::\n")
    replace_in(sitekit, src / "index.md", "\nlists\n", "\nlists\nfinder\n")
    incremental = sitekit.build(src, base / "inc")
    assert "tools" in incremental.written
    tools = sitekit.main(incremental.outdir / "tools.html")
    links = {a["href"] for a in tools.select(".confnotes-tool-entry a.confnotes-find")}
    assert "finder.html?tool=flower" in links
    assert "finder.html?tool=frobnicator" in links
    clean = sitekit.build(src, base / "clean", freshenv=True)
    check_same(sitekit, incremental, clean, ["finder page added"])

    (src / "finder.md").unlink()
    replace_in(sitekit, src / "index.md", "\nfinder\n", "\n")
    incremental = sitekit.build(src, base / "inc")
    assert "tools" in incremental.written
    tools = sitekit.main(incremental.outdir / "tools.html")
    assert tools.select("a.confnotes-find") == []
    clean = sitekit.build(src, base / "clean-2", freshenv=True)
    check_same(sitekit, incremental, clean, ["finder page added", "finder page removed"])


def _model_site(sitekit: SiteKit, base: Path, site: SiteM) -> tuple[Path, dict[str, str]]:
    src = sitekit.copy_root("incremental", base / "src")
    files = render(site)
    sync(sitekit, src, render(initial_site()), files)
    sitekit.build(src, base / "inc", freshenv=True)
    return src, files


def test_speaker_spelling_change_updates_other_cards(sitekit: SiteKit, tmp_path: Path) -> None:
    site = initial_site()
    site.reports["eurosci"].talks[0].speakers = ["ada lovelace"]  # shown as 'Ada Lovelace'
    src, files = _model_site(sitekit, tmp_path, site)
    site.reports["alpha-day-1"].talks[0].speakers = ["Grace Hopper"]  # now 'ada lovelace'
    sync(sitekit, src, files, render(site))
    incremental = sitekit.build(src, tmp_path / "inc")
    clean = sitekit.build(src, tmp_path / "clean", freshenv=True)
    check_same(sitekit, incremental, clean, ["Ada Lovelace no longer speaks on alpha-day-1"])


def test_duplicate_talk_id_reference_follows_the_winner(sitekit: SiteKit, tmp_path: Path) -> None:
    site = initial_site()
    site.reports["eurosci"].talks.append(
        TalkM("Duplicate", "15:00", ["Mary Shelley"], explicit_id="kept-talk")
    )
    src, files = _model_site(sitekit, tmp_path, site)
    site.reports["alpha-day-1"].talks.pop(0)  # the first 'kept-talk'
    sync(sitekit, src, files, render(site))
    incremental = sitekit.build(src, tmp_path / "inc")
    assert sitekit.broken_links(incremental.outdir, [incremental.outdir / "refs.html"]) == []
    clean = sitekit.build(src, tmp_path / "clean", freshenv=True)
    check_same(sitekit, incremental, clean, ["first 'kept-talk' removed"])


def test_duplicate_talk_id_std_label_is_stable(sitekit: SiteKit, tmp_path: Path) -> None:
    site = initial_site()
    site.reports["eurosci"].talks.append(
        TalkM("Duplicate", "15:00", ["Mary Shelley"], explicit_id="kept-talk")
    )
    src, files = _model_site(sitekit, tmp_path, site)
    site.reports["alpha-day-1"].talks[1].time = "17:00"  # alpha-day-1 is read again
    sync(sitekit, src, files, render(site))
    incremental = sitekit.build(src, tmp_path / "inc")
    clean = sitekit.build(src, tmp_path / "clean", freshenv=True)
    labels = {
        (typ, uri) for typ, name, uri, _ in sitekit.inventory(clean.outdir) if name == "kept-talk"
    }
    assert labels == {
        ("confnotes:talk", "reports/alpha-day-1.html#kept-talk"),
        ("std:label", "reports/alpha-day-1.html#kept-talk"),
    }
    check_same(sitekit, incremental, clean, ["alpha-day-1 re-read"])
