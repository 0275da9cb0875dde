"""``--notify-command``: real ``/bin/sh`` processes. What happened reaches the command only
in its environment, literally, whatever the record holds; never more than 4 run at once; a
command that hangs is killed with its children; output and failures go to the log."""

import asyncio
import json
import logging
import os
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest

from bcs_tui.api.models import parse_record_list
from bcs_tui.base.safe_text import safe_text
from bcs_tui.notify_command import NotifyCommandRunner, NotifyEvent

ENV_DUMP = (
    f"{sys.executable} -c 'import json, os; "
    'json.dump({k: v for k, v in os.environ.items() if k.startswith("BCS_TUI_")}, '
    'open(os.environ["DUMP"], "w"))\''
)
"""A command that writes its BCS_TUI_* variables to the file $DUMP names, as JSON."""


def hostile(marker: Path, name: str) -> str:
    """Text that runs ``touch`` if it is ever read as shell syntax, and that breaks out of
    quotes, ends lines and holds escape sequences."""
    return (
        f"$(touch {marker}-{name}-dollar) `touch {marker}-{name}-tick` ; touch {marker}-{name}-semi"
        f" ' \" \\ \n touch {marker}-{name}-newline \x1b]0;owned\x07 \x1b[31m \x00 end"
    )


async def until(condition: Callable[[], bool], timeout_s: float = 10.0) -> None:
    """Let the loop run (the subprocesses' watchers need it) until ``condition`` holds."""

    async def poll() -> None:
        while not condition():
            await asyncio.sleep(0.02)

    await asyncio.wait_for(poll(), timeout_s)


def run(coroutine: Callable[[], Awaitable[None]]) -> None:
    asyncio.run(asyncio.wait_for(coroutine(), 60))


def event(number: int) -> NotifyEvent:
    return NotifyEvent("ended", f"OP-{number}", "finished", "upgrade", "chain", "", "")


def test_hostile_values_in_every_variable_arrive_literally_and_nothing_runs(
    tmp_path: Path,
) -> None:
    marker = tmp_path / "ran"
    # As the service would send it: parsed like any answer.
    payload = {
        "operation_id": hostile(marker, "id"),
        "operation_type": hostile(marker, "type"),
        "blockchain_name": hostile(marker, "chain"),
        "operation_status": hostile(marker, "status"),  # outside the vocabulary: kept
        "message": [hostile(marker, "message"), "second line"],
    }
    (record,) = parse_record_list({"count": 1, "operation_records": [payload]}).records
    sent = NotifyEvent.of("ended", record, source=hostile(marker, "source"))
    dump = tmp_path / "env.json"
    runner = NotifyCommandRunner(ENV_DUMP, base_environment={**os.environ, "DUMP": str(dump)})

    async def scenario() -> None:
        runner.submit(sent)
        await runner.drain()

    run(scenario)
    got = json.loads(dump.read_text(encoding="utf-8"))
    assert got == {
        "BCS_TUI_EVENT": "ended",
        "BCS_TUI_OPERATION_ID": safe_text(hostile(marker, "id")),
        "BCS_TUI_STATUS": safe_text(hostile(marker, "status")),
        "BCS_TUI_OPERATION_TYPE": safe_text(hostile(marker, "type")),
        "BCS_TUI_BLOCKCHAIN": safe_text(hostile(marker, "chain")),
        "BCS_TUI_SOURCE": safe_text(hostile(marker, "source")),
        "BCS_TUI_MESSAGE": safe_text(hostile(marker, "message") + " / second line"),
    }
    for value in got.values():
        assert "$(touch" in value or value == "ended"  # the text itself, not its output
        assert not any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in value)
    assert list(tmp_path.glob("ran-*")) == []  # no substitution, no second command ran


BLOCKING = (
    'touch "$DIR/started-$BCS_TUI_OPERATION_ID"; while [ ! -e "$DIR/go" ]; do sleep 0.02; done'
)
"""Says it started, then holds its slot until the test creates ``go``."""


def test_at_most_four_run_at_once_and_the_rest_wait_their_turn(tmp_path: Path) -> None:
    runner = NotifyCommandRunner(BLOCKING, base_environment={**os.environ, "DIR": str(tmp_path)})

    async def scenario() -> None:
        for number in range(6):
            runner.submit(event(number))
        assert (runner.running, runner.queued) == (4, 2)
        await until(lambda: len(list(tmp_path.glob("started-*"))) == 4)
        # Four are in their loop, holding their slots: the other two have not been started.
        assert sorted(p.name for p in tmp_path.glob("started-*")) == [
            f"started-OP-{n}" for n in range(4)
        ]
        assert (runner.running, runner.queued) == (4, 2)
        (tmp_path / "go").touch()
        await runner.drain()

    run(scenario)
    assert len(list(tmp_path.glob("started-*"))) == 6
    assert runner.completed == 6


def test_a_full_queue_drops_the_oldest_waiting_and_says_so(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    runner = NotifyCommandRunner(
        BLOCKING,
        at_once=1,
        queue_limit=2,
        base_environment={**os.environ, "DIR": str(tmp_path)},
    )

    async def scenario() -> None:
        for number in range(4):  # 0 runs; 1 and 2 wait; 3 pushes 1 out
            runner.submit(event(number))
        assert (runner.running, runner.queued, runner.dropped) == (1, 2, 1)
        (tmp_path / "go").touch()
        await runner.drain()

    with caplog.at_level(logging.WARNING, logger="bcs_tui.notify_command"):
        run(scenario)
    started = sorted(p.name for p in tmp_path.glob("started-*"))
    assert started == ["started-OP-0", "started-OP-2", "started-OP-3"]
    assert "dropped the oldest (ended OP-1; 1 dropped so far)" in caplog.text


def test_a_burst_of_drops_is_told_once_in_a_hundred(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    runner = NotifyCommandRunner(
        BLOCKING,
        at_once=1,
        queue_limit=1,
        base_environment={**os.environ, "DIR": str(tmp_path)},
    )

    async def scenario() -> None:
        for number in range(203):  # 0 runs, 1 waits, then 201 drops
            runner.submit(event(number))
        assert runner.dropped == 201
        (tmp_path / "go").touch()
        await runner.drain()

    with caplog.at_level(logging.WARNING, logger="bcs_tui.notify_command"):
        run(scenario)
    told = [r.getMessage() for r in caplog.records if "dropped the oldest" in r.getMessage()]
    assert [message.split("; ")[-1] for message in told] == [
        "1 dropped so far)",
        "101 dropped so far)",
        "201 dropped so far)",
    ]


def test_a_command_past_its_timeout_is_killed_with_its_children(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    pid_file = tmp_path / "child.pid"
    command = f'sleep 300 & echo $! > "{pid_file}"; wait'
    runner = NotifyCommandRunner(command, timeout_s=0.5)

    async def scenario() -> None:
        runner.submit(event(1))
        await runner.drain()

    with caplog.at_level(logging.WARNING, logger="bcs_tui.notify_command"):
        run(scenario)
    child = int(pid_file.read_text())
    assert gone(child)
    assert "still running after 0.5s: killed" in caplog.text


def gone(pid: int, timeout_s: float = 10.0) -> bool:
    """Whether ``pid`` ends (or is a zombie: killed, not yet reaped) within ``timeout_s``."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            if Path(f"/proc/{pid}/stat").read_text().split()[2] == "Z":
                return True
        except FileNotFoundError:
            return True
        time.sleep(0.02)
    return False


def test_output_and_failures_go_to_the_log(caplog: pytest.LogCaptureFixture) -> None:
    runner = NotifyCommandRunner('echo "out $BCS_TUI_OPERATION_ID"; echo oops >&2; exit 3')

    async def scenario() -> None:
        runner.submit(event(7))
        await runner.drain()

    with caplog.at_level(logging.INFO, logger="bcs_tui.notify_command"):
        run(scenario)
    assert "notify command (ended OP-7) stdout: out OP-7" in caplog.text
    assert "notify command (ended OP-7) stderr: oops" in caplog.text
    assert "notify command (ended OP-7) exited with status 3" in caplog.text


def test_the_flags_reach_the_settings_and_the_dashboard_options() -> None:
    from bcs_tui.cli import Arguments, build_parser

    parsed = build_parser().parse_args(["--notify-command", "notify-send x", "--desktop-notify"])
    args = Arguments.from_namespace(parsed)
    assert args.flag_values().notify_command == "notify-send x"
    assert args.desktop_notify is True
    waited = build_parser().parse_args(["wait", "--notify-command", "c", "--deadline", "5"])
    assert (waited.notify_command, waited.deadline) == ("c", 5.0)


def test_the_secrets_of_the_environment_are_not_passed_on(tmp_path: Path) -> None:
    from bcs_tui.notify_command import SECRET_VARIABLES
    from bcs_tui.precedence import PRECEDENCE, Env

    secret_rows = ("sk", "security_token", "token", "password")
    assert {
        source.variable
        for row in secret_rows
        for source in PRECEDENCE[row]
        if isinstance(source, Env)
    } == SECRET_VARIABLES
    dump = tmp_path / "env.txt"
    secrets = {name: "s3cret-value" for name in SECRET_VARIABLES}
    runner = NotifyCommandRunner(
        f'env > "{dump}"', base_environment={**os.environ, **secrets, "KEPT": "yes"}
    )

    async def scenario() -> None:
        runner.submit(event(1))
        await runner.drain()

    run(scenario)
    passed = dump.read_text(encoding="utf-8")
    assert "KEPT=yes" in passed and "BCS_TUI_OPERATION_ID=OP-1" in passed
    assert "s3cret-value" not in passed
