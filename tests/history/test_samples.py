"""The finished operations' samples kept in the history file (schema v2) and the cached
expectations: the same numbers as building them from the records, on real SQLite files."""

import json
import sqlite3
import time
from pathlib import Path

from bcs_tui.api.models import OperationRecord
from bcs_tui.base.timefmt import NS_PER_DAY, NS_PER_S
from bcs_tui.core.expectations import Expectations, sub_step_key
from bcs_tui.history.samples import SAMPLES_SCHEMA
from bcs_tui.history.schema import MIGRATIONS, SCHEMA_VERSION
from bcs_tui.history.store import HistoryStore
from bcs_tui.history_stats import stats_json
from tests.core.timed_records import RUNNING, TWO_STEPS, scaled, timed_record

S = NS_PER_S
NOW = time.time_ns() // S * S
"""Recent: opening prunes what is older than keep_days."""


def _warn(message: str) -> None:
    raise AssertionError(f"unexpected warning: {message}")


def _open(path: Path) -> HistoryStore:
    store = HistoryStore.open(path, warn=_warn)
    assert store is not None
    return store


def _finished(
    operation_id: str, percent: int, operation_type: str = "99", start_ns: int = NOW
) -> OperationRecord:
    """TWO_STEPS (60 s: Preparation 10 s, Deploy Nodes 50 s) times ``percent`` / 100."""
    return timed_record(
        operation_id,
        start_ns=start_ns,
        steps=scaled(TWO_STEPS, percent),
        operation_type=operation_type,
    )


def _running(operation_id: str) -> OperationRecord:
    steps = (("Preparation", (("Check quota", 10),)), ("Deploy Nodes", (("Pull image", RUNNING),)))
    return timed_record(operation_id, start_ns=NOW, steps=steps, status="processing")


# Kind "99": 100 %, 200 %, ..., 500 % of 60 s, over two sources; kind "98": three at 100 %.
SOURCE_A = [_finished(f"a{i}", 100 * i) for i in (1, 3, 5)]
SOURCE_B = [_finished(f"b{i}", 100 * i) for i in (2, 4)] + [_running("b-running")]
OTHER_KIND = [_finished(f"k{i}", 100, operation_type="98") for i in range(3)]


def _expected(store: HistoryStore) -> Expectations:
    """The expectations built from the stored records themselves (B's reference path)."""
    return Expectations.build(store.finished())


def _fill(store: HistoryStore) -> None:
    store.write_seen("a", "p", [*SOURCE_A, *OTHER_KIND], NOW)
    store.write_seen("b", "p", SOURCE_B, NOW)


def test_samples_are_written_with_the_records_and_give_the_same_expectations(
    tmp_path: Path,
) -> None:
    store = _open(tmp_path / "h.sqlite3")
    _fill(store)
    samples = store.samples()
    assert sorted((s.source, s.kind[1], s.total_ns) for s in samples) == [
        ("a", "98", 60 * S),
        ("a", "98", 60 * S),
        ("a", "98", 60 * S),
        ("a", "99", 60 * S),
        ("a", "99", 180 * S),
        ("a", "99", 300 * S),
        ("b", "99", 120 * S),
        ("b", "99", 240 * S),
    ]
    loaded = store.expectations()
    assert stats_json(loaded) == stats_json(_expected(store))
    assert loaded.per_source == _expected(store).per_source
    kind = loaded.of(SOURCE_A[0])
    assert kind is not None
    # Five totals 60..300 s: nearest-rank median the 3rd (180 s), p90 the 5th (300 s).
    assert (kind.total.count, kind.total.median_ns, kind.total.p90_ns) == (5, 180 * S, 300 * S)
    pull = kind.steps[sub_step_key("Deploy Nodes", "Pull image")]
    assert (pull.median_ns, pull.p90_ns) == (90 * S, 150 * S)
    # Source a has 3 of its own: its own numbers (60, 180, 300 s); b has 2: everyone's.
    own = loaded.of(SOURCE_A[0], "a")
    assert own is not None and (own.total.count, own.total.median_ns) == (3, 180 * S)
    assert loaded.of(SOURCE_B[0], "b") == kind


def _version_1_file(path: Path, records: list[tuple[str, OperationRecord]]) -> None:
    """A history file as the version 1 code wrote it: the operations table only."""
    connection = sqlite3.connect(path)
    migration = MIGRATIONS[0]
    assert isinstance(migration, str)
    connection.executescript(migration)
    for source, record in records:
        connection.execute(
            "INSERT INTO operations VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                "p",
                record.operation_id,
                source,
                json.dumps(record.to_api_json()),
                record.record_time,
                record.operation_status.value,
                record.resource_type,
                record.operation_type,
                record.blockchain_id,
                NOW,
                NOW,
            ),
        )
    connection.execute("PRAGMA user_version = 1")
    connection.commit()
    connection.close()


def test_a_version_1_file_gets_the_samples_of_its_finished_operations(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    _version_1_file(
        path,
        [("a", r) for r in [*SOURCE_A, *OTHER_KIND]] + [("b", r) for r in SOURCE_B],
    )
    store = _open(path)
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert SCHEMA_VERSION == 2
    assert len(store.samples()) == 8  # the running one has none
    migrated = store.expectations()
    assert stats_json(migrated) == stats_json(_expected(store))
    assert migrated.per_source == _expected(store).per_source
    assert [kind.operation_type for kind in migrated.kinds] == ["98", "99"]
    # A migrated file is written as any other: a new finished operation joins its kind.
    store.write_seen("b", "p", [_finished("b6", 600)], NOW)
    after = store.expectations()
    assert stats_json(after) == stats_json(_expected(store))
    assert after.kinds[1].total.count == 6


def _tamper_cache(path: Path, operation_type: str, median_ns: int) -> None:
    """Rewrites a cached kind's median in the file, its marker untouched: a load that
    returns it read the cache."""
    connection = sqlite3.connect(path)
    (text,) = connection.execute(
        "SELECT expectations_json FROM stats_cache WHERE operation_type = ?", (operation_type,)
    ).fetchone()
    data = json.loads(text)
    data["across"]["total"][1] = median_ns
    connection.execute(
        "UPDATE stats_cache SET expectations_json = ? WHERE operation_type = ?",
        (json.dumps(data), operation_type),
    )
    connection.commit()
    connection.close()


def _total_median(expectations: Expectations, operation_type: str) -> int:
    (kind,) = [k for k in expectations.kinds if k.operation_type == operation_type]
    return kind.total.median_ns


def test_a_current_cache_is_read_back_and_only_changed_kinds_are_computed_again(
    tmp_path: Path,
) -> None:
    path = tmp_path / "h.sqlite3"
    store = _open(path)
    _fill(store)
    first = store.expectations()  # computes every kind and caches them
    assert _total_median(first, "99") == 180 * S
    _tamper_cache(path, "99", 1)
    _tamper_cache(path, "98", 2)
    reopened = _open(path)
    assert _total_median(reopened.expectations(), "99") == 1  # from the cache
    # The same finished record seen again (another field changed): its sample is the same
    # row, the cache stays current.
    moved = timed_record("a1", start_ns=NOW, steps=scaled(TWO_STEPS, 100), record_time=NOW + 7 * S)
    assert reopened.write_seen("a", "p", [moved], NOW + S) == 1
    assert _total_median(reopened.expectations(), "99") == 1
    # A new finished operation of kind 99: that kind is computed again, 98 still cached.
    reopened.write_seen("b", "p", [_finished("b6", 600)], NOW + S)
    again = reopened.expectations()
    assert _total_median(again, "99") == 180 * S  # 60..360 s: the 3rd of 6 (nearest rank)
    assert _total_median(again, "98") == 2
    assert stats_json(_open(path).expectations()) == stats_json(again)


def test_changed_records_replace_or_remove_their_sample_and_pruning_removes_it(
    tmp_path: Path,
) -> None:
    store = _open(tmp_path / "h.sqlite3")
    _fill(store)
    store.expectations()
    # a5 took 10x longer when seen again; a3 is seen failed (no sample any more).
    store.write_seen("a", "p", [_finished("a5", 1000)], NOW + S)
    failed = timed_record("a3", start_ns=NOW, steps=scaled(TWO_STEPS, 300), status="failed")
    store.write_seen("a", "p", [failed], NOW + S)
    totals = sorted(s.total_ns for s in store.samples() if s.kind[1] == "99")
    assert totals == [60 * S, 120 * S, 240 * S, 600 * S]
    assert stats_json(store.expectations()) == stats_json(_expected(store))
    # Everything of kind 98 last seen at NOW; the rest later: pruning at NOW + 1 ns
    # removes kind 98's operations and their samples, and the kind from the stats.
    store.write_seen("b", "p", SOURCE_B, NOW + 2 * NS_PER_DAY)
    store.write_seen("a", "p", [SOURCE_A[0]], NOW + 2 * NS_PER_DAY)
    removed = store.prune(NOW + 1)
    assert removed == 3  # k0..k2
    assert {s.kind[1] for s in store.samples()} == {"99"}
    assert [kind.operation_type for kind in store.expectations().kinds] == ["99"]
    assert stats_json(store.expectations()) == stats_json(_expected(store))


def test_the_samples_schema_has_no_statement_split_by_accident() -> None:
    # The trigger holds a ";": version 2 runs its statements whole, never split.
    assert any(";" in statement for statement in SAMPLES_SCHEMA)
    assert not isinstance(MIGRATIONS[1], str)


def test_two_programs_writing_one_file_share_its_groups(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    first, second = _open(path), _open(path)
    first.write_seen("a", "p", SOURCE_A[:1], NOW)
    second.write_seen("a", "p", SOURCE_A[1:], NOW)  # the same group, made by the first
    second.write_seen("b", "p", SOURCE_B, NOW)
    first.write_seen("b", "p", [_finished("b6", 600)], NOW)  # a group the second made
    groups = sqlite3.connect(path).execute("SELECT count(*) FROM sample_groups").fetchone()[0]
    assert groups == 2  # (a, 99, TWO_STEPS' names) and (b, 99, the same names)
    assert stats_json(first.expectations()) == stats_json(_expected(second))
    assert second.expectations().per_source == _expected(first).per_source


def test_a_cached_kind_that_does_not_read_is_computed_again(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    store = _open(path)
    _fill(store)
    expected = stats_json(store.expectations())
    connection = sqlite3.connect(path)
    for damaged in ("{", '{"across": {"total": [3, 1.5, 2], "steps": {}}, "per_source": {}}'):
        connection.execute("UPDATE stats_cache SET expectations_json = ?", (damaged,))
        connection.commit()
        assert stats_json(_open(path).expectations()) == expected
        # ... and the cache holds good entries again.
        texts = [row[0] for row in connection.execute("SELECT expectations_json FROM stats_cache")]
        assert len(texts) == 2 and damaged not in texts
    connection.close()
