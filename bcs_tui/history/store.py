"""The history file: SQLite through the standard library, one row per operation seen.

Blocking calls: the dashboard uses it from its own thread (``writer.py``); the short CLI
commands (``records``, ``watch``, ``history``) call it directly.

Nothing about history may stop the program: a file that is not a database (or has a newer
schema) is moved aside and a fresh one made; a read-only or full disk, or any other SQLite or
OS error, gives one warning and the store goes quiet (``open`` returns ``None``, a write
returns 0 from then on).
"""

import datetime
import json
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Collection, Sequence
from pathlib import Path
from typing import Any

from bcs_tui.api.models import OperationRecord
from bcs_tui.base.status import Status
from bcs_tui.base.timefmt import NS_PER_DAY, NS_PER_MIN
from bcs_tui.core.expectations import Expectations, Sample, sample_of
from bcs_tui.core.stored_operation import StoredOperation
from bcs_tui.history import stats_cache
from bcs_tui.history.decode import parse_stored
from bcs_tui.history.samples import SampleWriter, read_samples
from bcs_tui.history.schema import NewerSchemaError, migrate
from bcs_tui.history.sqlite_values import (
    int64_or_none,
    is_storable,
    storable_or_none,
    storable_text,
)
from bcs_tui.history.transaction import immediate_transaction

DEFAULT_KEEP_DAYS = 180
BUSY_TIMEOUT_S = 10.0
"""How long a write waits for another program's write to the same file (two dashboards and
a ``records`` at once): each transaction is short, so a wait this long means something
is wrong, and the error is then reported like any other."""
TOUCH_INTERVAL_NS = NS_PER_MIN
"""How often the last seen time of unchanged operations is brought forward (see
``write_seen``)."""
FORGET_AFTER_NS = 10 * NS_PER_MIN
"""An operation a store has not seen for this long (up to twice as long) is forgotten: its
memory holds what the polls still list, not every operation of a long session. One seen
again is compared with the file instead (``_UPSERT``), and written only if it changed."""
PAGE_SIZE = 16_384
_CORRUPT_ERRORS = frozenset({"SQLITE_NOTADB", "SQLITE_CORRUPT"})

Warn = Callable[[str], None]
_Key = tuple[str, str]


_INT64_MIN = -(2**63)


def cutoff_ns(days: int, now_ns: int | None = None) -> int:
    """``days`` before now, no earlier than SQLite's integers reach (a profile's absurd
    ``history_days`` must prune nothing, not raise ``OverflowError``)."""
    now = time.time_ns() if now_ns is None else now_ns
    return max(now - days * NS_PER_DAY, _INT64_MIN)


def _json_text(record: OperationRecord) -> str:
    # ensure_ascii=False: names in other scripts stay as they are (smaller, and readable with
    # the sqlite3 shell); integers are Python ints, so nanoseconds stay exact. A lone
    # surrogate (no UTF-8 holds it) keeps its JSON escape: the record still reads back exact.
    data = record.to_api_json()
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text if is_storable(text) else json.dumps(data, separators=(",", ":"))


def _corrupt_name(path: Path, now: datetime.datetime) -> Path:
    """``<name>.corrupt-<UTC time>``, or with ``-2``, ``-3``... when that is taken (two
    moves in one second): a file moved aside is never replaced."""
    stem = f"{path.name}.corrupt-{now.strftime('%Y%m%dT%H%M%SZ')}"
    target = path.with_name(stem)
    number = 1
    while any(target.with_name(target.name + suffix).exists() for suffix in ("", "-wal", "-shm")):
        number += 1
        target = path.with_name(f"{stem}-{number}")
    return target


def _is_corrupt(error: sqlite3.Error) -> bool:
    return getattr(error, "sqlite_errorname", "") in _CORRUPT_ERRORS


def _connect(path: Path) -> sqlite3.Connection:
    """Opens (creating it 0o600 in a 0o700 directory when new), WAL mode, migrated."""
    if not path.parent.exists():
        path.parent.mkdir(mode=0o700, parents=True)
    if not path.exists():
        # Created here, not by SQLite, so its mode is ours (SQLite gives its -wal and -shm
        # files the database file's mode).
        os.close(os.open(path, os.O_RDWR | os.O_CREAT, 0o600))
    # Autocommit: each write is one explicit BEGIN IMMEDIATE ... COMMIT, so a writer takes
    # the write lock up front (waiting on busy_timeout) instead of failing halfway.
    connection = sqlite3.connect(
        path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
    )
    try:
        # Takes effect on a new file only (before its first table and before WAL). A stored
        # record is ~2 KB of JSON: 4 KB pages hold one each, half empty (333 MB for 100,000
        # simulator operations); 16 KB pages hold seven (benchmarks/RESULTS.md, row 18).
        connection.execute(f"PRAGMA page_size = {PAGE_SIZE}")
        connection.execute("PRAGMA journal_mode = WAL")
        # In WAL mode NORMAL loses at most the last commits on a power cut, never the file,
        # and saves an fsync per poll.
        connection.execute("PRAGMA synchronous = NORMAL")
        migrate(connection)
    except BaseException:
        connection.close()
        raise
    return connection


def _move_aside(path: Path) -> Path:
    """Renames the file (and any WAL/shared-memory file beside it) out of the way."""
    target = _corrupt_name(path, datetime.datetime.now(datetime.UTC))
    for suffix in ("-wal", "-shm"):
        companion = path.with_name(path.name + suffix)
        if companion.exists():
            companion.rename(target.with_name(target.name + suffix))
    path.rename(target)
    return target


_OPENING = threading.Lock()
"""One opening at a time in this process: two threads meeting one corrupt file (the
dashboard's writer and its reads) must not both move it aside, the second taking the
first's new file with it."""


class HistoryStore:
    """One connection to the history file. Not shared between threads at once: each thread
    that writes opens its own (SQLite's WAL mode lets them all write the one file)."""

    def __init__(self, path: Path, connection: sqlite3.Connection, warn: Warn) -> None:
        self.path = path
        self._connection: sqlite3.Connection | None = connection
        self._warn = warn
        self._written: dict[_Key, OperationRecord] = {}
        """What this store last wrote (or found unchanged) per operation: a poll's record
        that *is* (or equals) it needs no write. Those seen since ``_generation_ns``."""
        self._older: dict[_Key, OperationRecord] = {}
        """The generation before: an operation seen again moves to ``_written``; the rest
        are dropped when the next generation starts (``FORGET_AFTER_NS``)."""
        self._generation_ns: int | None = None
        self._last_touch_ns: dict[tuple[str, str], int] = {}
        self._samples = SampleWriter()

    @classmethod
    def open(
        cls, path: Path, *, keep_days: int = DEFAULT_KEEP_DAYS, warn: Warn
    ) -> "HistoryStore | None":
        """Opens or creates the file and prunes rows last seen more than ``keep_days`` ago.
        A file that is not a database, or has a newer schema, is moved aside to
        ``<name>.corrupt-<UTC time>`` (one warning) and a fresh one made; any other SQLite or
        OS error: one warning, ``None``. Never raises for those."""
        with _OPENING:
            return cls._open_guarded(path, keep_days, warn)

    @classmethod
    def _open_guarded(cls, path: Path, keep_days: int, warn: Warn) -> "HistoryStore | None":
        try:
            try:
                return cls._open_pruned(path, keep_days, warn)
            except (sqlite3.DatabaseError, NewerSchemaError) as error:
                if isinstance(error, sqlite3.DatabaseError) and not _is_corrupt(error):
                    raise
                moved = _move_aside(path)
                warn(
                    f"history file {path} could not be read ({error}): moved aside to "
                    f"{moved.name}, starting a new one"
                )
                return cls._open_pruned(path, keep_days, warn)
        except (sqlite3.Error, OSError) as error:
            warn(f"history off: cannot use {path}: {_reason(error)}")
            return None

    @classmethod
    def _open_pruned(cls, path: Path, keep_days: int, warn: Warn) -> "HistoryStore":
        """Connects, migrates and prunes, raising what each meets. A file with damaged
        pages behind a sound header connects and migrates: its damage shows only when a
        table or index is read, which the prune is the first to do."""
        store = cls(path, _connect(path), warn)
        if keep_days > 0:
            try:
                store._prune_now(cutoff_ns(keep_days))
            except BaseException:
                store.close()  # the file may have to be moved aside: let go of it
                raise
        return store

    @property
    def enabled(self) -> bool:
        """False once an error has turned the store off."""
        return self._connection is not None

    def write_seen(
        self,
        source: str,
        project_id: str,
        records: Sequence[OperationRecord],
        seen_at_ns: int,
    ) -> int:
        """Stores the records whose content changed since this store last wrote them, in one
        transaction; returns how many rows were written (not those the file already held
        as they are). Records without an operation ID
        cannot be keyed and are skipped. On a disk error: one warning, the store turns
        itself off, 0.

        The last seen time of an unchanged operation is not rewritten every poll (10,000
        rows each few seconds for nothing): at most once a ``TOUCH_INTERVAL_NS`` per source
        and project, one UPDATE brings every unchanged operation of that poll forward. So a
        stored last seen time is at most a minute (plus one poll) behind, which is all that
        pruning by days and "first / last seen" need."""
        connection = self._connection
        if connection is None:
            return 0
        self._next_generation(seen_at_ns)
        written = self._written
        older = self._older
        changed: list[tuple[_Key, OperationRecord]] = []
        unchanged: list[_Key] = []
        for record in records:
            operation_id = record.operation_id
            if operation_id is None:
                continue
            key = (project_id, operation_id)
            previous = written.get(key)
            if previous is None and older:
                previous = older.get(key)
                if previous is not None:
                    written[key] = previous  # once a generation for each operation
            # The dashboard hands the very same objects for records that did not change:
            # ``is`` answers those without comparing their fields.
            if previous is record or previous == record:
                unchanged.append(key)
            else:
                changed.append((key, record))
        touch_key = (source, project_id)
        # A source's first poll writes every record it has (none is known yet): the minute
        # counts from there.
        last_touch = self._last_touch_ns.setdefault(touch_key, seen_at_ns)
        touch = bool(unchanged) and seen_at_ns - last_touch >= TOUCH_INTERVAL_NS
        if not changed and not touch:
            return 0
        # The key and the columns beside the record as SQLite can bind them (see
        # sqlite_values.py); the record's JSON is exact.
        stored_project = storable_text(project_id)
        stored_source = storable_text(source)

        def row_of(key: _Key, record: OperationRecord) -> tuple[Any, ...]:
            return (
                stored_project,
                storable_text(key[1]),
                stored_source,
                _json_text(record),
                int64_or_none(record.record_time),
                record.operation_status.value,
                storable_or_none(record.resource_type),
                storable_or_none(record.operation_type),
                storable_or_none(record.blockchain_id),
                seen_at_ns,
                seen_at_ns,
            )

        try:
            with immediate_transaction(connection):
                written_count = 0
                # A part at a time: a first poll of 10,000 records would otherwise hold
                # all their JSON at once (~40 MB more at the dashboard's peak: RESULTS.md,
                # row 8); the lock is held while they are made (about 1 s for 10,000 new,
                # well within BUSY_TIMEOUT_S; a poll with a few changed, milliseconds).
                for first in range(0, len(changed), WRITTEN_AT_ONCE):
                    part = changed[first : first + WRITTEN_AT_ONCE]
                    rows = [row_of(key, record) for key, record in part]
                    count = connection.executemany(_UPSERT, rows).rowcount
                    written_count += count
                    # The rows just written are last seen now: only those the upsert left
                    # as they were (same content, stored by an earlier run) come forward
                    # here, as the unchanged ones below, once their minute is up.
                    if count < len(rows):
                        stale = seen_at_ns - TOUCH_INTERVAL_NS
                        connection.executemany(
                            _TOUCH, ((seen_at_ns, row[0], row[1], stale) for row in rows)
                        )
                    samples = [
                        (
                            row[1],
                            sample_of(
                                StoredOperation(source, project_id, record, seen_at_ns, seen_at_ns)
                            ),
                        )
                        for row, (_, record) in zip(rows, part, strict=True)
                    ]
                    self._samples.write(connection, stored_source, stored_project, samples)
                if touch:
                    connection.executemany(
                        _TOUCH,
                        (
                            (seen_at_ns, stored_project, storable_text(key[1]), seen_at_ns)
                            for key in unchanged
                        ),
                    )
        except (sqlite3.Error, OSError, OverflowError, ValueError) as error:
            # OverflowError, ValueError: a value SQLite cannot bind that the above missed.
            self._turn_off(error)
            return 0
        for key, record in changed:
            written[key] = record
        if touch:
            self._last_touch_ns[touch_key] = seen_at_ns
        return written_count

    @property
    def remembered(self) -> int:
        """How many operations this store remembers having written (tests)."""
        return len(self._written.keys() | self._older.keys())

    def _next_generation(self, seen_at_ns: int) -> None:
        """Every ``FORGET_AFTER_NS``, forgets what was not seen for a whole generation: one
        dictionary swap, so a poll's cost stays that of its records."""
        started = self._generation_ns
        if started is None or seen_at_ns - started >= FORGET_AFTER_NS:
            if started is not None:
                self._older, self._written = self._written, {}
            self._generation_ns = seen_at_ns

    def operations(
        self,
        *,
        since_ns: int | None = None,
        statuses: Collection[Status] | None = None,
        blockchain_id: str | None = None,
        source: str | None = None,
        limit: int | None = None,
    ) -> list[StoredOperation]:
        """Newest first (record time, then last seen). ``since_ns``: record time >= it;
        ``limit``: only the newest that many."""
        where: list[str] = []
        values: list[Any] = []
        if since_ns is not None:
            where.append("record_time >= ?")
            values.append(since_ns)
        if statuses is not None:
            if not statuses:
                return []  # no status wanted (and "IN ()" is not SQL)
            where.append(f"status IN ({', '.join('?' * len(statuses))})")
            values.extend(status.value for status in statuses)
        if blockchain_id is not None:
            where.append("blockchain_id = ?")
            values.append(blockchain_id)
        if source is not None:
            where.append("source = ?")
            values.append(source)
        return self._select(where, values, limit)

    def newest_not_in(
        self, skip: Collection[tuple[str, str | None]], limit: int
    ) -> list[StoredOperation]:
        """The newest ``limit`` stored operations whose (project ID, operation ID) is not in
        ``skip``, newest first. Their keys are read first, their records then: the ones
        skipped (the dashboard's live operations, usually the newest stored) cost no
        parsing and no memory."""
        connection = self._connection
        if connection is None or limit <= 0:
            return []
        wanted: list[int] = []
        try:
            keys = connection.execute(
                "SELECT rowid, project_id, operation_id FROM operations" + _NEWEST_FIRST
            )
            for rowid, project_id, operation_id in keys:
                if (project_id, operation_id) not in skip:
                    wanted.append(rowid)
                    if len(wanted) == limit:
                        break
            keys.close()
            rows: dict[int, tuple[Any, ...]] = {}
            for first in range(0, len(wanted), _ROWIDS_AT_ONCE):
                part = wanted[first : first + _ROWIDS_AT_ONCE]
                found = connection.execute(
                    "SELECT rowid, source, project_id, record_json, first_seen_ns,"
                    f" last_seen_ns FROM operations WHERE rowid IN ({', '.join('?' * len(part))})",
                    part,
                )
                rows.update((row[0], row[1:]) for row in found)
        except (sqlite3.Error, OSError) as error:
            self._turn_off(error)
            return []
        ordered = [rows[rowid] for rowid in wanted if rowid in rows]
        return self._stored(ordered)

    def finished(self) -> list[StoredOperation]:
        """Every stored operation whose status is finished (the expectations' input)."""
        return self._select(["status = ?"], [Status.FINISHED.value])

    def samples(self) -> list[Sample]:
        """Every finished operation's durations, as stored with it (no record parsed)."""
        connection = self._connection
        if connection is None:
            return []
        try:
            return read_samples(connection)
        except (sqlite3.Error, OSError) as error:
            self._turn_off(error)
            return []

    def expectations(self) -> Expectations:
        """What the finished operations say, each kind read from the cache when nothing of
        it changed since it was computed, else computed from its samples (and cached). A
        disk error while saving the cache: the store turns off, the expectations are still
        returned. Blocking (up to ~1 s at 100,000 operations when nothing is cached)."""
        connection = self._connection
        if connection is None:
            return Expectations.of_samples(())
        try:
            loaded = stats_cache.load(connection)
        except (sqlite3.Error, OSError) as error:
            self._turn_off(error)
            return Expectations.of_samples(())
        try:
            stats_cache.save(connection, loaded)
        except (sqlite3.Error, OSError) as error:
            self._turn_off(error)
        return loaded.expectations

    def prune(self, older_than_ns: int) -> int:
        """Deletes the operations last seen before ``older_than_ns``; returns how many."""
        try:
            return self._prune_now(older_than_ns)
        except (sqlite3.Error, OSError) as error:
            self._turn_off(error)
            return 0

    def close(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            connection.close()

    def _prune_now(self, older_than_ns: int) -> int:
        connection = self._connection
        if connection is None:
            return 0
        with immediate_transaction(connection):
            return connection.execute(
                "DELETE FROM operations WHERE last_seen_ns < ?", (older_than_ns,)
            ).rowcount

    def _select(
        self, where: list[str], values: list[Any], limit: int | None = None
    ) -> list[StoredOperation]:
        connection = self._connection
        if connection is None:
            return []
        sql = (
            "SELECT source, project_id, record_json, first_seen_ns, last_seen_ns"
            " FROM operations"
            + (" WHERE " + " AND ".join(where) if where else "")
            + _NEWEST_FIRST
            + ("" if limit is None else f" LIMIT {int(limit)}")
        )
        try:
            rows = connection.execute(sql, values).fetchall()
        except (sqlite3.Error, OSError) as error:
            self._turn_off(error)
            return []
        return self._stored(rows)

    @staticmethod
    def _stored(rows: Sequence[Sequence[Any]]) -> list[StoredOperation]:
        """(source, project ID, record JSON, first seen, last seen) rows as operations."""
        records = parse_stored([row[2] for row in rows])
        return [
            StoredOperation(row[0], row[1], record, row[3], row[4])
            for row, record in zip(rows, records, strict=True)
        ]

    def _turn_off(self, error: BaseException) -> None:
        self.close()
        self._warn(f"history off: cannot write {self.path}: {_reason(error)}")


WRITTEN_AT_ONCE = 500
"""Changed records made into rows and written in one statement (all in one transaction)."""
_NEWEST_FIRST = " ORDER BY record_time IS NULL, record_time DESC, last_seen_ns DESC"
"""Records without a time last, as the API's own order would put them nowhere."""
_ROWIDS_AT_ONCE = 500
"""Rows asked for by ID in one statement (SQLite binds at most 32,766 values)."""


_UPSERT = """
INSERT INTO operations (project_id, operation_id, source, record_json, record_time, status,
    resource_type, operation_type, blockchain_id, first_seen_ns, last_seen_ns)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (project_id, operation_id) DO UPDATE SET
    source = excluded.source,
    record_json = excluded.record_json,
    record_time = excluded.record_time,
    status = excluded.status,
    resource_type = excluded.resource_type,
    operation_type = excluded.operation_type,
    blockchain_id = excluded.blockchain_id,
    first_seen_ns = min(first_seen_ns, excluded.first_seen_ns),
    last_seen_ns = max(last_seen_ns, excluded.last_seen_ns)
WHERE operations.record_json IS NOT excluded.record_json
"""
"""An operation stored as it is now (by an earlier run, or another program) is not
rewritten: its last seen time comes forward by ``_TOUCH`` instead, as an unchanged one's."""

_TOUCH = (
    "UPDATE operations SET last_seen_ns = ?"
    " WHERE project_id = ? AND operation_id = ? AND last_seen_ns < ?"
)


def _reason(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error) or type(error).__name__
