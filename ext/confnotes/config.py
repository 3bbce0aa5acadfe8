"""Every ``confnotes_*`` option, declared once: type, default, rebuild, help, validator."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

from .model import InputError, zone
from .warnings import Subtype, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

_PREFIX = "confnotes_"

# The values of Sphinx's ``rebuild`` argument that confnotes uses (a subset of
# ``sphinx.config._ConfigRebuild``).
Rebuild: TypeAlias = Literal["", "env", "html"]
# A validator returns an error message for a value of the right type, or "".
Validator: TypeAlias = Callable[[Any], str]


def _yaml_file(value: str) -> str:
    if value and PurePosixPath(value.replace("\\", "/")).suffix.lower() not in (".yaml", ".yml"):
        return f"{value!r} is not a YAML file (.yaml or .yml)"
    return ""


def _file_name(value: str) -> str:
    if value and ("/" in value or "\\" in value or value in (".", "..")):
        return f"{value!r} must be a plain file name (it is written to the output root)"
    return ""


def _timezone(value: str) -> str:
    if not value:
        return ""
    try:
        zone(value)
    except InputError as err:
        return str(err)
    return ""


def _option(default: Any, rebuild: Rebuild, help: str, validate: Validator | None = None) -> Any:
    return field(default=default, metadata={"rebuild": rebuild, "help": help, "validate": validate})


@dataclass(frozen=True)
class ConfnotesConfig:
    tools_file: str = _option(
        "docs/tools.yaml",
        "env",
        "Tool registry (YAML), relative to the source directory; '' for none.",
        _yaml_file,
    )
    default_timezone: str = _option(
        "",
        "env",
        "IANA zone for reports that declare none (talk times then carry an offset).",
        _timezone,
    )
    catalogue: str = _option(
        "confnotes.json",
        "html",
        "Machine-readable catalogue written to the HTML output root; '' to disable.",
        _file_name,
    )
    feed: str = _option(
        "reports.atom",
        "html",  # every page's head links the feed
        "Site-wide Atom feed of reports in the HTML output ('' for none); one per "
        "conference goes to feeds/<conference>.atom. Needs html_baseurl.",
        _file_name,
    )
    index_speakers: bool = _option(
        False,
        "env",
        "Also list each speaker with their talks in Sphinx's general index.",
    )
    fast_sidebar: bool = _option(
        True,
        "html",
        "Render the theme's site-wide toctree once per output directory (same HTML).",
    )
    fast_html: bool = _option(
        True,
        "html",
        "Write long listing parts as ready HTML on html/dirhtml (the same markup as the nodes).",
    )
    release_doctrees: bool = _option(
        True,
        "",
        "Keep only the page being read or written in memory (less memory, a little more time).",
    )
    freeze_gc: bool = _option(
        True,
        "",
        "Keep the garbage collector from re-scanning the build environment during a build.",
    )


def register(app: Sphinx) -> None:
    for f in fields(ConfnotesConfig):
        app.add_config_value(
            _PREFIX + f.name,
            f.default,
            f.metadata["rebuild"],
            types=frozenset({type(f.default)}),
            description=f.metadata["help"],
        )
    # Early (before other extensions read the values): a bad value is reset.
    app.connect("config-inited", validate, priority=100)


def validate(app: Sphinx, config: Config) -> None:
    """Check every option; a wrong type or value is warned about and replaced by the default."""
    for f in fields(ConfnotesConfig):
        name = _PREFIX + f.name
        value = getattr(config, name)
        expected = type(f.default)
        if type(value) is not expected:
            problem = f"expected {expected.__name__}, got {type(value).__name__} {value!r}"
        else:
            check: Validator | None = f.metadata["validate"]
            problem = check(value) if check else ""
        if problem:
            warn(f"{name}: {problem}; using {f.default!r}", Subtype.CONFIG, _where(app, name))
            setattr(config, name, f.default)


def _where(app: Sphinx, name: str) -> str | None:
    """``conf.py:LINE`` of the option's assignment (None when set elsewhere, e.g. -D)."""
    if not app.confdir:
        return None
    path = Path(app.confdir, "conf.py")
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    for lineno, line in enumerate(lines, 1):
        if line.split("=", 1)[0].strip() == name:
            return f"{path}:{lineno}"
    return None


def get(config: Config) -> ConfnotesConfig:
    values: dict[str, Any] = {
        f.name: getattr(config, _PREFIX + f.name) for f in fields(ConfnotesConfig)
    }
    return ConfnotesConfig(**values)
