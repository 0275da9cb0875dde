"""``bcs-tui history`` and what ``records`` stores, through the installed program against the
real simulator; the history file is a real SQLite file in the test's directory."""

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bcs_tui.base.timefmt import NS_PER_DAY
from bcs_tui.history.store import HistoryStore
from bcs_tui.sim.server import SimConfig, SimServer
from tests.environment import clean_environment
from tests.history.test_store import NOW_NS, Warnings, _record
from tests.test_cli import aksk_env, assert_no_traceback

BCS_TUI = Path(sys.executable).with_name("bcs-tui")
"""The installed program's script, as a user runs it."""


@pytest.fixture(scope="module")
def sim() -> Iterator[SimServer]:
    with SimServer(SimConfig(seed=13, records=30)) as server:
        yield server


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return clean_environment(tmp_path)


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [str(BCS_TUI), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert_no_traceback(result)
    return result


def _fill(path: Path, source: str, records: list[tuple[str, str, int]], seen_at_ns: int) -> None:
    store = HistoryStore.open(path, warn=Warnings())
    assert store is not None
    made = [_record(op, status, record_time=at) for op, status, at in records]
    store.write_seen(source, "p", made, seen_at_ns)
    store.close()


def test_history_prints_what_records_saw_exactly(
    sim: SimServer, env: dict[str, str], tmp_path: Path
) -> None:
    history = tmp_path / "h.sqlite3"
    listed = run(["records", "--json", "--history", str(history)], aksk_env(env, sim))
    assert listed.returncode == 0, listed.stderr
    assert listed.stderr == ""
    # No credentials, no endpoint: the history is read from the local file alone.
    stored = run(["history", "--json", "--history", str(history)], env)
    assert stored.returncode == 0, stored.stderr
    records = json.loads(listed.stdout)["operation_records"]
    assert len(records) >= 30  # the 30 ended ones, and those running now
    kept = json.loads(stored.stdout)
    assert kept["count"] == len(kept["operation_records"]) == len(records)

    def by_id(found: list[dict[str, object]]) -> list[dict[str, object]]:
        return sorted(found, key=lambda one: str(one["operation_id"]))

    # Python's JSON integers are exact: equal here is equal to the nanosecond.
    assert by_id(kept["operation_records"]) == by_id(records)
    assert any(len(str(one["record_time"])) == 19 for one in records)
    times = [one["record_time"] for one in kept["operation_records"]]
    assert times == sorted(times, reverse=True)


def test_a_19_digit_time_round_trips_exactly(env: dict[str, str], tmp_path: Path) -> None:
    history = tmp_path / "h.sqlite3"
    _fill(history, "s", [("op-1", "finished", NOW_NS)], NOW_NS)
    stored = run(["history", "--json", "--history", str(history)], env)
    assert f'"record_time": {NOW_NS},' in stored.stdout
    assert json.loads(stored.stdout)["operation_records"][0]["record_time"] == NOW_NS


def test_no_history_file_yet_is_an_empty_list_not_an_error(
    env: dict[str, str], tmp_path: Path
) -> None:
    result = run(["history", "--json"], env)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"count": 0, "operation_records": []}
    # Reading made no file.
    assert not (tmp_path / ".local" / "state" / "bcs-tui" / "history.sqlite3").exists()


def test_filters_and_a_source_column_for_several_sources(
    env: dict[str, str], tmp_path: Path
) -> None:
    history = tmp_path / "h.sqlite3"
    _fill(history, "north", [("op-old", "failed", NOW_NS - 3 * NS_PER_DAY)], NOW_NS)
    _fill(history, "south", [("op-new", "finished", NOW_NS)], NOW_NS)
    _fill(history, "south", [("op-stopped", "stop", NOW_NS - 4 * NS_PER_DAY)], NOW_NS)
    flags = ["--history", str(history), "--utc"]
    table = run(["history", *flags], env)
    assert table.returncode == 0, table.stderr
    lines = table.stdout.splitlines()
    assert lines[0].split()[:2] == ["SOURCE", "STATUS"]
    assert [line.split()[0] for line in lines[1:4]] == ["south", "north", "south"]
    assert lines[-1] == "3 operations in the local history"

    def ids(*extra: str) -> list[str]:
        result = run(["history", "--json", *flags, *extra], env)
        assert result.returncode == 0, result.stderr
        return [one["operation_id"] for one in json.loads(result.stdout)["operation_records"]]

    assert ids("--status", "failed") == ["op-old"]
    assert ids("--status", "failed", "finished") == ["op-new", "op-old"]
    # The word the tables print, the API's, in any case.
    assert ids("--status", "stopped") == ids("--status", "STOP") == ["op-stopped"]
    assert ids("--source", "south") == ["op-new", "op-stopped"]
    assert ids("--blockchain-id", "nowhere") == []
    day = time.strftime("%Y-%m-%d", time.gmtime((NOW_NS - NS_PER_DAY) // 10**9))
    assert ids("--since", day) == ["op-new"]
    unknown = run(["history", *flags, "--status", "nonsense"], env)
    assert unknown.returncode == 2 and "'nonsense' is no status" in unknown.stderr


def test_a_bad_since_is_a_usage_error(env: dict[str, str]) -> None:
    for bad in ("2025-13-01", "yesterday", "20250101"):
        result = run(["history", "--since", bad], env)
        assert result.returncode == 2
        assert "YYYY-MM-DD" in result.stderr and result.stdout == ""


def test_a_since_beyond_what_nanoseconds_reach_is_a_usage_error(env: dict[str, str]) -> None:
    for bad in (["2300-01-01"], ["9999-12-31", "--utc"], ["0001-01-01"], ["1600-01-01"]):
        result = run(["history", "--since", *bad], env)
        assert result.returncode == 2, result.stderr
        assert "--since" in result.stderr and result.stdout == ""
    fine = run(["history", "--since", "2200-01-01"], env)
    assert fine.returncode == 0, fine.stderr


def test_history_with_no_history_says_why(env: dict[str, str]) -> None:
    result = run(["history", "--no-history"], env)
    assert result.returncode == 2
    assert "bcs-tui: error: --no-history" in result.stderr


def test_prune_removes_old_operations_and_says_how_many(
    env: dict[str, str], tmp_path: Path
) -> None:
    history = tmp_path / "h.sqlite3"
    now = time.time_ns()
    _fill(history, "s", [("old", "finished", now)], now - 10 * NS_PER_DAY)
    _fill(history, "s", [("new", "finished", now)], now - NS_PER_DAY)
    result = run(["history", "prune", "--older-than", "5", "--history", str(history)], env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("removed 1 operation last seen more than 5 days ago")
    listed = run(["history", "--json", "--history", str(history)], env)
    assert [one["operation_id"] for one in json.loads(listed.stdout)["operation_records"]] == [
        "new"
    ]
    everything = run(["history", "prune", "--older-than", "0", "--history", str(history)], env)
    assert everything.returncode == 0, everything.stderr
    assert everything.stdout.startswith("removed 1 operation last seen before now")
    for bad in ("-1", "soon"):
        refused = run(["history", "prune", "--older-than", bad, "--history", str(history)], env)
        assert refused.returncode == 2 and "from 0 to 36500" in refused.stderr


def test_prune_defaults_to_the_profiles_history_days(env: dict[str, str], tmp_path: Path) -> None:
    config = tmp_path / ".config" / "bcs-tui" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text("[profiles.default]\nhistory_days = 3\n", encoding="utf-8")
    history = tmp_path / "h.sqlite3"
    now = time.time_ns()
    _fill(history, "s", [("four-days", "finished", now)], now - 4 * NS_PER_DAY)
    _fill(history, "s", [("two-days", "finished", now)], now - 2 * NS_PER_DAY)
    result = run(["history", "prune", "--history", str(history)], env)
    assert result.returncode == 0, result.stderr
    assert "removed 1 operation last seen more than 3 days ago" in result.stdout


def test_a_history_that_cannot_be_written_warns_once_and_records_still_succeeds(
    sim: SimServer, env: dict[str, str], tmp_path: Path
) -> None:
    (tmp_path / "file").write_text("a file where a directory should be")
    history = tmp_path / "file" / "h.sqlite3"
    result = run(["records", "--history", str(history)], aksk_env(env, sim))
    assert result.returncode == 0
    warnings = result.stderr.splitlines()
    assert len(warnings) == 1 and warnings[0].startswith("bcs-tui: warning: history off")
    assert "records (count reported:" in result.stdout


def test_records_with_no_history_writes_nothing(
    sim: SimServer, env: dict[str, str], tmp_path: Path
) -> None:
    result = run(["records", "--no-history"], aksk_env(env, sim))
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / ".local").exists()
    stored = run(["records"], aksk_env(env, sim))
    assert stored.returncode == 0, stored.stderr
    assert (tmp_path / ".local" / "state" / "bcs-tui" / "history.sqlite3").is_file()


def test_watch_stores_the_operation_it_follows(
    sim: SimServer, env: dict[str, str], tmp_path: Path
) -> None:
    listed = run(["records", "--json", "--no-history"], aksk_env(env, sim))
    ended = next(
        one
        for one in json.loads(listed.stdout)["operation_records"]
        if one["operation_status"] == "finished"
    )
    history = tmp_path / "h.sqlite3"
    watched = run(
        ["watch", ended["operation_id"], "--interval", "1", "--history", str(history)],
        aksk_env(env, sim),
    )
    assert watched.returncode == 0, watched.stderr
    stored = run(["history", "--json", "--history", str(history)], env)
    assert json.loads(stored.stdout)["operation_records"] == [ended]


def test_records_of_a_fleet_stores_each_record_under_its_source(
    env: dict[str, str], tmp_path: Path
) -> None:
    history = tmp_path / "h.sqlite3"
    listed = run(["records", "--demo", "--json", "--history", str(history)], env)
    assert listed.returncode == 0, listed.stderr
    answered = {
        source["name"]: {one["operation_id"] for one in source["operation_records"]}
        for source in json.loads(listed.stdout)["sources"]
    }
    for name, ids in answered.items():
        stored = run(["history", "--json", "--history", str(history), "--source", name], env)
        assert {
            one["operation_id"] for one in json.loads(stored.stdout)["operation_records"]
        } == ids
    table = run(["history", "--history", str(history)], env)
    assert table.stdout.startswith("SOURCE")


def test_history_stats_prints_exact_medians_and_p90s(env: dict[str, str], tmp_path: Path) -> None:
    from bcs_tui.core.expectations import sub_step_key
    from tests.history.test_samples import NOW, OTHER_KIND, SOURCE_A, SOURCE_B

    history = tmp_path / "h.sqlite3"
    store = HistoryStore.open(history, warn=Warnings())
    assert store is not None
    store.write_seen("a", "p", [*SOURCE_A, *OTHER_KIND], NOW)
    store.write_seen("b", "p", SOURCE_B, NOW)
    store.close()
    s = 1_000_000_000
    for args in (["history", "stats", "--json"], ["history", "--json", "stats"]):
        result = run([*args, "--history", str(history)], env)
        assert result.returncode == 0 and result.stderr == "", result.stderr
        kinds = json.loads(result.stdout)["kinds"]
        assert [(k["operation_type"], k["count"]) for k in kinds] == [("98", 3), ("99", 5)]
        # Kind 99: totals 60, 120, 180, 240, 300 s over two sources (the running one left
        # out): nearest-rank median the 3rd, p90 the 5th.
        assert (kinds[1]["median_ns"], kinds[1]["p90_ns"]) == (180 * s, 300 * s)
        steps = {step["name"]: step for step in kinds[1]["steps"]}
        assert steps[sub_step_key("Deploy Nodes", "Pull image")] == {
            "name": sub_step_key("Deploy Nodes", "Pull image"),
            "count": 5,
            "median_ns": 90 * s,
            "p90_ns": 150 * s,
        }
        assert (kinds[0]["median_ns"], kinds[0]["p90_ns"]) == (60 * s, 60 * s)
    table = run(["history", "stats", "--history", str(history)], env)
    assert table.returncode == 0, table.stderr
    assert table.stdout.splitlines()[-1] == "2 kinds of operation, from 8 finished operations"


def test_history_stats_of_what_records_saw_matches_the_records(
    sim: SimServer, env: dict[str, str], tmp_path: Path
) -> None:
    from bcs_tui.core.expectations import Expectations
    from bcs_tui.history_stats import stats_json

    history = tmp_path / "h.sqlite3"
    listed = run(["records", "--json", "--history", str(history)], aksk_env(env, sim))
    assert listed.returncode == 0, listed.stderr
    first = run(["history", "stats", "--json", "--history", str(history)], env)
    again = run(["history", "stats", "--json", "--history", str(history)], env)  # cached
    assert first.returncode == again.returncode == 0, first.stderr + again.stderr
    store = HistoryStore.open(history, warn=Warnings())
    assert store is not None
    expected = stats_json(Expectations.build(store.finished()))
    store.close()
    assert sum(kind["count"] for kind in expected["kinds"]) > 0
    assert json.loads(first.stdout) == json.loads(again.stdout) == expected


def test_history_stats_without_a_file_is_empty_and_makes_none(
    env: dict[str, str], tmp_path: Path
) -> None:
    history = tmp_path / "h.sqlite3"
    result = run(["history", "stats", "--json", "--history", str(history)], env)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"kinds": []}
    assert not history.exists()


def test_an_absurd_day_count_is_a_usage_error_not_a_traceback(
    env: dict[str, str], tmp_path: Path
) -> None:
    history = tmp_path / "h.sqlite3"
    _fill(history, "s", [("kept", "finished", NOW_NS)], NOW_NS)
    too_many = run(
        ["history", "prune", "--older-than", "200000000", "--history", str(history)], env
    )
    assert too_many.returncode == 2 and "36500" in too_many.stderr
    most = run(["history", "prune", "--older-than", "36500", "--history", str(history)], env)
    assert most.returncode == 0, most.stderr
    assert most.stdout.startswith("removed 0 operations")
    config = tmp_path / ".config" / "bcs-tui" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text("[profiles.default]\nhistory_days = 200000000\n", encoding="utf-8")
    listed = run(["history", "--history", str(history)], env)
    assert listed.returncode == 2 and "history_days" in listed.stderr


def test_reading_an_archived_history_prunes_nothing(env: dict[str, str], tmp_path: Path) -> None:
    config = tmp_path / ".config" / "bcs-tui" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text("[profiles.default]\nhistory_days = 3\n", encoding="utf-8")
    history = tmp_path / "h.sqlite3"
    now = time.time_ns()
    _fill(history, "s", [("four-days", "finished", now)], now - 4 * NS_PER_DAY)
    for command in (["history", "stats"], ["history"]):
        result = run([*command, "--json", "--history", str(history)], env)
        assert result.returncode == 0, result.stderr
    listed = json.loads(result.stdout)["operation_records"]
    assert [one["operation_id"] for one in listed] == ["four-days"]
