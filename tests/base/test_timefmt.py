"""Nanosecond timestamps and durations as text, exact to the digit, in UTC or a given zone."""

from datetime import timedelta, timezone

import pytest

from bcs_tui.base.timefmt import (
    NS_PER_DAY,
    NS_PER_HOUR,
    NS_PER_MIN,
    NS_PER_MS,
    NS_PER_S,
    duration_ns,
    format_age,
    format_clock_time,
    format_duration,
    format_timestamp,
    is_set,
    ns_to_datetime,
    parse_iso_ns,
)

BIG_NS = 1618219038464462600
TOKYO = timezone(timedelta(hours=9))
NEW_YORK = timezone(timedelta(hours=-5))


def test_datetime_conversion_truncates_to_microseconds() -> None:
    moment = ns_to_datetime(BIG_NS)
    assert (moment.second, moment.microsecond) == (18, 464462)


def test_wall_clock_timestamps_utc_and_local() -> None:
    assert format_timestamp(BIG_NS, utc=True) == "2021-04-12 09:17:18Z"
    assert format_timestamp(BIG_NS, tz=NEW_YORK) == "2021-04-12 04:17:18"
    assert format_timestamp(BIG_NS, tz=TOKYO) == "2021-04-12 18:17:18"
    assert format_clock_time(BIG_NS, tz=TOKYO) == "18:17:18"
    assert format_clock_time(BIG_NS, utc=True) == "09:17:18"


@pytest.mark.parametrize("ns", [0, None, -5])
def test_unset_timestamps(ns: int | None) -> None:
    assert not is_set(ns)
    assert format_timestamp(ns) == "-"
    assert format_timestamp(ns, missing="never") == "never"
    assert format_clock_time(ns) == "-"


def test_durations() -> None:
    start = BIG_NS
    assert duration_ns(start, start + 5 * NS_PER_S, now=0) == 5 * NS_PER_S
    assert duration_ns(start, 0, now=start + NS_PER_MIN) == NS_PER_MIN  # still running
    assert duration_ns(start, None, now=start + 1) == 1
    assert duration_ns(0, start, now=start) is None  # never started
    assert duration_ns(start, start - NS_PER_S, now=start) == 0  # server clock skew


@pytest.mark.parametrize(
    ("ns", "text"),
    [
        (None, "-"),
        (0, "0ms"),
        (-3, "0ms"),
        (850 * NS_PER_MS, "850ms"),
        (NS_PER_S - 1, "999ms"),
        (12 * NS_PER_S + 399 * NS_PER_MS, "12.3s"),
        (59 * NS_PER_S + 999 * NS_PER_MS, "59.9s"),
        (4 * NS_PER_MIN + 5 * NS_PER_S, "4m05s"),
        (2 * NS_PER_HOUR + 3 * NS_PER_MIN + 59 * NS_PER_S, "2h03m"),
        (3 * NS_PER_DAY + 4 * NS_PER_HOUR, "3d04h"),
    ],
)
def test_format_duration(ns: int | None, text: str) -> None:
    assert format_duration(ns) == text


@pytest.mark.parametrize(
    ("delta", "text"),
    [
        (0, "just now"),
        (NS_PER_S - 1, "just now"),
        (3 * NS_PER_S, "3s ago"),
        (5 * NS_PER_MIN + 30 * NS_PER_S, "5m ago"),
        (2 * NS_PER_HOUR, "2h ago"),
        (4 * NS_PER_DAY + NS_PER_HOUR, "4d ago"),
        (-3 * NS_PER_S, "in 3s"),
    ],
)
def test_format_age(delta: int, text: str) -> None:
    assert format_age(BIG_NS, BIG_NS + delta) == text


def test_age_of_unset_time() -> None:
    assert format_age(0, BIG_NS) == "-"
    assert format_age(None, BIG_NS, missing="?") == "?"


@pytest.mark.parametrize(
    ("text", "ns"),
    [
        ("2021-04-12T09:17:18.464462600Z", BIG_NS),
        ("2021-04-12T09:17:18.464462Z", BIG_NS - 600),
        ("2021-04-12T09:17:18Z", BIG_NS - 464462600),
        ("2021-04-12T18:17:18.4644626+09:00", BIG_NS),
        ("2021-04-12T04:17:18.464462600-0500", BIG_NS),
        ("2021-04-12 09:17:18.464462600", BIG_NS),  # no offset: UTC
    ],
)
def test_parse_iso_ns(text: str, ns: int) -> None:
    assert parse_iso_ns(text) == ns


@pytest.mark.parametrize("text", ["", "tomorrow", "2021-13-01T00:00:00Z", "2021-04-12"])
def test_parse_iso_ns_refuses_non_dates(text: str) -> None:
    with pytest.raises(ValueError):
        parse_iso_ns(text)
