"""Every ``confnotes_*`` option, declared once (type, default, help)."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

_PREFIX = "confnotes_"

# The values of Sphinx's ``rebuild`` argument that confnotes uses (a subset of
# ``sphinx.config._ConfigRebuild``).
Rebuild: TypeAlias = Literal["", "env", "html"]


@dataclass(frozen=True)
class ConfnotesConfig:
    tools_file: str = "docs/tools.yaml"
    """Tool registry (YAML), relative to the source directory; '' for none."""

    default_timezone: str = ""
    """IANA zone for reports that declare none (talk times then carry no offset)."""

    catalogue: str = "confnotes.json"
    """Machine-readable catalogue written to the HTML output root; '' to disable."""

    feed: str = "reports.atom"
    """Site-wide Atom feed of reports in the HTML output ('' for none); one per
    conference goes to feeds/<conference>.atom. Needs html_baseurl."""

    index_speakers: bool = False
    """Also list each speaker, with their talks, in Sphinx's general index (the
    ``speaker-index`` listing shows the same on its own page; True more than
    doubles the general index of a large site)."""

    fast_sidebar: bool = True
    """Render the theme's site-wide toctree once per output directory, not once per
    page (the same HTML; False: Sphinx's own, slower on large sites)."""

    freeze_gc: bool = True
    """Keep the garbage collector from re-scanning the build environment during
    a build (``gc.freeze``, undone when the build ends); False: leave it alone."""


# Which rebuild each option forces: 'env' re-reads every page, 'html' rewrites.
_REBUILD: dict[str, Rebuild] = {
    "tools_file": "env",
    "default_timezone": "env",
    "catalogue": "html",
    "feed": "",
    "index_speakers": "env",
    "fast_sidebar": "html",
    "freeze_gc": "",
}


def register(app: Sphinx) -> None:
    for f in fields(ConfnotesConfig):
        app.add_config_value(
            _PREFIX + f.name,
            f.default,
            _REBUILD[f.name],
            types=frozenset({type(f.default)}),
            description=f.__doc__ or "",
        )


def get(config: Config) -> ConfnotesConfig:
    values: dict[str, Any] = {
        f.name: getattr(config, _PREFIX + f.name) for f in fields(ConfnotesConfig)
    }
    return ConfnotesConfig(**values)
