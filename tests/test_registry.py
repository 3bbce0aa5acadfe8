"""Registry parsing: libyaml (when PyYAML has it) and the pure-Python parser agree.

The registry is parsed at the start of every build, so it uses libyaml's parser,
but only for files in the plain block style registries are written in: elsewhere
libyaml accepts text the Python parser rejects, or reads it differently, and the
warnings would then depend on how PyYAML was installed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from confnotes import registry as reg
from conftest import FUZZ_FAST_PROFILE
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks import corpus as bench_corpus
from benchmarks import variants as bench_variants

FAST = settings(settings.get_profile(FUZZ_FAST_PROFILE))
HAS_LIBYAML = getattr(yaml, "CSafeLoader", None) is not None
REPO = Path(__file__).parent.parent


def outcome(parse: Any, text: str) -> Any:
    """What a parse gives: its result, or the error the registry warning shows."""
    try:
        return parse(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        return ("error", getattr(err, "problem", None), mark.line if mark else None)


def python_parse(text: str) -> Any:
    return reg._parse_with(yaml.SafeLoader, text)


def assert_as_pure_python(text: str) -> None:
    # repr: NaN (.nan) is not equal to itself
    assert repr(outcome(reg._parse, text)) == repr(outcome(python_parse, text))


# Where libyaml and the pure-Python parser part ways: every one is left to Python.
LIBYAML_DIFFERS = {
    "tab after a colon": "tools:\n  x:\n    name:\tX\n",
    "tab in a flow sequence": "tools:\n  x:\n    aliases: [a,\tb]\n",
    "'?' in a flow sequence": "tools:\n  x:\n    aliases: [what?, b]\n",
    "comment right after '|'": "tools:\n  x:\n    description: |#\n      text\n",
    "bare '!' tag": "tools: !\n",
    "tabbed plain scalar": "数\t`!",
}


@pytest.mark.parametrize("text", LIBYAML_DIFFERS.values(), ids=LIBYAML_DIFFERS.keys())
def test_where_libyaml_differs_the_python_parser_decides(text: str) -> None:
    assert not reg._plain_style(text)
    assert_as_pure_python(text)
    if HAS_LIBYAML:  # the reason for the rule: libyaml would say otherwise
        assert repr(outcome(lambda t: reg._parse_with(yaml.CSafeLoader, t), text)) != repr(
            outcome(python_parse, text)
        )


def registries() -> dict[str, str]:
    files = {
        str(p.relative_to(REPO)): p.read_text("utf-8")
        for p in [*REPO.glob("tests/**/tools.yaml"), REPO / "docs" / "tools.yaml"]
    }
    files["bench"] = bench_variants.registry_yaml(bench_corpus.generate(40))
    return files


@pytest.mark.parametrize("name", registries())
def test_registries_as_written_use_libyaml(name: str) -> None:
    text = registries()[name]
    if name == "tests/roots/test-badinput/tools.yaml":  # flow mappings, escapes: Python's
        assert not reg._plain_style(text)
    else:
        assert reg._plain_style(text), [
            line for line in text.split("\n") if not reg._PLAIN_LINE.fullmatch(line)
        ]
    assert_as_pure_python(text)


def test_python_parser_reports_what_libyaml_rejects() -> None:
    text = "tools:\n  polars:\n    name: [unclosed\n  pandas:\n    name: pandas\n"
    assert reg._plain_style(text) is False  # an unclosed flow sequence
    text = "tools:\n  polars:\n    name: a\n   bad: b\n"
    assert reg._plain_style(text)
    result = outcome(reg._parse, text)
    assert result == outcome(python_parse, text)
    assert result[0] == "error"


# Lines near the plain style: keys, items, flow sequences, quotes, comments, indicators.
PIECES = st.sampled_from(
    [
        *"ab x1-:#'\"[]{},?&*!|>%@`\\.~é数",
        *("  ", ": ", " #", "- ", "\\n", "\\t", '\\"', "''", "\xa0", "null", "yes", "1.5"),
        *("0x1f", "2020-01-01", "\t", "\r", "\x85", "\u2028"),
    ]
)
FRAGMENT = st.lists(PIECES, max_size=8).map("".join)


@st.composite
def near_plain_line(draw: st.DrawFn) -> str:
    indent = " " * draw(st.sampled_from([0, 0, 2, 4, 6, 1, 3]))
    kind = draw(st.integers(0, 5))
    if kind <= 1:
        return f"{indent}{draw(FRAGMENT)}:{draw(st.sampled_from(['', ' ', '  ']))}{draw(FRAGMENT)}"
    if kind == 2:
        return f"{indent}- {draw(FRAGMENT)}"
    if kind == 3:
        items = draw(st.lists(FRAGMENT, max_size=3))
        return f"{indent}{draw(FRAGMENT)}: [{', '.join(items)}]"
    if kind == 4:
        return indent + draw(FRAGMENT)
    return indent + draw(st.sampled_from(["", "# c", "-", "- - a", "a:", "a: {}", "---"]))


@FAST
@given(
    lines=st.lists(near_plain_line(), min_size=1, max_size=6),
    newline=st.sampled_from(["\n", "\r\n"]),
    end=st.sampled_from(["", "\n", "\r\n", "\r"]),
)
def test_fuzzed_near_plain_text_parses_as_with_pure_python(
    lines: list[str], newline: str, end: str
) -> None:
    assert_as_pure_python(newline.join(lines) + end)


@FAST
@given(st.text(max_size=200))
def test_fuzzed_any_text_parses_as_with_pure_python(text: str) -> None:
    assert_as_pure_python(text)
