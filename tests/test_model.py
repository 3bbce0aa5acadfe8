"""The pure parsing rules in confnotes.model: times, dates, zones, URLs, text, ids."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from zoneinfo import available_timezones

import pytest
from confnotes.model import (
    InputError,
    TalkTime,
    check_url,
    clean_text,
    parse_date_range,
    parse_talk_time,
    slug,
    split_list,
    zone,
)
from hypothesis import assume, example, given
from hypothesis import strategies as st

T = dt.time


def mostly(
    near: st.SearchStrategy[str], anything: st.SearchStrategy[str]
) -> st.SearchStrategy[str]:
    """Three examples in four from ``near`` (written like the real thing, often
    valid), one from ``anything``: the checks on an accepted value run for most
    examples, and every example checks that only InputError is raised."""
    return st.sampled_from([near, near, near, anything]).flatmap(lambda part: part)


# Written like times, dates and links: mostly right, sometimes slightly wrong.
def _clock(h: int, m: int, sep: str) -> str:
    return f"{h}{sep}{m:02d}"


# (Hypothesis favours the ends of a range: out-of-range values come from ``anything``.)
CLOCK_LIKE = st.builds(_clock, st.integers(0, 23), st.integers(0, 59), st.sampled_from(":.h"))
TIME_LIKE = st.builds(
    lambda pad, start, tail: f"{pad}{start}{tail}{pad}",
    st.sampled_from(["", " "]),
    CLOCK_LIKE,
    st.one_of(
        st.just(""),
        st.builds(
            lambda sep, end: f"{sep}{end}",
            st.sampled_from(["-", " - ", "\u2013", " to "]),
            CLOCK_LIKE,
        ),
        st.builds(
            lambda sep, n, unit: f"{sep}{n}{unit}",
            st.sampled_from(["+", " + "]),
            st.integers(1, 300),
            st.sampled_from(["m", "min", "h", "", " m", "h30m"]),
        ),
    ),
)
DAY_LIKE = st.builds(
    lambda y, m, d: f"{y:04d}-{m:02d}-{d:02d}",
    st.integers(1, 9999),
    st.integers(1, 12),
    st.integers(1, 30),
)
DATE_LIKE = st.one_of(
    DAY_LIKE,
    st.builds(
        lambda a, sep, b: f"{min(a, b)}{sep}{max(a, b)}",
        DAY_LIKE,
        st.sampled_from(["/", " / ", "..", "\u2013", " to "]),
        DAY_LIKE,
    ),
)
URL_LIKE = st.builds(
    lambda noise, scheme, host, rest: f"{noise}{scheme}{host}{rest}",
    st.sampled_from(["", "", "", "", " ", "\t", "\x00"]),
    st.sampled_from(["https://", "http://", "HTTPS://", "hTTp://", "\thttps://", "h\nttps://"]),
    st.sampled_from(["example.org", "ep2020.europython.eu", "x.org:80", "\x85x.org"]),
    st.sampled_from(["", "/", "/talks/x?a=1#f", "/\x07x", "/t/CXG7TcM-a/", "/\u202ex"]),
)


# -- parse_talk_time -------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "start", "end"),
    [
        ("7:00", T(7, 0), None),
        ("07:00", T(7, 0), None),
        (" 07:00 ", T(7, 0), None),
        ("7.00", T(7, 0), None),
        ("23:59", T(23, 59), None),
        ("00:00", T(0, 0), None),
        ("07:00-07:30", T(7, 0), T(7, 30)),
        ("07:00 - 07:30", T(7, 0), T(7, 30)),
        ("07:00\u201307:30", T(7, 0), T(7, 30)),  # en dash
        ("07:00 \u2013 07:30", T(7, 0), T(7, 30)),
        ("9:05-10:15", T(9, 5), T(10, 15)),
        ("07:00+30m", T(7, 0), T(7, 30)),
        ("07:00+1h", T(7, 0), T(8, 0)),
        ("07:00+1h30m", T(7, 0), T(8, 30)),
        ("07:00+45min", T(7, 0), T(7, 45)),
        ("07:00 + 45min", T(7, 0), T(7, 45)),
        ("22:30+89m", T(22, 30), T(23, 59)),
    ],
)
def test_parse_talk_time_valid(written: str, start: dt.time, end: dt.time | None) -> None:
    parsed = parse_talk_time(written)
    assert parsed == TalkTime(start, end)


def test_talk_time_label() -> None:
    assert parse_talk_time("7:00").label == "07:00"
    assert parse_talk_time("7:00-7:30").label == "07:00\u201307:30"
    assert parse_talk_time("07:00+1h30m").label == "07:00\u201308:30"


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("25:99", "not a time of day"),
        ("24:00", "not a time of day"),
        ("07:60", "not a time of day"),
        ("7h", "expected HH:MM"),
        ("", "expected HH:MM"),
        ("   ", "expected HH:MM"),
        ("seven", "expected HH:MM"),
        ("07:00-06:00", "ends before it starts"),
        ("07:00-07:00", "ends before it starts"),
        ("07:00-25:00", "not a time of day"),
        ("07:00+0m", "between 1 minute and 24 hours"),
        ("07:00+0h0m", "between 1 minute and 24 hours"),
        ("07:00+24h", "between 1 minute and 24 hours"),
        ("07:00+h", "malformed duration"),
        ("07:00+", "expected HH:MM"),
        ("23:30+1h", "ends before it starts"),  # a card cannot cross midnight
        ("07:00-", "expected HH:MM"),
        ("07:00 08:00", "expected HH:MM"),
    ],
)
def test_parse_talk_time_malformed(written: str, message: str) -> None:
    with pytest.raises(InputError, match=re.escape(message)):
        parse_talk_time(written)


@pytest.mark.parametrize(
    ("written", "end"),
    [("07:00+30mins", T(7, 30)), ("07:00+30 minutes", T(7, 30)), ("07:00+1h 5 mins", T(8, 5))],
)
def test_parse_talk_time_long_minute_units(written: str, end: dt.time) -> None:
    assert parse_talk_time(written) == TalkTime(T(7, 0), end)


def test_parse_talk_time_error_quotes_the_input() -> None:
    with pytest.raises(InputError) as info:
        parse_talk_time("25:99")
    assert "'25:99'" in str(info.value)


@given(mostly(TIME_LIKE, st.text(max_size=40)))
@example("07:00+99999999999999999999999h")
@example("\u0667:\u0660\u0660")  # Arabic-Indic digits match \d
@example("07:00+1h1h")
@example("07:00+ m")
def test_parse_talk_time_only_raises_input_error(value: str) -> None:
    try:
        result = parse_talk_time(value)
    except InputError:
        result = None
    assume(result is not None)  # refused with InputError: checked; the rest is about results
    assert isinstance(result, TalkTime)
    assert result.end is None or result.end > result.start


@given(
    st.integers(0, 23),
    st.integers(0, 59),
    st.sampled_from(["", "-", "\u2013", "+"]),
    st.integers(1, 600),
)
def test_parse_talk_time_round_trip(h: int, m: int, sep: str, minutes: int) -> None:
    start = T(h, m)
    end_dt = dt.datetime.combine(dt.date(2000, 1, 1), start) + dt.timedelta(minutes=minutes)
    if not sep:
        written, expected_end = f"{h}:{m:02d}", None
    elif sep == "+":
        written, expected_end = f"{h:02d}:{m:02d}+{minutes}m", end_dt.time()
    else:
        written, expected_end = f"{h:02d}:{m:02d}{sep}{end_dt:%H:%M}", end_dt.time()
    if expected_end is not None and end_dt.date() != dt.date(2000, 1, 1):
        with pytest.raises(InputError):
            parse_talk_time(written)
        return
    assert parse_talk_time(written) == TalkTime(start, expected_end)


# -- parse_date_range ----------------------------------------------------------------

D = dt.date


@pytest.mark.parametrize(
    ("written", "start", "end"),
    [
        ("2020-07-24", D(2020, 7, 24), D(2020, 7, 24)),
        (" 2020-07-24 ", D(2020, 7, 24), D(2020, 7, 24)),
        ("2020-07-23/2020-07-26", D(2020, 7, 23), D(2020, 7, 26)),
        ("2020-07-23..2020-07-26", D(2020, 7, 23), D(2020, 7, 26)),
        ("2020-07-23 / 2020-07-26", D(2020, 7, 23), D(2020, 7, 26)),
        ("2020-07-23\u20132020-07-26", D(2020, 7, 23), D(2020, 7, 26)),
        ("2020-07-24/2020-07-24", D(2020, 7, 24), D(2020, 7, 24)),
    ],
)
def test_parse_date_range_valid(written: str, start: dt.date, end: dt.date) -> None:
    assert parse_date_range(written) == (start, end)


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("2020-07-26/2020-07-23", "ends before it starts"),
        ("2020-13-01", "expected YYYY-MM-DD"),
        ("2020-02-30", "expected YYYY-MM-DD"),
        ("24/07/2020", "expected YYYY-MM-DD"),
        ("July 24, 2020", "expected YYYY-MM-DD"),
        ("", "expected YYYY-MM-DD"),
        ("2020-07-24/", "expected YYYY-MM-DD"),
        ("2020-07-24/tomorrow", "expected YYYY-MM-DD"),
    ],
)
def test_parse_date_range_malformed(written: str, message: str) -> None:
    with pytest.raises(InputError, match=re.escape(message)):
        parse_date_range(written)


@given(mostly(DATE_LIKE, st.text(max_size=30)))
def test_parse_date_range_only_raises_input_error(value: str) -> None:
    try:
        parsed = parse_date_range(value)
    except InputError:
        parsed = None
    assume(parsed is not None)  # refused with InputError: checked; the rest is about results
    start, end = parsed
    assert start <= end


# -- zone -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["Europe/London", "Europe/Amsterdam", "UTC", " Asia/Tokyo "])
def test_zone_valid(name: str) -> None:
    assert zone(name).key == name.strip()


def test_zone_offset_is_real() -> None:
    # 07:00 in London in July is 06:00 UTC (BST).
    when = dt.datetime(2020, 7, 24, 7, 0, tzinfo=zone("Europe/London"))
    assert when.utcoffset() == dt.timedelta(hours=1)


@pytest.mark.parametrize(
    "name", ["Mars/Olympus_Mons", "", "Europe", "europe/london", "../../etc/passwd", "BST+1"]
)
def test_zone_unknown(name: str) -> None:
    with pytest.raises(InputError, match="unknown timezone"):
        zone(name)


@given(mostly(st.sampled_from(sorted(available_timezones())), st.text(max_size=30)))
def test_zone_only_raises_input_error(name: str) -> None:
    try:
        found = zone(name)
    except InputError:
        found = None
    assume(found is not None)  # refused with InputError: checked; the rest is about results
    assert found.key == name.strip()


# -- check_url ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "https://ep2020.europython.eu/",
        "http://example.org",
        "https://ep2020.europython.eu/talks/CXG7TcM-automating/?a=1#frag",
        "HTTPS://EXAMPLE.ORG/",
    ],
)
def test_check_url_accepts_http_and_https(url: str) -> None:
    assert check_url(url) == url


def test_check_url_trims_whitespace() -> None:
    assert check_url("  https://example.org/x \n") == "https://example.org/x"


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "java\nscript:alert(1)",
        "\x01javascript:alert(1)",
        "javascript://example.org/%0aalert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
        "ftp://example.org/x",
        "/talks/x",
        "talks/x",
        "#frag",
        "//example.org/x",
        "ep2020.europython.eu/x",
        "http://",
        "https://",
        "https:example.org",
        "https:/example.org",
        "https:\\\\example.org",
        "mailto:someone@example.org",
        "",
    ],
)
def test_check_url_rejects(url: str) -> None:
    with pytest.raises(InputError, match="not an absolute http"):
        check_url(url)


def _browser_scheme(url: str) -> str | None:
    """The scheme a WHATWG URL parser would see, or None for a relative URL."""
    url = url.strip("".join(chr(c) for c in range(0x21)))
    url = re.sub("[\t\n\r]", "", url)
    match = re.match(r"([A-Za-z][A-Za-z0-9+.\-]*):", url)
    return match.group(1).lower() if match else None


@given(mostly(URL_LIKE, st.text(max_size=60)))
@example("java\tscript:alert(1)")
@example("\x00https://example.org")
@example("https\t://example.org")
@example("h\nttps://x.org")
def test_check_url_only_returns_http_urls(value: str) -> None:
    try:
        url = check_url(value)
    except InputError:
        url = None
    assume(url is not None)  # refused with InputError: checked; the rest is about results
    assert _browser_scheme(url) in {"http", "https"}
    assert url.split(":", 1)[0].lower() in {"http", "https"}
    assert not re.search(r"[\x00-\x20\x7f-\x9f]", url)


@given(
    st.sampled_from(["javascript", "JAVASCRIPT", "data", "vbscript", "file", "about"]),
    st.text(alphabet=" \t\n\r\x00\x0b\x0c", max_size=3),
    st.text(max_size=20),
)
def test_check_url_rejects_dangerous_schemes_with_noise(scheme: str, noise: str, rest: str) -> None:
    with pytest.raises(InputError):
        check_url(noise + scheme + ":" + "//example.org/" + rest)


# -- clean_text ------------------------------------------------------------------------


def test_clean_text_removes_control_characters_and_reports_it() -> None:
    assert clean_text("Tips\x07 for\x00 Data\x1b Cleaning\x7f\x85") == (
        "Tips for Data Cleaning",
        True,
    )


def test_clean_text_clean_input_is_not_reported() -> None:
    assert clean_text("Tips for Data Cleaning") == ("Tips for Data Cleaning", False)


def test_clean_text_collapses_whitespace_without_reporting() -> None:
    assert clean_text("  Tips \t for\n\n Data  ") == ("Tips for Data", False)


def test_clean_text_normalises_to_nfc() -> None:
    decomposed = "Cafe\u0301"
    text, dirty = clean_text(decomposed)
    assert text == "Caf\u00e9"
    assert unicodedata.is_normalized("NFC", text)
    assert not dirty
    assert clean_text("Caf\u00e9") == clean_text(decomposed)


@pytest.mark.parametrize(
    "value",
    [
        "\u05e9\u05dc\u05d5\u05dd world",  # Hebrew (RTL)
        "\u202bmixed\u202c direction",  # RLE ... PDF bidi marks
        "\u200fright-to-left mark",
        "a\u0303\u0304 stacked",  # combining marks without a precomposed form
        "\u0645\u0631\u062d\u0628\u0627",  # Arabic
    ],
)
def test_clean_text_keeps_rtl_and_combining(value: str) -> None:
    text, dirty = clean_text(value)
    assert text == unicodedata.normalize("NFC", value)
    assert not dirty


@given(st.text(max_size=50))
def test_clean_text_properties(value: str) -> None:
    text, dirty = clean_text(value)
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", text)
    assert text == text.strip()
    assert "  " not in text
    assert clean_text(text) == (text, False)  # idempotent
    if not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", value):
        assert not dirty


# -- slug and split_list -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("EuroPython 2020", "europython-2020"),
        ("PyData Amsterdam 2023", "pydata-amsterdam-2023"),
        (
            "EuroPython 2020 Automating machine learning workflow with DVC",
            "europython-2020-automating-machine-learning-workflow-with-dvc",
        ),
        ("Café Ünïcode", "cafe-unicode"),
        ("Cafe\u0301", "cafe"),
        ("Señor Müller — über Python!", "senor-muller-uber-python"),
        ("  Tips  for   Data Cleaning  ", "tips-for-data-cleaning"),
        ("What's new in 3.13?", "what-s-new-in-3-13"),
    ],
)
def test_slug(text: str, expected: str) -> None:
    assert slug(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Łódź 2024", "lodz-2024"), ("Straße", "strasse"), ("Ørsted", "orsted")],
)
def test_slug_transliterates_letters_without_decomposition(text: str, expected: str) -> None:
    assert slug(text) == expected


@given(st.text(max_size=40))
def test_slug_is_a_valid_anchor(text: str) -> None:
    result = slug(text)
    assert re.fullmatch(r"([a-z][a-z0-9]*(-[a-z0-9]+)*)?", result)
    assert slug(result) == result


@pytest.mark.parametrize(
    ("value", "separators", "expected"),
    [
        ("Victoriya Fedotova; Frank Schlimbach", ";", ("Victoriya Fedotova", "Frank Schlimbach")),
        ("Hongjoo Lee", ";", ("Hongjoo Lee",)),
        ("A;;  ; B ;", ";", ("A", "B")),
        ("  Jane   Doe ; John\tRoe", ";", ("Jane Doe", "John Roe")),
        ("", ";", ()),
        ("python; data science, conference", ";,", ("python", "data science", "conference")),
        ("Smith, Jr.; Doe", ";", ("Smith, Jr.", "Doe")),  # ',' is no separator for names
        ("a-b; c]d", ";", ("a-b", "c]d")),
        ("a]b-c", "]-", ("a", "b", "c")),  # separators are escaped in the character class
    ],
)
def test_split_list(value: str, separators: str, expected: tuple[str, ...]) -> None:
    assert split_list(value, separators) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("\u202eevil", "\u202eevil\u202c"),
        ("\u2067rtl", "\u2067rtl\u2069"),
        ("\u202ea\u202c b", "\u202ea\u202c b"),
        ("\u202b\u202ex", "\u202b\u202ex\u202c\u202c"),
        ("plain", "plain"),
    ],
)
def test_clean_text_closes_bidi_overrides(text: str, expected: str) -> None:
    assert clean_text(text)[0] == expected
