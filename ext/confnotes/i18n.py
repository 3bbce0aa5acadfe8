"""Labels in the page's language: message catalogues, and dates as readers write them.

Every word confnotes puts on a page is an English message id; a catalogue per
language translates it. Catalogues are gettext ``.po`` files shipped with the
package (``locale/<lang>/LC_MESSAGES/confnotes.po``, template
``locale/confnotes.pot``), read with Babel (a Sphinx dependency), so no compiled
``.mo`` is committed. English, the message ids themselves, is the fallback.

Use::

    m = messages(report.language or config.language)  # 'nl-BE' -> the nl catalogue
    m.gettext("By category")
    m.pgettext("talk status", "Cancelled")             # msgctxt: same English, other sense
    m.format("times in {timezone}", timezone=zone)     # str.format placeholders
    m.nformat("{n} talk", "{n} talks", count)           # {n}: the count, as the locale writes numbers
    m.text(KIND_LABELS["keynote"])                      # a message marked where it is written
    m.parts("package {name}")                          # ['package ', 'name', ''] to build nodes around
    m.days(start, end), m.language_name("en")           # dates and names as the labels' readers write them

Templates use ``str.format`` fields with plain names (``{name}``, never
``{0}`` or ``{x.attr}``) so translators can move them; a translation whose
fields do not fit falls back to the English message.

What the tests check as "a message used in the code" (tests/test_i18n.py scans
every ``ext/confnotes/**/*.py`` with ``ast``; message arguments must be string
literals to be checked):

- ``Msg(ID)``, ``Msg(ID, PLURAL)``, each with an optional ``context=CTX``;
- ``X.gettext(ID)``, ``gettext(ID)``, ``_(ID)``, ``X.pgettext(CTX, ID)``;
- ``X.ngettext(ID, PLURAL, n)``, ``X.npgettext(CTX, ID, PLURAL, n)``;
- in a module that imports this one (``from .i18n import ...``, also under
  ``TYPE_CHECKING``): ``X.format(ID, ...)``, ``X.parts(ID)`` and
  ``X.nformat(ID, PLURAL, n, ...)`` with an optional ``context=CTX``, where ``X``
  is not a string literal (``"{}".format(...)`` is ``str.format``).

A message chosen at run time (a table of labels) is written as ``Msg(...)``
where it is defined, so the check still sees it. Each such message must be in
the template and in every catalogue, translated, not fuzzy, with the same
fields as its id.
"""

from __future__ import annotations

import datetime as dt
import functools
import gettext
import io
import re
import string
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.dates import (
    format_date,
    format_interval,
    get_timezone_name,
    match_skeleton,
    parse_pattern,
)
from babel.dates import format_time as babel_format_time
from babel.lists import format_list
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from babel.numbers import format_decimal

__all__ = [
    "DOMAIN",
    "FINDER_LABELS",
    "KIND_LABELS",
    "SOURCE_LANGUAGE",
    "STATUS_LABELS",
    "Messages",
    "Msg",
    "available_languages",
    "finder_labels",
    "format_day",
    "format_days",
    "format_time",
    "language_name",
    "messages",
    "plural_samples",
    "read_catalogue",
    "template_fields",
    "timezone_name",
]

DOMAIN = "confnotes"
SOURCE_LANGUAGE = "en"
LOCALE_DIR = "locale"
# The errors Babel raises for a code it has no data for, or cannot parse.
_LOCALE_ERRORS = (ValueError, TypeError, UnknownLocaleError)


@dataclass(frozen=True)
class Msg:
    """A message written where it is defined and translated where it is shown
    (labels chosen at run time: kinds, statuses, the finder's words)."""

    id: str
    plural: str = ""
    context: str = ""


# -- language codes ---------------------------------------------------------------------


def _candidates(language: str) -> list[str]:
    """'nl-BE' -> ['nl_BE', 'nl']; 'zh-hant-tw' -> ['zh_Hant_TW', 'zh_Hant', 'zh'];
    'sr@latin', 'de_DE.UTF-8' lose what follows '@' or '.'; '' -> []."""
    tag = re.split(r"[@.]", language.strip(), maxsplit=1)[0].replace("-", "_")
    parts = [p for p in tag.split("_") if p]
    if not parts or not all(p.isascii() and p.isalnum() for p in parts):
        return []
    norm = [parts[0].lower()]
    for p in parts[1:]:
        # BCP 47 case conventions: Script is Title, REGION upper, variants lower.
        if len(p) == 4 and p.isalpha():
            norm.append(p.title())
        elif len(p) == 2 or (len(p) == 3 and p.isdigit()):
            norm.append(p.upper())
        else:
            norm.append(p.lower())
    return ["_".join(norm[:i]) for i in range(len(norm), 0, -1)]


@functools.cache
def _locale(language: str) -> Locale:
    """The Babel locale closest to ``language`` ('nl-BE' -> nl_BE), English if none."""
    for candidate in _candidates(language):
        try:
            return Locale.parse(candidate)
        except _LOCALE_ERRORS:
            continue
    return Locale.parse(SOURCE_LANGUAGE)


def _bcp47(identifier: str) -> str:
    return identifier.replace("_", "-")


# -- catalogues ----------------------------------------------------------------------------


def _locale_root() -> Any:
    return resources.files(__package__ or "confnotes").joinpath(LOCALE_DIR)


@functools.cache
def available_languages() -> tuple[str, ...]:
    """The catalogues shipped, by directory name ('de', 'nl', 'pt_BR'), sorted."""
    root = _locale_root()
    if not root.is_dir():
        return ()
    return tuple(
        sorted(
            d.name
            for d in root.iterdir()
            if d.is_dir() and d.joinpath("LC_MESSAGES", f"{DOMAIN}.po").is_file()
        )
    )


def read_catalogue(name: str) -> Catalog:
    """The shipped catalogue of ``name`` (a directory under locale/), as Babel reads it.

    Raises ``OSError`` or ``babel.messages.pofile.PoFileError`` for a missing or
    malformed file (``abort_invalid``: a broken entry is an error, not a guess).
    """
    path = _locale_root().joinpath(name, "LC_MESSAGES", f"{DOMAIN}.po")
    with path.open("rb") as f:
        return read_po(f, domain=DOMAIN, abort_invalid=True)


def _first(ident: str | tuple[str, ...] | list[str]) -> str:
    """The (singular) message id of a Babel message id."""
    return ident if isinstance(ident, str) else ident[0]


def _forms(string: str | tuple[str, ...] | list[str] | None) -> tuple[str, ...]:
    """A Babel translation as its forms ('' when untranslated)."""
    if isinstance(string, str):
        return (string,)
    return tuple(string or ("",))


def _translations(catalog: Catalog) -> gettext.GNUTranslations:
    """The catalogue as the standard library's gettext object: its ``ngettext``
    evaluates the ``Plural-Forms`` expression of the ``.po`` header."""
    for message in list(catalog):
        if message.id and not all(_forms(message.string)):
            # Half-translated plurals would show an empty label: keep English.
            catalog.delete(message.id, message.context)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)  # fuzzy entries are left out, as msgfmt does
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def _field_names(template: str) -> list[str] | None:
    """The fields of a ``str.format`` template in order, or None when it is malformed."""
    try:
        return [f for _, f, _, _ in string.Formatter().parse(template) if f is not None]
    except ValueError:
        return None


def template_fields(template: str) -> frozenset[str]:
    """The placeholder names of a template (``"{shown} of {total}"`` -> shown, total)."""
    return frozenset(_field_names(template) or ())


class Messages:
    """The labels of one language, with the locale that writes its dates and numbers.

    ``language``: BCP 47 tag of the catalogue the labels come from ('nl', and
    'en' for the English fallback): the ``lang`` of the labels.
    ``locale``: Babel's identifier for dates, numbers and lists ('nl_BE' when
    'nl-BE' was asked for and the nl catalogue answers), always of ``language``.
    """

    def __init__(
        self,
        language: str,
        locale: str,
        translations: gettext.NullTranslations,
        known: frozenset[tuple[str, str]] = frozenset(),
    ) -> None:
        self.language = language
        self.locale = locale
        self._t = translations
        self._known = known

    def __repr__(self) -> str:
        return f"Messages(language={self.language!r}, locale={self.locale!r})"

    # -- the gettext family: plain text, no placeholders filled ------------------------

    def gettext(self, msgid: str) -> str:
        return self._t.gettext(msgid)

    def pgettext(self, context: str, msgid: str) -> str:
        return self._t.pgettext(context, msgid) if context else self._t.gettext(msgid)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self._t.ngettext(singular, plural, n)

    def npgettext(self, context: str, singular: str, plural: str, n: int) -> str:
        if not context:
            return self._t.ngettext(singular, plural, n)
        return self._t.npgettext(context, singular, plural, n)

    def translated(self, msgid: str, context: str = "") -> bool:
        """Whether the catalogue has a (non-fuzzy, complete) translation of this message."""
        return (context, msgid) in self._known

    # -- templates ---------------------------------------------------------------------

    def format(self, msgid: str, /, *, context: str = "", **fields: Any) -> str:
        """The translation of ``msgid`` with its ``{fields}`` filled in."""
        return self._fill(self.pgettext(context, msgid), msgid, fields)

    def nformat(
        self, singular: str, plural: str, n: int, /, *, context: str = "", **fields: Any
    ) -> str:
        """The form for ``n`` filled in; ``{n}`` is ``n`` as the locale writes numbers
        ('4.000' in German) unless given."""
        fields.setdefault("n", self.number(n))
        english = singular if n == 1 else plural
        return self._fill(self.npgettext(context, singular, plural, n), english, fields)

    def text(self, msg: Msg, n: int | None = None, /, **fields: Any) -> str:
        """A marked message: ``format`` or, for a plural message, ``nformat`` with ``n``."""
        if msg.plural:
            count = 1 if n is None else n
            return self.nformat(msg.id, msg.plural, count, context=msg.context, **fields)
        return self.format(msg.id, context=msg.context, **fields)

    def parts(self, msgid: str, /, *, context: str = "") -> list[str]:
        """The translated template cut at its fields, to build nodes around them:
        text, field name, text, ..., text (odd indexes are field names).

        ``"package {name}"`` -> ``['package ', 'name', '']``.
        """
        for template in (self.pgettext(context, msgid), msgid):
            try:
                pieces = list(string.Formatter().parse(template))
            except ValueError:
                continue
            if template is not msgid and template_fields(template) != template_fields(msgid):
                continue
            out = [""]
            for text, field, spec, conversion in pieces:
                out[-1] += text
                if field is not None:
                    if spec or conversion or not field.isidentifier():
                        break
                    out += [field, ""]
            else:
                return out
        return [msgid]

    @staticmethod
    def _fill(template: str, english: str, fields: dict[str, Any]) -> str:
        # A translation must not ask for more than the English: fall back to it.
        for text in (template, english):
            names = _field_names(text)
            if names is None or not all(n.isidentifier() and n in fields for n in names):
                continue
            try:
                return text.format(**fields)
            except (KeyError, IndexError, ValueError, AttributeError):
                continue
        return english

    # -- numbers, lists, dates, names: Babel with the labels' locale ------------------------

    def number(self, n: int) -> str:
        return format_decimal(n, locale=self.locale)

    def join(self, items: Iterable[str]) -> str:
        """'A, B and C' / 'A, B en C' / 'A, B und C'."""
        seq = [str(i) for i in items]
        return format_list(seq, locale=self.locale) if seq else ""

    def day(self, day: dt.date, *, weekday: bool = True) -> str:
        return format_day(day, self.locale, weekday=weekday)

    def days(self, start: dt.date, end: dt.date) -> str:
        return format_days(start, end, self.locale)

    def time(self, time: dt.time | dt.datetime) -> str:
        return format_time(time, self.locale)

    def language_name(self, code: str) -> str:
        return language_name(code, self.locale)

    def timezone_name(self, zone: str) -> str:
        return timezone_name(zone, self.locale)


@functools.cache
def _catalogue_messages(name: str) -> Messages | None:
    try:
        catalog = read_catalogue(name)
    except (OSError, PoFileError, *_LOCALE_ERRORS):
        # Shipped catalogues are checked by the tests; a broken one means English.
        return None
    known = frozenset(
        (m.context or "", _first(m.id))
        for m in catalog
        if m.id and not m.fuzzy and all(_forms(m.string))
    )
    return Messages(_bcp47(name), name, _translations(catalog), known)


@functools.cache
def messages(language: str) -> Messages:
    """The labels for a page written in ``language`` (BCP 47 or Sphinx's form:
    'nl', 'nl-BE', 'pt_BR', 'de-DE', ''): the most specific catalogue there is
    ('nl_BE', then 'nl'), else English (the message ids)."""
    shipped = {name.lower(): name for name in available_languages()}
    candidates = _candidates(language)
    for candidate in candidates:
        name = shipped.get(candidate.lower())
        if name is None:
            continue
        found = _catalogue_messages(name)
        if found is None:
            continue
        # Dates of 'nl-BE' follow nl_BE, the labels come from nl.
        locale = str(_locale(language))
        if locale.split("_")[0] != name.split("_")[0].lower():
            locale = name
        return Messages(found.language, locale, found._t, found._known)
    english_locale = str(_locale(language))
    if english_locale.split("_")[0] != SOURCE_LANGUAGE:
        english_locale = SOURCE_LANGUAGE  # English labels get English dates
    return Messages(SOURCE_LANGUAGE, english_locale, gettext.NullTranslations())


# -- dates, times and names, as readers of a language write them ---------------------------


def format_day(day: dt.date, language: str, *, weekday: bool = True) -> str:
    """'Friday, July 24, 2020' / 'vrijdag 24 juli 2020' / 'Freitag, 24. Juli 2020'
    (without the weekday: 'July 24, 2020', '24 juli 2020', '24. Juli 2020')."""
    return format_date(day, format="full" if weekday else "long", locale=_locale(language))


_ABBREVIATED_MONTH = re.compile(r"(?<![ML])(MMM|LLL)(?![ML])")


def _full_months(pattern: str) -> str:
    """'d MMM y' -> 'd MMMM y', outside quoted literal text."""
    pieces = pattern.split("'")
    pieces[::2] = [
        _ABBREVIATED_MONTH.sub(lambda m: m.group(1) + m.group(1)[0], p) for p in pieces[::2]
    ]
    return "'".join(pieces)


def format_days(start: dt.date, end: dt.date, language: str) -> str:
    """A span of days: '24–25 juli 2020', '24.–25. Juli 2020', 'July 24 – 25, 2020',
    '30 september – 2 oktober 2023'; a single day as ``format_day``.

    CLDR's interval patterns abbreviate months; its matching rules allow a
    wider field than the pattern's, which Babel does not apply: here the
    month is written out, as in the single-day form.
    """
    if start == end:
        return format_day(start, language)
    locale = _locale(language)
    if end < start:
        start, end = end, start
    formats = locale.interval_formats
    skeleton = match_skeleton("yMMMMd", formats)
    if skeleton:
        field = "y" if start.year != end.year else "M" if start.month != end.month else "d"
        patterns = formats[skeleton].get(field)
        if patterns and len(patterns) == 2:
            return "".join(
                parse_pattern(_full_months(p)).apply(d, locale)
                for p, d in zip(patterns, (start, end), strict=True)
            )
    return format_interval(start, end, skeleton="yMMMMd", locale=locale)


def format_time(time: dt.time | dt.datetime, language: str) -> str:
    """A clock time as the locale writes it: '14:30' (nl, de), '2:30\u202fPM' (en).
    An aware datetime keeps its own clock time."""
    tzinfo = getattr(time, "tzinfo", None)
    return babel_format_time(time, format="short", tzinfo=tzinfo, locale=_locale(language))


def language_name(code: str, in_language: str) -> str:
    """The name of language ``code`` in ``in_language``: ('nl', 'nl') -> 'Nederlands',
    ('nl', 'en') -> 'Dutch', ('nl', 'de') -> 'Niederländisch'; the code itself
    when Babel does not know it."""
    for candidate in _candidates(code):
        try:
            name = Locale.parse(candidate).get_display_name(_locale(in_language))
        except _LOCALE_ERRORS:
            continue
        if name:
            return name
    return code


def timezone_name(zone: str, language: str) -> str:
    """An IANA zone's generic name: 'Europe/Amsterdam' -> 'Central European Time',
    'Midden-Europese tijd', 'Mitteleuropäische Zeit'; the id when Babel has none."""
    try:
        locale = _locale(language)
        return get_timezone_name(zone, width="long", zone_variant="generic", locale=locale)
    except (LookupError, *_LOCALE_ERRORS):
        return zone


# -- plural forms for the browser -----------------------------------------------------------

# Integers to try per CLDR category ('many' in French starts at a million).
_SAMPLES = (*range(0, 201), 1000, 10_000, 100_000, 1_000_000)


def plural_samples(language: str) -> dict[str, int]:
    """CLDR plural category -> the smallest integer of it, for ``language``
    ('en' -> {'one': 1, 'other': 0}); categories without integers are left out."""
    rule = _locale(language).plural_form
    out: dict[str, int] = {}
    for n in _SAMPLES:
        out.setdefault(rule(n), n)
    return out


# -- labels chosen at run time ----------------------------------------------------------------

KIND_LABELS: dict[str, Msg] = {
    "talk": Msg("Talk", context="talk kind"),
    "keynote": Msg("Keynote", context="talk kind"),
    "tutorial": Msg("Tutorial", context="talk kind"),
    "workshop": Msg("Workshop", context="talk kind"),
    "lightning": Msg("Lightning talk", context="talk kind"),
    "panel": Msg("Panel", context="talk kind"),
}
STATUS_LABELS: dict[str, Msg] = {
    "scheduled": Msg("Scheduled", context="talk status"),
    "cancelled": Msg("Cancelled", context="talk status"),
    "postponed": Msg("Postponed", context="talk status"),
}

# The finder script's words (static/confnotes-finder.js, whose English defaults
# are exactly ``finder_labels(messages("en"))``): key -> message. Keys with a
# plural message get an object of forms keyed by CLDR plural category.
FINDER_LABELS: dict[str, Msg] = {
    "form": Msg("Filter talks", context="finder"),
    "search": Msg("Search titles, speakers and tools", context="finder"),
    "search_placeholder": Msg("Type to filter the talks", context="finder"),
    "all": Msg("All", context="finder filter value"),
    "option": Msg("{label} ({count})", context="finder filter value"),
    "facet.conference": Msg("Conference", context="finder filter"),
    "facet.year": Msg("Year", context="finder filter"),
    "facet.tool": Msg("Tool", context="finder filter"),
    "facet.speaker": Msg("Speaker", context="finder filter"),
    "facet.track": Msg("Track", context="finder filter"),
    "facet.room": Msg("Room", context="finder filter"),
    "facet.kind": Msg("Kind", context="finder filter"),
    "facet.language": Msg("Language", context="finder filter"),
    "facet.status": Msg("Status", context="finder filter"),
    "with_video": Msg("With video", context="finder"),
    "with_slides": Msg("With slides", context="finder"),
    "clear": Msg("Clear filters", context="finder"),
    "no_match": Msg("No talk matches these filters.", context="finder"),
    "talks": Msg("{n} talk", "{n} talks"),
    "talks_shown": Msg("{shown} of {total} talk", "{shown} of {total} talks", context="finder"),
    "show_more": Msg("Show {n} more", "Show {n} more", context="finder"),
    **{f"kind.{k}": m for k, m in KIND_LABELS.items()},
    **{f"status.{k}": m for k, m in STATUS_LABELS.items()},
}


def finder_labels(m: Messages) -> dict[str, Any]:
    """The finder's labels for the page, as JSON-ready data: ``lang`` (the
    labels' BCP 47 tag, for Intl.PluralRules and Intl.NumberFormat), each
    FINDER_LABELS key -> its template, or for plural messages an object
    {CLDR category: template} with at least ``other``."""
    samples = plural_samples(m.language)
    out: dict[str, Any] = {"lang": m.language}
    for key, msg in FINDER_LABELS.items():
        if msg.plural:
            forms = {
                category: m.npgettext(msg.context, msg.id, msg.plural, n)
                for category, n in sorted(samples.items())
            }
            forms.setdefault("other", m.npgettext(msg.context, msg.id, msg.plural, 2))
            out[key] = forms
        else:
            out[key] = m.pgettext(msg.context, msg.id)
    return out
