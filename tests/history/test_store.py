"""The history store on real SQLite files: round trip, changed-only writes, migrations,
corruption, read-only and full disks, pruning."""

import dataclasses
import json
import os
import sqlite3
import stat
import threading
import time
from pathlib import Path

import pytest

from bcs_tui.api.models import OperationRecord, parse_record, parse_record_list
from bcs_tui.base.status import Status
from bcs_tui.base.timefmt import NS_PER_DAY
from bcs_tui.history.decode import PARSED_AT_ONCE
from bcs_tui.history.paths import default_history_path
from bcs_tui.history.schema import SCHEMA_VERSION
from bcs_tui.history.store import (
    FORGET_AFTER_NS,
    PAGE_SIZE,
    TOUCH_INTERVAL_NS,
    HistoryStore,
)
from bcs_tui.sim.engine import Simulation

NOW_NS = time.time_ns() // 10**9 * 10**9 + 123_456_789
"""Recent (opening prunes what is older than keep_days), 19 digits: a float would lose the
last three."""


def _record(
    operation_id: str | None,
    status: str = "finished",
    record_time: int = NOW_NS,
    chain: str = "chain-1",
) -> OperationRecord:
    return parse_record(
        {
            "operation_id": operation_id,
            "resource_type": "1",
            "operation_type": "2",
            "blockchain_id": chain,
            "record_time": record_time,
            "operation_status": status,
            "operation_process": {
                "step-1": {"step_name": "Prepare", "serial_num": 1, "status": status}
            },
        }
    )


class Warnings(list[str]):
    def __call__(self, message: str) -> None:
        self.append(message)


def _open(path: Path, warnings: Warnings | None = None, keep_days: int = 180) -> HistoryStore:
    store = HistoryStore.open(
        path, keep_days=keep_days, warn=Warnings() if warnings is None else warnings
    )
    assert store is not None
    return store


def test_the_default_path_follows_xdg_state_home(tmp_path: Path) -> None:
    state = {"XDG_STATE_HOME": str(tmp_path / "state"), "HOME": "/nowhere"}
    assert default_history_path(state) == tmp_path / "state" / "bcs-tui" / "history.sqlite3"
    home = {"HOME": str(tmp_path), "XDG_STATE_HOME": ""}
    assert default_history_path(home) == tmp_path / ".local/state/bcs-tui/history.sqlite3"


def test_a_record_comes_back_exactly_as_it_was_received(tmp_path: Path) -> None:
    sim = Simulation(seed=3, origin_ns=NOW_NS, history=30, project_id="p")
    records = parse_record_list(json.loads(sim.body(NOW_NS, {}))).records
    store = _open(tmp_path / "h.sqlite3")
    assert store.write_seen("src", "p", records, NOW_NS) == len(records)
    store.close()

    again = _open(tmp_path / "h.sqlite3").operations()
    by_id = {one.operation_id: one for one in again}
    assert len(by_id) == len(records)
    for record in records:
        stored = by_id[record.operation_id]
        assert stored.record == record
        assert stored.record.to_api_json() == record.to_api_json()
        assert (stored.source, stored.project_id) == ("src", "p")
        assert stored.first_seen_ns == stored.last_seen_ns == NOW_NS
    times = [one.record.record_time or 0 for one in again]
    assert times == sorted(times, reverse=True)


def test_only_changed_records_are_written(tmp_path: Path) -> None:
    store = _open(tmp_path / "h.sqlite3")
    first = [_record(f"op-{n}", "processing") for n in range(5)]
    assert store.write_seen("s", "p", first, NOW_NS) == 5
    # The same objects, then equal copies: nothing to write.
    assert store.write_seen("s", "p", first, NOW_NS + 1) == 0
    copies = [dataclasses.replace(one) for one in first]
    assert store.write_seen("s", "p", copies, NOW_NS + 2) == 0
    changed = [*first[:4], _record("op-4", "finished")]
    assert store.write_seen("s", "p", changed, NOW_NS + 3) == 1
    (op4,) = [one for one in store.operations() if one.operation_id == "op-4"]
    assert op4.record.operation_status is Status.FINISHED
    assert (op4.first_seen_ns, op4.last_seen_ns) == (NOW_NS, NOW_NS + 3)


def test_a_new_store_does_not_rewrite_what_an_earlier_one_stored(tmp_path: Path) -> None:
    # Each records, watch or dashboard run is a new store: the file, not the store's memory,
    # says what changed.
    path = tmp_path / "h.sqlite3"
    first = [_record(f"op-{n}", "processing") for n in range(5)]
    assert _open(path).write_seen("s", "p", first, NOW_NS) == 5
    copies = [dataclasses.replace(one) for one in first]
    assert _open(path).write_seen("s", "p", copies, NOW_NS + 1) == 0
    # Seen again more than a minute later: the last seen time comes forward, nothing else.
    later = NOW_NS + TOUCH_INTERVAL_NS + 1
    changed = [*copies[:4], _record("op-4", "finished")]
    assert _open(path).write_seen("s", "p", changed, later) == 1
    stored = {one.operation_id: one for one in _open(path).operations()}
    assert {one.first_seen_ns for one in stored.values()} == {NOW_NS}
    assert {one.last_seen_ns for one in stored.values()} == {later}
    assert stored["op-4"].record.operation_status is Status.FINISHED
    assert stored["op-0"].record == first[0]


def test_a_store_forgets_operations_it_no_longer_sees(tmp_path: Path) -> None:
    store = _open(tmp_path / "h.sqlite3")
    kept = [_record(f"kept-{n}") for n in range(3)]
    gone = [_record(f"gone-{n}") for n in range(50)]
    assert store.write_seen("s", "p", [*kept, *gone], NOW_NS) == 53
    at = NOW_NS
    for _ in range(3):
        at += FORGET_AFTER_NS
        assert store.write_seen("s", "p", kept, at) == 0
    assert store.remembered == 3
    # Seen again after being forgotten: the file still says it is unchanged.
    assert store.write_seen("s", "p", [*kept, *gone], at + 1) == 0
    assert store.remembered == 53


def test_a_record_without_an_operation_id_is_skipped(tmp_path: Path) -> None:
    store = _open(tmp_path / "h.sqlite3")
    assert store.write_seen("s", "p", [_record(None), _record("a")], NOW_NS) == 1
    assert [one.operation_id for one in store.operations()] == ["a"]


def test_unchanged_operations_are_brought_forward_once_a_minute(tmp_path: Path) -> None:
    store = _open(tmp_path / "h.sqlite3")
    records = [_record("a"), _record("b")]
    store.write_seen("s", "p", records, NOW_NS)
    store.write_seen("s", "p", records, NOW_NS + 5 * 10**9)
    assert {one.last_seen_ns for one in store.operations()} == {NOW_NS}
    later = NOW_NS + TOUCH_INTERVAL_NS + 10**9
    store.write_seen("s", "p", records[:1], later)
    seen = {one.operation_id: one.last_seen_ns for one in store.operations()}
    assert seen == {"a": later, "b": NOW_NS}


def test_filters_narrow_the_operations(tmp_path: Path) -> None:
    store = _open(tmp_path / "h.sqlite3")
    store.write_seen("s1", "p", [_record("a", "failed", NOW_NS - 10, "x")], NOW_NS)
    store.write_seen("s2", "q", [_record("b", "finished", NOW_NS, "y")], NOW_NS)

    def ids(**filters: object) -> list[str | None]:
        return [one.operation_id for one in store.operations(**filters)]  # type: ignore[arg-type]

    assert ids() == ["b", "a"]
    assert ids(since_ns=NOW_NS - 5) == ["b"]
    assert ids(statuses={Status.FAILED}) == ["a"]
    assert ids(blockchain_id="y") == ["b"]
    assert ids(source="s1") == ["a"]
    assert [one.operation_id for one in store.finished()] == ["b"]


def test_the_file_and_its_directory_are_private(tmp_path: Path) -> None:
    path = tmp_path / "state" / "bcs-tui" / "h.sqlite3"
    _open(path).write_seen("s", "p", [_record("a")], NOW_NS)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    connection = sqlite3.connect(path)
    assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_an_empty_file_is_migrated_from_version_0(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    path.touch()
    warnings = Warnings()
    store = _open(path, warnings)
    assert store.write_seen("s", "p", [_record("a")], NOW_NS) == 1
    assert warnings == []
    assert not list(tmp_path.glob("*.corrupt-*"))


def _corrupt_files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.iterdir() if ".corrupt-" in p.name)


def test_a_file_that_is_not_a_database_is_moved_aside_with_one_warning(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    garbage = os.urandom(8192)
    path.write_bytes(garbage)
    warnings = Warnings()
    store = _open(path, warnings)
    assert store.write_seen("s", "p", [_record("a")], NOW_NS) == 1
    (moved,) = _corrupt_files(tmp_path)
    assert moved.read_bytes() == garbage
    assert moved.name.startswith("h.sqlite3.corrupt-") and moved.name.endswith("Z")
    assert len(warnings) == 1 and moved.name in warnings[0]


def test_a_file_moved_aside_never_replaces_one_moved_before(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    # Names the next few seconds' moves would take, already taken (an earlier move).
    now = time.time()
    taken = [
        path.with_name(f"h.sqlite3.corrupt-{time.strftime('%Y%m%dT%H%M%SZ', time.gmtime(now + s))}")
        for s in range(3)
    ]
    for number, name in enumerate(taken):
        name.write_text(f"moved before {number}")
    contents = [os.urandom(4096) for _ in range(2)]
    for garbage in contents:
        path.write_bytes(garbage)
        _open(path).close()
    for number, name in enumerate(taken):
        assert name.read_text() == f"moved before {number}"
    kept = {p.read_bytes() for p in _corrupt_files(tmp_path) if p not in taken}
    assert kept == set(contents)


def test_threads_opening_one_corrupt_file_at_once_move_it_aside_once(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    garbage = os.urandom(8192)
    path.write_bytes(garbage)
    warnings = Warnings()
    start = threading.Barrier(4)
    stores: list[HistoryStore | None] = []

    def opening() -> None:
        start.wait()
        stores.append(HistoryStore.open(path, warn=warnings))

    threads = [threading.Thread(target=opening) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(store is not None for store in stores)
    (moved,) = _corrupt_files(tmp_path)
    assert moved.read_bytes() == garbage
    assert len(warnings) == 1
    first = stores[0]
    assert first is not None and first.write_seen("s", "p", [_record("a")], NOW_NS) == 1
    for store in stores[1:]:
        assert store is not None
        assert [one.operation_id for one in store.operations()] == ["a"]


def test_a_newer_schema_is_moved_aside_not_guessed_at(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    newer = sqlite3.connect(path)
    newer.execute("CREATE TABLE future (x)")
    newer.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    newer.commit()
    newer.close()
    warnings = Warnings()
    store = _open(path, warnings)
    assert store.operations() == []
    assert len(_corrupt_files(tmp_path)) == 1
    assert len(warnings) == 1 and "newer" in warnings[0]


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes read-only directories")
def test_a_read_only_directory_gives_one_warning_and_no_store(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        warnings = Warnings()
        assert HistoryStore.open(locked / "h.sqlite3", warn=warnings) is None
        assert len(warnings) == 1 and "history off" in warnings[0]
    finally:
        locked.chmod(0o700)


def test_a_directory_that_cannot_be_made_gives_one_warning_and_no_store(tmp_path: Path) -> None:
    # Works as root too (root writes read-only directories): a file where a directory
    # should be.
    (tmp_path / "state").write_text("not a directory")
    warnings = Warnings()
    assert HistoryStore.open(tmp_path / "state" / "h.sqlite3", warn=warnings) is None
    assert len(warnings) == 1 and "history off" in warnings[0]


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes read-only files")
def test_a_read_only_file_gives_one_warning_and_no_store(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    _open(path).close()
    path.chmod(0o400)
    warnings = Warnings()
    assert HistoryStore.open(path, warn=warnings) is None
    assert len(warnings) == 1
    assert not _corrupt_files(tmp_path)


def test_a_file_sqlite_cannot_write_beside_gives_one_warning_and_is_kept(tmp_path: Path) -> None:
    # Root-proof (root writes read-only files): a directory where the file's WAL must go, so
    # no write can happen, as with a read-only file; the file itself is sound, never moved.
    path = tmp_path / "h.sqlite3"
    store = _open(path)
    store.write_seen("s", "p", [_record("a")], NOW_NS)
    store.close()
    original = path.read_bytes()
    (tmp_path / "h.sqlite3-wal").mkdir()
    warnings = Warnings()
    assert HistoryStore.open(path, warn=warnings) is None
    assert len(warnings) == 1 and "history off" in warnings[0]
    assert not _corrupt_files(tmp_path) and path.read_bytes() == original


def test_a_full_disk_turns_the_store_off_with_one_warning(tmp_path: Path) -> None:
    warnings = Warnings()
    store = _open(tmp_path / "h.sqlite3", warnings)
    store.write_seen("s", "p", [_record("a")], NOW_NS)
    # SQLite's own limit on the file's size, on this connection: the real "database or
    # disk is full" error, from the real library.
    connection = sqlite3.connect(store.path)
    pages = connection.execute("PRAGMA page_count").fetchone()[0]
    connection.close()
    assert store._connection is not None
    store._connection.execute(f"PRAGMA max_page_count = {pages}")
    big = [_record(f"op-{n}") for n in range(2_000)]
    assert store.write_seen("s", "p", big, NOW_NS) == 0
    assert not store.enabled
    assert store.write_seen("s", "p", [_record("b")], NOW_NS) == 0
    assert len(warnings) == 1 and "full" in warnings[0]
    # Nothing of the failed transaction is left half-written.
    assert [one.operation_id for one in _open(store.path).operations()] == ["a"]


def test_prune_removes_operations_last_seen_before_the_cutoff(tmp_path: Path) -> None:
    store = _open(tmp_path / "h.sqlite3")
    store.write_seen("s", "p", [_record("old")], NOW_NS - 10 * NS_PER_DAY)
    store.write_seen("s", "p", [_record("new")], NOW_NS)
    assert store.prune(NOW_NS - NS_PER_DAY) == 1
    assert [one.operation_id for one in store.operations()] == ["new"]
    assert store.prune(NOW_NS - NS_PER_DAY) == 0


def test_opening_prunes_what_is_older_than_keep_days(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    now = time.time_ns()
    store = _open(path)
    store.write_seen("s", "p", [_record("old")], now - 31 * NS_PER_DAY)
    store.write_seen("s", "p", [_record("recent")], now - 29 * NS_PER_DAY)
    store.close()
    assert [one.operation_id for one in _open(path, keep_days=30).operations()] == ["recent"]


def test_an_invalid_record_is_kept_as_received_beside_valid_ones(tmp_path: Path) -> None:
    raw = {"operation_id": "odd", "record_time": "not a time", "operation_status": "failed"}
    odd = parse_record(raw)
    assert not odd.is_valid
    store = _open(tmp_path / "h.sqlite3")
    assert store.write_seen("s", "p", [odd, _record("fine")], NOW_NS) == 2
    found = {one.operation_id: one.record for one in _open(store.path).operations()}
    assert found["odd"].to_api_json() == raw and not found["odd"].is_valid
    assert found["fine"] == _record("fine")


def test_many_records_come_back_in_order_whichever_part_holds_an_invalid_one(
    tmp_path: Path,
) -> None:
    count = 2 * PARSED_AT_ONCE + 50  # three parts; the invalid one in the second
    records = [_record(f"op-{index:04d}", record_time=NOW_NS - index) for index in range(count)]
    odd = {"operation_id": "odd", "record_time": NOW_NS - PARSED_AT_ONCE - 1}
    odd["operation_status"] = ["not", "a", "status"]  # type: ignore[assignment]
    store = _open(tmp_path / "h.sqlite3")
    assert store.write_seen("s", "p", [*records, parse_record(odd)], NOW_NS) == count + 1
    found = _open(store.path).operations()
    assert [one.record for one in found if one.operation_id != "odd"] == records
    (invalid,) = [one.record for one in found if one.operation_id == "odd"]
    assert not invalid.is_valid and invalid.to_api_json() == odd
    assert [one.operation_id for one in _open(store.path).operations(limit=3)] == [
        "op-0000",
        "op-0001",
        "op-0002",
    ]


def test_a_new_file_gets_pages_that_hold_several_records(tmp_path: Path) -> None:
    _open(tmp_path / "h.sqlite3").close()
    connection = sqlite3.connect(tmp_path / "h.sqlite3")
    assert connection.execute("PRAGMA page_size").fetchone()[0] == PAGE_SIZE


def test_no_status_wanted_is_no_operation_not_an_error(tmp_path: Path) -> None:
    warnings = Warnings()
    store = _open(tmp_path / "h.sqlite3", warnings)
    store.write_seen("s", "p", [_record("a")], NOW_NS)
    assert store.operations(statuses=()) == []
    assert store.enabled and warnings == []


def test_a_file_with_damaged_pages_is_moved_aside_and_history_comes_back(
    tmp_path: Path,
) -> None:
    path = tmp_path / "h.sqlite3"
    store = _open(path)
    store.write_seen("s", "p", [_record(f"op-{n}") for n in range(300)], NOW_NS)
    store.close()
    # A valid header and schema page, every page after it overwritten: SQLite opens the
    # file, and the first read of a table or index meets the damage.
    with path.open("r+b") as damaged:
        damaged.seek(PAGE_SIZE)
        size = path.stat().st_size - PAGE_SIZE
        damaged.write(os.urandom(size))
    original = path.read_bytes()
    warnings = Warnings()
    store = _open(path, warnings)
    assert store.write_seen("s", "p", [_record("fresh")], NOW_NS) == 1
    assert [one.operation_id for one in store.operations()] == ["fresh"]
    (moved,) = [p for p in _corrupt_files(tmp_path) if p.name.endswith("Z")]
    assert moved.read_bytes() == original
    assert len(warnings) == 1 and moved.name in warnings[0]
    # The next run finds a sound file: no warning again.
    store.close()
    again = Warnings()
    assert [one.operation_id for one in _open(path, again).operations()] == ["fresh"]
    assert again == []


def test_records_with_absurd_times_or_lone_surrogates_are_stored_exactly(tmp_path: Path) -> None:
    # Both are valid to the model: a time past 64 bits, and JSON escapes that name half of a
    # surrogate pair (no UTF-8 can hold them).
    huge = parse_record(
        {"operation_id": "huge", "record_time": 2**70, "operation_status": "failed"}
    )
    odd = parse_record(
        json.loads(
            '{"operation_id": "odd\\ud800", "blockchain_id": "chain\\udc00",'
            ' "resource_type": "r\\ud800", "operation_type": "2", "operation_status": "finished",'
            ' "record_time": 5, "operation_process": {"s": {"step_name": "Prep\\udfff",'
            ' "serial_num": 1, "status": "finished", "start_time": 1, "end_time": 3}}}'
        )
    )
    assert huge.is_valid and odd.is_valid
    warnings = Warnings()
    store = _open(tmp_path / "h.sqlite3", warnings)
    assert store.write_seen("s", "p", [huge, odd, _record("fine")], NOW_NS) == 3
    assert store.enabled and warnings == []
    found = _open(store.path).operations()
    assert [one.record.to_api_json() for one in found] == [
        _record("fine").to_api_json(),
        odd.to_api_json(),
        huge.to_api_json(),  # no time SQLite can hold: last, as records without a time
    ]
    assert store.write_seen("s", "p", [huge, odd], NOW_NS + 1) == 0


def test_the_newest_not_skipped_are_read_and_the_skipped_never_parsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bcs_tui.history import store as store_module

    records = [_record(f"op-{index}", record_time=NOW_NS - index) for index in range(6)]
    store = _open(tmp_path / "h.sqlite3")
    store.write_seen("s", "p", records, NOW_NS)
    parsed: list[int] = []
    real_parse = store_module.parse_stored

    def counting(texts: list[str]) -> list[OperationRecord]:
        parsed.append(len(texts))
        return real_parse(texts)

    monkeypatch.setattr(store_module, "parse_stored", counting)
    live = {("p", "op-0"), ("p", "op-1"), ("p", "op-3")}
    found = store.newest_not_in(live, 2)
    assert [one.operation_id for one in found] == ["op-2", "op-4"]
    assert [one.record for one in found] == [records[2], records[4]]
    assert parsed == [2]
    assert [one.operation_id for one in store.newest_not_in(set(), 10)] == [
        f"op-{index}" for index in range(6)
    ]
    assert store.newest_not_in(live, 0) == []


def test_a_poll_larger_than_one_part_is_written_whole_in_one_transaction(
    tmp_path: Path,
) -> None:
    from bcs_tui.history.store import WRITTEN_AT_ONCE

    count = 2 * WRITTEN_AT_ONCE + 3  # three parts
    from tests.core.timed_records import timed_record

    records = [
        timed_record(f"op-{index:05d}", start_ns=NOW_NS - 10**12, record_time=NOW_NS - index)
        for index in range(count)
    ]
    store = _open(tmp_path / "h.sqlite3")
    assert store.write_seen("s", "p", records, NOW_NS) == count
    assert len(store.samples()) == count  # every one finished, with its times: a sample each
    again = _open(store.path)
    assert [one.record for one in again.operations()] == records
    assert again.write_seen("s", "p", records, NOW_NS) == 0  # the file holds them already
