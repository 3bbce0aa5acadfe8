"""Runner: builds every variant of the corpus, interleaved, and reports the figures.

``python -m benchmarks`` (or ``tox -e bench``) generates one deterministic synthetic
corpus (``benchmarks.corpus``: reports x talks, each talk with time, title, speakers,
link and ~120 words of notes mentioning three tools drawn Zipf-like from a registry
of 300) and builds the same content the ways in ``benchmarks.variants``, with the
same theme (alabaster).

Every build runs in a fresh process (``sphinx.cmd.build.build_main``), full builds
into a fresh output directory; repetitions are interleaved (A B C A B C ...). The
report gives median wall time (and the spread: min-max) and peak RSS, ratios to
``plain``, ``cards-light`` and ``cards`` of the same run, an incremental rebuild after
editing one report (and, for the variants that generate indexes, whether every page
then equals a clean build's), a rebuild with nothing changed (the fixed cost under
every rebuild), ``-j 2`` against ``-j 1`` with an output comparison, and the growth
from a quarter of the content to all of it, then which of the issue's targets the
run meets (held against ``cards-light``).
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib.util
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .corpus import TALKS_PER_PAGE, edit, generate
from .variants import RENDERERS, VARIANTS, Files

PARALLEL_VARIANTS = ("cards-light", "confnotes")
GENERATED_INDEXES = ("confnotes", "needs")  # checked against a clean build after editing
BASELINE = "cards-light"  # what the targets are held against


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
    x_cards_light: float | None = None
    peak_x_cards_light: float | None = None
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
            talks=len(self.corpus.all_talks),
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
            if BASELINE in v:
                figs.x_cards_light = figs.median_s / v[BASELINE].median_s
                figs.peak_x_cards_light = figs.median_peak_mib / v[BASELINE].median_peak_mib
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
    needs = v.get("needs")
    x_needs = cn.median_s / needs.median_s if needs and needs.median_s else None
    out = [
        _check(
            f"full build vs {BASELINE}", "<= 1.0x", cn.x_cards_light, lambda x: x <= 1.0, "{:.2f}x"
        ),
        _check("full build vs needs", "<= 0.6x", x_needs, lambda x: x <= 0.6, "{:.2f}x"),
    ]
    # The edit target was set at 4,000 talks; on a smaller site the fixed cost of
    # any rebuild (start-up, loading, Sphinx's indexes) is a larger share.
    if fig.talks >= 4000:
        out.append(
            _check(
                "incremental rebuild",
                "<= 8% of full",
                cn.incremental_pct,
                lambda x: x <= 8,
                "{:.1f}%",
            )
        )
    else:
        out.append(Target("incremental rebuild", "<= 8% at 4,000 talks", "-", None))
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
    out.append(
        _check(
            f"peak memory vs {BASELINE}",
            "<= 1.2x",
            cn.peak_x_cards_light,
            lambda x: x <= 1.2,
            "{:.2f}x",
        )
    )
    return out


# -- output ------------------------------------------------------------------------------------------


def _fmt(value: float | None, spec: str) -> str:
    return "-" if value is None else format(value, spec)


def table(fig: Figures) -> str:
    head = (
        "variant", "median s", "min-max s", "x plain", "x cards-light", "x cards",
        "peak MiB", "mem x cards-light",
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
                f"{min(f.full_s):.2f}-{max(f.full_s):.2f}" if f.full_s else "-",
                _fmt(f.x_plain, ".2f"),
                _fmt(f.x_cards_light, ".2f"),
                _fmt(f.x_cards, ".2f"),
                f"{f.median_peak_mib:.0f}",
                _fmt(f.peak_x_cards_light, ".2f"),
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
        "median s: wall time of a full -j 1 build (fresh process and outdir), min-max its spread "
        "over the runs; peak MiB: its peak "
        "RSS; incr: rebuild after editing one report (ok/STALE: equals a clean build or not); "
        "no-op: a rebuild with nothing changed (the fixed cost every rebuild pays); "
        "-j2/-j1: time ratio (same/DIFF: HTML output); growth: this size / a quarter of it.",
        "Timings are wall-clock on a shared machine: other load (see 'load' above) adds noise.",
    ]
    if fig.targets:
        out += ["", f"targets (from the issue, at 1,000 and 4,000 talks; held against {BASELINE}):"]
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
    p = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n")[0])
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
        notes.append("needs skipped: sphinx-needs is not installed (pip install -e .[bench])")
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
