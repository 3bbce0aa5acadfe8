"""What the finder page, feeds (a base URL) and the chart page cost a full build.

``python -m benchmarks.features --talks 4000 --rounds 4``: the bench's confnotes
site without them and with them, built in turn in fresh processes; prints the
CPU time of each build and the median difference.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from . import corpus, variants
from .run import write_tree


def sites(talks: int) -> dict[str, variants.Files]:
    files = variants.render_confnotes(corpus.generate(talks))
    without = dict(files)
    without.pop("trends.md")
    without["index.md"] = without["index.md"].replace("trends\n", "")
    with_ = dict(files)
    with_["finder.md"] = "# Find a talk\n\n```{talk-finder}\n```\n"
    with_["index.md"] = with_["index.md"].replace("speakers\n", "speakers\nfinder\n")
    with_["conf.py"] += 'html_baseurl = "https://notes.example.org/"\n'
    return {"without": without, "with": with_}


def cpu_seconds(src: Path, out: Path) -> float:
    shutil.rmtree(out, ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-b", "html", str(src), str(out)],
        check=True,
        capture_output=True,
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def main(argv: Sequence[str] | None = None) -> dict[str, list[float]]:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.features", description=__doc__)
    parser.add_argument("--talks", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    times: dict[str, list[float]] = {"without": [], "with": []}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for name, files in sites(args.talks).items():
            write_tree(root / name, files)
        for i in range(args.rounds):
            order = ("without", "with") if i % 2 == 0 else ("with", "without")
            for name in order:
                times[name].append(cpu_seconds(root / name, root / f"out-{name}"))
    before, after = (statistics.median(times[k]) for k in ("without", "with"))
    for name, values in times.items():
        print(f"{name:8s} " + " ".join(f"{v:.2f}" for v in values) + " s CPU")
    print(f"added: {after - before:+.2f} s CPU ({(after / before - 1) * 100:+.1f}%)")
    return times


if __name__ == "__main__":
    main()
