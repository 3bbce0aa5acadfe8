"""Message catalogues: the code's messages are in every catalogue, translated and
well-formed; languages resolve with fallbacks; dates, numbers and names follow
the locale; the finder script's labels are the ones the Python side passes."""

from __future__ import annotations

import ast
import datetime as dt
import json
import re
import zoneinfo
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po
from confnotes import i18n
from confnotes.i18n import (
    FINDER_LABELS,
    KIND_LABELS,
    STATUS_LABELS,
    Msg,
    finder_labels,
    format_day,
    format_days,
    format_time,
    language_name,
    messages,
    template_fields,
    timezone_name,
)

PACKAGE = Path(i18n.__file__).parent
LOCALE = PACKAGE / "locale"
FINDER_JS = PACKAGE / "static" / "confnotes-finder.js"
LANGUAGES = i18n.available_languages()

Key = tuple[str, str]  # (msgctxt or "", msgid)


# -- the scan for messages used in the code (the call shapes i18n.py documents) ------------


@dataclass(frozen=True)
class Use:
    where: str
    context: str
    id: str
    plural: str = ""

    @property
    def key(self) -> Key:
        return (self.context, self.id)


GETTEXT = {"gettext": (None, 0, None), "_": (None, 0, None), "pgettext": (0, 1, None),
           "ngettext": (None, 0, 1), "npgettext": (0, 1, 2)}  # fmt: skip
# Only in a module that imports confnotes.i18n, on a receiver that is not a str literal.
TEMPLATES = {"format": (0, None), "parts": (0, None), "nformat": (0, 1)}


def _literal(node: ast.expr | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _imports_i18n(tree: ast.Module) -> bool:
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if module.split(".")[-1] == "i18n" or any(a.name == "i18n" for a in node.names):
                return True
        elif isinstance(node, ast.Import) and any(
            a.name.split(".")[-1] == "i18n" for a in node.names
        ):
            return True
    return False


def _context(call: ast.Call) -> str | None:
    for kw in call.keywords:
        if kw.arg == "context":
            return _literal(kw.value)
    return ""


def scan(source: str, where: str) -> list[Use]:
    """The messages ``source`` uses, with literal arguments (others are not checkable)."""
    tree = ast.parse(source)
    templates = _imports_i18n(tree)
    out: list[Use] = []
    for call in ast.walk(tree):
        if not isinstance(call, ast.Call):
            continue
        func = call.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
        args = call.args
        at = f"{where}:{call.lineno}"

        def arg(i: int | None, args: list[ast.expr] = args) -> str | None:
            if i is None:
                return ""
            return _literal(args[i]) if i < len(args) else None

        if name == "Msg":
            context = _context(call)
            ident, plural = arg(0), arg(1) if len(args) > 1 else ""
            if ident is not None and plural is not None and context is not None:
                out.append(Use(at, context, ident, plural))
        elif name in GETTEXT and not (name == "_" and isinstance(func, ast.Attribute)):
            ctx_i, id_i, plural_i = GETTEXT[name]
            context, ident, plural = arg(ctx_i), arg(id_i), arg(plural_i)
            if ident is not None and context is not None and plural is not None:
                out.append(Use(at, context, ident, plural))
        elif name in TEMPLATES and templates and isinstance(func, ast.Attribute):
            if isinstance(func.value, (ast.Constant, ast.JoinedStr)) or (
                isinstance(func.value, ast.Name) and func.value.id == "str"
            ):
                continue  # str.format
            id_i, plural_i = TEMPLATES[name]
            context, ident, plural = _context(call), arg(id_i), arg(plural_i)
            if ident is not None and context is not None and plural is not None:
                out.append(Use(at, context, ident, plural))
    return out


def code_messages() -> list[Use]:
    uses: list[Use] = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE.parent).as_posix()
        uses += scan(path.read_text(encoding="utf-8"), rel)
    return uses


def test_scan_sees_each_documented_call_shape() -> None:
    source = """
from .i18n import Messages, Msg
A = Msg("a")
B = Msg("b", "bs", context="c1")
m.gettext("g"); gettext("g2"); _("u"); m.pgettext("c2", "p")
m.ngettext("n", "ns", k); m.npgettext("c3", "np", "nps", k)
m.format("f {x}", x=1); m.format("fc", context="c4"); m.parts("pp {name}")
m.nformat("nf", "nfs", k, context="c5")
"{} and {}".format("not", "messages"); str.format("{}", "neither"); format(3, "d")
m.gettext(variable); m.format(template, x=1)
"""
    found = {(u.context, u.id, u.plural) for u in scan(source, "x.py")}
    assert found == {
        ("", "a", ""), ("c1", "b", "bs"), ("", "g", ""), ("", "g2", ""), ("", "u", ""),
        ("c2", "p", ""), ("", "n", "ns"), ("c3", "np", "nps"), ("", "f {x}", ""),
        ("c4", "fc", ""), ("", "pp {name}", ""), ("c5", "nf", "nfs"),
    }  # fmt: skip
    # Without the import, .format("...") is str.format on a template (model.py's _CLOCK).
    assert scan('_CLOCK.format("s")', "model.py") == []
    assert [u.id for u in scan('from . import i18n\n_CLOCK.format("s")', "y.py")] == ["s"]


# -- catalogues -----------------------------------------------------------------------------


def _read(path: Path) -> Catalog:
    with path.open("rb") as f:
        return read_po(f, abort_invalid=True)


def _entries(catalog: Catalog) -> dict[Key, Any]:
    out = {}
    for m in catalog:
        if not m.id:
            continue
        ident = m.id[0] if isinstance(m.id, tuple) else m.id
        out[(m.context or "", ident)] = m
    return out


def _plural(m: Any) -> str:
    return m.id[1] if isinstance(m.id, tuple) else ""


@pytest.fixture(scope="module")
def template() -> dict[Key, Any]:
    return _entries(_read(LOCALE / "confnotes.pot"))


@pytest.fixture(scope="module", params=LANGUAGES)
def shipped(request: pytest.FixtureRequest) -> tuple[str, Catalog]:
    name: str = request.param
    return name, _read(LOCALE / name / "LC_MESSAGES" / "confnotes.po")


def test_dutch_and_german_ship() -> None:
    assert {"nl", "de"} <= set(LANGUAGES)


def test_every_message_in_the_code_is_in_the_template_and_every_catalogue(
    template: dict[Key, Any],
) -> None:
    uses = code_messages()
    # The finder's labels and the kind/status tables at least.
    assert len({u.key for u in uses}) >= len({(m.context, m.id) for m in FINDER_LABELS.values()})
    catalogues = {
        n: _entries(_read(LOCALE / n / "LC_MESSAGES" / "confnotes.po")) for n in LANGUAGES
    }
    problems = []
    for use in uses:
        entry = template.get(use.key)
        if entry is None:
            problems.append(f"{use.where}: {use.key} is not in confnotes.pot")
            continue
        if _plural(entry) != use.plural:
            problems.append(f"{use.where}: {use.key} plural {use.plural!r} != {_plural(entry)!r}")
        for name, entries in catalogues.items():
            if use.key not in entries:
                problems.append(f"{use.where}: {use.key} is not in {name}/confnotes.po")
    assert not problems, "\n".join(problems)


def test_catalogue_has_the_templates_messages_translated(
    template: dict[Key, Any], shipped: tuple[str, Catalog]
) -> None:
    name, catalog = shipped
    entries = _entries(catalog)
    assert set(entries) == set(template), (
        f"missing: {set(template) - set(entries)}; stale: {set(entries) - set(template)}"
    )
    assert str(catalog.locale) == name
    assert "nplurals=" in catalog.plural_forms
    for key, m in entries.items():
        assert not m.fuzzy, key
        assert _plural(m) == _plural(template[key]), key
        forms = m.string if isinstance(m.string, tuple) else (m.string,)
        assert all(f.strip() for f in forms), f"{name}: {key} is not translated"
        if _plural(m):
            assert len(forms) == catalog.num_plurals, key


def _fields_ok(text: str) -> bool:
    try:
        parsed = list(__import__("string").Formatter().parse(text))
    except ValueError:
        return False
    return all(f is None or (f.isidentifier() and not spec and not conv)
               for _, f, spec, conv in parsed)  # fmt: skip


def test_placeholders_match(template: dict[Key, Any], shipped: tuple[str, Catalog]) -> None:
    """Fields are plain names; a translation has its id's fields. In a plural
    message the first form may leave out what the English singular leaves out
    (``{n}`` in 'the most mentioned tool'); every other form has the plural's."""
    name, catalog = shipped
    for key, t in template.items():
        assert _fields_ok(t.id[0] if isinstance(t.id, tuple) else t.id), key
        if _plural(t):
            assert _fields_ok(_plural(t)), key
    for key, m in _entries(catalog).items():
        if _plural(m):
            singular, plural = template_fields(m.id[0]), template_fields(m.id[1])
            allowed = singular | plural
            for i, form in enumerate(m.string):
                assert _fields_ok(form), (name, key, form)
                needed = singular if i == 0 and catalog.num_plurals > 1 else plural
                assert needed <= template_fields(form) <= allowed, (name, key, form)
        else:
            assert _fields_ok(m.string), (name, key)
            assert template_fields(m.string) == template_fields(m.id), (name, key, m.string)


def test_template_flags_brace_fields(template: dict[Key, Any]) -> None:
    # python-brace-format lets msgfmt -c, Poedit and Weblate check the fields.
    for key, m in template.items():
        text = "".join(m.id) if isinstance(m.id, tuple) else m.id
        assert ("python-brace-format" in m.flags) == bool(template_fields(text)), key


# -- languages --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("asked", "language", "locale"),
    [
        ("nl", "nl", "nl"),
        ("nl-BE", "nl", "nl_BE"),
        ("nl_BE", "nl", "nl_BE"),
        ("NL", "nl", "nl"),
        ("de-DE", "de", "de_DE"),
        ("de_AT", "de", "de_AT"),
        ("fr", "en", "en"),
        ("pt_BR", "en", "en"),
        ("en-GB", "en", "en_GB"),
        ("", "en", "en"),
        ("sr@latin", "en", "en"),
        ("??", "en", "en"),
    ],
)
def test_language_resolves_to_best_catalogue(asked: str, language: str, locale: str) -> None:
    m = messages(asked)
    assert (m.language, m.locale) == (language, locale)


@pytest.fixture
def own_catalogues(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A locale directory of the test's own, instead of the package's."""

    def clear() -> None:
        for f in (i18n.available_languages, i18n.messages, i18n._catalogue_messages):
            f.cache_clear()

    monkeypatch.setattr(i18n, "_locale_root", lambda: tmp_path)
    clear()
    yield tmp_path
    monkeypatch.undo()
    clear()


def _po(root: Path, name: str, body: str, plural: str = "nplurals=2; plural=(n != 1);") -> None:
    path = root / name / "LC_MESSAGES" / "confnotes.po"
    path.parent.mkdir(parents=True)
    header = (
        'msgid ""\nmsgstr ""\n'
        f'"Language: {name}\\n"\n"Plural-Forms: {plural}\\n"\n'
        '"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    )
    path.write_text(header + body, encoding="utf-8")


def test_most_specific_catalogue_wins(own_catalogues: Path) -> None:
    _po(own_catalogues, "nl", 'msgid "Year"\nmsgstr "Jaar"\n\nmsgid "Room"\nmsgstr "Zaal"\n')
    _po(own_catalogues, "nl_BE", 'msgid "Year"\nmsgstr "Jaar (BE)"\n')
    assert i18n.available_languages() == ("nl", "nl_BE")
    be = messages("nl-BE")
    assert (be.language, be.locale, be.gettext("Year")) == ("nl-BE", "nl_BE", "Jaar (BE)")
    assert be.gettext("Room") == "Room"  # no chaining: a catalogue is complete or English
    assert messages("nl").gettext("Year") == "Jaar"


def test_bad_translations_fall_back_to_english(own_catalogues: Path) -> None:
    _po(
        own_catalogues,
        "fy",
        'msgid "by {authors}"\nmsgstr "van {auteurs}"\n\n'
        'msgid "{n} talk"\nmsgid_plural "{n} talks"\nmsgstr[0] "{n} ding"\nmsgstr[1] ""\n\n'
        '#, fuzzy\nmsgid "Year"\nmsgstr "Jaar"\n\n'
        'msgid "package {name}"\nmsgstr "pakket {name"\n',
    )
    m = messages("fy")
    assert m.language == "fy"
    assert m.format("by {authors}", authors="Ann") == "by Ann"  # a field the code does not give
    assert m.nformat("{n} talk", "{n} talks", 3) == "3 talks"  # a half-translated plural
    assert m.gettext("Year") == "Year" and not m.translated("Year")  # fuzzy
    assert m.parts("package {name}") == ["package ", "name", ""]  # a malformed template
    # A catalogue that does not parse: English.
    _po(own_catalogues, "af", 'msgid "Year"\nmsgstr "a" "b\n')
    assert messages("af").language == "en"
    # A language Babel does not know: English.
    _po(own_catalogues, "qq", 'msgid "Year"\nmsgstr "Qear"\n')
    assert messages("qq").language == "en"


def test_messages_api() -> None:
    nl, de, en = messages("nl"), messages("de"), messages("en")
    assert nl.pgettext("talk status", "Cancelled") == "Geannuleerd"
    assert de.text(STATUS_LABELS["cancelled"]) == "Abgesagt"
    assert nl.text(KIND_LABELS["talk"]) == "Lezing"
    assert nl.format("times in {timezone}", timezone="Europe/Amsterdam") == (
        "tijden in Europe/Amsterdam"
    )
    assert nl.nformat("{n} talk", "{n} talks", 1) == "1 lezing"
    assert de.nformat("{n} talk", "{n} talks", 4000) == "4.000 Vorträge"
    assert en.nformat("{n} talk", "{n} talks", 4000) == "4,000 talks"
    assert de.text(FINDER_LABELS["talks_shown"], 14, shown=3, total=14) == "3 von 14 Vorträgen"
    assert nl.parts("package {name}") == ["pakket ", "name", ""]
    assert en.parts("by {authors}") == ["by ", "authors", ""]
    assert nl.join(["Ann", "Bo", "Cy"]) == "Ann, Bo en Cy"
    assert en.join([]) == ""
    assert nl.translated("By category") and not nl.translated("Never a message")
    assert nl.format("by {authors}", authors="{n}") == "door {n}"  # values are not templates


# -- dates, times, names -----------------------------------------------------------------------

JULY_24, JULY_25 = dt.date(2020, 7, 24), dt.date(2020, 7, 25)


@pytest.mark.parametrize(
    ("language", "day", "span", "across_months", "across_years"),
    [
        ("nl", "vrijdag 24 juli 2020", "24–25 juli 2020",
         "30 september\u2009–\u20092 oktober 2023", "30 december 2023\u2009–\u20092 januari 2024"),
        ("de", "Freitag, 24. Juli 2020", "24.–25. Juli 2020",
         "30. September\u2009–\u20092. Oktober 2023", "30. Dezember 2023\u2009–\u20092. Januar 2024"),
        ("en", "Friday, July 24, 2020", "July 24\u2009–\u200925, 2020",
         "September 30\u2009–\u2009October 2, 2023", "December 30, 2023\u2009–\u2009January 2, 2024"),
    ],
)  # fmt: skip
def test_days_as_readers_write_them(
    language: str, day: str, span: str, across_months: str, across_years: str
) -> None:
    assert format_day(JULY_24, language) == day
    assert format_days(JULY_24, JULY_24, language) == day
    assert format_days(JULY_24, JULY_25, language) == span
    assert format_days(JULY_25, JULY_24, language) == span
    assert format_days(dt.date(2023, 9, 30), dt.date(2023, 10, 2), language) == across_months
    assert format_days(dt.date(2023, 12, 30), dt.date(2024, 1, 2), language) == across_years
    assert messages(language).days(JULY_24, JULY_25) == span


def test_day_without_weekday() -> None:
    assert format_day(JULY_24, "nl", weekday=False) == "24 juli 2020"
    assert format_day(JULY_24, "de-DE", weekday=False) == "24. Juli 2020"
    assert format_day(JULY_24, "not a language", weekday=False) == "July 24, 2020"


def test_times_as_the_locale_writes_them() -> None:
    afternoon = dt.time(14, 30)
    assert format_time(afternoon, "nl") == "14:30"
    assert format_time(afternoon, "de") == "14:30"
    assert format_time(afternoon, "en") == "2:30\u202fPM"
    assert format_time(dt.time(9, 5), "en-GB") == "09:05"
    aware = dt.datetime(2023, 9, 14, 9, 30, tzinfo=zoneinfo.ZoneInfo("Europe/Amsterdam"))
    assert format_time(aware, "nl") == "09:30"  # its own clock, not UTC's


def test_names() -> None:
    assert language_name("nl", "nl") == "Nederlands"
    assert language_name("nl", "en") == "Dutch"
    assert language_name("nl", "de") == "Niederländisch"
    assert language_name("en", "nl-BE") == "Engels"
    assert language_name("pt-BR", "en") == "Portuguese (Brazil)"
    assert language_name("qqq", "en") == "qqq"
    assert messages("de").language_name("nl") == "Niederländisch"
    assert timezone_name("Europe/Amsterdam", "nl") == "Midden-Europese tijd"
    assert timezone_name("Europe/Amsterdam", "de") == "Mitteleuropäische Zeit"
    assert timezone_name("Not/AZone", "de") == "Not/AZone"


# -- the finder script's labels ----------------------------------------------------------------


def _js_defaults() -> dict[str, Any]:
    text = FINDER_JS.read_text(encoding="utf-8")
    block = re.search(
        r"// BEGIN LABELS[^\n]*\n\s*var EN = (\{.*?\});\n\s*// END LABELS", text, re.S
    )
    assert block, "the English labels block of confnotes-finder.js"
    data: dict[str, Any] = json.loads(block.group(1))
    return data


def test_finder_script_defaults_are_the_english_labels() -> None:
    assert _js_defaults() == finder_labels(messages("en"))


@pytest.mark.parametrize("language", ["en", *LANGUAGES])
def test_finder_labels_keys_and_plural_forms(language: str) -> None:
    m = messages(language)
    labels = finder_labels(m)
    assert labels.keys() == _js_defaults().keys() == {"lang", *FINDER_LABELS}
    assert labels["lang"] == m.language
    samples = i18n.plural_samples(m.language)
    rule = Locale.parse(m.language.replace("-", "_")).plural_form
    for key, msg in FINDER_LABELS.items():
        if not msg.plural:
            assert isinstance(labels[key], str), key
            continue
        forms = labels[key]
        assert "other" in forms and set(forms) <= set(samples) | {"other"}, key
        # The script picks a form by Intl.PluralRules' category: the same text
        # Python's gettext gives for every count.
        for n in range(0, 250):
            assert forms[rule(n)] == m.npgettext(msg.context, msg.id, msg.plural, n), (key, n)


def test_finder_script_asks_only_for_known_labels() -> None:
    from confnotes.model import KINDS
    from confnotes.outputs.finder import FACETS

    text = FINDER_JS.read_text(encoding="utf-8")
    keys = set(_js_defaults())
    literal = set(re.findall(r'\b(?:text|counted)\("([\w.]+)"[,)]', text))
    assert literal and literal <= keys, literal - keys
    dynamic = {f"facet.{f}" for f in FACETS} | {"with_video", "with_slides"}
    dynamic |= {f"kind.{k}" for k in KINDS} | {f"status.{s}" for s in STATUS_LABELS}
    assert dynamic <= keys, dynamic - keys


def test_label_tables_cover_the_model() -> None:
    from confnotes.directives import STATUSES
    from confnotes.model import KINDS

    assert set(KIND_LABELS) == set(KINDS)
    assert set(STATUS_LABELS) == {"scheduled", *STATUSES.values()}
    assert all(isinstance(m, Msg) for m in FINDER_LABELS.values())
