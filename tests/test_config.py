"""Every confnotes_* option has help text; a wrong type or value is a warning, never a traceback."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from confnotes import config
from sphinx.testing.util import SphinxTestApp


def test_every_option_has_help() -> None:
    from dataclasses import fields

    for f in fields(config.ConfnotesConfig):
        assert f.metadata["help"].strip(), f.name


def test_registered_with_help(rootdir: Path, tmp_path: Path) -> None:
    src = tmp_path / "help"
    shutil.copytree(rootdir / "test-basic", src)
    app = SphinxTestApp("html", srcdir=src)
    try:
        for name in ("tools_file", "default_timezone", "catalogue", "freeze_gc"):
            assert app.config._options["confnotes_" + name].description
    finally:
        app.cleanup()


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("confnotes_default_timezone", "Mars/Olympus", "unknown timezone 'Mars/Olympus'"),
        ("confnotes_default_timezone", 3, "expected str, got int 3"),
        ("confnotes_catalogue", "../out.json", "must be a plain file name"),
        ("confnotes_tools_file", "tools.txt", "is not a YAML file"),
        ("confnotes_index_speakers", "yes", "expected bool, got str 'yes'"),
        ("confnotes_freeze_gc", None, "expected bool, got NoneType None"),
    ],
)
def test_bad_value_warns_and_uses_the_default(
    rootdir: Path, tmp_path: Path, name: str, value: Any, expected: str
) -> None:
    src = tmp_path / "bad"
    shutil.copytree(rootdir / "test-basic", src)
    with (src / "conf.py").open("a") as conf:
        conf.write(f"\n{name} = {value!r}\n")
    app = SphinxTestApp("html", srcdir=src)
    try:
        app.build()
        warnings = app.warning.getvalue()
        assert f"{name}: " in warnings
        assert expected in warnings
        assert "[confnotes.config]" in warnings
        assert "conf.py" in warnings
        assert "Traceback" not in warnings
        default = next(
            f.default
            for f in config.fields(config.ConfnotesConfig)
            if "confnotes_" + f.name == name
        )
        assert getattr(app.config, name) == default
        assert (Path(app.outdir) / "index.html").exists()
    finally:
        app.cleanup()
