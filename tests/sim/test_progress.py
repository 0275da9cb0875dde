"""Operations progress with (injected) time: waiting -> processing -> finished/failed/stop,
sub-steps start and end in order, new operations keep appearing, speed scales it all."""

import json
from typing import Any

import httpx

from bcs_tui.base.timefmt import NS_PER_MIN, NS_PER_S
from bcs_tui.sim.engine import MIN_RUNNING, Simulation
from bcs_tui.sim.server import SimConfig, SimServer
from tests.clock import ManualClock

from .helpers import START_NS, get_records

ENDED = {"finished", "failed", "stop"}
ORDER = {"waiting": 0, "processing": 1, "finished": 2, "failed": 2, "stop": 2}


def simulation(speed: float = 1.0, seed: int = 7, history: int = 0) -> Simulation:
    return Simulation(seed=seed, origin_ns=START_NS, speed=speed, history=history, project_id="p")


def live_records(sim: Simulation, now_ns: int) -> dict[str, dict[str, Any]]:
    return {record["operation_id"]: record for record in sim.records(now_ns, {})}


def flat_sub_steps(record: dict[str, Any]) -> list[dict[str, Any]]:
    steps = sorted(record["operation_process"].values(), key=lambda step: step["serial_num"])
    return [
        sub
        for step in steps
        for sub in sorted(step["sub_steps"].values(), key=lambda sub: sub["serial_num"])
    ]


def assert_consistent(record: dict[str, Any], now_ns: int) -> None:
    """Sub-steps run one after another, with real integer timestamps never in the future."""
    previous_end = 0
    seen_unstarted = False
    for sub in flat_sub_steps(record):
        start, end, status = sub["start_time"], sub["end_time"], sub["status"]
        if status == "":
            assert (start, end, sub["detail"]) == (0, 0, "waiting")
            seen_unstarted = True
            continue
        assert not seen_unstarted, "a sub-step started before an earlier one"
        assert previous_end <= start <= now_ns
        if status == "processing":
            assert end == 0
            previous_end = start
        else:
            assert start <= end <= now_ns
            previous_end = end
    assert record["record_time"] <= now_ns
    assert record["record_time"] >= max([previous_end, 0])


def test_records_only_move_forward_and_stay_consistent() -> None:
    sim = simulation()
    history: dict[str, list[dict[str, Any]]] = {}
    for second in range(0, 8 * 60, 4):
        now = START_NS + second * NS_PER_S
        for op_id, record in live_records(sim, now).items():
            assert_consistent(record, now)
            history.setdefault(op_id, []).append(record)
    assert len(history) > 15
    for states in history.values():
        ranks = [ORDER[state["operation_status"]] for state in states]
        assert ranks == sorted(ranks)
        times = [state["record_time"] for state in states]
        assert times == sorted(times)
        ended = [state for state in states if state["operation_status"] in ENDED]
        assert all(state == ended[0] for state in ended), "an ended record changed"
    statuses = {state["operation_status"] for states in history.values() for state in states}
    assert statuses >= {"waiting", "processing", "finished"}


def test_a_demo_visibly_progresses_within_seconds() -> None:
    for seed in range(1, 6):
        sim = simulation(seed=seed)
        before = live_records(sim, START_NS)
        running = [r for r in before.values() if r["operation_status"] not in ENDED]
        assert len(running) >= 2
        after = live_records(sim, START_NS + 5 * NS_PER_S)
        assert any(after[op_id] != record for op_id, record in before.items())


def test_a_few_operations_are_running_at_any_time() -> None:
    for seed in (1, 2):
        sim = simulation(seed=seed)
        counts = []
        for second in range(0, 15 * 60, 7):
            records = live_records(sim, START_NS + second * NS_PER_S).values()
            counts.append(sum(r["operation_status"] in {"waiting", "processing"} for r in records))
        assert min(counts) >= MIN_RUNNING
        assert max(counts) <= 8


def test_operations_last_about_half_a_minute_to_three_minutes() -> None:
    sim = simulation()
    now = START_NS + 30 * NS_PER_MIN
    finished = [r for r in live_records(sim, now).values() if r["operation_status"] == "finished"]
    assert len(finished) >= 10
    for record in finished:
        first_start = flat_sub_steps(record)[0]["start_time"]
        assert 10 * NS_PER_S <= record["record_time"] - first_start <= 3 * NS_PER_MIN


def test_new_operations_appear_over_time() -> None:
    sim = simulation()
    at_start = set(live_records(sim, START_NS))
    later = set(live_records(sim, START_NS + 2 * NS_PER_MIN))
    assert at_start < later
    assert len(later - at_start) >= 3


def test_failed_operations_say_why() -> None:
    sim = simulation(history=300)
    failed = sim.records(START_NS, {"operation_status": "failed"})
    assert failed
    for record in failed:
        assert record["message"] and all(isinstance(line, str) for line in record["message"])
        subs = flat_sub_steps(record)
        bad = [sub for sub in subs if sub["status"] == "failed"]
        assert len(bad) == 1 and bad[0]["message"] and bad[0]["end_time"] > 0
        assert all(sub["status"] == "" for sub in subs[subs.index(bad[0]) + 1 :])


def test_speed_makes_operations_progress_faster() -> None:
    slow, fast = simulation(speed=1.0), simulation(speed=10.0)
    moment = START_NS + 30 * NS_PER_S
    slow_done = [r["operation_status"] in ENDED for r in live_records(slow, moment).values()]
    fast_records = live_records(fast, moment).values()
    assert not all(slow_done)
    assert len(fast_records) > len(slow_done)
    first_ones = sorted(fast_records, key=lambda r: r["operation_id"].rsplit("-", 1)[1])[:3]
    assert all(r["operation_status"] in ENDED for r in first_ones)


def test_history_is_ended_and_never_changes() -> None:
    sim = simulation(history=50)
    live_at_start = set(live_records(simulation(history=0), START_NS))
    early = [r for r in sim.records(START_NS, {}) if r["operation_id"] not in live_at_start]
    assert len(early) == 50
    assert all(r["operation_status"] in ENDED for r in early)
    assert all(r["record_time"] < START_NS for r in early)
    later = sim.records(START_NS + 10 * NS_PER_MIN, {})
    assert later[-50:] == early


def test_progress_over_the_wire(
    server: SimServer, client: httpx.Client, clock: ManualClock
) -> None:
    running = {
        r["operation_id"]: r
        for r in get_records(client, server).json()["operation_records"]
        if r["operation_status"] == "processing"
    }
    assert running
    clock.advance(5 * NS_PER_MIN)
    later = {r["operation_id"]: r for r in get_records(client, server).json()["operation_records"]}
    for op_id in running:
        assert later[op_id]["operation_status"] in ENDED
        assert later[op_id]["record_time"] > running[op_id]["record_time"]
        assert_consistent(later[op_id], clock())


def test_operation_ids_do_not_depend_on_the_start_time() -> None:
    """An ID printed by one run (e.g. ``records``) is found by the next (e.g. ``watch``)."""
    first = Simulation(seed=7, origin_ns=START_NS, history=20, project_id="p")
    later = Simulation(seed=7, origin_ns=START_NS + 3 * NS_PER_S, history=20, project_id="p")
    assert first.operation_ids(START_NS) == later.operation_ids(START_NS + 3 * NS_PER_S)


def test_the_same_seed_and_clock_give_the_same_bytes() -> None:
    first = simulation(seed=3, history=20).body(START_NS + NS_PER_MIN, {})
    second = simulation(seed=3, history=20).body(START_NS + NS_PER_MIN, {})
    other = simulation(seed=4, history=20).body(START_NS + NS_PER_MIN, {})
    assert first == second
    assert first != other


def test_two_servers_with_one_seed_serve_the_same_records() -> None:
    bodies = []
    for _ in range(2):
        config = SimConfig(clock=ManualClock(START_NS), seed=5, records=10)
        with SimServer(config) as server, httpx.Client(base_url=server.endpoint) as client:
            bodies.append(get_records(client, server).content)
    assert bodies[0] == bodies[1]
    assert json.loads(bodies[0])["count"] > 10


def test_with_a_retention_the_oldest_operations_age_out() -> None:
    everything = Simulation(seed=7, origin_ns=START_NS, history=20, project_id="p")
    kept = Simulation(seed=7, origin_ns=START_NS, history=20, retention=20, project_id="p")
    later = START_NS + 30 * NS_PER_MIN  # long enough for new operations to arrive
    all_ids = [record["operation_id"] for record in everything.records(later, {})]
    kept_ids = [record["operation_id"] for record in kept.records(later, {})]
    assert len(all_ids) > 20
    assert kept_ids == all_ids[:20]  # the newest 20, newest first
    finished = kept.records(later, {"operation_status": "finished"})
    assert finished  # filters see only what is kept
    assert {record["operation_id"] for record in finished} <= set(kept_ids)
