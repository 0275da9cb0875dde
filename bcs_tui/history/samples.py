"""Each finished operation's durations (``core/expectations.Sample``), kept beside its record
so that loading the expectations reads a few integers per operation instead of parsing
every stored record (benchmarks/RESULTS.md, row 17).

A sample is a pure function of the record (``sample_of``): it is written with the record, in
the same transaction, and removed with it (a trigger, so pruning by any route keeps the two
tables together). Its source, kind and step and sub-step names are the same for most
operations of a kind, so a sample keeps only the ID of that *group* and its durations as one
BLOB of little-endian 64-bit integers (exact nanoseconds, no float): ~77,000 of them load in
a few hundred milliseconds, where parsing their records takes seconds.

Samples are never updated in place: a changed one is deleted and inserted again under a new
row ID (``AUTOINCREMENT``: IDs are never reused). So the count and the largest ID of a
kind's samples change whenever its samples do, which is what the expectations' cache
(``stats_cache.py``) checks."""

import json
import sqlite3
import sys
from array import array
from collections.abc import Iterable, Sequence

from bcs_tui.api.gc_pause import collector_paused
from bcs_tui.base.status import Status
from bcs_tui.core.expectations import Kind, Sample, sample_of
from bcs_tui.core.stored_operation import StoredOperation
from bcs_tui.history.decode import parse_stored
from bcs_tui.history.sqlite_values import fits_int64, is_storable

SAMPLES_SCHEMA: tuple[str, ...] = (
    # What samples share: source, kind and the names of their parts, one row per group.
    """
    CREATE TABLE sample_groups (
        group_id INTEGER PRIMARY KEY,
        source TEXT NOT NULL,
        resource_type TEXT NOT NULL,
        operation_type TEXT NOT NULL,
        names_json TEXT NOT NULL,
        UNIQUE (source, resource_type, operation_type, names_json)
    )
    """,
    # The kind again beside the group: the cache's check reads only the index on it.
    # ``durations``: the total, then each of the group's names' duration.
    """
    CREATE TABLE samples (
        sample_id INTEGER PRIMARY KEY AUTOINCREMENT,
        project_id TEXT NOT NULL,
        operation_id TEXT NOT NULL,
        resource_type TEXT NOT NULL,
        operation_type TEXT NOT NULL,
        group_id INTEGER NOT NULL REFERENCES sample_groups (group_id),
        durations BLOB NOT NULL,
        UNIQUE (project_id, operation_id)
    )
    """,
    "CREATE INDEX samples_by_kind ON samples (resource_type, operation_type, sample_id)",
    """
    CREATE TRIGGER samples_follow_operations AFTER DELETE ON operations BEGIN
        DELETE FROM samples
        WHERE project_id = old.project_id AND operation_id = old.operation_id;
    END
    """,
)

_BIG_ENDIAN = sys.byteorder == "big"

_INSERT = """
INSERT OR REPLACE INTO samples (project_id, operation_id, resource_type, operation_type,
    group_id, durations)
SELECT ?1, ?2, ?3, ?4, ?5, ?6
WHERE NOT EXISTS (
    SELECT 1 FROM samples WHERE project_id = ?1 AND operation_id = ?2
    AND resource_type = ?3 AND operation_type = ?4 AND group_id = ?5 AND durations = ?6
)
"""
"""The same sample written again (a finished record whose other fields changed) keeps its
row, so the kind's cached expectations stay current."""


def _packed(durations: Sequence[int]) -> bytes:
    packed = array("q", durations)
    if _BIG_ENDIAN:
        packed.byteswap()
    return packed.tobytes()


def _unpacked(blob: bytes) -> "array[int]":
    durations = array("q")
    durations.frombytes(blob)
    if _BIG_ENDIAN:
        durations.byteswap()
    return durations


class SampleWriter:
    """Writes samples through one connection, inside the caller's transaction. Remembers
    the group IDs it has written or read: groups are never deleted, and a transaction that
    fails turns its store off (no later write could use an ID it rolled back)."""

    def __init__(self) -> None:
        self._groups: dict[tuple[str, str, str, tuple[str, ...]], int] = {}

    def write(
        self,
        connection: sqlite3.Connection,
        source: str,
        project_id: str,
        samples: Iterable[tuple[str, Sample | None]],
    ) -> None:
        """Each operation's sample (``operation_id``, ``sample_of`` it, computed before the
        transaction: it need not hold the write lock): written when there is one whose
        durations fit 64 bits, else any sample the operation had removed."""
        rows: list[tuple[object, ...]] = []
        gone: list[tuple[str, str]] = []
        for operation_id, sample in samples:
            if sample is None or not _fits(sample):
                gone.append((project_id, operation_id))
                continue
            rows.append(
                (
                    project_id,
                    operation_id,
                    sample.kind[0],
                    sample.kind[1],
                    self._group_id(connection, source, sample),
                    _packed((sample.total_ns, *sample.durations)),
                )
            )
        if gone:
            connection.executemany(
                "DELETE FROM samples WHERE project_id = ? AND operation_id = ?", gone
            )
        if rows:
            connection.executemany(_INSERT, rows)

    def _group_id(self, connection: sqlite3.Connection, source: str, sample: Sample) -> int:
        key = (source, *sample.kind, sample.names)
        found = self._groups.get(key)
        if found is None:
            # ASCII: a name may hold a lone surrogate (a JSON escape), which UTF-8 cannot.
            group = (source, *sample.kind, json.dumps(sample.names, separators=(",", ":")))
            connection.execute(
                "INSERT OR IGNORE INTO sample_groups (source, resource_type, operation_type,"
                " names_json) VALUES (?, ?, ?, ?)",
                group,
            )
            found = connection.execute(
                "SELECT group_id FROM sample_groups WHERE source = ? AND resource_type = ?"
                " AND operation_type = ? AND names_json = ?",
                group,
            ).fetchone()[0]
            self._groups[key] = found
        return found


def _fits(sample: Sample) -> bool:
    """SQLite's integers and the BLOB's are 64 bits; a server's absurd times may not be. A
    kind SQLite cannot hold as text (a lone surrogate) would never match a live one."""
    return (
        fits_int64(sample.total_ns)
        and all(fits_int64(duration) for duration in sample.durations)
        and all(is_storable(part) for part in sample.kind)
    )


def read_samples(
    connection: sqlite3.Connection, kinds: Iterable[Kind] | None = None
) -> list[Sample]:
    """Every stored sample, or those of ``kinds``. Call inside a read transaction when the
    result must match other reads (``stats_cache``)."""
    groups: dict[int, tuple[str, Kind, tuple[str, ...]]] = {}
    names: dict[str, str] = {}
    for group_id, source, resource_type, operation_type, text in connection.execute(
        "SELECT group_id, source, resource_type, operation_type, names_json FROM sample_groups"
    ):
        # One string object per name across groups, as ``sample_of`` makes them.
        shape = tuple(names.setdefault(name, name) for name in json.loads(text))
        groups[group_id] = (source, (resource_type, operation_type), shape)
    if kinds is None:
        rows = connection.execute("SELECT group_id, durations FROM samples").fetchall()
    else:
        rows = []
        for kind in kinds:
            rows += connection.execute(
                "SELECT group_id, durations FROM samples"
                " WHERE resource_type = ? AND operation_type = ?",
                kind,
            ).fetchall()
    samples: list[Sample] = []
    add = samples.append
    # The collector paused: ~150,000 new objects, no cycle among them.
    with collector_paused():
        for group_id, blob in rows:
            source, kind, shape = groups[group_id]
            durations = tuple(_unpacked(blob))
            add(Sample(source, kind, durations[0], shape, durations[1:]))
    return samples


def migrate_to_samples(connection: sqlite3.Connection) -> None:
    """Schema version 2: the samples' tables, and the samples of the finished operations a
    version 1 file holds (their records parsed once, here)."""
    for statement in SAMPLES_SCHEMA:
        connection.execute(statement)
    rows = connection.execute(
        "SELECT source, project_id, operation_id, record_json, first_seen_ns, last_seen_ns"
        " FROM operations WHERE status = ?",
        (Status.FINISHED.value,),
    ).fetchall()
    records = parse_stored([row[3] for row in rows])
    writer = SampleWriter()
    by_source: dict[tuple[str, str], list[tuple[str, Sample | None]]] = {}
    for (source, project_id, operation_id, _, first, last), record in zip(
        rows, records, strict=True
    ):
        stored = StoredOperation(source, project_id, record, first, last)
        by_source.setdefault((source, project_id), []).append((operation_id, sample_of(stored)))
    for (source, project_id), operations in by_source.items():
        writer.write(connection, source, project_id, operations)
