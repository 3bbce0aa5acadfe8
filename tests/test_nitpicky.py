"""Every test root builds with ``-W --keep-going -n`` semantics (nitpicky, no warnings).

Roots that exist to produce warnings (bad input) must produce the same warnings
with and without nitpicky: nitpicky adds no unresolved reference of its own.
Each root is built once per setting (module-scoped, read-only afterwards).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import RootBuild

ROOTS = Path(__file__).parent / "roots"
# Roots whose purpose is bad input: their warnings are checked line by line in
# test_bad_input.py / test_bad_input_table.py; here nitpicky must add none.
# test-indexes holds one unknown tool and one empty talk-list on purpose (test_indexes.py).
WARNING_ROOTS = {"badinput", "indexes", "warnings"}
# Roots their own tests complete or build nitpicky themselves: test-recordings
# gets its report page from the test (test_recordings.py); test-anyrole holds one
# dangling {any} on purpose and is built nitpicky by test_anyrole.py.
OWN_TEST_ROOTS = {"anyrole", "recordings"}
ALL_ROOTS = sorted(
    name
    for p in ROOTS.glob("test-*")
    if p.is_dir() and (name := p.name.removeprefix("test-")) not in OWN_TEST_ROOTS
)


def _build(root: str, dest: Path, *, nitpicky: bool, inventory: Path | None = None) -> list[str]:
    from sphinx.testing.util import SphinxTestApp
    from sphinx.util.console import strip_colors

    src = dest / f"test-{root}"
    shutil.copytree(ROOTS / f"test-{root}", src, ignore=shutil.ignore_patterns("_build"))
    app = SphinxTestApp(
        "html",
        srcdir=src,
        builddir=dest / "_build",
        freshenv=True,
        confoverrides={
            "nitpicky": nitpicky,
            # consumer roots link to the producer's objects.inv (a local file, no network)
            **(
                {"intersphinx_mapping": {"notes": ("https://notes.example.org/", str(inventory))}}
                if inventory
                else {}
            ),
        },
    )
    try:
        app.build()
        text = strip_colors(app.warning.getvalue())
    finally:
        app.cleanup()
    # One entry per warning, paths made relative to the copy so both builds compare.
    lines = [
        line.replace(str(src), "<root>")
        for line in text.splitlines()
        if re.search(r"\b(WARNING|ERROR|CRITICAL)\b", line)
    ]
    return sorted(lines)


@pytest.fixture(scope="module")
def producer_inventory(built_root: RootBuild) -> Path:
    return Path(built_root("producer").outdir) / "objects.inv"


@pytest.fixture(scope="module", params=ALL_ROOTS)
def root_warnings(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[str, list[str], list[str] | None]:
    root: str = request.param
    inv = request.getfixturevalue("producer_inventory") if root.startswith("consumer") else None
    nitpicky = _build(
        root, tmp_path_factory.mktemp(f"nitpicky-{root}"), nitpicky=True, inventory=inv
    )
    plain = (
        _build(root, tmp_path_factory.mktemp(f"plain-{root}"), nitpicky=False, inventory=inv)
        if root in WARNING_ROOTS
        else None
    )
    return root, nitpicky, plain


def test_roots_are_known() -> None:
    # A new root is built here automatically; a renamed warning root must be renamed here too.
    assert set(ALL_ROOTS) >= WARNING_ROOTS
    assert len(ALL_ROOTS) >= 10


def test_root_builds_nitpicky(root_warnings: tuple[str, list[str], list[str] | None]) -> None:
    root, nitpicky, plain = root_warnings
    if plain is None:
        assert nitpicky == [], f"test-{root} warns under -W -n:\n" + "\n".join(nitpicky)
    else:
        # The exact warning set of a bad-input root is unchanged by nitpicky ...
        assert nitpicky == plain, "nitpicky added or changed warnings:\n" + "\n".join(
            sorted(set(nitpicky) ^ set(plain))
        )
        # ... and it is made of confnotes' own warnings (never a missing reference target).
        assert plain, f"test-{root} is meant to warn"
        assert not [w for w in nitpicky if "reference target not found" in w]
