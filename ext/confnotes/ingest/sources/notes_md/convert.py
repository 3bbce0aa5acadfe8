"""The conversion, step by step: read, rewrite, outline, metadata, render."""

from __future__ import annotations

from ....model import InputError, Report, parse_date_range, split_list
from ... import writer
from .checks import check_input
from .front_matter import parse_front_matter
from .liquid import highlight_to_fences
from .markdown import parse_body
from .metadata import Front, description, front_matter_comment, page_title, report_metadata
from .outline import assign_levels, classify
from .records import ImportOptions, ImportResult, Notes
from .render import Renderer
from .rewrite import Rewriter
from .tools import ToolMarker

__all__ = ["convert"]


def convert(text: str, *, options: ImportOptions | None = None) -> ImportResult:
    """Convert Markdown notes to a report page (raises ConversionError on bad input)."""
    options = options or ImportOptions()
    lines = check_input(text).split("\n")
    matter = parse_front_matter(lines)
    offset = matter.end if matter else 0
    body_lines, highlights = highlight_to_fences(lines[offset:])
    body = parse_body(body_lines, offset)
    notes = Notes(offset)
    front = Front(matter, options)

    rewriter = Rewriter(body, options, notes)
    rewriter.highlights(highlights)
    rewriter.liquid_blocks()
    outline = classify(body, rewriter.out.liquid_removed, notes)
    rewriter.inline_everywhere({h.line for h in body.headings if h.role == "talk"})
    rewrites = rewriter.out

    segments = outline.segments()
    title, title_comment = page_title(front, body, rewrites.replace, notes)
    talks_heading = assign_levels(outline, segments, notes)
    metadata = report_metadata(title, front, body, notes)
    report = _report(title, metadata)
    out = [f"# {title}", "", *writer.report_block(report), ""]
    out += [*title_comment, *front_matter_comment(front, notes)]
    out += description(front, rewriter.escape)
    marker = ToolMarker(options.tools, options.tool_mentions) if options.tools else None
    renderer = Renderer(
        body,
        rewrites,
        outline,
        notes,
        marker,
        series_known=bool(metadata.get("conference") or metadata.get("edition")),
        talks_heading=talks_heading,
    )
    out += renderer.page(segments)
    notes.findings.sort(key=lambda f: f.line or 0)
    return ImportResult(
        text=writer.tidy(out),
        title=title,
        metadata={k: v for k, v in writer.report_options(report) if v},
        report=report,
        talks=renderer.talks,
        images=rewrites.images,
        findings=notes.findings,
        tool_candidates=marker.candidate_list() if marker else [],
        tool_marks=marker.marked if marker else [],
    )


def _report(title: str, metadata: dict[str, str]) -> Report:
    try:
        start, end = parse_date_range(metadata["date"]) if metadata.get("date") else (None, None)
    except InputError:
        start = end = None
    return Report(
        docname="",
        lineno=0,
        title=title,
        conference=metadata.get("conference", ""),
        edition=metadata.get("edition", ""),
        start=start.isoformat() if start else "",
        end=end.isoformat() if end else "",
        timezone=metadata.get("timezone", ""),
        location=metadata.get("location", ""),
        website=metadata.get("website", ""),
        language=metadata.get("language", ""),
        authors=split_list(metadata.get("author", "")),
        tags=split_list(metadata.get("tags", "")),
    )
