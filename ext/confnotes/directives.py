"""The ``report`` and ``talk`` directives: check what the author wrote, record it, render it.

Both accept every value as text and validate it themselves, so a bad value
becomes a warning at the option's own line and the card still renders with
everything that was usable (docutils converters would drop the directive).
"""

from __future__ import annotations

import dataclasses
import os
from functools import lru_cache
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from . import cards
from . import config as cfg
from .i18n import Messages, messages
from .model import (
    KINDS,
    InputError,
    Report,
    Talk,
    TalkTime,
    check_url,
    clean_text,
    isoformat,
    parse_date,
    parse_date_range,
    parse_talk_time,
    slug,
    slug_or_digest,
    split_list,
    zone,
)
from .warnings import Subtype, warn

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable

    from sphinx.environment import BuildEnvironment

    from .domain import ConfnotesDomain

STATUSES = {"cancelled": "cancelled", "canceled": "cancelled", "postponed": "postponed"}
MAX_TEXT = 500  # longer titles/names are cut (with a warning) to keep pages usable
# The page's report while the page is read (``env.temp_data`` is per page).
REPORT_KEY = "confnotes:report"


def page_report(env: BuildEnvironment) -> Report | None:
    """The report metadata of the page being read, once its directive has run."""
    report: Report | None = env.temp_data.get(REPORT_KEY)
    return report


def page_messages(env: BuildEnvironment) -> Messages:
    """Labels for the page being read: its report's language, else the project's."""
    report = page_report(env)
    return messages((report.language if report else "") or env.config.language or "en")


class ConfnotesDirective(SphinxDirective):
    """Shared option handling: every option is text, checked with warnings at its line."""

    text_options: ClassVar[tuple[str, ...]] = ()

    @property
    def domain(self) -> ConfnotesDomain:
        return self.env.domains["confnotes"]  # type: ignore[return-value]  # env.domains gives a Domain

    def option_line(self, name: str) -> int:
        """Line of ``:name:`` in the source, else the directive's line.

        Read from the source file, not ``block_text``: what that holds differs
        between myst-parser releases (the body only in 5.0, the whole fence in 5.2).
        """
        source, _ = self.get_source_info()
        found = find_option_line(_source_lines(source), self.lineno, self.name, name)
        return found or self.lineno

    def messages(self) -> Messages:
        """The words confnotes puts on this page, in its language (the report's)."""
        return page_messages(self.env)

    def warn_empty_options(self) -> None:
        for name, value in self.options.items():
            if value is None or not str(value).strip():
                self.warn(f"option :{name}: is empty; it is ignored", Subtype.OPTION, name)

    def warn(self, message: str, subtype: Subtype, option: str = "") -> None:
        line = self.option_line(option) if option else self.lineno
        warn(message, subtype, (self.env.docname, line))

    def text(self, name: str, value: str | None = None) -> str:
        """An option (or the given value) as clean one-line text."""
        raw = self.options.get(name, "") if value is None else value
        text, dirty = clean_text(raw or "")
        what = f"option :{name}:" if name else "title"
        if dirty:
            self.warn(f"control characters removed from the {what}", Subtype.TEXT, name)
        if len(text) > MAX_TEXT:
            self.warn(
                f"{what} is {len(text)} characters long; cut to {MAX_TEXT}",
                Subtype.OPTION,
                name,
            )
            text = text[: MAX_TEXT - 1] + "\u2026"
        return text

    def url(self, name: str) -> str:
        value = self.text(name)
        if not value:
            return ""
        try:
            return check_url(value)
        except InputError as err:
            self.warn(f"{err} (option :{name}:)", Subtype.LINK, name)
            return ""

    def language(self) -> str:
        """:language: as a language tag ('en', 'nl', 'pt-BR'), or '' with a warning."""
        value = self.text("language")
        if value and not _is_language_tag(value):
            self.warn(
                f"language {value!r} is not a language code such as 'en' or 'nl'",
                Subtype.OPTION,
                "language",
            )
            return ""
        return value

    def names(self, name: str, separators: str = ";") -> tuple[str, ...]:
        return split_list(self.text(name), separators)


def find_option_line(lines: list[str], lineno: int, directive: str, option: str) -> int:
    """The 1-based line of ``:option:`` (or ``option:`` in a YAML block) among the
    options of the directive written at ``lineno``; 0 when it is not there."""
    fence = (f"{{{directive}}}", f"{directive}::")
    start = lineno - 1
    # Tolerate a directive line off by one (myst-parser numbers some nested ones so).
    for guess in (start, start - 1, start + 1):
        if 0 <= guess < len(lines) and any(f in lines[guess] for f in fence):
            start = guess
            break
    else:
        return 0
    in_yaml = False
    indent = -1
    for i in range(start + 1, min(len(lines), start + 500)):
        text = lines[i].strip()
        if in_yaml:
            if text == "---":
                return 0
            if text.startswith(f"{option}:"):
                return i + 1
            continue
        if i == start + 1 and text == "---":
            in_yaml = True
            continue
        if text.startswith(f":{option}:"):
            return i + 1
        if text.startswith(":"):
            indent = len(lines[i]) - len(lines[i].lstrip())
        elif not text or len(lines[i]) - len(lines[i].lstrip()) <= indent or indent < 0:
            return 0  # the options ended (a wrapped value is indented deeper)
    return 0


@lru_cache(maxsize=4)
def _read_lines(path: str, mtime_ns: int) -> list[str]:
    # split("\n"), not splitlines(): a title may hold U+2028 or NEL as text.
    with open(path, encoding="utf-8", errors="replace") as f:
        return f.read().split("\n")


def _source_lines(source: str | None) -> list[str]:
    """The lines of a source file (read only when a warning needs an option's line)."""
    try:
        return _read_lines(str(source), os.stat(str(source)).st_mtime_ns) if source else []
    except OSError:
        return []


def _text_options(*names: str) -> dict[str, Callable[[str], Any]]:
    return dict.fromkeys(names, directives.unchanged)


class ReportDirective(ConfnotesDirective):
    """Metadata of the report page: conference, day(s), place, zone, language, authors."""

    has_content = False
    option_spec = _text_options(
        "conference",
        "edition",
        "series",
        "date",
        "timezone",
        "location",
        "website",
        "language",
        "author",
        "tags",
    )

    def run(self) -> list[nodes.Node]:
        self.warn_empty_options()
        docname = self.env.docname
        earlier = page_report(self.env)
        report = self._report()
        if earlier is not None:
            self.warn(
                f"report metadata declared twice on this page (first at line {earlier.lineno}); "
                "this one is shown but ignored",
                Subtype.DUPLICATE,
            )
        else:
            if self.domain.talks.get(docname):
                first = self.domain.talks[docname][0]
                self.warn(
                    f"report metadata must come before the first talk (line {first.lineno}); "
                    "talks above it lack the report's date and timezone",
                    Subtype.REPORT,
                )
            # For the talks below; the domain gets it once the page is read
            # (collectors.on_doctree_read), with the page's title.
            self.env.temp_data[REPORT_KEY] = report
        m = messages(report.language or self.config.language or "en")
        return [cards.report_header(report, m, self.config.language or "en")]

    def _report(self) -> Report:
        conference = self.text("conference")
        edition = self.text("edition")
        if not conference:
            self.warn("report has no :conference:", Subtype.REPORT)
        start = end = ""
        if self.text("date"):
            try:
                first, last = parse_date_range(self.text("date"))
                start, end = first.isoformat(), last.isoformat()
            except InputError as err:
                self.warn(str(err), Subtype.TIME, "date")
        else:
            self.warn("report has no :date:", Subtype.REPORT)
        timezone = self.text("timezone")
        if timezone:
            try:
                zone(timezone)
            except InputError as err:
                self.warn(str(err), Subtype.TIME, "timezone")
                timezone = ""
        language = self.language()
        name = " ".join(p for p in (conference, edition) if p)
        return Report(
            docname=self.env.docname,
            lineno=self.lineno,
            title="",  # the page title is filled in once the page is read
            conference=conference,
            edition=edition,
            series=slug(self.text("series")) or slug(name),
            start=start,
            end=end,
            timezone=timezone,
            location=self.text("location"),
            website=self.url("website"),
            language=language,
            authors=self.names("author"),
            tags=self.names("tags", ";,"),
        )


def _is_language_tag(value: str) -> bool:
    parts = value.split("-")
    return 2 <= len(parts[0]) <= 3 and all(p.isascii() and p.isalnum() for p in parts)


class TalkDirective(ConfnotesDirective):
    """One talk: a card with time, title, speakers and links, and the notes as body."""

    has_content = True
    optional_arguments = 1  # the title; missing is a warning, not an error
    final_argument_whitespace = True
    option_spec = _text_options(
        "time",
        "date",
        "speaker",
        "link",
        "video",
        "slides",
        "code",
        "tags",
        "status",
        "id",
        "room",
        "track",
        "kind",
        "language",
        "programme",
    )

    def run(self) -> list[nodes.Node]:
        self.warn_empty_options()
        title = self.text("", self.arguments[0] if self.arguments else "")
        if not title:
            self.warn("talk has no title", Subtype.TITLE)
        report = page_report(self.env)
        clock, time_text = self._time()
        start, end = self._instants(clock, report)
        talk = Talk(
            id="",
            docname=self.env.docname,
            lineno=self.lineno,
            title=title or self.messages().gettext("Untitled talk"),
            conference=report.name if report else "",
            conference_key=report.conference_key if report else "",
            time=clock.label if clock else time_text,
            start=start,
            end=end,
            speakers=self.names("speaker"),
            link=self.url("link"),
            video=self.url("video"),
            slides=self.url("slides"),
            code=self.url("code"),
            tags=self.names("tags", ";,"),
            status=self._status(),
            room=self.text("room"),
            track=self.text("track"),
            kind=self._kind(),
            language=self.language(),
            programme_id=self.text("programme").split(" ", 1)[0],
        )
        talk = dataclasses.replace(talk, id=self._id(talk, report))
        self.domain.note_talk(talk)  # its std label: references.sync_talk_labels
        body = self.parse_content_to_nodes(allow_section_headings=False)
        section = cards.talk_card(
            talk,
            body,
            clock is not None,
            self.messages(),
            index_speakers=cfg.get(self.config).index_speakers,
        )
        # A card where a section cannot go (in a list, an admonition, another
        # talk) becomes a plain block once the page is read: collectors._unnest_talks.
        # The title too: Sphinx patches a title without a source, writing the
        # whole title as XML to its debug log first (a tenth of reading a talk).
        self.set_source_info(section)
        self.set_source_info(section[0])
        self.state.document.ids[talk.id] = section
        return [section]

    def _time(self) -> tuple[TalkTime | None, str]:
        value = self.text("time")
        if not value:
            return None, ""
        try:
            return parse_talk_time(value), value
        except InputError as err:
            self.warn(str(err), Subtype.TIME, "time")
            return None, value

    def _instants(self, clock: TalkTime | None, report: Report | None) -> tuple[str, str]:
        """ISO 8601 start and end with offset, when date and zone are known."""
        day = self._day(report, needed=clock is not None)  # checks :date: either way
        if clock is None:
            return "", ""
        zone_name = (report.timezone if report else "") or cfg.get(self.config).default_timezone
        if day is None or not zone_name:
            # A time of day alone is still a valid HTML datetime value.
            return clock.start.strftime("%H:%M"), clock.end.strftime("%H:%M") if clock.end else ""
        try:
            tz = zone(zone_name)
        except InputError:
            return clock.start.strftime("%H:%M"), ""
        end = isoformat(day, clock.end, tz) if clock.end else ""
        return isoformat(day, clock.start, tz), end

    def _day(self, report: Report | None, needed: bool) -> dt.date | None:
        value = self.text("date")
        if value:
            try:
                day = parse_date(value)
            except InputError as err:
                self.warn(str(err), Subtype.TIME, "date")
                return None
            else:
                if report and report.start and not (report.start <= day.isoformat() <= report.end):
                    self.warn(
                        f"date {value} is outside the report's dates "
                        f"({report.start} to {report.end})",
                        Subtype.TIME,
                        "date",
                    )
                return day
        if report is None or not report.start or not needed:
            return None
        if report.start != report.end:
            self.warn(
                f"the report spans {report.start} to {report.end}: give this talk a :date:",
                Subtype.TIME,
                "time",
            )
            return None
        return parse_date(report.start)

    def _kind(self) -> str:
        value = self.text("kind").lower()
        if value and value not in KINDS:
            self.warn(f"kind {value!r} is not one of {', '.join(KINDS)}", Subtype.OPTION, "kind")
            return ""
        return value

    def _status(self) -> str:
        value = self.text("status").lower()
        if not value or value == "scheduled":
            return ""
        if value in STATUSES:
            return STATUSES[value]
        self.warn(
            f"unknown status {value!r}: use one of {', '.join(sorted(set(STATUSES.values())))}",
            Subtype.OPTION,
            "status",
        )
        return ""

    def _id(self, talk: Talk, report: Report | None) -> str:
        """A unique anchor: the explicit :id:, or conference + title."""
        taken = {t.id: t for t in self.domain.talks.get(self.env.docname, [])}
        explicit = self.text("id")
        if explicit:
            anchor = slug_or_digest(explicit)
            if anchor != explicit:
                self.warn(
                    f"id {explicit!r} is not a valid anchor; using {anchor!r}",
                    Subtype.OPTION,
                    "id",
                )
            if anchor in taken:
                self.warn(
                    f"duplicate talk id {anchor!r}: also used at "
                    f"{self.env.doc2path(self.env.docname)}:{taken[anchor].lineno}",
                    Subtype.DUPLICATE,
                    "id",
                )
        else:
            prefix = report.conference_key if report and report.conference_key else ""
            prefix = prefix or slug(self.env.docname.rsplit("/", 1)[-1])
            # slug of the whole ('europython-2020-30-golden-rules': make_id drops a
            # leading digit); a digest for titles without Latin letters or digits.
            anchor = (
                slug(f"{prefix} {talk.title}")
                if slug(talk.title)
                else (f"{prefix}-{slug_or_digest(talk.title)}")
            )
        # Keep ids unique on the page even after a warning, so links stay valid.
        base, n = anchor, 1
        while anchor in taken or anchor in self.state.document.ids:
            n += 1
            anchor = f"{base}-{n}"
        return anchor


class AbstractDirective(SphinxDirective):
    """The programme's abstract inside a talk: literal text (never markup), shown collapsed."""

    has_content = True
    option_spec = {"format": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        text = "\n".join(self.content)
        label = page_messages(self.env).gettext("Abstract")
        summary = nodes.rubric(label, label, classes=["confnotes-abstract-title"])
        box = nodes.container(classes=["confnotes-abstract"])
        box[cards.LITERAL] = False  # the programme's text, exactly
        box += summary
        for para in (p for p in text.split("\n\n") if p.strip()):
            box += nodes.paragraph(para, para)
        self.set_source_info(box)
        return [box]
