"""The history writer thread, and several writers on one file at once (two dashboards and a
``records``): each its own connection, WAL, no "database is locked"."""

import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from bcs_tui.history.store import HistoryStore
from bcs_tui.history.writer import HistoryWriter
from tests.history.test_store import NOW_NS, Warnings, _record


def _stored_ids(path: Path) -> set[str | None]:
    store = HistoryStore.open(path, warn=Warnings())
    assert store is not None
    return {one.operation_id for one in store.operations()}


def test_submit_returns_at_once_and_close_writes_what_was_submitted(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    warnings = Warnings()
    writer = HistoryWriter(path, keep_days=180, warn=warnings)
    polls = [[_record(f"op-{poll}-{n}") for n in range(50)] for poll in range(20)]
    for number, records in enumerate(polls):
        writer.submit("s", "p", records, NOW_NS + number)
    writer.close()
    assert writer.written_polls == 20
    assert writer.rows_written == 1_000
    assert len(_stored_ids(path)) == 1_000
    assert warnings == []


def test_a_writer_whose_store_cannot_open_drops_polls_without_raising(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("a file where a directory should be")
    warnings = Warnings()
    writer = HistoryWriter(tmp_path / "file" / "h.sqlite3", keep_days=180, warn=warnings)
    writer.submit("s", "p", [_record("a")], NOW_NS)
    assert writer.wait_written(1, timeout_s=10)
    writer.close()
    assert writer.rows_written == 0
    assert len(warnings) == 1


def test_two_writers_on_one_file_at_once_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    warnings = Warnings()
    writers = [HistoryWriter(path, keep_days=180, warn=warnings) for _ in range(2)]
    start = threading.Barrier(2)

    def feed(index: int) -> None:
        start.wait()
        for poll in range(40):
            records = [_record(f"w{index}-{poll}-{n}") for n in range(25)]
            writers[index].submit(f"source-{index}", "p", records, NOW_NS + poll)

    feeders = [threading.Thread(target=feed, args=(index,)) for index in range(2)]
    for feeder in feeders:
        feeder.start()
    for feeder in feeders:
        feeder.join()
    for writer in writers:
        writer.close(timeout_s=30)
    assert warnings == []
    assert [writer.rows_written for writer in writers] == [1_000, 1_000]
    assert len(_stored_ids(path)) == 2_000


_OTHER_PROCESS = """
import sys
from pathlib import Path

import pytest
from bcs_tui.history.store import HistoryStore
from tests.history.test_store import NOW_NS, _record

def warn(message):
    print(message, file=sys.stderr)
    sys.exit(3)

store = HistoryStore.open(Path(sys.argv[1]), warn=warn)
for poll in range(40):
    records = [_record(f"proc-{poll}-{n}") for n in range(25)]
    assert store.write_seen("other", "p", records, NOW_NS + poll) == 25
"""


def test_another_process_writing_the_same_file_at_the_same_time(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    warnings = Warnings()
    writer = HistoryWriter(path, keep_days=180, warn=warnings)
    other = subprocess.Popen(
        [sys.executable, "-c", _OTHER_PROCESS, str(path)],
        stderr=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).parents[2],
    )
    deadline = time.monotonic() + 30
    poll = 0
    # Writes until the other process is done, so the two overlap whatever their start-up.
    while other.poll() is None and time.monotonic() < deadline:
        writer.submit("here", "p", [_record(f"here-{poll}-{n}") for n in range(25)], NOW_NS)
        poll += 1
        writer.wait_written(poll, timeout_s=10)
    _, errors = other.communicate(timeout=30)
    writer.close()
    assert other.returncode == 0, errors
    assert warnings == []
    ids = _stored_ids(path)
    assert len([one for one in ids if one and one.startswith("proc-")]) == 1_000
    assert len([one for one in ids if one and one.startswith("here-")]) == 25 * poll


def test_a_writer_with_a_huge_keep_days_writes_and_its_flush_does_not_wait(
    tmp_path: Path,
) -> None:
    warnings = Warnings()
    writer = HistoryWriter(tmp_path / "h.sqlite3", keep_days=200_000_000, warn=warnings)
    writer.submit("s", "p", [_record("a")], NOW_NS)
    assert writer.flush(timeout_s=10)
    writer.close()
    assert writer.rows_written == 1 and warnings == []


def test_a_writer_whose_open_raises_drops_polls_and_never_makes_a_flush_wait(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_open(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a bug in opening")

    monkeypatch.setattr(HistoryStore, "open", broken_open)
    writer = HistoryWriter(tmp_path / "h.sqlite3", keep_days=180, warn=Warnings())
    writer.submit("s", "p", [_record("a")], NOW_NS)
    started = time.monotonic()
    assert writer.flush(timeout_s=10)
    assert time.monotonic() - started < 5
    writer.close()
    assert writer.rows_written == 0
