"""The command line's side of the local history: ``bcs-tui history`` (list, ``prune``), and
what ``records`` and ``watch`` store of what they see.

``history`` reads only the local file: it needs no credentials and asks no server. A store
warning (corrupt file moved aside, read-only or full disk) goes to stderr once and never
changes an exit code: history is a by-product, never the command's point."""

from __future__ import annotations

import argparse
import datetime
import json
import re
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from bcs_tui.base.safe_text import safe_text

if TYPE_CHECKING:
    from bcs_tui.api.models import OperationRecord
    from bcs_tui.config import FlagValues
    from bcs_tui.core.stored_operation import StoredOperation
    from bcs_tui.history.store import HistoryStore

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def since_date(text: str) -> datetime.date:
    """``--since YYYY-MM-DD``: a real calendar date whose start (UTC or local: ``--utc`` may
    come after it) nanosecond times can reach, or argparse's usage error (exit 2)."""
    from bcs_tui.history.sqlite_values import fits_int64

    try:
        if _DATE.fullmatch(text) is None:
            raise ValueError
        day = datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"not a date of the form YYYY-MM-DD: {safe_text(text)!r}"
        ) from None
    try:
        reachable = all(fits_int64(_day_start_ns(day, utc=utc)) for utc in (True, False))
    except (ValueError, OverflowError):  # a zone's offset takes year 1 to year 0
        reachable = False
    if not reachable:
        raise argparse.ArgumentTypeError(f"{text} is outside the years 1678 to 2261")
    return day


def _status_value(text: str) -> str:
    """The API's word for a status given as the tables print it (``stopped``) or as the
    API sends it (``stop``), in any case."""
    from bcs_tui.base.status import API_STATUSES

    wanted = text.strip().lower()
    for status in API_STATUSES:
        if wanted in (status.value, status.word):
            return status.value
    words = ", ".join(status.word for status in API_STATUSES)
    raise argparse.ArgumentTypeError(f"{text!r} is no status: one of {words}")


def _days(text: str) -> int:
    from bcs_tui.precedence import MAX_HISTORY_DAYS

    try:
        days = int(text)
    except ValueError:
        days = -1  # not a number: refused below as any day count out of range
    if not 0 <= days <= MAX_HISTORY_DAYS:
        raise argparse.ArgumentTypeError(
            f"must be a whole number of days from 0 to {MAX_HISTORY_DAYS}: {safe_text(text)!r}"
        )
    return days


def add_history_parser(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    common: argparse.ArgumentParser,
    epilog: str,
) -> None:
    from bcs_tui.base.status import API_STATUSES

    history = commands.add_parser(
        "history",
        parents=[common],
        help="list the operations kept in the local history (no server asked)",
        description="List the operations kept in the local history file: every operation the "
        "dashboard, records or watch has seen, in its last seen form, newest first. Reads "
        "only the local file: no credentials needed. --source NAME (repeatable) keeps the "
        "operations stored from those sources.",
        epilog=epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    history.add_argument(
        "--json",
        action="store_true",
        help='print {"count": N, "operation_records": [...]} as records --json does (each '
        "record as last seen, exact integers)",
    )
    history.add_argument(
        "--since",
        type=since_date,
        metavar="YYYY-MM-DD",
        help="only operations whose record time is on or after this day (local time; UTC "
        "with --utc)",
    )
    history.add_argument(
        "--status",
        dest="history_statuses",
        action="extend",
        nargs="+",
        metavar="S",
        type=_status_value,
        help="only these statuses (one or more; repeatable): "
        + ", ".join(status.word for status in API_STATUSES)
        + " (or the API's word: stop)",
    )
    history.add_argument("--blockchain-id", help="only this blockchain's operations")
    # --source NAME (a common flag) names stored sources here.
    actions = history.add_subparsers(dest="history_command", metavar="ACTION")
    prune = actions.add_parser(
        "prune",
        parents=[common],
        help="remove operations last seen more than DAYS ago",
        description="Remove from the local history the operations last seen more than DAYS "
        "ago (default: the profile's history_days, 180 unless set) and print how many.",
        epilog=epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    stats = actions.add_parser(
        "stats",
        parents=[common],
        help="how long each kind of operation usually takes (median, p90)",
        description="Print what the finished operations in the local history say each kind "
        "of operation (resource type + operation type) usually takes: the count, median and "
        "p90 of the total duration and of each step and sub-step (matched by name), across "
        "sources. Reads only the local file: no credentials needed.",
        epilog=epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    stats.add_argument(
        "--json",
        action="store_true",
        # SUPPRESS: absent here, it leaves `history --json stats` as the history parser set it.
        default=argparse.SUPPRESS,
        help='print {"kinds": [{"resource_type", "operation_type", "count", "median_ns", '
        '"p90_ns", "steps": [{"name", "count", "median_ns", "p90_ns"}]}]} (exact integers)',
    )
    prune.add_argument(
        "--older-than",
        dest="older_than_days",
        type=_days,
        metavar="DAYS",
        help="last seen more than this many days ago (default: history_days; 0: all)",
    )


def stderr_warning(stream: TextIO = sys.stderr) -> Callable[[str], None]:
    """A store's ``warn``: one line on stderr in the command line's own words."""

    def warn(message: str) -> None:
        stream.write(f"bcs-tui: warning: {safe_text(message)}\n")
        stream.flush()

    return warn


class SeenRecorder:
    """What ``records`` and ``watch`` store: opened on first use (a run that sees nothing
    never creates the file), warnings to stderr, never raises."""

    def __init__(self, path: Path | None, keep_days: int, warn: Callable[[str], None]) -> None:
        self._path = path
        self._keep_days = keep_days
        self._warn = warn
        self._store: HistoryStore | None = None
        self._opened = False

    def seen(self, source: str, project_id: str, records: Sequence[OperationRecord]) -> None:
        store = self._open()
        if store is not None:
            store.write_seen(source, project_id, records, time.time_ns())

    def close(self) -> None:
        if self._store is not None:
            self._store.close()

    def _open(self) -> HistoryStore | None:
        if not self._opened and self._path is not None:
            from bcs_tui.history.store import HistoryStore

            self._opened = True
            self._store = HistoryStore.open(self._path, keep_days=self._keep_days, warn=self._warn)
        return self._store


def run_history(
    flags: FlagValues,
    *,
    action: str | None,
    as_json: bool,
    since: datetime.date | None,
    statuses: Sequence[str],
    blockchain_id: str | None,
    sources: Sequence[str],
    older_than_days: int | None,
    utc: bool,
    demo: bool,
    ascii: bool = False,
) -> int:
    """``bcs-tui history``, ``history stats`` and ``history prune``."""
    from bcs_tui.api.errors import ConfigError
    from bcs_tui.config import resolve_history
    from bcs_tui.exit_codes import ExitCode
    from bcs_tui.history.store import HistoryStore, cutoff_ns

    settings = resolve_history(flags, demo=demo)
    if settings.path is None:
        raise ConfigError("--no-history: there is no history file to read")
    path = settings.path
    warn = stderr_warning()
    if action == "prune":
        days = settings.keep_days if older_than_days is None else older_than_days
        removed = 0
        if path.exists():
            # keep_days=0: open prunes nothing by itself; the count printed is this prune's.
            store = HistoryStore.open(path, keep_days=0, warn=warn)
            if store is not None:
                removed = store.prune(cutoff_ns(days))
                store.close()
        from bcs_tui.output import plural

        when = "before now" if days == 0 else f"more than {plural(days, 'day')} ago"
        print(f"removed {plural(removed, 'operation')} last seen {when} from {path}")
        return ExitCode.OK
    if action == "stats":
        return _run_stats(path, as_json=as_json, ascii=ascii)
    found: list[StoredOperation] = []
    # No file yet is no history yet: an empty list, and no file made just to be read.
    if path.exists():
        # keep_days=0: reading prunes nothing (an archived file is listed as it is).
        store = HistoryStore.open(path, keep_days=0, warn=warn)
        if store is not None:
            from bcs_tui.base.status import Status

            found = store.operations(
                since_ns=None if since is None else _day_start_ns(since, utc=utc),
                statuses=None if not statuses else {Status(word) for word in statuses},
                blockchain_id=blockchain_id,
            )
            store.close()
    if sources:
        found = [one for one in found if one.source in sources]
    if as_json:
        print_stored_json(found, sys.stdout)
    else:
        print_stored_table(found, utc=utc, stream=sys.stdout)
    return ExitCode.OK


def _run_stats(path: Path, *, as_json: bool, ascii: bool) -> int:
    """``history stats``: the store's expectations (cached in the file while current)."""
    from bcs_tui.core.expectations import EMPTY_EXPECTATIONS
    from bcs_tui.core.status_view import ASCII_GLYPHS, UNICODE_GLYPHS
    from bcs_tui.exit_codes import ExitCode
    from bcs_tui.history.store import HistoryStore
    from bcs_tui.history_stats import write_stats_json, write_stats_table

    expectations = EMPTY_EXPECTATIONS
    # No file yet is no finished operation yet, and no file made just to be read.
    if path.exists():
        # keep_days=0: reading prunes nothing.
        store = HistoryStore.open(path, keep_days=0, warn=stderr_warning())
        if store is not None:
            expectations = store.expectations()
            store.close()
    if as_json:
        write_stats_json(expectations, sys.stdout)
    else:
        write_stats_table(expectations, sys.stdout, ASCII_GLYPHS if ascii else UNICODE_GLYPHS)
    return ExitCode.OK


def _day_start_ns(day: datetime.date, *, utc: bool) -> int:
    """Midnight at the start of ``day`` (UTC, or the local zone), as integer nanoseconds."""
    midnight = datetime.datetime.combine(day, datetime.time())
    aware = midnight.replace(tzinfo=datetime.UTC) if utc else midnight.astimezone()
    since_epoch = aware - datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
    from bcs_tui.base.timefmt import NS_PER_US

    return since_epoch // datetime.timedelta(microseconds=1) * NS_PER_US


def print_stored_json(found: Sequence[StoredOperation], stream: TextIO) -> None:
    """The shape of ``records --json``: each record as last seen, exact integers."""
    records = [one.record.to_api_json() for one in found]
    json.dump({"count": len(records), "operation_records": records}, stream, indent=2)
    stream.write("\n")


def print_stored_table(
    found: Sequence[StoredOperation], *, utc: bool, stream: TextIO, now: int | None = None
) -> None:
    """The records table (``records``' own rows), with a Source column when the operations
    come from more than one source."""
    from bcs_tui.base.text_width import clip
    from bcs_tui.base.timefmt import system_clock
    from bcs_tui.fleet_records import SOURCE_COLUMN
    from bcs_tui.output import MAX_CELL, TABLE_COLUMNS, plural, record_row, write_table

    current = system_clock() if now is None else now
    several = len({one.source for one in found}) > 1
    rows: list[tuple[str, ...]] = []
    for one in found:
        row = record_row(one.record, now=current, utc=utc)
        rows.append((clip(safe_text(one.source), MAX_CELL), *row) if several else row)
    titles = (SOURCE_COLUMN, *TABLE_COLUMNS) if several else TABLE_COLUMNS
    write_table(titles, rows, stream)
    for one in found:
        if not one.record.is_valid:
            name = safe_text(one.operation_id or "(no ID)")
            stream.write(f"invalid record {name}: {safe_text(one.record.invalid_reason)}\n")
    stream.write(f"{plural(len(found), 'operation')} in the local history\n")
