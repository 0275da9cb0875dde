"""The one way the history writes: an immediate transaction on an autocommit connection."""

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def immediate_transaction(connection: sqlite3.Connection) -> Iterator[None]:
    """``BEGIN IMMEDIATE`` (the write lock taken up front, waiting on the busy timeout, so a
    writer never fails halfway), ``COMMIT`` when the block ends, ``ROLLBACK`` when it raises.
    The rollback only while a transaction is open: SQLite ends one itself on some errors
    (a full disk), and a second error from ``ROLLBACK`` would hide the first."""
    connection.execute("BEGIN IMMEDIATE")
    try:
        yield
        connection.execute("COMMIT")
    except BaseException:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        raise
