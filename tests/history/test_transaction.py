"""The history's one write transaction, on a real SQLite file."""

import sqlite3
from pathlib import Path

import pytest

from bcs_tui.history.transaction import immediate_transaction


def _connection(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("CREATE TABLE t (x)")
    return connection


def test_a_block_that_ends_commits_and_one_that_raises_leaves_nothing(tmp_path: Path) -> None:
    connection = _connection(tmp_path / "t.sqlite3")
    with immediate_transaction(connection):
        connection.execute("INSERT INTO t VALUES (1)")
    with pytest.raises(KeyError), immediate_transaction(connection):
        connection.execute("INSERT INTO t VALUES (2)")
        raise KeyError("a failure halfway")
    assert connection.execute("SELECT x FROM t").fetchall() == [(1,)]
    assert not connection.in_transaction


def test_the_first_error_comes_out_when_sqlite_already_ended_the_transaction(
    tmp_path: Path,
) -> None:
    connection = _connection(tmp_path / "t.sqlite3")
    with pytest.raises(KeyError), immediate_transaction(connection):
        connection.execute("ROLLBACK")  # as SQLite does itself on some errors
        raise KeyError("the real error")
