"""Nanosecond timestamps and durations as text, with integer arithmetic only.

The service sends 19-digit integers (more than a float can hold exactly), so no value here
ever passes through a float. ``0`` and ``None`` mean "not started" / "not ended".
"""

import re
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from typing import TypeGuard

Clock = Callable[[], int]
"""Returns "now" in integer nanoseconds since the epoch; injected so tests can freeze it."""

system_clock: Clock = time.time_ns

NS_PER_US = 1_000
NS_PER_MS = 1_000_000
NS_PER_S = 1_000_000_000
NS_PER_MIN = 60 * NS_PER_S
NS_PER_HOUR = 60 * NS_PER_MIN
NS_PER_DAY = 24 * NS_PER_HOUR


def is_set(ns: int | None) -> TypeGuard[int]:
    """A timestamp counts only when positive: ``0``/``None`` mean not started or not ended."""
    return ns is not None and ns > 0


# datetime covers years 1..9999; a timestamp beyond that is shown as unreadable, not raised.
_LATEST_NS = 253_402_300_799 * NS_PER_S
OUT_OF_RANGE = "?"


def is_displayable(ns: int) -> bool:
    """Whether a timestamp falls in the years a calendar date can be shown for (1970..9999)."""
    return 0 < ns <= _LATEST_NS


def ns_to_datetime(ns: int, tz: tzinfo = UTC) -> datetime:
    """An aware datetime (microsecond precision, truncated) for a nanosecond timestamp."""
    seconds, remainder = divmod(ns, NS_PER_S)
    moment = datetime(1970, 1, 1, tzinfo=UTC) + timedelta(
        seconds=seconds, microseconds=remainder // NS_PER_US
    )
    return moment.astimezone(tz)


def _zone(utc: bool, tz: tzinfo | None) -> tzinfo:
    if utc:
        return UTC
    if tz is not None:
        return tz
    return _local_zone()


_LOCAL_ZONE_TTL_NS = NS_PER_MIN
_local: tuple[int, tzinfo] | None = None


def _local_zone() -> tzinfo:
    """The local zone as it is now, looked up again at most once a minute (so a change of
    offset, e.g. daylight saving time, shows within a minute). The lookup asks the C
    library, which reads the system's zone file each time: a timeline formats dozens of
    times per draw (benchmarks/RESULTS.md, row 9)."""
    global _local
    now = time.monotonic_ns()
    if _local is None or now - _local[0] >= _LOCAL_ZONE_TTL_NS:
        zone = datetime.now().astimezone().tzinfo
        _local = (now, zone if zone is not None else UTC)
    return _local[1]


def format_timestamp(
    ns: int | None, *, utc: bool = False, tz: tzinfo | None = None, missing: str = "-"
) -> str:
    """A wall-clock time to the second, UTC marked with ``Z``; ``missing`` when not set."""
    if ns is None or not is_set(ns):
        return missing
    if not is_displayable(ns):
        return OUT_OF_RANGE
    moment = ns_to_datetime(ns, _zone(utc, tz))
    suffix = "Z" if utc else ""
    return f"{moment:%Y-%m-%d %H:%M:%S}{suffix}"


def format_clock_time(ns: int | None, *, utc: bool = False, tz: tzinfo | None = None) -> str:
    """Time of day only (``09:17:18``), for compact timelines; ``-`` when not set."""
    if ns is None or not is_set(ns):
        return "-"
    if not is_displayable(ns):
        return OUT_OF_RANGE
    moment = ns_to_datetime(ns, _zone(utc, tz))
    return f"{moment:%H:%M:%S}"


def duration_ns(start: int | None, end: int | None, now: int) -> int | None:
    """End minus start, or now minus start while running; ``None`` if never started.
    An end before its start (clock skew on the server) counts as zero, not negative."""
    if start is None or not is_set(start):
        return None
    stop = end if end is not None and is_set(end) else now
    return max(0, stop - start)


def format_duration(ns: int | None, *, missing: str = "-") -> str:
    """Compact duration: ``850ms``, ``12.3s``, ``4m05s``, ``2h03m``, ``3d04h``."""
    if ns is None:
        return missing
    ns = max(0, ns)
    if ns < NS_PER_S:
        return f"{ns // NS_PER_MS}ms"
    if ns < NS_PER_MIN:
        tenths = ns // (NS_PER_S // 10)
        return f"{tenths // 10}.{tenths % 10}s"
    if ns < NS_PER_HOUR:
        minutes, rest = divmod(ns, NS_PER_MIN)
        return f"{minutes}m{rest // NS_PER_S:02d}s"
    if ns < NS_PER_DAY:
        hours, rest = divmod(ns, NS_PER_HOUR)
        return f"{hours}h{rest // NS_PER_MIN:02d}m"
    days, rest = divmod(ns, NS_PER_DAY)
    return f"{days}d{rest // NS_PER_HOUR:02d}h"


def format_age(ns: int | None, now: int, *, missing: str = "-", just_now: str = "just now") -> str:
    """How long ago: ``just now``, ``3s ago``, ``5m ago``, ``2h ago``, ``4d ago``.
    A time in the future (clock skew) reads ``in 3s``, never a negative age. ``just_now``
    is said under a second (``0s ago`` where "just now" would read as fresh)."""
    if ns is None or not is_set(ns):
        return missing
    delta = now - ns
    if -NS_PER_S < delta < NS_PER_S:
        return just_now
    amount = _coarse(abs(delta))
    return f"{amount} ago" if delta > 0 else f"in {amount}"


def _coarse(ns: int) -> str:
    for unit, size in (("d", NS_PER_DAY), ("h", NS_PER_HOUR), ("m", NS_PER_MIN)):
        if ns >= size:
            return f"{ns // size}{unit}"
    return f"{ns // NS_PER_S}s"


_ISO_PATTERN = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9})\d*)?"
    r"\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?"
)


def parse_iso_ns(text: str) -> int:
    """An ISO-8601 date-time (e.g. IAM's ``expires_at``) as integer nanoseconds since the
    epoch; no offset means UTC. Raises ``ValueError`` when the text is not one."""
    match = _ISO_PATTERN.fullmatch(text.strip())
    if match is None:
        raise ValueError(f"not an ISO-8601 date-time: {text[:40]!r}")
    year, month, day, hour, minute, second = (int(part) for part in match.groups()[:6])
    fraction, zone = match.group(7), match.group(8)
    offset = timedelta(0)
    if zone and zone not in ("Z", "z"):
        sign = -1 if zone[0] == "-" else 1
        digits = zone[1:].replace(":", "")
        offset = sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:] or 0))
    moment = datetime(year, month, day, hour, minute, second, tzinfo=timezone(offset))
    whole = moment - datetime(1970, 1, 1, tzinfo=UTC)
    seconds = whole.days * 86_400 + whole.seconds
    return seconds * NS_PER_S + int((fraction or "0").ljust(9, "0"))
