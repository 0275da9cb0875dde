"""The history file's schema: its version is SQLite's ``user_version``, and each migration
takes the file from one version to the next, in order, inside the opening transaction.

A file at a version newer than ``SCHEMA_VERSION`` was written by a newer bcs-tui: this one
cannot know what its rows mean, so the store treats it as it treats a corrupt file (moved
aside, a fresh one made), never guessing."""

import sqlite3
from collections.abc import Callable

from bcs_tui.history.samples import migrate_to_samples
from bcs_tui.history.stats_cache import STATS_CACHE_SCHEMA
from bcs_tui.history.transaction import immediate_transaction

Migration = str | Callable[[sqlite3.Connection], None]
"""SQL statements separated by ";" (none may hold one inside, as a trigger does), or a
function given the connection, inside the transaction."""


def _version_2(connection: sqlite3.Connection) -> None:
    """Each finished operation's durations beside its record, so loading the expectations
    parses no record (history/samples.py), and the expectations cached per kind
    (history/stats_cache.py)."""
    migrate_to_samples(connection)
    connection.execute(STATS_CACHE_SCHEMA)


MIGRATIONS: tuple[Migration, ...] = (
    # Version 1. One row per operation, keyed as the API keys it (project, operation ID).
    # The record is kept as the API's JSON (exact integers); the columns beside it are
    # copies of its fields, for filtering and for the expectations' query, never read back
    # as the record.
    """
    CREATE TABLE operations (
        project_id TEXT NOT NULL,
        operation_id TEXT NOT NULL,
        source TEXT NOT NULL,
        record_json TEXT NOT NULL,
        record_time INTEGER,
        status TEXT NOT NULL,
        resource_type TEXT,
        operation_type TEXT,
        blockchain_id TEXT,
        first_seen_ns INTEGER NOT NULL,
        last_seen_ns INTEGER NOT NULL,
        PRIMARY KEY (project_id, operation_id)
    );
    CREATE INDEX operations_by_status ON operations (status);
    CREATE INDEX operations_by_last_seen ON operations (last_seen_ns);
    CREATE INDEX operations_by_record_time ON operations (record_time);
    """,
    _version_2,
)
SCHEMA_VERSION = len(MIGRATIONS)


class NewerSchemaError(Exception):
    """The file's schema is newer than this program knows."""

    def __init__(self, found: int) -> None:
        super().__init__(f"schema version {found}, newer than this bcs-tui's {SCHEMA_VERSION}")
        self.found = found


def migrate(connection: sqlite3.Connection) -> None:
    """Brings the file to ``SCHEMA_VERSION`` in one immediate transaction (two programs
    opening a new file at once: the second waits, then finds it migrated). The connection
    must be in autocommit mode (``isolation_level=None``)."""
    with immediate_transaction(connection):
        found = connection.execute("PRAGMA user_version").fetchone()[0]
        if found > SCHEMA_VERSION:
            raise NewerSchemaError(found)
        for version in range(found, SCHEMA_VERSION):
            migration = MIGRATIONS[version]
            if not isinstance(migration, str):
                migration(connection)
                continue
            for statement in migration.split(";"):
                if statement.strip():
                    connection.execute(statement)
        if found != SCHEMA_VERSION:
            # PRAGMA takes no parameters; the value is our own integer.
            connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
